import assert from "node:assert/strict";
import { ValidationError } from "../../../provider/errors";
import { parseInventoryCsv } from "../../../provider/estate/inventory";
import { checkDefaults, estateMembers } from "../../../provider/estate/members";
import { summarise } from "../../../provider/estate/summary";
import { ICCIDS, cells, csv } from "./helpers";

describe("estate members", () => {
  const rows = parseInventoryCsv(
    csv(
      cells(0),
      cells(1, { services: "internet", suspended: "false", deletionPolicy: "retain" }),
      cells(2, { vmPin: "1234", recActive: "true" }),
    ),
    "inventory.csv",
  );

  it("names each Sim, voicemail and recording by its ICCID, whatever its line", () => {
    const m = estateMembers(rows);
    assert.deepEqual(
      m.map((x) => [x.simName, x.voicemailName, x.recordingName]),
      ICCIDS.map((i) => [`sim-${i}`, `vm-${i}`, `rec-${i}`]),
    );
    const reordered = estateMembers([rows[2]!, rows[0]!]);
    assert.equal(reordered[0]!.simName, `sim-${ICCIDS[2]}`);
  });

  it("fills the estate's defaults into empty cells, and a row's own cells win", () => {
    const m = estateMembers(rows, {
      services: { intRoaming: true },
      suspended: true,
      deletionPolicy: "suspend",
    });
    assert.deepEqual(m[0]!.sim.services, { intRoaming: true });
    assert.equal(m[0]!.sim.suspended, true);
    assert.equal(m[0]!.sim.deletionPolicy, "suspend");
    assert.equal(m[1]!.sim.services!.internet, true);
    assert.equal(m[1]!.sim.services!.intRoaming, false);
    assert.equal(m[1]!.sim.suspended, false);
    assert.equal(m[1]!.sim.deletionPolicy, "retain");
  });

  it("leaves out what neither the row nor the estate says (the Sim's defaults apply)", () => {
    const [first] = estateMembers(rows);
    assert.deepEqual(Object.keys(first!.sim).sort(), ["geoNumber", "iccid", "subscriber"]);
    assert.equal(first!.voicemail, undefined);
  });

  it("carries voicemail and recording settings", () => {
    const m = estateMembers(rows)[2]!;
    assert.deepEqual(m.voicemail, { pin: "1234" });
    assert.deepEqual(m.recording, { active: true });
  });
});

describe("estate defaults", () => {
  const refused = (raw: unknown, property: string) => {
    assert.throws(
      () => checkDefaults(raw),
      (e: unknown) => e instanceof ValidationError && e.property === property,
    );
  };

  it("accepts nothing, or services, suspended and deletionPolicy", () => {
    assert.deepEqual(checkDefaults(undefined), {});
    assert.deepEqual(
      checkDefaults({ services: { internet: false }, suspended: false, deletionPolicy: "retain" }),
      { services: { internet: false }, suspended: false, deletionPolicy: "retain" },
    );
  });

  it("refuses an unknown default, service, policy or a non-boolean", () => {
    refused({ adopt: true }, "defaults.adopt");
    refused({ services: { roaming: true } }, "defaults.services.roaming");
    refused({ services: { internet: "yes" } }, "defaults.services.internet");
    refused({ services: ["internet"] }, "defaults.services");
    refused({ suspended: "no" }, "defaults.suspended");
    refused({ deletionPolicy: "destroy" }, "defaults.deletionPolicy");
    refused("terminate", "defaults");
  });
});

describe("estate summary", () => {
  it("counts SIMs by state and service, and lists the numbers sorted", () => {
    const s = summarise(
      [
        { state: "active", geoNumber: "2", reportedServices: { internet: true, moVoice: true } },
        { state: "suspended", geoNumber: "1", reportedServices: { internet: true } },
        { state: "active", geoNumber: "3" },
        {},
      ],
      { voicemail: 1, callRecording: 0 },
    );
    assert.deepEqual(s.byState, { active: 2, suspended: 1, unknown: 1 });
    assert.equal(s.services.internet, 2);
    assert.equal(s.services.moVoice, 1);
    assert.equal(s.services.intRoaming, 0);
    assert.deepEqual(s.numbers, ["1", "2", "3"]);
    assert.equal(s.total, 4);
    assert.equal(s.voicemail, 1);
  });
});
