import assert from "node:assert/strict";
import { inRange, numberRangesVerdict } from "../../../policy/rules/number-ranges";
import { UNKNOWN_STRING, sim } from "./shapes";

const ranges = { ranges: [{ from: "441133203000", to: "+44 113 320 3099" }], prefixes: ["44207"] };

describe("policy: geographic numbers from owned ranges", () => {
  it("accepts a number in a range (ends included) or under a prefix", () => {
    for (const n of ["441133203000", "441133203040", "441133203099", "442071234567"]) {
      assert.deepEqual(numberRangesVerdict(sim("a", { geoNumber: n }), ranges).violations, [], n);
    }
  });

  it("refuses one outside, naming the SIM, its number and the owned ranges", () => {
    const v = numberRangesVerdict(sim("a", { geoNumber: "441133203100" }), ranges);
    assert.equal(v.violations.length, 1);
    assert.match(v.violations[0]!, /Sim a \(.*\) has the number 441133203100/);
    assert.match(v.violations[0]!, /441133203000-441133203099, 44207\*/);
    assert.match(v.violations[0]!, /aql-sim-number-ranges/);
  });

  it("does not let a longer or shorter number match a range by string order", () => {
    assert.equal(inRange("4411332030401", { from: "441133203000", to: "441133203099" }), false);
    assert.equal(inRange("44113320305", { from: "441133203000", to: "441133203099" }), false);
  });

  it("leaves an unknown number undecided at preview", () => {
    const v = numberRangesVerdict(sim("a", { geoNumber: UNKNOWN_STRING }), ranges);
    assert.deepEqual(v.violations, []);
    assert.equal(v.undecided.length, 1);
  });
});
