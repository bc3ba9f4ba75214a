// The one send loop of every call to aql, gateway and despatch API alike: take a slot from the
// account's limiter, make one attempt, let the retry table (retry.ts) decide, wait and resend
// or stop. What an answer means and which typed error a failure becomes are the caller's.

import type { Limiter } from "./limiter";
import type { Attempt, Clock, CommandClass, Decision, FailureKind, RetryHistory } from "./retry";
import type { RetryPolicy } from "./retry";
import { decide } from "./retry";

export interface Send<A> {
  cls: CommandClass;
  policy: RetryPolicy;
  limiter: Limiter;
  clock: Clock;
  /** One attempt (the limiter's slot is held while it runs). */
  attempt(signal?: AbortSignal): Promise<Attempt<A>>;
  signal?: AbortSignal;
  /** After every attempt, with what was decided (for debug logs). */
  onAttempt?(attemptNo: number, attempt: Attempt<A>, decision: Decision, durationMs: number): void;
}

export type Sent<A> =
  | { ok: true; answer: A }
  | { ok: false; attempt: Attempt<A>; error: FailureKind; history: RetryHistory };

/** Send until the retry rules say done or fail. */
export async function send<A>(s: Send<A>): Promise<Sent<A>> {
  const history: RetryHistory = { retries: 0, transportRetries: 0 };
  for (let attemptNo = 1; ; attemptNo++) {
    const started = s.clock.now();
    const attempt = await s.limiter.run(() => s.attempt(s.signal), s.signal);
    const decision = decide(s.cls, attempt, history, s.policy);
    s.onAttempt?.(attemptNo, attempt, decision, s.clock.now() - started);
    switch (decision.action) {
      case "done":
        return { ok: true, answer: (attempt as Attempt<A> & { kind: "ok" }).answer };
      case "retry":
        history.retries++;
        if (decision.why === "transport") history.transportRetries++;
        await s.clock.sleep(decision.delayMs, s.signal);
        continue;
      case "fail":
        return { ok: false, attempt, error: decision.error, history };
    }
  }
}
