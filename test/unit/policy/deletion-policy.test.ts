import assert from "node:assert/strict";
import { deletionPolicyVerdict } from "../../../policy/rules/deletion-policy";
import { UNKNOWN_STRING, sim } from "./shapes";

describe("policy: deletionPolicy stated", () => {
  it("refuses a Sim that leaves it to the default, naming it", () => {
    const v = deletionPolicyVerdict(sim("sim-8944100000000000001"));
    assert.equal(v.violations.length, 1);
    assert.match(v.violations[0]!, /Sim sim-8944100000000000001 does not state its deletionPolicy/);
  });

  it("accepts each stated policy, terminate included, and one unknown at preview", () => {
    for (const p of ["terminate", "suspend", "retain", UNKNOWN_STRING]) {
      assert.deepEqual(deletionPolicyVerdict(sim("a", { deletionPolicy: p })).violations, [], p);
    }
  });
});
