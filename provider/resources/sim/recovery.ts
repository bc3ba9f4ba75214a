// The Sim's recovery policy, pure: from what was last observed or came of the last action, and
// what this provider call has sent so far, the next action. The runner (runner.ts) carries the
// actions out and reports what came of each as the next event; nothing else decides.
//
// The readings behind it (gateway-notes.md):
// - A two-step command whose answer was lost may or may not have been queued, and queryiccid
//   shows no trace of a queued terminate, suspend, unsuspend or service change (only a queued
//   activate shows, as `pending`). So after a lost answer the SIM is asked, and the same command
//   is not sent again until the SIM has been seen unchanged for aql:lostAnswerWindow: on a
//   gateway that queues a second request instead of refusing it, an early resend would be a
//   second request. If the effect shows, the command is done and never resent.
// - A request the network rejected (checkstatus: failed) changed nothing: it may be sent again.
// - 63026 answering a two-step command may mean "another request is in flight on this SIM".
//   It is read that way only when one may be (a lost answer, an interrupted run's request):
//   then the policy waits on the poll schedule and asks again. Otherwise it is a final answer.
// - An update plans from the state the last run recorded, without asking; a refusal that says
//   the SIM is not as planned (a change made outside Pulumi) makes it ask, once, and plan again.

import type { SimInfo, TwoStepCommand } from "../../gateway/types";
import { isTwoStep } from "../../gateway/types";
import { pollInterval } from "../../gateway/poller";
import { DeadlineError, GatewayError, InvalidStateError } from "../../errors";
import { decideConvergence, isSettled } from "./converge";
import { planUpdate } from "./plan";
import type {
  Goal,
  PolicyContext,
  RecoveryAction,
  RecoveryEvent,
  RecoveryMemory,
  SendCommand,
  Step,
} from "./recovery-model";
import { CODE_REQUEST_IN_FLIGHT, STALE_PLAN_CODES } from "./recovery-model";

export * from "./recovery-model";

/** The next action, from the memory of this call and what came of the last action. */
export function next(memory: RecoveryMemory, event: RecoveryEvent, ctx: PolicyContext): Step {
  const m: RecoveryMemory = { ...memory, lost: { ...memory.lost } };
  const action = decide(m, event, ctx);
  m.last = action;
  return { memory: m, action };
}

function decide(m: RecoveryMemory, ev: RecoveryEvent, ctx: PolicyContext): RecoveryAction {
  switch (ev.kind) {
    case "start":
      return start(m, ev);
    case "observed":
      m.queried = true;
      return fromObservation(m, ev.info, ctx, false);
    case "awaited":
      m.queried = true;
      return fromObservation(m, ev.info, ctx, true);
    case "resumed":
    case "waited":
      return { do: "query" };
    case "sent":
      return afterSent(m);
    case "lost":
      if (isTwoStep(ev.command)) {
        m.mayBeInFlight = true;
        m.lost[ev.command] = ev.at;
        m.lostWaits = 0;
      }
      if (m.lostLeft <= 0) return { do: "fail", error: ev.error };
      m.lostLeft--;
      m.lostReason = ev.error.reason;
      return { do: "query" };
    case "rejected":
      if (m.rejectedLeft <= 0) return { do: "fail", error: ev.error };
      m.rejectedLeft--;
      // A rejected activation is known not to have happened: it does not count against the
      // cap on activations whose outcome was unknown.
      if (ev.command === "activate") m.activations--;
      return { do: "query" };
    case "refused":
      return afterRefusal(m, ev, ctx);
  }
}

function start(m: RecoveryMemory, ev: Extract<RecoveryEvent, { kind: "start" }>): RecoveryAction {
  if (m.goal.kind !== "converge") {
    m.resumeActivation = ev.pending?.command === "activate";
    return { do: "query" };
  }
  // An update resumes the request the last run left pending, then asks.
  if (ev.pending !== undefined) return { do: "resume" };
  // Not enough known to plan from (a create, or an update after a create that got part of the
  // way): ask first.
  if (ev.info === undefined || !isSettled(ev.info) || ev.info.services === undefined) {
    return { do: "query" };
  }
  return converge(m, m.goal, ev.info);
}

