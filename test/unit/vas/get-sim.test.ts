import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { ValidationError } from "../../../provider/errors";
import { querySim, querySimOutput } from "../../../provider/functions/get-sim";
import { ICCID, NUMBER, VasFakeGateway } from "./helpers";

function valueOf<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply((v) => (resolve(v), v)));
}

describe("getSim", () => {
  it("refuses a malformed ICCID before any call", async () => {
    const gw = new VasFakeGateway();
    await assert.rejects(
      querySim({ iccid: "1234" }, () => gw),
      (e: unknown) => {
        assert.ok(e instanceof ValidationError);
        assert.equal(e.property, "iccid");
        return true;
      },
    );
    assert.equal(gw.calls.length, 0);
  });

  it("reports an active SIM: number, camelCase services, IMSI and the secrets, plainly", async () => {
    const gw = new VasFakeGateway();
    const sim = gw.addSim(ICCID, { state: "active", geoNumber: NUMBER, imsi: "234150000000001" });
    const r = await querySim({ iccid: ICCID }, () => gw);
    assert.deepEqual(
      gw.calls.map((c) => c.command),
      ["queryiccid"],
    );
    assert.equal(r.state, "active");
    assert.equal(r.geoNumber, NUMBER);
    assert.equal(r.imsi, "234150000000001");
    assert.deepEqual(r.services, {
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
    });
    assert.equal(r.pin, sim.pin);
    assert.equal(r.puk2, sim.puk2);
  });

  it("reports an unused SIM with its state only", async () => {
    const gw = new VasFakeGateway();
    gw.addSim(ICCID);
    assert.deepEqual(await querySim({ iccid: ICCID }, () => gw), {
      iccid: ICCID,
      state: "unused",
    });
  });
});

describe("getSimOutput", () => {
  it("wraps pin, pin2, puk and puk2 as secrets and leaves the rest readable", async () => {
    const gw = new VasFakeGateway();
    const sim = gw.addSim(ICCID, { state: "active", geoNumber: NUMBER });
    const r = querySimOutput({ iccid: pulumi.output(ICCID) }, () => gw);
    for (const k of ["pin", "pin2", "puk", "puk2"] as const) {
      assert.equal(await pulumi.isSecret(r[k]), true, k);
    }
    for (const k of ["iccid", "state", "geoNumber", "services", "imsi"] as const) {
      assert.equal(await pulumi.isSecret(r[k] as pulumi.Output<unknown>), false, k);
    }
    assert.equal(await valueOf(r.geoNumber), NUMBER);
    assert.equal(await valueOf(r.pin), sim.pin);
    assert.equal(await valueOf(r.state), "active");
  });
});
