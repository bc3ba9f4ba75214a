// When to send a request again. One table says how safe each command is to resend, and one
// pure function turns the outcome of an attempt into "done", "wait and resend" or "fail".
// The client loops over it; the tests drive it directly.

import { CODE_CONGESTED } from "./codes";
import type { GatewayScript } from "./params";
import type { ParsedAnswer } from "./response";
import type { SimCommand, VasCommand } from "./types";

/** Time, injectable so that tests of retries, the limiter and the poller run instantly. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason if it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortReason(signal));
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortReason(signal!));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};

export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new Error("aborted");
}

/**
 * How safe a command is to send again when its answer is lost.
 * - read-only: asks, changes nothing. Resent after transport failures.
 * - idempotent: sets values, or removes (65002 then says "already gone"). Resent likewise.
 * - once: one-step but not safe to repeat blindly. After a lost assigngeo or changegeo the SIM
 *   may already carry the number, and a resend would fail with a misleading code (63203,
 *   63201...); a resent crisp enable-new may try to create the account twice. Never resent
 *   once it may have reached the gateway: AnswerLostError, and the caller checks queryiccid.
 * - two-step: may have been queued. Never resent once it may have reached the gateway.
 * Whatever the class, a request that provably never left (connection refused, name not
 * resolved, connect time-out) is resent, and so is one the gateway refused with 63027
 * ("Command not executed").
 */
export type CommandClass = "read-only" | "idempotent" | "once" | "two-step";

const SIM_CLASSES: Record<SimCommand, CommandClass> = {
  activate: "two-step",
  terminate: "two-step",
  suspend: "two-step",
  unsuspend: "two-step",
  addservice: "two-step",
  removeservice: "two-step",
  assigngeo: "once",
  changegeo: "once",
  crisp: "once",
  queryiccid: "read-only",
  checkstatus: "read-only",
};
const VAS_CLASSES: Record<VasCommand, CommandClass> = {
  info: "read-only",
  config: "idempotent",
  remove: "idempotent",
};

export function classify(script: GatewayScript, command: SimCommand | VasCommand): CommandClass {
  const table: Record<string, CommandClass> = script === "sim" ? SIM_CLASSES : VAS_CLASSES;
  // An unknown command is treated as the least safe kind.
  return table[command] ?? "two-step";
}

/** What one attempt came to, from the transport and the parser (the gateway's, by default). */
export type Attempt<A = ParsedAnswer> =
  | { kind: "ok"; answer: A }
  | { kind: "refused"; codes: readonly number[]; answer: A }
  /** Nothing reached the gateway: connection refused, name not resolved, connect time-out. */
  | { kind: "not-sent"; reason: string }
  /** The request may have reached the gateway, but no answer came: reset, time-out, HTTP 5xx. */
  | { kind: "lost"; reason: string; httpStatus?: number }
  /** An answer came, but not in the gateway's format (HTML, empty, too large). */
  | { kind: "unreadable"; reason: string; httpStatus?: number };

export interface RetryPolicy {
  maxRetries: number;
  retryDelay: number;
  congestionBackoff: number;
}

/** Retries already made for this call; all kinds share the one maxRetries budget. */
export interface RetryHistory {
  retries: number;
  /** Of those, the ones after a transport failure: the exponent of the back-off. */
  transportRetries: number;
}

export type FailureKind = "gateway" | "transport" | "bad-answer" | "lost";

export type Decision =
  | { action: "done" }
  | { action: "retry"; delayMs: number; why: "congestion" | "transport" }
  | { action: "fail"; error: FailureKind };

/** Longest wait between two transport retries, however many there were. */
export const MAX_RETRY_DELAY_MS = 60_000;

export function transportDelay(policy: RetryPolicy, transportRetries: number): number {
  return Math.min(policy.retryDelay * 2 ** transportRetries, MAX_RETRY_DELAY_MS);
}

export function decide(
  cls: CommandClass,
  attempt: Attempt<unknown>,
  history: RetryHistory,
  policy: RetryPolicy,
): Decision {
  const budgetLeft = history.retries < policy.maxRetries;
  const resendable = cls === "read-only" || cls === "idempotent";
  const transportRetry: Decision = {
    action: "retry",
    delayMs: transportDelay(policy, history.transportRetries),
    why: "transport",
  };
  switch (attempt.kind) {
    case "ok":
      return { action: "done" };
    case "refused":
      // 63027 says the command was not executed, so even a two-step command is safe to resend.
      if (attempt.codes.includes(CODE_CONGESTED) && budgetLeft) {
        return { action: "retry", delayMs: policy.congestionBackoff, why: "congestion" };
      }
      return { action: "fail", error: "gateway" };
    case "not-sent":
      return budgetLeft ? transportRetry : { action: "fail", error: "transport" };
    case "lost":
      if (!resendable) return { action: "fail", error: "lost" };
      return budgetLeft ? transportRetry : { action: "fail", error: "transport" };
    case "unreadable":
      // Not resent: an unreadable answer usually means a wrong endpoint or a proxy page, and
      // for an unsafe command it leaves the outcome as unknown as a lost one.
      return { action: "fail", error: resendable ? "bad-answer" : "lost" };
  }
}
