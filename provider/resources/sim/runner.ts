// The effects: one SimRun per provider call drives one SIM on the Gateway. It carries out the
// actions the recovery policy (recovery.ts) decides, one at a time, and keeps track of what the
// gateway said and what was sent, so that whatever happens the provider can say how far it got
// (outputs, lastRequestId, pendingRequest). It decides nothing itself.

import type { Gateway, QueuedRequest, SimRef } from "../../gateway/api";
import type { PollSchedule } from "../../gateway/poller";
import { pollInterval } from "../../gateway/poller";
import type { Clock } from "../../gateway/retry";
import type { SimInfo, TwoStepCommand } from "../../gateway/types";
import {
  AnswerLostError,
  DeadlineError,
  GatewayError,
  RequestFailedError,
  TerminationGuardError,
} from "../../errors";
import type { ProgressReporter } from "../../runtime/progress";
import type { SimInputs } from "./inputs";
import type { PendingRequest, PriorState, RunRecord } from "./outputs";
import type { Goal, RecoveryAction, RecoveryEvent, Send, SendCommand } from "./recovery";
import { applyToInfo } from "./converge";
import { lostAnswerWindow, next, startMemory } from "./recovery";

export { MAX_LOST_ANSWERS, MAX_REJECTED_REQUESTS } from "./recovery";

export interface TerminationGuard {
  /** Count one termination; false when aql:maxTerminationsPerRun is reached. */
  take(): boolean;
  /** Give back a slot taken for a termination that was not sent. */
  release(): void;
  limit(): number;
}

/** Everything the Sim's runtime needs from the process; tests pass fakes. */
export interface SimDeps {
  gateway: Gateway;
  clock: Clock;
  /**
   * The polling schedule and deadline (aql:firstCheckDelay ... aql:waitDeadline), and
   * aql:lostAnswerWindow when set (else derived from the schedule).
   */
  schedule: PollSchedule & { lostAnswerWindow?: number | undefined };
  progress: ProgressReporter;
  terminations: TerminationGuard;
}

export class SimRun {
  /** What the gateway last said about the SIM, updated by every step that succeeds. */
  info: SimInfo | undefined;
  lastRequestId: string | undefined;
  pending: PendingRequest | undefined;
  /** Something was sent that may have changed the SIM, or the recorded request changed. */
  touched = false;
  /** A slot of aql:maxTerminationsPerRun is held for this SIM's terminate. */
  holdsTerminationSlot = false;

  constructor(
    private readonly deps: SimDeps,
    readonly iccid: string,
    prior: PriorState = {},
    /** The number to name in commands while the gateway has not reported one. */
    private readonly fallbackNumber = "",
  ) {
    this.info = prior.info;
    this.lastRequestId = prior.lastRequestId;
    this.pending = prior.pendingRequest;
  }

  /** For outputs: the last known state, or `fallback` if nothing is known. */
  view(fallback: SimInfo["state"] = "unused"): SimInfo {
    return this.info ?? { iccid: this.iccid, state: fallback };
  }

  record(): RunRecord {
    const r: RunRecord = {};
    if (this.lastRequestId !== undefined) r.lastRequestId = this.lastRequestId;
    if (this.pending !== undefined) r.pendingRequest = this.pending;
    return r;
  }

  /**
   * Pursue `goal` until the policy says it is done (or fails). `activation`: what activate
   * sends, for a goal that may activate.
   */
  async run(goal: Goal, activation?: SimInputs): Promise<void> {
    const { clock, schedule } = this.deps;
    const window = lostAnswerWindow(schedule);
    const ctx = () => ({ now: clock.now(), schedule, lostAnswerWindow: window });
    let memory = startMemory(this.iccid, goal);
    let event: RecoveryEvent = { kind: "start" };
    if (this.info !== undefined) event.info = this.info;
    if (this.pending !== undefined) event.pending = this.pending;
    for (;;) {
      const step = next(memory, event, ctx());
      memory = step.memory;
      const action = step.action;
      switch (action.do) {
        case "finish":
          if (action.query) await this.query();
          return;
        case "fail":
          throw action.error;
        default:
          event = await this.carryOut(action, activation);
      }
    }
  }

