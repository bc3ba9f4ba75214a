import assert from "node:assert/strict";
import {
  BadAnswerError,
  DeadlineError,
  GatewayError,
  RequestFailedError,
  TransportError,
} from "../../../provider/errors";
import type { QueuedRequest, WaitProgress } from "../../../provider/gateway/api";
import type { PollSchedule } from "../../../provider/gateway/poller";
import { MIN_POLL_INTERVAL_MS, pollInterval, waitFor } from "../../../provider/gateway/poller";
import type { RequestStatus } from "../../../provider/gateway/types";
import { AutoClock, FakeClock, credentialsAnd, flush, mockGateway } from "./helpers";

const ICCID = "8944110000000000001";
const schedule: PollSchedule = {
  firstCheckDelay: 1000,
  pollBackoff: 2,
  maxPollInterval: 8000,
  waitDeadline: 60_000,
};

function request(clockNow: number, over: Partial<QueuedRequest> = {}): QueuedRequest {
  return { id: "117234", command: "activate", iccid: ICCID, submittedAt: clockNow, ...over };
}

type Step = RequestStatus["state"] | Error;

/** A checkstatus that answers from a script and records when it was asked. */
function scripted(clock: { now(): number }, steps: Step[], start: number) {
  const asked: number[] = [];
  return {
    asked,
    checkStatus: async (id: string): Promise<RequestStatus> => {
      asked.push(clock.now() - start);
      const step = steps.shift() ?? "pending";
      if (step instanceof Error) throw step;
      return { id, state: step, iccid: ICCID };
    },
  };
}

const subject = { command: "checkstatus", requestId: "117234" };

