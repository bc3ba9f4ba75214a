import assert from "node:assert/strict";
import { getEventListeners } from "node:events";
import { Limiter, configuredLimiter } from "../../../provider/gateway/limiter";
import type { Release } from "../../../provider/gateway/limiter";
import { FakeClock, flush, testConfig } from "./helpers";

/** A task that holds its slot until the test lets it go. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

describe("limiter", () => {
  it("never has more than maxConcurrency in flight, and starts in FIFO order", async () => {
    const clock = new FakeClock();
    const limiter = new Limiter({ maxConcurrency: 3, requestsPerSecond: 1000, clock });
    let inFlight = 0;
    let maxSeen = 0;
    const started: number[] = [];
    const gates = Array.from({ length: 20 }, () => gate());
    const runs = gates.map((g, i) =>
      limiter.run(async () => {
        started.push(i);
        inFlight++;
        maxSeen = Math.max(maxSeen, inFlight);
        await g.promise;
        inFlight--;
      }),
    );
    await flush();
    assert.equal(limiter.active, 3);
    assert.equal(limiter.waiting, 17);
    // Let them go in a scrambled order: starts must still follow the queue.
    for (const i of [2, 0, 1, 5, 3, 4, 8, 6, 7, 11, 9, 10, 14, 12, 13, 17, 15, 16, 19, 18]) {
      gates[i]!.open();
      await flush();
      await clock.advance(10);
    }
    await Promise.all(runs);
    assert.equal(maxSeen, 3);
    assert.deepEqual(
      started,
      Array.from({ length: 20 }, (_, i) => i),
    );
    assert.equal(limiter.active, 0);
    assert.equal(limiter.waiting, 0);
  });

  it("starts at most requestsPerSecond per second after the burst", async () => {
    const clock = new FakeClock();
    const limiter = new Limiter({ maxConcurrency: 100, requestsPerSecond: 5, clock });
    const startTimes: number[] = [];
    const runs = Array.from({ length: 15 }, () =>
      limiter.run(async () => {
        startTimes.push(clock.now());
      }),
    );
    await clock.advance(3000);
    await Promise.all(runs);
    // A full bucket of 5 at once, then one every 200 ms.
    assert.deepEqual(
      startTimes,
      [0, 0, 0, 0, 0, 200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800, 2000],
    );
    for (const t of startTimes) {
      const inWindow = startTimes.filter((s) => s > t - 1000 && s <= t).length;
      assert.ok(inWindow <= 2 * 5, `too many starts in the second before ${t}`);
    }
  });

  it("handles a fractional rate", async () => {
    const clock = new FakeClock();
    const limiter = new Limiter({ maxConcurrency: 10, requestsPerSecond: 0.5, clock });
    const startTimes: number[] = [];
    const runs = Array.from({ length: 3 }, () =>
      limiter.run(async () => {
        startTimes.push(clock.now());
      }),
    );
    await clock.advance(10_000);
    await Promise.all(runs);
    assert.deepEqual(startTimes, [0, 2000, 4000]);
  });

  it("sleeps once, until the next token is due, when a waiter finds the bucket short", async () => {
    const clock = new FakeClock();
    const sleeps: number[] = [];
    const counting = {
      now: () => clock.now(),
      sleep: (ms: number, signal?: AbortSignal) => (sleeps.push(ms), clock.sleep(ms, signal)),
    };
    const limiter = new Limiter({ maxConcurrency: 10, requestsPerSecond: 5, clock: counting });
    for (let i = 0; i < 5; i++) (await limiter.acquire())();
    // 100 ms later half a token has come back: the next one is due 100 ms on, at 200 ms.
    await clock.advance(100);
    let grantedAt: number | undefined;
    const next = limiter.acquire().then((release) => {
      grantedAt = clock.now();
      release();
    });
    await clock.advance(99);
    assert.equal(grantedAt, undefined);
    await clock.advance(1_000);
    await next;
    assert.equal(grantedAt, 200);
    assert.deepEqual(sleeps, [100]);
  });

  it("keeps one timer for any number of waiters", async () => {
    const clock = new FakeClock();
    const limiter = new Limiter({ maxConcurrency: 50, requestsPerSecond: 1000, clock });
    let done = 0;
    const runs = Array.from({ length: 5000 }, () =>
      limiter.run(async () => {
        done++;
      }),
    );
    await flush();
    assert.ok(clock.pendingTimers <= 1);
    for (let i = 0; i < 20 && done < 5000; i++) await clock.advance(1000);
    await Promise.all(runs);
    assert.equal(done, 5000);
    assert.equal(clock.pendingTimers, 0);
  });

  it("lets an aborted waiter leave the queue without blocking the others", async () => {
    const clock = new FakeClock();
    const limiter = new Limiter({ maxConcurrency: 1, requestsPerSecond: 1000, clock });
    const first = await limiter.acquire();
    const controller = new AbortController();
    const aborted = limiter.acquire(controller.signal);
    const third = limiter.acquire();
    assert.equal(limiter.waiting, 2);
    controller.abort(new Error("stop"));
    await assert.rejects(aborted, /stop/);
    assert.equal(limiter.waiting, 1);
    first();
    const release: Release = await third;
    assert.equal(limiter.active, 1);
    release();
    assert.equal(limiter.active, 0);
  });

  it("refuses an already aborted signal", async () => {
    const limiter = new Limiter({ maxConcurrency: 1, requestsPerSecond: 1 });
    await assert.rejects(limiter.acquire(AbortSignal.abort(new Error("no"))), /no/);
    assert.equal(limiter.waiting, 0);
  });

  it("ignores a second release and releases when the task throws", async () => {
    const limiter = new Limiter({ maxConcurrency: 1, requestsPerSecond: 1000 });
    const release = await limiter.acquire();
    release();
    release();
    assert.equal(limiter.active, 0);
    await assert.rejects(
      limiter.run(async () => {
        throw new Error("task failed");
      }),
      /task failed/,
    );
    assert.equal(limiter.active, 0);
  });

  it("refuses nonsense limits", () => {
    assert.throws(() => new Limiter({ maxConcurrency: 0, requestsPerSecond: 1 }), RangeError);
    assert.throws(() => new Limiter({ maxConcurrency: 1, requestsPerSecond: 0 }), RangeError);
  });
  it("a waiter aborted after its grant keeps its slot and changes no count", async () => {
    const clock = new FakeClock();
    const limiter = new Limiter({ maxConcurrency: 1, requestsPerSecond: 1000, clock });
    const ac = new AbortController();
    const release = await limiter.acquire(ac.signal);
    let second: Release | undefined;
    const behind = limiter.acquire().then((r) => (second = r));
    await flush();
    assert.equal(limiter.active, 1);
    assert.equal(limiter.waiting, 1);
    ac.abort(new Error("too late"));
    await flush();
    // The abort came after the grant: the slot is still held and the one behind still waits.
    assert.equal(limiter.active, 1);
    assert.equal(limiter.waiting, 1);
    assert.equal(second, undefined);
    release();
    await behind;
    assert.equal(limiter.active, 1);
    assert.equal(limiter.waiting, 0);
    second!();
    assert.equal(limiter.active, 0);
  });

  it("leaves no listener on a signal, whether its waiter was granted or aborted", async () => {
    // One signal may serve a whole run: a listener left per acquire would pile up on it.
    const clock = new FakeClock();
    const limiter = new Limiter({ maxConcurrency: 1, requestsPerSecond: 1000, clock });
    const run = new AbortController();
    for (let i = 0; i < 3; i++) (await limiter.acquire(run.signal))();
    assert.equal(getEventListeners(run.signal, "abort").length, 0);
    const hold = await limiter.acquire();
    const queued = new AbortController();
    const waiting = limiter.acquire(queued.signal);
    assert.equal(getEventListeners(queued.signal, "abort").length, 1);
    queued.abort(new Error("gave up"));
    await assert.rejects(waiting, /gave up/);
    assert.equal(getEventListeners(queued.signal, "abort").length, 0);
    hold();
  });

  it("configuredLimiter takes its limits from the config and runs on the clock it is given", async () => {
    const clock = new FakeClock();
    const limiter = configuredLimiter(
      testConfig({ maxConcurrency: 2, requestsPerSecond: 2 }),
      clock,
    );
    const startedAt: number[] = [];
    const releases: Release[] = [];
    const runs = Array.from({ length: 3 }, () =>
      limiter.acquire().then((release) => {
        startedAt.push(clock.now());
        releases.push(release);
      }),
    );
    await flush();
    // Two slots, and a bucket of two: the third waits for a slot.
    assert.deepEqual(startedAt, [0, 0]);
    assert.equal(limiter.waiting, 1);
    releases[0]!();
    await clock.advance(499);
    assert.deepEqual(startedAt, [0, 0]);
    // A token every 500 ms, by the fake clock: no real time passes in this test.
    await clock.advance(1);
    assert.deepEqual(startedAt, [0, 0, 500]);
    await Promise.all(runs);
  });
});
