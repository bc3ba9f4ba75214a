// The one resend a lost answer allows: after a lost answer to a changing command the provider
// may send it again only once aql:lostAnswerWindow has passed with no effect showing. These
// listings let assertOneSendPerIntent (sends.ts) accept exactly that, from the log's evidence.

import type { LogEntry } from "../../simulator";
import type { AllowedResend } from "./sends";
import { commandKey, subjectOf } from "./sends";

/** No answer the client could read: the request may have been acted on. */
export function answerLost(e: LogEntry): boolean {
  return e.httpStatus === 0 || e.httpStatus >= 500 || e.fault === "slow" || e.fault === "garbled";
}

/**
 * Of the window, what a resend may fall short by and still count as after it. The log stamps an
 * entry when the simulator decided its answer, by another process's reading of the clock than
 * the provider's: one resend in about fifteen runs of the matrix was received 295 ms after the
 * lost send it followed, with a window of 300 ms. A resend of the defect this guards against
 * (no window) follows within one queryiccid, a few milliseconds.
 */
export const WINDOW_SLACK = 0.1;

/**
 * A resend allowed after each lost answer to a changing command, for sends received once the
 * window has passed since it (the provider measures from when it saw the loss, later still).
 */
export function resendsAfterWindow(log: readonly LogEntry[], windowMs: number): AllowedResend[] {
  const out: AllowedResend[] = [];
  for (const e of log) {
    const command = commandKey(e);
    if (command === null || e.route !== "sim" || !answerLost(e)) continue;
    const due = e.at + windowMs * (1 - WINDOW_SLACK);
    const before = log.filter((x) => x.at < due).reduce((a, x) => Math.max(a, x.seq), e.seq);
    out.push({
      subject: subjectOf(e),
      command,
      reason: `#${e.seq} answer lost; resend after aql:lostAnswerWindow (${windowMs} ms)`,
      afterSeq: before,
    });
  }
  return out;
}