  private async carryOut(
    action: Exclude<RecoveryAction, { do: "finish" | "fail" }>,
    activation: SimInputs | undefined,
  ): Promise<RecoveryEvent> {
    switch (action.do) {
      case "query":
        return { kind: "observed", info: await this.query() };
      case "await-activation":
        return { kind: "awaited", info: await this.awaitActivation() };
      case "resume":
        await this.resume();
        return { kind: "resumed" };
      case "wait":
        this.report(`Sim ${this.iccid}: ${action.note}`);
        await this.deps.clock.sleep(action.ms);
        return { kind: "waited" };
      case "activate":
        if (activation === undefined) throw new Error("activate without activation inputs");
        return this.attempt("activate", () => this.activate(activation));
      case "send":
        for (const s of action.steps) {
          const outcome = await this.attempt(s.command, () => this.step(s));
          if (outcome.kind !== "sent") return outcome;
        }
        return { kind: "sent" };
    }
  }

  /** One command, its outcome as the policy reads it; anything else is thrown. */
  private async attempt(command: SendCommand, fn: () => Promise<void>): Promise<RecoveryEvent> {
    try {
      await fn();
      return { kind: "sent" };
    } catch (e) {
      if (e instanceof AnswerLostError) {
        return { kind: "lost", command, at: this.deps.clock.now(), error: e };
      }
      if (e instanceof RequestFailedError) return { kind: "rejected", command, error: e };
      if (e instanceof GatewayError) return { kind: "refused", command, error: e };
      throw e;
    }
  }

  async query(): Promise<SimInfo> {
    const info = await this.deps.gateway.queryIccid(this.iccid);
    this.info = info;
    return info;
  }

  /** Resume the request a previous run left pending, with a fresh deadline. */
  async resume(): Promise<void> {
    const p = this.pending;
    if (p === undefined) return;
    const waited = Math.max(0, this.deps.clock.now() - p.submittedAt);
    try {
      await this.wait({ ...p, iccid: this.iccid }, waited + this.deps.schedule.waitDeadline);
    } finally {
      // Finished or failed, the recorded request changes: the state must be written again.
      if (this.pending === undefined) this.touched = true;
    }
  }

  /** Send a two-step command and wait for its outcome. */
  private async twoStep(
    command: TwoStepCommand,
    send: () => Promise<QueuedRequest>,
  ): Promise<void> {
    const touchedBefore = this.touched;
    const infoBefore = this.info;
    let req: QueuedRequest;
    try {
      req = await send();
    } catch (e) {
      // It may have been queued: whatever is recorded next must come from a query.
      if (e instanceof AnswerLostError) this.touched = true;
      throw e;
    }
    this.touched = true;
    this.lastRequestId = req.id;
    this.pending = { id: req.id, command, submittedAt: req.submittedAt };
    if (command === "activate") this.info = { iccid: this.iccid, state: "pending" };
    try {
      await this.wait(req);
    } catch (e) {
      if (e instanceof RequestFailedError) {
        // The network rejected it: nothing changed on the SIM.
        this.touched = touchedBefore;
        this.info = command === "activate" ? { iccid: this.iccid, state: "unused" } : infoBefore;
      }
      throw e;
    }
  }

  /** Poll queryiccid while an activation we have no request id for is in flight. */
  private async awaitActivation(): Promise<SimInfo> {
    const { clock, schedule } = this.deps;
    const start = clock.now();
    const deadlineAt = start + schedule.waitDeadline;
    let nextAt = start + pollInterval(schedule, 1);
    for (let checks = 1; ; checks++) {
      const wait = Math.min(nextAt, deadlineAt) - clock.now();
      if (wait > 0) await clock.sleep(wait);
      const info = await this.query();
      if (info.state !== "pending") return info;
      const waitedMs = clock.now() - start;
      this.report(
        `Sim ${this.iccid}: waiting for the activation already in flight (no request id; ` +
          `${seconds(waitedMs)}s, ${checks} ${checks === 1 ? "check" : "checks"})`,
      );
      if (clock.now() >= deadlineAt) {
        throw new DeadlineError({ command: "activate", iccid: this.iccid }, waitedMs);
      }
      nextAt = clock.now() + pollInterval(schedule, checks);
    }
  }

