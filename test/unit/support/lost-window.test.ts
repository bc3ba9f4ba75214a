// The allowance for a resend after a lost answer, on crafted logs: a resend before the window
// has passed is a duplicate and fails the count; one after it is listed and accepted.

import assert from "node:assert/strict";
import type { LogEntry } from "../../../simulator";
import { answerLost, resendsAfterWindow } from "../../support/lost-window";
import { oneSendViolations } from "../../support/sends";

const A = "8944538532046590001";
const T = 1_700_000_000_000;
const WINDOW = 300;

function entry(seq: number, at: number, command: string, over: Partial<LogEntry> = {}): LogEntry {
  return {
    seq,
    at: T + at,
    method: "POST",
    route: "sim",
    path: "/mobile/configure_sim.php",
    account: "demo",
    command,
    iccid: A,
    number: null,
    requestId: null,
    codes: [200],
    httpStatus: 200,
    fault: null,
    durationMs: 1,
    ...over,
  };
}

/** An addservice whose answer was lost, queries, and a second addservice at `resendAt` ms. */
function log(resendAt: number): LogEntry[] {
  return [
    entry(1, 0, "addservice", { httpStatus: 0, codes: [], fault: "lost-answer", requestId: "1" }),
    entry(2, 100, "queryiccid"),
    entry(3, 200, "queryiccid"),
    entry(4, resendAt, "addservice", { requestId: "2" }),
  ];
}

describe("a resend after a lost answer (test/support/lost-window)", () => {
  it("a planted resend before the window is a duplicate", () => {
    const l = log(200);
    const v = oneSendViolations(l, { allow: resendsAfterWindow(l, WINDOW) });
    assert.equal(v.length, 1);
    assert.match(v[0]!, /addservice: received 2 times/);
  });

  it("a resend once the window has passed (less the clocks' slack) is allowed, and says why", () => {
    assert.deepEqual(
      oneSendViolations(log(290), { allow: resendsAfterWindow(log(290), WINDOW) }),
      [],
    );
    const l = log(WINDOW);
    assert.deepEqual(oneSendViolations(l, { allow: resendsAfterWindow(l, WINDOW) }), []);
    assert.match(resendsAfterWindow(l, WINDOW)[0]!.reason, /answer lost; resend after/);
  });

  it("a second resend needs a second lost answer", () => {
    const l = [...log(WINDOW), entry(5, 2 * WINDOW, "addservice")];
    assert.equal(oneSendViolations(l, { allow: resendsAfterWindow(l, WINDOW) }).length, 1);
  });

  it("lost: no answer, HTTP 5xx, an answer past the time-out, a garbled one", () => {
    assert.ok(answerLost(entry(1, 0, "x", { httpStatus: 0 })));
    assert.ok(answerLost(entry(1, 0, "x", { httpStatus: 500 })));
    assert.ok(answerLost(entry(1, 0, "x", { fault: "slow" })));
    assert.ok(answerLost(entry(1, 0, "x", { fault: "garbled" })));
    assert.ok(!answerLost(entry(1, 0, "x", { codes: [63026] })));
  });
});
