// The real clock every other unit test replaces with a fake one: its timer and its abort
// wiring, on timers of a few milliseconds. A listener left on a long-lived signal (one per
// sleep of a run) is the leak these tests look for.

import assert from "node:assert/strict";
import { getEventListeners } from "node:events";
import { abortReason, systemClock } from "../../../provider/gateway/retry";

describe("systemClock", () => {
  it("sleeps at least the time asked and leaves no listener on the signal", async () => {
    const ac = new AbortController();
    const start = Date.now();
    await systemClock.sleep(20, ac.signal);
    assert.ok(Date.now() - start >= 19, `woke after ${Date.now() - start} ms`);
    assert.equal(getEventListeners(ac.signal, "abort").length, 0);
  });

  it("stops at once when the signal aborts, with its reason, and cancels the timer", async () => {
    const ac = new AbortController();
    const start = Date.now();
    const sleeping = systemClock.sleep(60_000, ac.signal);
    setTimeout(() => ac.abort(new Error("stop now")), 5);
    await assert.rejects(sleeping, /stop now/);
    assert.ok(Date.now() - start < 1_000);
    assert.equal(getEventListeners(ac.signal, "abort").length, 0);
  });

  it("refuses to start on a signal already aborted", async () => {
    await assert.rejects(systemClock.sleep(60_000, AbortSignal.abort(new Error("was"))), /was/);
  });

  it("an abort without a reason still rejects with an error", () => {
    const bare = { aborted: true, reason: undefined } as unknown as AbortSignal;
    const reason = abortReason(bare);
    assert.ok(reason instanceof Error);
    assert.equal(reason.message, "aborted");
  });
});
