import assert from "node:assert/strict";
import { COST_SERVICES_DEFAULTS, costServicesVerdict } from "../../../policy/rules/cost-services";
import { UNKNOWN_BOOL, UNKNOWN_STRING, sim } from "./shapes";

const config = (o: Partial<typeof COST_SERVICES_DEFAULTS> = {}) => ({
  ...COST_SERVICES_DEFAULTS,
  ...o,
});
const roaming = (o: Record<string, unknown> = {}) =>
  sim("alice", { services: { intRoaming: true }, ...o });

describe("policy: charged services only on approved SIMs", () => {
  it("refuses roaming on a SIM on no list, naming it and the lists", () => {
    const v = costServicesVerdict(roaming(), config());
    assert.equal(v.violations.length, 1);
    assert.match(v.violations[0]!, /Sim alice \(8944100000000000001\) turns on intRoaming/);
    assert.match(
      v.violations[0]!,
      /"iccids".*"numbers".*"numberPrefixes" of aql-sim-cost-services/,
    );
  });

  it("refuses international calls too, and names both", () => {
    const v = costServicesVerdict(
      sim("a", { services: { intRoaming: true, intCall: true } }),
      config(),
    );
    assert.match(v.violations[0]!, /turns on intRoaming and intCall/);
  });

  it("allows a SIM approved by ICCID, number (any spelling) or prefix", () => {
    for (const c of [
      config({ iccids: ["8944100000000000001"] }),
      config({ numbers: ["+44 113 320 3040"] }),
      config({ numberPrefixes: ["+44113"] }),
    ]) {
      assert.deepEqual(costServicesVerdict(roaming(), c).violations, []);
    }
  });

  it("leaves services off or unmanaged alone, and other services to other rules", () => {
    assert.deepEqual(costServicesVerdict(sim("a"), config()).violations, []);
    assert.deepEqual(
      costServicesVerdict(sim("a", { services: { intRoaming: false } }), config()).violations,
      [],
    );
    assert.deepEqual(
      costServicesVerdict(sim("a", { services: { internet: true } }), config()).violations,
      [],
    );
    const onlyCalls = config({ services: ["intCall"] });
    assert.deepEqual(costServicesVerdict(roaming(), onlyCalls).violations, []);
  });

  it("leaves undecided what is unknown at preview, without a violation", () => {
    const flag = costServicesVerdict(
      sim("a", { services: { intRoaming: UNKNOWN_BOOL } }),
      config(),
    );
    assert.deepEqual(flag.violations, []);
    assert.equal(flag.undecided.length, 1);
    const all = costServicesVerdict(sim("a", { services: UNKNOWN_STRING }), config());
    assert.deepEqual(all.violations, []);
    const who = costServicesVerdict(
      roaming({ iccid: UNKNOWN_STRING, geoNumber: UNKNOWN_STRING }),
      config(),
    );
    assert.deepEqual(who.violations, []);
    assert.equal(who.undecided.length, 1);
  });

  it("decides on the known half when it is enough", () => {
    const c = config({ iccids: ["8944100000000000001"] });
    assert.deepEqual(costServicesVerdict(roaming({ geoNumber: UNKNOWN_STRING }), c).violations, []);
  });
});
