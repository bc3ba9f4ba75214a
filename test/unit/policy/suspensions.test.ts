import assert from "node:assert/strict";
import { simChanges } from "../../../policy/changes";
import { suspensionsVerdict } from "../../../policy/rules/suspensions";
import { UNKNOWN_BOOL, prior, sim } from "./shapes";

const ICCID = (n: number) => `89441000000000000${String(n).padStart(2, "0")}`;
const estate = Array.from({ length: 10 }, (_, i) => prior(`s${i}`, { iccid: ICCID(i) }));
const keep = (i: number, o: Record<string, unknown> = {}) =>
  sim(`s${i}`, { iccid: ICCID(i), ...o });

describe("policy: share of the estate suspended per update", () => {
  it("refuses more than maxPercent, naming the SIMs", () => {
    const after = estate.map((_, i) => keep(i, { suspended: i < 3 }));
    const v = suspensionsVerdict(simChanges(estate, after), { maxPercent: 20, allowAtLeast: 0 });
    assert.equal(v.violations.length, 1);
    assert.match(v.violations[0]!, /suspends 3 SIMs of an estate of 10 \(30%\), more than the 20%/);
    assert.match(v.violations[0]!, /s0 \(.*\) suspended; s1 .*; s2 /);
  });

  it("passes within the share, and below allowAtLeast whatever the share", () => {
    const two = estate.map((_, i) => keep(i, { suspended: i < 2 }));
    assert.deepEqual(
      suspensionsVerdict(simChanges(estate, two), { maxPercent: 20, allowAtLeast: 0 }).violations,
      [],
    );
    assert.deepEqual(
      suspensionsVerdict(simChanges(estate, two), { maxPercent: 0, allowAtLeast: 2 }).violations,
      [],
    );
  });

  it("counts removals and replacements under deletionPolicy suspend, not SIMs already suspended", () => {
    const before = [
      prior("a", { iccid: ICCID(1), deletionPolicy: "suspend" }),
      prior("b", { iccid: ICCID(2), deletionPolicy: "suspend" }),
      prior("c", { iccid: ICCID(3), deletionPolicy: "suspend", suspended: true }),
      prior("d", { iccid: ICCID(4), suspended: true }),
    ];
    const after = [sim("b", { iccid: ICCID(8) }), sim("d", { iccid: ICCID(4), suspended: true })];
    const v = suspensionsVerdict(simChanges(before, after), { maxPercent: 25, allowAtLeast: 0 });
    assert.match(v.violations[0]!, /suspends 2 SIMs of an estate of 4 \(50%\)/);
    assert.match(v.violations[0]!, /a \(.*\) removed with deletionPolicy "suspend"/);
    assert.match(v.violations[0]!, /b \(.*\) replaced with deletionPolicy "suspend"/);
  });

  it("counts a suspended value unknown at preview, and says so", () => {
    const after = estate.map((_, i) => keep(i, { suspended: i < 2 ? UNKNOWN_BOOL : false }));
    const v = suspensionsVerdict(simChanges(estate, after), { maxPercent: 10, allowAtLeast: 1 });
    assert.match(v.violations[0]!, /s0 \(.*\) \(suspended is not known until apply\)/);
  });

  it("has nothing to say about a new stack", () => {
    const after = [keep(1, { suspended: true })];
    assert.deepEqual(
      suspensionsVerdict(simChanges([], after), { maxPercent: 0, allowAtLeast: 0 }).violations,
      [],
    );
  });
});
