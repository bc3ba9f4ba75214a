import assert from "node:assert/strict";
import { diffSim } from "../../../provider/resources/sim/diff";
import { UNKNOWN } from "../../../provider/resources/sim/inputs";
import { ICCID, ICCID2, NUMBER, OTHER_NUMBER, PROVIDER, checkedInputs, harness } from "./helpers";

const REPORTED = {
  intRoaming: false,
  intCall: false,
  premium: false,
  moVoice: true,
  mtVoice: true,
  moSms: true,
  mtSms: true,
  video: false,
  mms: true,
  internet: true,
};

/** Old outputs of a settled, active SIM. */
function olds(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...checkedInputs(),
    state: "active",
    imsi: "234201234567890",
    reportedServices: { ...REPORTED },
    pin: "1234",
    pin2: "2234",
    puk: "11234123",
    puk2: "21234456",
    lastRequestId: "1000",
    ...over,
  };
}

describe("Sim diff", () => {
  it("no change: changes false", () => {
    assert.deepEqual(diffSim(olds(), checkedInputs()), { changes: false, changed: [] });
  });

  it("a new package version alone (__provider) is no change", () => {
    const d = diffSim(olds(), checkedInputs({ __provider: `${PROVIDER} // v2` }));
    assert.equal(d.changes, false);
  });

  it("output-only properties are not compared", () => {
    const d = diffSim(olds({ imsi: "x", pin: "9", lastRequestId: "7" }), checkedInputs());
    assert.equal(d.changes, false);
  });

  it("iccid change replaces, deleting the old SIM first", () => {
    const d = diffSim(olds(), checkedInputs({ iccid: ICCID2 }));
    assert.equal(d.changes, true);
    assert.deepEqual(d.replaces, ["iccid"]);
    assert.equal(d.deleteBeforeReplace, true);
    assert.deepEqual(d.changed, ["iccid"]);
  });

  it("an unknown iccid may be a replacement", () => {
    assert.deepEqual(diffSim(olds(), checkedInputs({ iccid: UNKNOWN })).replaces, ["iccid"]);
  });

  const UPDATES: [string, Record<string, unknown>, Record<string, unknown>, string][] = [
    ["number", {}, { geoNumber: OTHER_NUMBER }, "geoNumber"],
    ["number drift (refresh saw another)", { geoNumber: OTHER_NUMBER }, {}, "geoNumber"],
    ["suspended", {}, { suspended: true }, "suspended"],
    ["suspension drift", { suspended: true, state: "suspended" }, {}, "suspended"],
    [
      "a newly managed service that differs",
      {},
      { services: { intRoaming: true } },
      "services.intRoaming",
    ],
    [
      "a managed service that drifted",
      { services: { internet: false }, reportedServices: { ...REPORTED, internet: false } },
      { services: { internet: true } },
      "services.internet",
    ],
    ["a service no longer managed", { services: { internet: true } }, {}, "services"],
    ["deletionPolicy", {}, { deletionPolicy: "retain" }, "deletionPolicy"],
    ["adopt", {}, { adopt: true }, "adopt"],
    [
      "subscriber (masked by ignoreChanges otherwise)",
      {},
      { subscriber: { name: "x" } },
      "subscriber",
    ],
    ["imei", {}, { imei: "351234567890123" }, "imei"],
  ];
  for (const [what, o, n, property] of UPDATES) {
    it(`${what}: an update, no replacement`, () => {
      const d = diffSim(olds(o), checkedInputs(n));
      assert.equal(d.changes, true);
      assert.equal(d.replaces, undefined);
      assert.ok(d.changed.includes(property), `${property} in ${JSON.stringify(d.changed)}`);
    });
  }

  it("a newly managed service already as wanted is no change", () => {
    const d = diffSim(olds(), checkedInputs({ services: { internet: true, intCall: false } }));
    assert.equal(d.changes, false);
  });

  it("compares numbers normalised", () => {
    assert.equal(diffSim(olds({ geoNumber: "+44 113 320 3040" }), checkedInputs()).changes, false);
  });

  it("the same values on both sides are no change, defaults or not", () => {
    const same = { imei: "351234567890123", deletionPolicy: "retain", adopt: true };
    assert.deepEqual(diffSim(olds(same), checkedInputs(same)), { changes: false, changed: [] });
    // check leaves out a deletionPolicy the program left out; adopt defaults to false.
    const n = checkedInputs();
    delete n["deletionPolicy"];
    delete n["adopt"];
    assert.deepEqual(diffSim(olds(), n), { changes: false, changed: [] });
  });

  it("a state with no suspended output is read from the SIM's state", () => {
    const o = olds({ state: "suspended" });
    delete o["suspended"];
    assert.equal(diffSim(o, checkedInputs({ suspended: true })).changes, false);
    assert.deepEqual(diffSim(o, checkedInputs()).changed, ["suspended"]);
    const a = olds();
    delete a["suspended"];
    assert.equal(diffSim(a, checkedInputs()).changes, false);
  });

  it("a flag dropped from services is a change of that flag", () => {
    const d = diffSim(
      olds({ services: { internet: true, intRoaming: false } }),
      checkedInputs({ services: { internet: true } }),
    );
    assert.deepEqual(d.changed, ["services.intRoaming"]);
  });

  it("services outputs that are not a record (null, a list, text) count as none", () => {
    for (const services of [null, [], "internet"]) {
      assert.deepEqual(
        diffSim(olds({ services }), checkedInputs()),
        { changes: false, changed: [] },
        JSON.stringify(services),
      );
    }
  });

  it("defaults stand in for missing values on either side", () => {
    const o = olds();
    delete o["deletionPolicy"];
    delete o["adopt"];
    const n = checkedInputs();
    delete n["suspended"];
    assert.equal(diffSim(o, n).changes, false);
  });

  describe("unknowns are changes", () => {
    for (const key of ["geoNumber", "suspended", "deletionPolicy", "adopt", "imei", "services"]) {
      it(key, () => {
        const d = diffSim(olds(), checkedInputs({ [key]: UNKNOWN }));
        assert.equal(d.changes, true);
        assert.equal(d.replaces, undefined);
        assert.ok(d.changed.includes(key), JSON.stringify(d.changed));
      });
    }
    it("inside subscriber and services", () => {
      const sub = checkedInputs()["subscriber"] as Record<string, unknown>;
      assert.equal(
        diffSim(olds(), checkedInputs({ subscriber: { ...sub, name: UNKNOWN } })).changes,
        true,
      );
      assert.equal(
        diffSim(
          olds({ services: { internet: true } }),
          checkedInputs({ services: { internet: UNKNOWN } }),
        ).changes,
        true,
      );
    });
  });

  describe("unfinished work makes an update that resumes it", () => {
    it("a pending request", () => {
      const d = diffSim(
        olds({ pendingRequest: { id: "1001", command: "suspend", submittedAt: 1 } }),
        checkedInputs(),
      );
      assert.equal(d.changes, true);
      assert.deepEqual(d.changed, ["pendingRequest"]);
    });

    it("a SIM left pending by a create that ran out of time", () => {
      const o = { ...checkedInputs(), state: "pending" };
      assert.deepEqual(diffSim(o, checkedInputs()), { changes: true, changed: ["state"] });
    });
  });

  it("the provider's diff is pure and returns only what the engine reads", async () => {
    const h = harness();
    const d = await h.provider.diff(ICCID, olds(), checkedInputs({ iccid: ICCID2 }));
    assert.deepEqual(d, { changes: true, replaces: ["iccid"], deleteBeforeReplace: true });
    assert.deepEqual(await h.provider.diff(ICCID, olds(), checkedInputs()), { changes: false });
    assert.deepEqual(h.gw.calls, []);
    assert.equal(NUMBER, checkedInputs()["geoNumber"]);
  });
});
