// The effects: one SimRun per provider call drives one SIM on the Gateway, keeping track of
// what it has seen and sent, so that whatever happens the provider can say how far it got
// (outputs, lastRequestId, pendingRequest). Decisions are made by the pure functions in
// converge.ts and plan.ts; after a lost answer the run asks queryiccid and decides again.

import type { Gateway, QueuedRequest, SimRef } from "../../gateway/api";
import type { PollSchedule } from "../../gateway/poller";
import { pollInterval } from "../../gateway/poller";
import type { Clock } from "../../gateway/retry";
import type { SimInfo, TwoStepCommand } from "../../gateway/types";
import { isTwoStep } from "../../gateway/types";
import {
  AnswerLostError,
  DeadlineError,
  GatewayError,
  InvalidStateError,
  RequestFailedError,
} from "../../errors";
import type { ProgressReporter } from "../../runtime/progress";
import { decideConvergence } from "./converge";
import type { SimInputs } from "./inputs";
import { GATEWAY_SERVICE, SERVICE_NAMES } from "./inputs";
import type { PendingRequest, PriorState, RunRecord } from "./outputs";
import type { DesiredSim, ServiceSettings, SimStep } from "./plan";
import { planUpdate } from "./plan";

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
  /** The polling schedule and deadline (aql:firstCheckDelay ... aql:waitDeadline). */
  schedule: PollSchedule;
  progress: ProgressReporter;
  terminations: TerminationGuard;
}

/** Lost answers one provider call recovers from (query, decide again) before giving up. */
export const MAX_LOST_ANSWERS = 4;
/**
 * Requests the network rejected (checkstatus: failed) that one provider call sends again after a
 * fresh query. A rejection changed nothing, so sending again is safe; past this the rejection is
 * reported (naming the SIM, command and request) and the next `pulumi up` tries again.
 */
export const MAX_REJECTED_REQUESTS = 2;
/**
 * Activate requests one call sends while their answers are lost and queryiccid still shows the
 * SIM unused (so none was queued): each is safe, but a gateway that loses this many is reported.
 */
const MAX_ACTIVATIONS = 3;

/** An unused SIM is activated with its subscriber: without one there is nothing to send. */
const SUBSCRIBER_NEEDED =
  "is unused, and activating it needs the subscriber (name, address, postcode, contact: the " +
  "inventory's subscriber columns, or the Sim's `subscriber` input); nothing was sent";
/** Decisions per call; a SIM that keeps changing under us is reported, not chased forever. */
const MAX_ROUNDS = 8;
/**
 * Refusals that say the SIM is not as the plan assumed (not active, another number, another
 * state). An update plans from the state the last run recorded, without asking first; after
 * such a refusal (a change made outside Pulumi and not refreshed) it asks and plans again.
 */
const STALE_PLAN_CODES: readonly number[] = [63017, 63026, 63202, 63203];
/**
 * "Iccid is in an invalid state": the gateway's answer to a two-step command while another is
 * in flight on the SIM (it takes one at a time; see gateway-notes.md).
 */
const CODE_REQUEST_IN_FLIGHT = 63026;

export function desiredSim(inputs: SimInputs): DesiredSim {
  const services: ServiceSettings = {};
  for (const n of SERVICE_NAMES) {
    const v = inputs.services?.[n];
    if (v !== undefined) services[GATEWAY_SERVICE[n]] = v;
  }
  return { geoNumber: inputs.geoNumber, services, suspended: inputs.suspended };
}

export class SimRun {
  /** What the gateway last said about the SIM, updated by every step that succeeds. */
  info: SimInfo | undefined;
  lastRequestId: string | undefined;
  pending: PendingRequest | undefined;
  /** Something was sent that may have changed the SIM, or the recorded request changed. */
  touched = false;
  private lostLeft = MAX_LOST_ANSWERS;
  private rejectedLeft = MAX_REJECTED_REQUESTS;
  private activations = 0;
  /** Why the last answer was lost, for the error if the run gives up. */
  private lostReason: string | undefined;
  /**
   * A request of an earlier attempt may still be in flight on the SIM: an answer to a two-step
   * command was lost, or create found the SIM already in use (an interrupted run's). Only then
   * is a 63026 refusal read as "wait for it" rather than as a final answer.
   */
  private requestMayBeInFlight = false;
  /** When a refusal first said another request is in flight on the SIM, and waits since. */
  private inFlightSince: number | undefined;
  private inFlightWaits = 0;
  /** `info` came from a queryiccid of this run, not from the state the last run recorded. */
  private queried = false;

