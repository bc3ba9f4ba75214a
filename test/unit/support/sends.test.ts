import assert from "node:assert/strict";
import type { LogEntry } from "../../../simulator";
import {
  assertOneSendPerIntent,
  oneSendViolations,
  plantDuplicates,
  resendsAfterFailed,
  resendsAfterRefusal,
  resendsAfterUnperformed,
  sendsReceived,
} from "../../support/sends";

const A = "8944538532046590001";
const B = "8944538532046590002";

let seq = 0;
function entry(
  command: string | null,
  iccid: string | null,
  over: Partial<LogEntry> = {},
): LogEntry {
  seq++;
  return {
    seq,
    at: 1_700_000_000_000 + seq,
    method: "POST",
    route: "sim",
    path: "/mobile/configure_sim.php",
    account: "demo",
    command,
    iccid,
    number: null,
    requestId: null,
    codes: [200],
    httpStatus: 200,
    fault: null,
    durationMs: 1,
    ...over,
  };
}

/** A create of two SIMs as the simulator logs it: query, activate, polls, query, addservice. */
function cleanCreate(): LogEntry[] {
  return [
    entry("queryiccid", A),
    entry("queryiccid", B),
    entry("activate", A, { requestId: "100001" }),
    entry("activate", B, { requestId: "100002" }),
    entry("checkstatus", null),
    entry("checkstatus", null),
    entry("queryiccid", A),
    entry("addservice", A, { requestId: "100003" }),
    entry("checkstatus", null),
  ];
}