  private activate(inputs: SimInputs): Promise<void> {
    const subscriber = inputs.subscriber;
    // The policy never activates without one (Goal.canActivate).
    if (subscriber === undefined) throw new Error("activate without a subscriber");
    return this.twoStep("activate", () =>
      this.deps.gateway.activate({
        iccid: this.iccid,
        geoNumber: inputs.geoNumber,
        subscriber: { ...subscriber },
        ...(inputs.imei !== undefined && { imei: inputs.imei }),
      }),
    );
  }

  private async step(step: Send): Promise<void> {
    const gw = this.deps.gateway;
    const ref: SimRef = {
      iccid: this.iccid,
      geoNumber: this.info?.geoNumber ?? this.fallbackNumber,
    };
    switch (step.command) {
      case "assigngeo":
        await this.oneStep(() => gw.assignGeo({ iccid: this.iccid, geoNumber: step.geoNumber }));
        break;
      case "changegeo":
        await this.oneStep(() =>
          gw.changeGeo({ iccid: this.iccid, geoNumber: step.from, newGeoNumber: step.to }),
        );
        break;
      case "terminate":
        this.takeTerminationSlot();
        await this.twoStep("terminate", () => gw.terminate(ref));
        return;
      case "unsuspend":
        await this.twoStep("unsuspend", () => gw.unsuspend(ref));
        break;
      case "suspend":
        await this.twoStep("suspend", () => gw.suspend(ref));
        break;
      case "addservice":
        await this.twoStep("addservice", () => gw.addService({ ...ref, services: step.services }));
        break;
      case "removeservice":
        await this.twoStep("removeservice", () =>
          gw.removeService({ ...ref, services: step.services }),
        );
        break;
    }
    this.info = applyToInfo(this.view(), step);
  }

  /**
   * Counted against aql:maxTerminationsPerRun when the terminate is about to be sent, not
   * before: a SIM found terminated or unused, or still activating, holds no slot. One slot per
   * SIM, however often its terminate is sent (a resend after a lost answer is the same intent).
   */
  private takeTerminationSlot(): void {
    if (this.holdsTerminationSlot) return;
    const guard = this.deps.terminations;
    if (!guard.take()) throw new TerminationGuardError(this.iccid, guard.limit());
    this.holdsTerminationSlot = true;
  }

  private async oneStep(send: () => Promise<void>): Promise<void> {
    try {
      await send();
    } catch (e) {
      if (e instanceof AnswerLostError) this.touched = true;
      throw e;
    }
    this.touched = true;
  }

  private async wait(req: QueuedRequest, deadlineMs?: number): Promise<void> {
    try {
      await this.deps.gateway.waitFor(req, {
        onProgress: (p) =>
          this.report(
            `Sim ${this.iccid}: waiting for ${req.command} request ${req.id} ` +
              `(${seconds(p.waitedMs)}s, ${p.checks} ${p.checks === 1 ? "check" : "checks"})`,
          ),
        ...(deadlineMs !== undefined && { deadlineMs }),
      });
    } catch (e) {
      // Past the deadline the request is still in flight: keep it for the next run to resume.
      // Failed (or anything else): it is over, and nothing is left to resume.
      if (!(e instanceof DeadlineError)) this.pending = undefined;
      throw e;
    }
    this.pending = undefined;
  }

  private report(message: string): void {
    try {
      this.deps.progress(this.iccid, message);
    } catch {
      // Progress is best effort.
    }
  }
}

function seconds(ms: number): number {
  return Math.round(ms / 1000);
}