  constructor(
    private readonly deps: SimDeps,
    readonly iccid: string,
    prior: PriorState = {},
  ) {
    this.info = prior.info;
    this.lastRequestId = prior.lastRequestId;
    this.pending = prior.pendingRequest;
  }

  get gateway(): Gateway {
    return this.deps.gateway;
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

  async query(): Promise<SimInfo> {
    const info = await this.deps.gateway.queryIccid(this.iccid);
    this.info = info;
    this.queried = true;
    return info;
  }

  /**
   * Bring the SIM to `inputs` from whatever state it is in. `owned`: the SIM is already this
   * resource's (update), so a different number is drift to correct rather than a reason to
   * refuse without `adopt`. Starts from `info` if known, else from a query.
   */
  async converge(inputs: SimInputs, owned: boolean): Promise<void> {
    const desired = desiredSim(inputs);
    let info = this.info ?? (await this.query());
    if (!owned && info.state !== "unused") this.requestMayBeInFlight = true;
    // Waits for a request in flight are bounded by their deadline, not by the rounds.
    for (let round = 0; round < MAX_ROUNDS + this.inFlightWaits; round++) {
      const d = decideConvergence(info, {
        geoNumber: inputs.geoNumber,
        adopt: inputs.adopt,
        owned,
      });
      switch (d.action) {
        case "refuse":
          throw new InvalidStateError(this.iccid, d.reason);
        case "activate":
          if (this.activations >= MAX_ACTIVATIONS) {
            throw new InvalidStateError(
              this.iccid,
              `the SIM is still unused after ${this.activations} activate requests whose answers ` +
                `were lost (last: ${this.lostReason ?? "no answer"}); run pulumi up again once ` +
                `the gateway answers reliably`,
            );
          }
          this.activations++;
          if (await this.recovering(() => this.activate(inputs))) info = await this.query();
          else info = this.view();
          continue;
        case "await-activation":
          info = await this.awaitActivation();
          continue;
        case "reconcile": {
          const steps = planUpdate(d.current, desired);
          try {
            if (await this.recovering(() => this.apply(steps))) return;
          } catch (e) {
            // Planned from a fresh query, yet refused: a request is in flight (one whose answer
            // was lost, or one from an interrupted run), which queryiccid cannot show.
            if (this.queried && this.awaitsRequestInFlight(e)) {
              await this.waitForRequestInFlight(e);
              info = await this.query();
              continue;
            }
            // Planned from a recorded state that the gateway says is out of date: ask, once.
            if (this.queried || !isStalePlanRefusal(e)) throw e;
            info = await this.query();
            continue;
          }
          info = this.view();
          continue;
        }
      }
    }
    throw new InvalidStateError(
      this.iccid,
      `the SIM's state kept changing (now ${info.state}); run pulumi up again`,
    );
  }

  /** Run the steps in order, then one queryiccid for the outputs if anything was sent. */
  async apply(steps: readonly SimStep[]): Promise<void> {
    for (const step of steps) await this.step(step);
    if (steps.length > 0) await this.query();
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

  /** Read 63026 as "wait for the request in flight" from now on (e.g. a delete: see there). */
  mayHaveRequestInFlight(): void {
    this.requestMayBeInFlight = true;
  }

  /** Whether a 63026 refusal of a two-step command should be waited out (see below). */
  awaitsRequestInFlight(e: unknown): e is GatewayError {
    return this.requestMayBeInFlight && isInFlightRefusal(e);
  }

  /**
   * After a refusal with 63026 while a request of an earlier attempt may be in flight: wait on
   * the polling schedule for it to settle, up to aql:waitDeadline from the first such refusal.
   * The caller asks queryiccid and decides again.
   */
  async waitForRequestInFlight(refused: GatewayError): Promise<void> {
    const { clock, schedule } = this.deps;
    const now = clock.now();
    this.inFlightSince ??= now;
    const waitedMs = now - this.inFlightSince;
    const deadlineAt = this.inFlightSince + schedule.waitDeadline;
    if (now >= deadlineAt) {
      const err = new DeadlineError(
        { command: refused.subject.command, iccid: this.iccid },
        waitedMs,
      );
      err.cause = refused;
      throw err;
    }
    this.inFlightWaits++;
    this.report(
      `Sim ${this.iccid}: ${refused.subject.command} refused (63026) while another request is ` +
        `in flight; waiting for it (${seconds(waitedMs)}s)`,
    );
    await clock.sleep(Math.min(pollInterval(schedule, this.inFlightWaits), deadlineAt - now));
  }

  /** Send a two-step command and wait for its outcome. */
  async twoStep(command: TwoStepCommand, send: () => Promise<QueuedRequest>): Promise<void> {
    const touchedBefore = this.touched;
    const infoBefore = this.info;
    let req: QueuedRequest;
    try {
      req = await send();
    } catch (e) {
      // It may have been queued: whatever is recorded next must come from a query.
      if (e instanceof AnswerLostError) {
        this.markChanged();
        this.requestMayBeInFlight = true;
      }
      throw e;
    }
    this.markChanged();
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
  async awaitActivation(): Promise<SimInfo> {
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

  // --- internals ---------------------------------------------------------------------------

  private activate(inputs: SimInputs): Promise<void> {
    const subscriber = inputs.subscriber;
    if (subscriber === undefined) {
      return Promise.reject(new InvalidStateError(this.iccid, SUBSCRIBER_NEEDED));
    }
    return this.twoStep("activate", () =>
      this.deps.gateway.activate({
        iccid: this.iccid,
        geoNumber: inputs.geoNumber,
        subscriber: { ...subscriber },
        ...(inputs.imei !== undefined && { imei: inputs.imei }),
      }),
    );
  }

  private async step(step: SimStep): Promise<void> {
    const gw = this.deps.gateway;
    const ref: SimRef = { iccid: this.iccid, geoNumber: this.info?.geoNumber ?? "" };
    switch (step.command) {
      case "assigngeo":
        await this.oneStep(() => gw.assignGeo({ iccid: this.iccid, geoNumber: step.geoNumber }));
        break;
      case "changegeo":
        await this.oneStep(() =>
          gw.changeGeo({ iccid: this.iccid, geoNumber: step.from, newGeoNumber: step.to }),
        );
        break;
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

  private async oneStep(send: () => Promise<void>): Promise<void> {
    try {
      await send();
    } catch (e) {
      if (e instanceof AnswerLostError) this.markChanged();
      throw e;
    }
    this.markChanged();
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

  /**
   * true when fn completed; false after a lost answer or a request the network rejected, with a
   * fresh query to decide from.
   */
  private async recovering(fn: () => Promise<void>): Promise<boolean> {
    try {
      await fn();
      return true;
    } catch (e) {
      if (e instanceof RequestFailedError && this.rejectedLeft > 0) {
        this.rejectedLeft--;
        // A rejected activation is known not to have happened: it does not count against the
        // cap on activations whose outcome was unknown.
        if (e.subject.command === "activate") this.activations--;
        await this.query();
        return false;
      }
      if (!(e instanceof AnswerLostError) || this.lostLeft <= 0) throw e;
      this.lostLeft--;
      this.lostReason = e.reason;
      await this.query();
      return false;
    }
  }

  private markChanged(): void {
    this.touched = true;
  }

  private report(message: string): void {
    try {
      this.deps.progress(this.iccid, message);
    } catch {
      // Progress is best effort.
    }
  }
}

/** The SIM as the gateway should report it once `step` has succeeded. */
function applyToInfo(info: SimInfo, step: SimStep): SimInfo {
  const next: SimInfo = { ...info };
  switch (step.command) {
    case "assigngeo":
      next.geoNumber = step.geoNumber;
      break;
    case "changegeo":
      next.geoNumber = step.to;
      break;
    case "suspend":
      next.state = "suspended";
      break;
    case "unsuspend":
      next.state = "active";
      break;
    case "addservice":
    case "removeservice":
      if (next.services !== undefined) {
        next.services = { ...next.services };
        for (const s of step.services) next.services[s] = step.command === "addservice";
      }
      break;
  }
  return next;
}

/** A two-step command refused as if another request were in flight on the SIM. */
function isInFlightRefusal(e: unknown): e is GatewayError {
  return e instanceof GatewayError && e.has(CODE_REQUEST_IN_FLIGHT) && isTwoStep(e.subject.command);
}

function isStalePlanRefusal(e: unknown): boolean {
  return e instanceof GatewayError && STALE_PLAN_CODES.some((c) => e.has(c));
}

function seconds(ms: number): number {
  return Math.round(ms / 1000);
}