function fromObservation(
  m: RecoveryMemory,
  info: SimInfo,
  ctx: PolicyContext,
  awaited: boolean,
): RecoveryAction {
  const goal = m.goal;
  let action: RecoveryAction;
  if (goal.kind === "converge") {
    action = converge(m, goal, info);
  } else if (info.state === "pending") {
    if (awaited) return { do: "finish", query: false };
    if (m.resumeActivation) {
      m.resumeActivation = false;
      return { do: "resume" };
    }
    return { do: "await-activation" };
  } else if (goal.kind === "terminate" && isSettled(info)) {
    action = { do: "send", steps: [{ command: "terminate" }], resend: false };
  } else if (goal.kind === "suspend" && info.state === "active") {
    action = { do: "send", steps: [{ command: "suspend" }], resend: false };
  } else {
    action = { do: "finish", query: false };
  }
  return holdLostResend(m, action, ctx);
}

function converge(
  m: RecoveryMemory,
  goal: Extract<Goal, { kind: "converge" }>,
  info: SimInfo,
): RecoveryAction {
  if (!m.decided && !goal.owned && info.state !== "unused") m.mayBeInFlight = true;
  m.decided = true;
  if (m.rounds >= m.limits.rounds + m.waits) {
    return fail(m, `the SIM's state kept changing (now ${info.state}); run pulumi up again`);
  }
  m.rounds++;
  const d = decideConvergence(info, {
    geoNumber: goal.desired.geoNumber,
    adopt: goal.adopt,
    owned: goal.owned,
  });
  switch (d.action) {
    case "refuse":
      return fail(m, d.reason);
    case "await-activation":
      return { do: "await-activation" };
    case "activate":
      if (!goal.canActivate) return fail(m, SUBSCRIBER_NEEDED);
      if (m.activations >= m.limits.activations) {
        return fail(
          m,
          `the SIM is still unused after ${m.activations} activate requests whose answers ` +
            `were lost (last: ${m.lostReason ?? "no answer"}); run pulumi up again once ` +
            `the gateway answers reliably`,
        );
      }
      m.activations++;
      return { do: "activate", resend: false };
    case "reconcile": {
      const steps = planUpdate(d.current, goal.desired);
      if (steps.length === 0) return { do: "finish", query: false };
      return { do: "send", steps, resend: false };
    }
  }
}

/**
 * After a lost answer, the same command is not sent again until the SIM has been seen
 * unchanged for the window since the loss: the first request had its chance to show. A command
 * no longer planned has shown its effect and is forgotten.
 */
function holdLostResend(m: RecoveryMemory, a: RecoveryAction, ctx: PolicyContext): RecoveryAction {
  if (a.do !== "send" && a.do !== "activate") {
    m.lost = {};
    return a;
  }
  const planned: SendCommand[] = a.do === "activate" ? ["activate"] : a.steps.map((s) => s.command);
  for (const c of Object.keys(m.lost) as TwoStepCommand[]) {
    if (!planned.includes(c)) delete m.lost[c];
  }
  // Every planned command counts, not only the first: a later step of the plan may be the one
  // whose answer was lost.
  const held = planned.flatMap((c) => {
    const at = isTwoStep(c) ? m.lost[c] : undefined;
    return at === undefined ? [] : [{ command: c, lostAt: at, until: at + ctx.lostAnswerWindow }];
  });
  const waiting = held.filter((h) => ctx.now < h.until);
  if (waiting.length === 0) {
    if (held.length === 0) return a;
    for (const h of held) delete m.lost[h.command as TwoStepCommand];
    return { ...a, resend: true };
  }
  const next = waiting.reduce((x, y) => (y.until < x.until ? y : x));
  // Undo the decision's bookkeeping: nothing is sent this round.
  if (a.do === "activate") m.activations--;
  m.waits++;
  m.lostWaits++;
  const ms = Math.min(next.until - ctx.now, pollInterval(ctx.schedule, m.lostWaits));
  return {
    do: "wait",
    ms,
    note:
      `the answer to ${next.command} was lost and its effect does not show yet; not sending ` +
      `it again before ${duration(next.until - next.lostAt)} (aql:lostAnswerWindow)`,
  };
}

