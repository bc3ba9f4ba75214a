import assert from "node:assert/strict";
import { simChanges } from "../../../policy/changes";
import { terminationsVerdict } from "../../../policy/rules/terminations";
import { UNKNOWN_STRING, prior, sim } from "./shapes";

const ICCID = (n: number) => `89441000000000000${String(n).padStart(2, "0")}`;

describe("policy: terminations per update", () => {
  const estate = [1, 2, 3, 4].map((n) => prior(`s${n}`, { iccid: ICCID(n) }));

  it("counts removed Sims that terminate, names them, and says what to do", () => {
    const after = [sim("s4", { iccid: ICCID(4) })];
    const v = terminationsVerdict(simChanges(estate, after), { max: 2 });
    assert.equal(v.violations.length, 1);
    const m = v.violations[0]!;
    assert.match(m, /terminates 3 SIMs, more than the 2 allowed/);
    for (const n of [1, 2, 3]) assert.match(m, new RegExp(`s${n} \\(${ICCID(n)}\\) removed`));
    assert.doesNotMatch(m, /s4/);
    assert.match(m, /raise "max" of aql-sim-max-terminations/);
  });

  it("passes at the limit", () => {
    const after = [3, 4].map((n) => sim(`s${n}`, { iccid: ICCID(n) }));
    assert.deepEqual(terminationsVerdict(simChanges(estate, after), { max: 2 }).violations, []);
  });

  it("does not count removals under suspend, retain or retainOnDelete", () => {
    const before = [
      prior("a", { iccid: ICCID(1), deletionPolicy: "suspend" }),
      prior("b", { iccid: ICCID(2), deletionPolicy: "retain" }),
      prior("c", { iccid: ICCID(3) }, true),
      prior("d", { iccid: ICCID(4) }),
    ];
    const v = terminationsVerdict(simChanges(before, []), { max: 0 });
    assert.equal(v.violations.length, 1);
    assert.match(v.violations[0]!, /terminates 1 SIM,.*d \(/);
  });

  it("counts a replacement (new ICCID), also when the new ICCID is unknown at preview", () => {
    const after = [
      sim("s1", { iccid: ICCID(9) }),
      sim("s2", { iccid: UNKNOWN_STRING }),
      sim("s3", { iccid: ICCID(3) }),
      sim("s4", { iccid: ICCID(4) }),
    ];
    const v = terminationsVerdict(simChanges(estate, after), { max: 1 });
    assert.match(v.violations[0]!, /terminates 2 SIMs/);
    assert.match(v.violations[0]!, new RegExp(`s1 \\(${ICCID(1)}\\) replaced by ${ICCID(9)}`));
    assert.match(v.violations[0]!, /s2 \(.*\) replaced by an ICCID not known until apply/);
  });

  it("ignores new Sims and changes that keep the ICCID", () => {
    const after = [
      ...estate.map((s) => sim(s.name, { iccid: s.iccid, suspended: true })),
      sim("new", { iccid: ICCID(7) }),
    ];
    assert.deepEqual(terminationsVerdict(simChanges(estate, after), { max: 0 }).violations, []);
  });
});
