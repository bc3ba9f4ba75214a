import assert from "node:assert/strict";
import { parseAnswer } from "../../../provider/gateway/response";
import type { Attempt, CommandClass, Decision, RetryPolicy } from "../../../provider/gateway/retry";
import {
  MAX_RETRY_DELAY_MS,
  classify,
  decide,
  transportDelay,
} from "../../../provider/gateway/retry";
import { SIM_COMMANDS, TWO_STEP_COMMANDS } from "../../../provider/gateway/types";

const policy: RetryPolicy = { maxRetries: 3, retryDelay: 1000, congestionBackoff: 300_000 };
const fresh = { retries: 0, transportRetries: 0 };
const spent = { retries: 3, transportRetries: 3 };
const CLASSES: CommandClass[] = ["read-only", "idempotent", "once", "two-step"];

const ok: Attempt = { kind: "ok", answer: parseAnswer("status: 200") };
const refused = (...codes: number[]): Attempt => ({
  kind: "refused",
  codes,
  answer: parseAnswer(`status: ${codes.join(",")}`),
});
const notSent: Attempt = { kind: "not-sent", reason: "ECONNREFUSED" };
const lost: Attempt = { kind: "lost", reason: "ECONNRESET" };
const http503: Attempt = { kind: "lost", reason: "HTTP 503", httpStatus: 503 };
const unreadable: Attempt = { kind: "unreadable", reason: "HTML" };

describe("retry rules", () => {
  it("classifies every command in one table", () => {
    for (const c of TWO_STEP_COMMANDS) assert.equal(classify("sim", c), "two-step", c);
    assert.equal(classify("sim", "queryiccid"), "read-only");
    assert.equal(classify("sim", "checkstatus"), "read-only");
    assert.equal(classify("sim", "assigngeo"), "once");
    assert.equal(classify("sim", "changegeo"), "once");
    assert.equal(classify("sim", "crisp"), "once");
    for (const s of ["vm", "rec"] as const) {
      assert.equal(classify(s, "info"), "read-only");
      assert.equal(classify(s, "config"), "idempotent");
      assert.equal(classify(s, "remove"), "idempotent");
    }
    assert.equal(SIM_COMMANDS.length, 11);
  });

  it("is done on status 200", () => {
    for (const cls of CLASSES) assert.deepEqual(decide(cls, ok, fresh, policy), { action: "done" });
  });

  it("fails at once on a gateway code other than 63027", () => {
    for (const cls of CLASSES) {
      assert.deepEqual(decide(cls, refused(63001), fresh, policy), {
        action: "fail",
        error: "gateway",
      });
      assert.deepEqual(decide(cls, refused(63022), fresh, policy).action, "fail");
    }
  });

  it("resends after 63027 for every class, two-step included, after congestionBackoff", () => {
    for (const cls of CLASSES) {
      assert.deepEqual(decide(cls, refused(63027), fresh, policy), {
        action: "retry",
        delayMs: 300_000,
        why: "congestion",
      });
      assert.deepEqual(decide(cls, refused(63027), spent, policy), {
        action: "fail",
        error: "gateway",
      });
    }
  });

  it("resends a request that never left, for every class", () => {
    for (const cls of CLASSES) {
      assert.deepEqual(decide(cls, notSent, fresh, policy), {
        action: "retry",
        delayMs: 1000,
        why: "transport",
      });
      assert.deepEqual(decide(cls, notSent, spent, policy), {
        action: "fail",
        error: "transport",
      });
    }
  });

  it("never resends a lost two-step or once command", () => {
    for (const cls of ["two-step", "once"] as const) {
      const losses: Attempt[] = [lost, http503, unreadable];
      for (const attempt of losses) {
        const d = decide(cls, attempt, fresh, policy);
        assert.deepEqual(d, { action: "fail", error: "lost" });
      }
    }
  });

  it("resends lost read-only and idempotent commands with a doubling delay", () => {
    for (const cls of ["read-only", "idempotent"] as const) {
      const losses: Attempt[] = [lost, http503];
      for (const a of losses) {
        const delays = [0, 1, 2].map((n) => {
          const d: Decision = decide(cls, a, { retries: n, transportRetries: n }, policy);
          assert.equal(d.action, "retry");
          return (d as { delayMs: number }).delayMs;
        });
        assert.deepEqual(delays, [1000, 2000, 4000]);
        assert.deepEqual(decide(cls, a, spent, policy), { action: "fail", error: "transport" });
      }
    }
  });

  it("shares one budget between congestion and transport retries", () => {
    const history = { retries: 3, transportRetries: 1 };
    assert.equal(decide("read-only", lost, history, policy).action, "fail");
    assert.equal(decide("read-only", refused(63027), history, policy).action, "fail");
  });

  it("does not resend an unreadable answer", () => {
    for (const cls of ["read-only", "idempotent"] as const) {
      assert.deepEqual(decide(cls, unreadable, fresh, policy), {
        action: "fail",
        error: "bad-answer",
      });
    }
  });

  it("caps the transport back-off", () => {
    assert.equal(transportDelay(policy, 0), 1000);
    assert.equal(transportDelay(policy, 3), 8000);
    assert.equal(transportDelay(policy, 30), MAX_RETRY_DELAY_MS);
  });

  it("never retries with maxRetries 0", () => {
    const none = { ...policy, maxRetries: 0 };
    for (const a of [notSent, lost, refused(63027)]) {
      assert.equal(decide("read-only", a, fresh, none).action, "fail");
    }
  });
});