function afterSent(m: RecoveryMemory): RecoveryAction {
  const last = m.last;
  // An activation leaves services and PINs that only queryiccid tells.
  if (last?.do === "activate") return { do: "query" };
  // Every step succeeded. A two-step command's success is checkstatus's word, and the runner
  // applies its effect to what the last query said; a number change is one-step and its
  // answer is read back before it is relied on (gateway-notes.md). A delete needs no outputs.
  const readBack =
    m.goal.kind === "converge" &&
    last?.do === "send" &&
    last.steps.some((s) => s.command === "assigngeo" || s.command === "changegeo");
  return { do: "finish", query: readBack };
}

function afterRefusal(
  m: RecoveryMemory,
  ev: Extract<RecoveryEvent, { kind: "refused" }>,
  ctx: PolicyContext,
): RecoveryAction {
  const e = ev.error;
  if (ev.command === "activate") return { do: "fail", error: e };
  // Planned from a fresh query, yet refused: a request is in flight (one whose answer was lost,
  // or one from an interrupted run), which queryiccid cannot show.
  if (m.queried && m.mayBeInFlight && isInFlightRefusal(e)) return waitInFlight(m, e, ctx);
  // Planned from a recorded state that the gateway says is out of date: ask, once.
  if (m.queried || !STALE_PLAN_CODES.some((c) => e.has(c))) return { do: "fail", error: e };
  return { do: "query" };
}

/**
 * Wait on the polling schedule for the request in flight to settle, up to aql:waitDeadline from
 * the first such refusal; then ask again.
 */
function waitInFlight(
  m: RecoveryMemory,
  refused: GatewayError,
  ctx: PolicyContext,
): RecoveryAction {
  const since = (m.inFlightSince ??= ctx.now);
  const waitedMs = ctx.now - since;
  const deadlineAt = since + ctx.schedule.waitDeadline;
  if (ctx.now >= deadlineAt) {
    const err = new DeadlineError({ command: refused.subject.command, iccid: m.iccid }, waitedMs);
    err.cause = refused;
    return { do: "fail", error: err };
  }
  m.waits++;
  m.inFlightWaits++;
  return {
    do: "wait",
    ms: Math.min(pollInterval(ctx.schedule, m.inFlightWaits), deadlineAt - ctx.now),
    note:
      `${refused.subject.command} refused (63026) while another request is in flight; ` +
      `waiting for it (${seconds(waitedMs)}s)`,
  };
}

/** A two-step command refused as if another request were in flight on the SIM. */
export function isInFlightRefusal(e: unknown): e is GatewayError {
  return e instanceof GatewayError && e.has(CODE_REQUEST_IN_FLIGHT) && isTwoStep(e.subject.command);
}

/** An unused SIM is activated with its subscriber: without one there is nothing to send. */
const SUBSCRIBER_NEEDED =
  "is unused, and activating it needs the subscriber (name, address, postcode, contact: the " +
  "inventory's subscriber columns, or the Sim's `subscriber` input); nothing was sent";

function fail(m: RecoveryMemory, reason: string): RecoveryAction {
  return { do: "fail", error: new InvalidStateError(m.iccid, reason) };
}

function duration(ms: number): string {
  return ms < 10_000 ? `${ms} ms` : `${seconds(ms)}s`;
}

function seconds(ms: number): number {
  return Math.round(ms / 1000);
}