describe("poller", () => {
  describe("schedule", () => {
    it("starts at the first delay and grows by the backoff up to the longest interval", () => {
      const intervals = [1, 2, 3, 4, 5, 6].map((n) => pollInterval(schedule, n));
      assert.deepEqual(intervals, [1000, 2000, 4000, 8000, 8000, 8000]);
    });

    it("never polls faster than the floor, even with no delay configured", () => {
      const instant = { ...schedule, firstCheckDelay: 0, maxPollInterval: 0 };
      assert.equal(pollInterval(instant, 1), MIN_POLL_INTERVAL_MS);
      assert.equal(pollInterval(instant, 10), MIN_POLL_INTERVAL_MS);
    });

    it("keeps constant intervals with a backoff of 1", () => {
      const flat = { ...schedule, pollBackoff: 1 };
      assert.deepEqual(
        [1, 2, 3].map((n) => pollInterval(flat, n)),
        [1000, 1000, 1000],
      );
    });
  });

  describe("waitFor", () => {
    it("checks after firstCheckDelay, then at growing intervals, until success", async () => {
      const clock = new AutoClock();
      const start = clock.now();
      const s = scripted(clock, ["pending", "pending", "pending", "pending", "success"], start);
      const progress: WaitProgress[] = [];
      const status = await waitFor(
        { checkStatus: s.checkStatus, clock, schedule },
        request(start),
        {
          onProgress: (p) => progress.push(p),
        },
      );
      assert.deepEqual(status, { id: "117234", state: "success", iccid: ICCID });
      assert.deepEqual(s.asked, [1000, 2000, 4000, 8000, 16000]);
      assert.deepEqual(
        progress.map((p) => [p.checks, p.waitedMs, p.state]),
        [
          [1, 1000, "pending"],
          [2, 2000, "pending"],
          [3, 4000, "pending"],
          [4, 8000, "pending"],
        ],
      );
    });

    it("counts the first check from submittedAt, so a resumed wait checks at once", async () => {
      const clock = new AutoClock();
      const s = scripted(clock, ["success"], clock.now());
      await waitFor(
        { checkStatus: s.checkStatus, clock, schedule },
        request(clock.now() - 5 * 60_000),
      );
      assert.deepEqual(s.asked, [0]);
      assert.deepEqual(clock.sleeps, []);
    });

    it("treats 63022 as pending", async () => {
      const clock = new AutoClock();
      const start = clock.now();
      const s = scripted(clock, [new GatewayError(subject, [63022]), "success"], start);
      await waitFor({ checkStatus: s.checkStatus, clock, schedule }, request(start));
      assert.deepEqual(s.asked, [1000, 2000]);
    });

    it("treats transport failures and unreadable answers as pending until the deadline", async () => {
      const clock = new AutoClock();
      const start = clock.now();
      const s = scripted(
        clock,
        [new TransportError(subject, "ECONNRESET"), new BadAnswerError(subject, "HTML"), "success"],
        start,
      );
      const progress: number[] = [];
      await waitFor({ checkStatus: s.checkStatus, clock, schedule }, request(start), {
        onProgress: (p) => progress.push(p.checks),
      });
      assert.deepEqual(s.asked, [1000, 2000, 4000]);
      assert.deepEqual(progress, [1, 2]);
    });

    it("rejects with RequestFailedError naming the request, command and ICCID", async () => {
      const clock = new AutoClock();
      const s = scripted(clock, ["pending", "failed"], clock.now());
      await assert.rejects(
        waitFor({ checkStatus: s.checkStatus, clock, schedule }, request(clock.now())),
        (err: unknown) => {
          assert.ok(err instanceof RequestFailedError);
          assert.equal(err.subject.requestId, "117234");
          assert.match(err.message, /command activate/);
          assert.match(err.message, new RegExp(`ICCID ${ICCID}`));
          assert.match(err.message, /request 117234/);
          return true;
        },
      );
    });

    it("rejects with DeadlineError after a last check on the deadline itself", async () => {
      const clock = new AutoClock();
      const start = clock.now();
      const s = scripted(clock, [], start);
      const short = { ...schedule, waitDeadline: 20_000 };
      await assert.rejects(
        waitFor({ checkStatus: s.checkStatus, clock, schedule: short }, request(start)),
        (err: unknown) => {
          assert.ok(err instanceof DeadlineError);
          assert.equal(err.subject.requestId, "117234");
          assert.equal(err.waitedMs, 20_000);
          assert.match(err.message, /request 117234/);
          return true;
        },
      );
      assert.deepEqual(s.asked, [1000, 2000, 4000, 8000, 16000, 20000]);
    });

    it("keeps the last transport problem as the deadline's cause, even after checks that say pending", async () => {
      const problem = new TransportError(subject, "HTTP 503", 503);
      for (const steps of [
        [problem, problem, problem],
        [problem, "pending", "pending"],
      ] as Step[][]) {
        const clock = new AutoClock();
        const start = clock.now();
        const s = scripted(clock, steps, start);
        const err = await waitFor({ checkStatus: s.checkStatus, clock, schedule }, request(start), {
          deadlineMs: 3000,
        }).catch((e: unknown) => e);
        assert.ok(err instanceof DeadlineError);
        assert.equal(err.cause, problem);
        assert.deepEqual(s.asked, [1000, 2000, 3000]);
      }
    });

    it("checks once even when the deadline has already passed", async () => {
      const clock = new AutoClock();
      const s = scripted(clock, ["success"], clock.now());
      const old = request(clock.now() - 10 * 60 * 60_000);
      const status = await waitFor({ checkStatus: s.checkStatus, clock, schedule }, old);
      assert.equal(status.state, "success");
    });

    it("lets other gateway errors through", async () => {
      const clock = new AutoClock();
      const s = scripted(clock, [new GatewayError(subject, [63025])], clock.now());
      await assert.rejects(
        waitFor({ checkStatus: s.checkStatus, clock, schedule }, request(clock.now())),
        (err: unknown) => err instanceof GatewayError && err.has(63025),
      );
    });

    it("refuses an answer about another ICCID", async () => {
      const clock = new AutoClock();
      const checkStatus = async (id: string): Promise<RequestStatus> => ({
        id,
        state: "success",
        iccid: "8944119999999999999",
      });
      await assert.rejects(
        waitFor({ checkStatus, clock, schedule }, request(clock.now())),
        (err: unknown) =>
          err instanceof BadAnswerError &&
          err.message.includes(
            `checkstatus reports ICCID 8944119999999999999 for this request, not ${ICCID}`,
          ),
      );
    });

    it("stops when aborted", async () => {
      const clock = new FakeClock();
      const s = scripted(clock, [], 0);
      const controller = new AbortController();
      const wait = waitFor({ checkStatus: s.checkStatus, clock, schedule }, request(0), {
        signal: controller.signal,
      });
      await clock.advance(3500);
      controller.abort(new Error("cancelled"));
      await assert.rejects(wait, /cancelled/);
      assert.deepEqual(s.asked, [1000, 2000]);
      assert.equal(clock.pendingTimers, 0);
    });

    it("runs thousands of waits with one timer each", async () => {
      const clock = new FakeClock();
      let checks = 0;
      const checkStatus = async (id: string): Promise<RequestStatus> => {
        checks++;
        return { id, state: checks > 6000 ? "success" : "pending" };
      };
      const waits = Array.from({ length: 3000 }, (_, i) =>
        waitFor({ checkStatus, clock, schedule }, request(0, { id: String(i) })),
      );
      await flush();
      assert.equal(clock.pendingTimers, 3000);
      await clock.advance(1000);
      await clock.advance(2000);
      await clock.advance(4000);
      const results = await Promise.all(waits);
      assert.ok(results.every((r) => r.state === "success"));
      assert.equal(checks, 9000);
    });
  });

  describe("through the client", () => {
    it("polls checkstatus with the request id until success", async () => {
      const g = mockGateway();
      g.answer("sim", "status: 200\nid: 117234");
      g.answer(
        "sim",
        "status: 63022",
        "status: 200\nrequeststate: pending\niccid: " + ICCID,
        "status: 200\nrequeststate: success\niccid: " + ICCID,
      );
      const queued = await g.client.suspend({ iccid: ICCID, geoNumber: "441133203040" });
      const progress: number[] = [];
      const status = await g.client.waitFor(queued, { onProgress: (p) => progress.push(p.checks) });
      assert.deepEqual(status, { id: "117234", state: "success", iccid: ICCID });
      assert.deepEqual(progress, [1, 2]);
      assert.deepEqual(g.clock.sleeps, [1000, 1000, 2000]);
      const checks = g.sent().slice(1);
      assert.equal(checks.length, 3);
      for (const c of checks)
        assert.deepEqual(c.form, credentialsAnd("checkstatus", ["id", "117234"]));
    });

    it("reports failed as RequestFailedError", async () => {
      const g = mockGateway();
      g.answer("sim", "status: 200\nrequeststate: failed\niccid: " + ICCID);
      await assert.rejects(
        g.client.waitFor({ id: "9", command: "addservice", iccid: ICCID, submittedAt: 0 }),
        (err: unknown) =>
          err instanceof RequestFailedError && /command addservice/.test(err.message),
      );
    });
  });
});