describe("one send per intent (test/support/sends)", () => {
  it("passes a run that sends each changing command once; queries and polls are not intents", () => {
    const log = cleanCreate();
    assert.deepEqual(oneSendViolations(log), []);
    assertOneSendPerIntent(log, {
      intents: [
        { subject: A, command: "activate" },
        { subject: B, command: "activate" },
        { subject: A, command: "addservice" },
      ],
    });
  });

  it("catches a planted duplicate activate, naming the ICCID and both sends", () => {
    const log = [...cleanCreate(), entry("activate", B, { requestId: "100004" })];
    const v = oneSendViolations(log);
    assert.equal(v.length, 1);
    assert.match(v[0]!, new RegExp(`^${B} activate: received 2 times \\(no resend allowed\\)`));
    assert.match(v[0]!, /request 100002.*request 100004/);
    assert.throws(() => assertOneSendPerIntent(log), /one send per intent/);
  });

  it("counts a resend the gateway refused (before any refusal): 63026 and 401 are still sends", () => {
    const refused = [...cleanCreate(), entry("activate", A, { codes: [63026] })];
    assert.equal(oneSendViolations(refused).length, 1);
    const unauth = [...cleanCreate(), entry("addservice", A, { codes: [401], account: null })];
    assert.equal(oneSendViolations(unauth).length, 1);
  });

  it("counts a send whose answer was lost or garbled", () => {
    const log = [
      entry("terminate", A, {
        httpStatus: 0,
        codes: [200],
        requestId: "100010",
        fault: "lost-answer",
      }),
      entry("queryiccid", A),
      entry("terminate", A, { codes: [], fault: "garbled" }),
    ];
    const v = oneSendViolations(log);
    assert.equal(v.length, 1);
    assert.match(v[0]!, /no answer \(request 100010, lost-answer\)/);
  });

  it("keys voicemail and call recording by number and route", () => {
    const vm = (n: string): LogEntry =>
      entry("config", null, { route: "vm", number: n, path: "/voicemail/config.php" });
    const rec = (n: string): LogEntry =>
      entry("config", null, { route: "rec", number: n, path: "/recording/config.php" });
    assert.deepEqual(oneSendViolations([vm("447700900001"), rec("447700900001")]), []);
    const v = oneSendViolations([vm("447700900001"), vm("447700900001")]);
    assert.match(v[0]!, /^447700900001 vm:config: received 2 times/);
    assert.deepEqual(
      sendsReceived([vm("1"), entry("info", null, { route: "vm", number: "1" })]).map(
        (s) => s.command,
      ),
      ["vm:config"],
    );
  });

  it("accepts a resend only when listed, and only as many as listed", () => {
    const log = [...cleanCreate(), entry("activate", B), entry("activate", B)];
    const allow = [{ subject: B, command: "activate", reason: "the first ended failed" }];
    const v = oneSendViolations(log, { allow });
    assert.equal(v.length, 1);
    assert.match(v[0]!, /received 3 times \(allowed 2: the first ended failed\)/);
    assert.deepEqual(oneSendViolations(log, { allow: [{ ...allow[0]!, extra: 2 }] }), []);
    // An allowance for another SIM or command does not excuse this one.
    assert.equal(
      oneSendViolations(log, {
        allow: [{ subject: A, command: "activate", extra: 5, reason: "x" }],
      }).length,
      1,
    );
    assert.throws(
      () => oneSendViolations(log, { allow: [{ subject: B, command: "activate", reason: " " }] }),
      /gives no reason/,
    );
  });

  it("with intents: an intent never received, or a changing request nobody intended, fails", () => {
    const log = cleanCreate();
    const v = oneSendViolations(log, {
      intents: [
        { subject: A, command: "activate" },
        { subject: B, command: "activate" },
        { subject: B, command: "addservice" },
      ],
    });
    assert.deepEqual(v.sort(), [
      `${A} addservice: not an intent of this operation, received #${log[7]!.seq} 200 (request 100003)`,
      `${B} addservice: never received`,
    ]);
  });

  it("derives allowances from evidence: a failed request, a congestion refusal", () => {
    const first = entry("activate", A, { requestId: "100020" });
    const congested = entry("suspend", B, { codes: [63027] });
    const log = [
      first,
      entry("activate", A, { requestId: "100021" }),
      congested,
      entry("suspend", B),
    ];
    assert.equal(oneSendViolations(log).length, 2);
    const allow = [
      ...resendsAfterFailed(log, new Set(["100020"])),
      ...resendsAfterRefusal(log, [63027]),
    ];
    assert.deepEqual(oneSendViolations(log, { allow }), []);
    // The evidence must be of the right request: a failure of the second one allows nothing.
    assert.equal(
      oneSendViolations(log, { allow: resendsAfterFailed(log, new Set(["100021"])) }).length,
      2,
    );
    // A code the test did not name as a refusal allows nothing.
    assert.equal(oneSendViolations(log, { allow: resendsAfterRefusal(log, [63026]) }).length, 2);
  });

  it("evidence covers only the sends after it: a failure after the duplicate excuses nothing", () => {
    const dup1 = entry("terminate", A, { requestId: "100030" });
    const dup2 = entry("terminate", A, { requestId: "100031" });
    const third = entry("terminate", A, { requestId: "100032" });
    const failed = resendsAfterFailed([dup1, dup2, third], new Set(["100031"]));
    // dup2 is not covered (nothing failed before it); third is (100031 failed before it).
    const v = oneSendViolations([dup1, dup2, third], { allow: failed });
    assert.equal(v.length, 1);
    assert.match(v[0]!, /received 3 times \(allowed 2: request 100031 ended failed\)/);
  });

  it("assertOneSendPerIntent proves itself on the log it checks: a planted duplicate of each intent is caught", () => {
    const log = cleanCreate();
    assert.equal(assertOneSendPerIntent(log), 3);
    const planted = plantDuplicates(log, sendsReceived(log)[0]!, 1);
    assert.throws(() => assertOneSendPerIntent(planted), /activate: received 2 times/);
    // Allowances are honoured by the planting too: one allowed resend, two planted copies.
    const allow = [{ subject: A, command: "activate", reason: "listed" }];
    assert.equal(
      assertOneSendPerIntent(plantDuplicates(log, sendsReceived(log)[0]!, 1), { allow }),
      3,
    );
  });

  it("a fault the simulator answers without performing the call allows a resend; a lost answer does not", () => {
    const garbled = entry("addservice", A, { codes: [], fault: "garbled" });
    const lost = entry("removeservice", A, { httpStatus: 0, fault: "lost-answer", requestId: "7" });
    const log = [garbled, entry("addservice", A), lost, entry("removeservice", A)];
    const v = oneSendViolations(log, { allow: resendsAfterUnperformed(log) });
    assert.equal(v.length, 1);
    assert.match(v[0]!, new RegExp(`^${A} removeservice: received 2 times`));
  });

  it("only the commands asked for, when given", () => {
    const log = [...cleanCreate(), entry("addservice", A)];
    assert.deepEqual(oneSendViolations(log, { commands: ["activate"] }), []);
    assert.equal(oneSendViolations(log, { commands: ["addservice"] }).length, 1);
  });
});
