// The recovery policy's vocabulary: the goals of a provider call, the events the runner
// reports, the actions the policy answers with, the memory of one call and its limits.

import type { AnswerLostError, GatewayError, RequestFailedError } from "../../errors";
import type { PollSchedule } from "../../gateway/poller";
import { pollInterval } from "../../gateway/poller";
import type { SimInfo, TwoStepCommand } from "../../gateway/types";
import type { PendingRequest } from "./outputs";
import type { DesiredSim, SimStep } from "./plan";

/** What the provider call is for. */
export type Goal =
  /** create and update: bring the SIM to `desired` from whatever state it is in. */
  | {
      kind: "converge";
      desired: DesiredSim;
      adopt: boolean;
      owned: boolean;
      /** The subscriber is known: an unused SIM can be activated. */
      canActivate: boolean;
    }
  /** delete with deletionPolicy terminate: terminate unless there is nothing to terminate. */
  | { kind: "terminate" }
  /** delete with deletionPolicy suspend: suspend an active SIM. */
  | { kind: "suspend" };

/** A command the runner sends: a planned step, or a delete's terminate. */
export type Send = SimStep | { command: "terminate" };
export type SendCommand = Send["command"] | "activate";

/** Per provider call; past a limit the last error is reported and the next run tries again. */
export interface Limits {
  /** Lost answers recovered from (ask, decide again). */
  lost: number;
  /** Requests the network rejected that are sent again after a fresh query. */
  rejected: number;
  /** activate requests sent while the SIM still shows unused (each after the window). */
  activations: number;
  /** Decisions; a SIM that keeps changing under us is reported, not chased forever. */
  rounds: number;
}

/** Lost answers one create or update recovers from before giving up. */
export const MAX_LOST_ANSWERS = 4;
/**
 * Requests the network rejected (checkstatus: failed) that one create or update sends again
 * after a fresh query. Past this the rejection is reported (naming the SIM, command and
 * request) and the next `pulumi up` tries again.
 */
export const MAX_REJECTED_REQUESTS = 2;

export const LIMITS: Readonly<Record<Goal["kind"], Limits>> = {
  converge: {
    lost: MAX_LOST_ANSWERS,
    rejected: MAX_REJECTED_REQUESTS,
    activations: 3,
    rounds: 8,
  },
  // A destroy reports rather than insists: the next destroy starts again from a query.
  terminate: { lost: 1, rejected: 0, activations: 0, rounds: Number.POSITIVE_INFINITY },
  suspend: { lost: 0, rejected: 0, activations: 0, rounds: Number.POSITIVE_INFINITY },
};

/**
 * Refusals that say the SIM is not as the plan assumed (not active, another number, another
 * state): after one of these, a plan made from the recorded state is made again from a query.
 */
export const STALE_PLAN_CODES: readonly number[] = [63017, 63026, 63202, 63203];
/** "Iccid is in an invalid state": read as "another request is in flight" when one may be. */
export const CODE_REQUEST_IN_FLIGHT = 63026;

/** What has come of the last action (or what the call starts from). */
export type RecoveryEvent =
  /** The call starts; `info` and `pending` as the last run recorded them (update, delete). */
  | { kind: "start"; info?: SimInfo; pending?: PendingRequest }
  /** queryiccid answered. */
  | { kind: "observed"; info: SimInfo }
  /** The wait for an activation with no request id ended (the SIM is no longer pending). */
  | { kind: "awaited"; info: SimInfo }
  /** The request the last run left pending has finished. */
  | { kind: "resumed" }
  | { kind: "waited" }
  /** Every command of the last send was accepted and its request (if any) succeeded. */
  | { kind: "sent" }
  /** The answer to `command` was lost at `at`: it may or may not have been queued. */
  | { kind: "lost"; command: SendCommand; at: number; error: AnswerLostError }
  /** checkstatus said failed: nothing changed. */
  | { kind: "rejected"; command: SendCommand; error: RequestFailedError }
  /** The gateway refused the command (a status code). */
  | { kind: "refused"; command: SendCommand; error: GatewayError };

export type RecoveryAction =
  | { do: "query" }
  | { do: "activate"; resend: boolean }
  /** Send in order; stop at the first that does not succeed. */
  | { do: "send"; steps: Send[]; resend: boolean }
  | { do: "await-activation" }
  | { do: "resume" }
  | { do: "wait"; ms: number; note: string }
  /** Done; `query`: ask once more for the outputs. */
  | { do: "finish"; query: boolean }
  | { do: "fail"; error: unknown };

/** What this provider call has sent and seen so far. Only `next` changes it. */
export interface RecoveryMemory {
  readonly goal: Goal;
  readonly iccid: string;
  readonly limits: Limits;
  lostLeft: number;
  rejectedLeft: number;
  activations: number;
  rounds: number;
  /** Waits (in flight or for a lost answer to show): they do not count as rounds. */
  waits: number;
  /** Of those, waits for a request in flight (their poll schedule counts these). */
  inFlightWaits: number;
  /** Waits since the last lost answer (their poll schedule counts these). */
  lostWaits: number;
  /** The last decision was made from a queryiccid of this call, not from recorded state. */
  queried: boolean;
  /** A request of this or an earlier attempt may be in flight: 63026 then means "wait". */
  mayBeInFlight: boolean;
  inFlightSince?: number;
  lostReason?: string;
  /** The last run left an activation pending: resume it before waiting without an id. */
  resumeActivation: boolean;
  /** Two-step commands whose answer was lost, not yet seen to take effect: when it was lost. */
  lost: Partial<Record<TwoStepCommand, number>>;
  /** What the last action was, to read the next event by. */
  last?: RecoveryAction;
  /** Decisions so far (none: the first observation may say an earlier run left work). */
  decided: boolean;
}

export interface PolicyContext {
  now: number;
  schedule: PollSchedule;
  /** aql:lostAnswerWindow: how long a SIM must be seen unchanged before a lost command is resent. */
  lostAnswerWindow: number;
}

/**
 * aql:lostAnswerWindow unless set: a request sent with the lost one would by then have been
 * checked twice on the poll schedule (firstCheckDelay plus the first interval); never more
 * than aql:waitDeadline, the longest the provider waits for any request.
 */
export function lostAnswerWindow(
  schedule: PollSchedule & { lostAnswerWindow?: number | undefined },
): number {
  if (schedule.lostAnswerWindow !== undefined) return schedule.lostAnswerWindow;
  const window = schedule.firstCheckDelay + pollInterval(schedule, 1);
  return Math.min(window, schedule.waitDeadline);
}

export function startMemory(iccid: string, goal: Goal): RecoveryMemory {
  const limits = LIMITS[goal.kind];
  return {
    goal,
    iccid,
    limits,
    lostLeft: limits.lost,
    rejectedLeft: limits.rejected,
    activations: 0,
    rounds: 0,
    waits: 0,
    inFlightWaits: 0,
    lostWaits: 0,
    queried: false,
    // A delete is also how an interrupted destroy resumes: the killed run's terminate may still
    // be in flight, which queryiccid cannot show and the gateway answers with 63026.
    mayBeInFlight: goal.kind === "terminate",
    resumeActivation: false,
    lost: {},
    decided: false,
  };
}

export interface Step {
  memory: RecoveryMemory;
  action: RecoveryAction;
}
