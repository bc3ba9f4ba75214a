// Waiting for a two-step request: checkstatus on a schedule from configuration (the vendor
// asks for 30 minutes before the first check), until success, failure or the deadline.
// Each wait is one async function with at most one timer, so thousands of them are cheap.

import type { AqlConfig } from "../config";
import {
  BadAnswerError,
  DeadlineError,
  GatewayError,
  RequestFailedError,
  TransportError,
} from "../errors";
import type { QueuedRequest, WaitOptions } from "./api";
import { CODE_CONGESTED, CODE_POLL_AGAIN } from "./codes";
import type { Clock } from "./retry";
import { abortReason } from "./retry";
import type { RequestStatus } from "./types";

export type PollSchedule = Pick<
  AqlConfig,
  "firstCheckDelay" | "pollBackoff" | "maxPollInterval" | "waitDeadline"
>;

/** Never check one request more often than this, whatever the configuration says. */
export const MIN_POLL_INTERVAL_MS = 100;

/**
 * The wait after the n-th check (n from 1): the first delay, growing by pollBackoff each
 * time, never above maxPollInterval, never below MIN_POLL_INTERVAL_MS.
 */
export function pollInterval(s: PollSchedule, checksDone: number): number {
  const base = Math.max(s.firstCheckDelay, MIN_POLL_INTERVAL_MS);
  const grown = base * s.pollBackoff ** Math.max(0, checksDone - 1);
  return Math.max(MIN_POLL_INTERVAL_MS, Math.min(grown, s.maxPollInterval));
}

export interface PollerDeps {
  checkStatus(id: string, signal?: AbortSignal): Promise<RequestStatus>;
  clock: Clock;
  schedule: PollSchedule;
}

type CheckResult = { done: true; status: RequestStatus } | { done: false; problem?: unknown };

async function checkOnce(
  deps: PollerDeps,
  request: QueuedRequest,
  signal: AbortSignal | undefined,
): Promise<CheckResult> {
  const subject = { command: request.command, iccid: request.iccid, requestId: request.id };
  let status: RequestStatus;
  try {
    status = await deps.checkStatus(request.id, signal);
  } catch (err) {
    // "Poll again later", and congestion that outlasted the client's own retries: still pending.
    if (err instanceof GatewayError && (err.has(CODE_POLL_AGAIN) || err.has(CODE_CONGESTED))) {
      return { done: false, problem: err };
    }
    // checkstatus is read-only: once the client's retries are spent, a failure to ask is
    // "no news yet", until the deadline.
    if (err instanceof TransportError || err instanceof BadAnswerError) {
      return { done: false, problem: err };
    }
    throw err;
  }
  if (status.iccid !== undefined && status.iccid !== request.iccid) {
    throw new BadAnswerError(
      subject,
      `checkstatus reports ICCID ${status.iccid} for this request, not ${request.iccid}`,
    );
  }
  switch (status.state) {
    case "success":
      return { done: true, status };
    case "failed":
      throw new RequestFailedError(subject);
    case "pending":
      return { done: false };
  }
}

/**
 * Resolve when checkstatus says success; reject with RequestFailedError on failed and
 * DeadlineError once the deadline (from submittedAt) has passed with the request pending.
 * A request whose first check time has already passed (a resumed wait) is checked at once.
 */
export async function waitFor(
  deps: PollerDeps,
  request: QueuedRequest,
  options: WaitOptions = {},
): Promise<RequestStatus> {
  const { clock, schedule } = deps;
  const deadlineAt = request.submittedAt + (options.deadlineMs ?? schedule.waitDeadline);
  let nextAt = request.submittedAt + schedule.firstCheckDelay;
  let checks = 0;
  let lastProblem: unknown;

  for (;;) {
    // The last check falls on the deadline itself rather than past it.
    const wait = Math.min(nextAt, deadlineAt) - clock.now();
    if (wait > 0) await clock.sleep(wait, options.signal);
    else if (options.signal?.aborted) throw abortReason(options.signal);

    checks++;
    const result = await checkOnce(deps, request, options.signal);
    if (result.done) return result.status;
    if (result.problem !== undefined) lastProblem = result.problem;

    const now = clock.now();
    const waitedMs = now - request.submittedAt;
    options.onProgress?.({ request, waitedMs, checks, state: "pending" });
    if (now >= deadlineAt) {
      const err = new DeadlineError(
        { command: request.command, iccid: request.iccid, requestId: request.id },
        waitedMs,
      );
      if (lastProblem !== undefined) err.cause = lastProblem;
      throw err;
    }
    nextAt = now + pollInterval(schedule, checks);
  }
}
