import assert from "node:assert/strict";
import { FaultSet, matches, parseFaultSpec, type FaultCall } from "../../../simulator/faults";
import { Prng, streamFor } from "../../../simulator/random";

const call = (command: string, iccid: string | null = null, route = "sim"): FaultCall => ({
  route,
  command,
  iccid,
  number: null,
});

describe("simulator faults (rules)", () => {
  it("parses the CLI form and JSON", () => {
    assert.deepEqual(parseFaultSpec("congestion:0.2"), { kind: "congestion", rate: 0.2 });
    assert.deepEqual(parseFaultSpec("error,code=63033,commands=activate+suspend,count=2"), {
      kind: "error",
      code: 63033,
      commands: ["activate", "suspend"],
      count: 2,
    });
    assert.deepEqual(parseFaultSpec("slow,delayMs=3000"), { kind: "slow", delayMs: 3000 });
    assert.deepEqual(parseFaultSpec("garbled:0.1,garble=huge,bytes=100"), {
      kind: "garbled",
      rate: 0.1,
      garble: "huge",
      bytes: 100,
    });
    assert.deepEqual(parseFaultSpec('{"kind":"drop","iccid":"1"}'), { kind: "drop", iccid: "1" });
    assert.throws(() => parseFaultSpec("meteor"), /invalid fault rule \(kind\)/);
    assert.throws(() => parseFaultSpec("congestion:2"), /rate/);
    assert.throws(() => parseFaultSpec("congestion,oops"), /key=value/);
    assert.throws(() => parseFaultSpec("garbled,garble=loud"), /garble/);
  });

  it("matches on commands, route-qualified commands, routes, iccid", () => {
    const set = new FaultSet(new Prng(1));
    const r = set.add({ kind: "drop", commands: ["activate", "vm:info", "rec"] });
    assert.ok(matches(r, call("activate")));
    assert.ok(!matches(r, call("suspend")));
    assert.ok(matches(r, call("info", null, "vm")));
    assert.ok(!matches(r, call("config", null, "vm")));
    assert.ok(matches(r, call("config", null, "rec")));
    const byIccid = set.add({ kind: "drop", iccid: "42" });
    assert.ok(matches(byIccid, call("queryiccid", "42")));
    assert.ok(!matches(byIccid, call("queryiccid", "43")));
  });

  it("count = the first n matches; times = at most n firings", () => {
    const set = new FaultSet(new Prng(1));
    set.add({ kind: "congestion", commands: ["activate"], count: 2 });
    const got = [1, 2, 3, 4].map(() => set.answerFault(call("activate"))?.kind ?? "none");
    assert.deepEqual(got, ["congestion", "congestion", "none", "none"]);
    assert.equal(set.answerFault(call("suspend")), undefined, "other commands don't match");
    const set2 = new FaultSet(new Prng(1));
    set2.add({ kind: "drop", times: 1 });
    assert.equal(set2.answerFault(call("x"))?.kind, "drop");
    assert.equal(set2.answerFault(call("x")), undefined);
    assert.deepEqual(
      set2.list().map((r) => [r.matched, r.fired]),
      [[2, 1]],
    );
  });

  it("rate uses the seeded PRNG: the same seed gives the same decisions", () => {
    const run = () => {
      const set = new FaultSet(streamFor(7, "faults"));
      set.add({ kind: "congestion", rate: 0.3 });
      return Array.from({ length: 200 }, () => set.answerFault(call("queryiccid")) !== undefined);
    };
    const a = run();
    assert.deepEqual(a, run());
    const fired = a.filter(Boolean).length;
    assert.ok(fired > 30 && fired < 90, `fired ${fired} of 200 at rate 0.3`);
  });

  it("the first rule that fires wins; fail-request is separate and two-step only", () => {
    const set = new FaultSet(new Prng(1));
    set.add({ kind: "fail-request" });
    set.add({ kind: "slow", delayMs: 5, count: 1 });
    set.add({ kind: "drop" });
    assert.equal(set.answerFault(call("activate"))?.kind, "slow");
    assert.equal(set.answerFault(call("activate"))?.kind, "drop");
    assert.equal(set.failRequest(call("activate"))?.kind, "fail-request");
    assert.equal(set.failRequest(call("queryiccid")), undefined);
    assert.equal(set.failRequest(call("config", null, "vm")), undefined);
  });

  it("clear removes one rule or all", () => {
    const set = new FaultSet(new Prng(1));
    const a = set.add({ kind: "drop" });
    set.add({ kind: "http500" });
    assert.ok(set.clear(a.id));
    assert.ok(!set.clear(a.id));
    assert.equal(set.list().length, 1);
    assert.ok(set.clear());
    assert.equal(set.list().length, 0);
  });
});
