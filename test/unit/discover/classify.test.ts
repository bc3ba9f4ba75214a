import assert from "node:assert/strict";
import { classify, servicesCell } from "../../../provider/discover/classify";
import { outcomeLine } from "../../../provider/discover/files";
import type { ServiceFlags, SimInfo } from "../../../provider/gateway/types";

const ICCID = "8944200000000000001";
const OFF: ServiceFlags = {
  int_roaming: false,
  int_call: false,
  premium: false,
  mo_voice: false,
  mt_voice: false,
  mo_sms: false,
  mt_sms: false,
  video: false,
  mms: false,
  internet: false,
};
const active = (over: Partial<SimInfo> = {}): SimInfo => ({
  iccid: ICCID,
  state: "active",
  geoNumber: "441134960000",
  services: { ...OFF, internet: true, mo_sms: true, premium: true },
  pin: "1234",
  puk: "12345678",
  ...over,
});

describe("discover: classify", () => {
  it("an active SIM: number, settable services on (read-only ones left out), no PIN", () => {
    const o = classify(
      active(),
      { delaySeconds: 20, pin: "4821", notify: true, attach: true },
      undefined,
    );
    assert.equal(o.kind, "row");
    assert.deepEqual(o.kind === "row" && o.row, {
      iccid: ICCID,
      number: "441134960000",
      services: "moSms internet",
      suspended: "false",
      vmDelay: "20",
      vmNotify: "true",
      vmAttach: "true",
    });
    assert.doesNotMatch(outcomeLine(o), /4821|1234|12345678/);
  });

  it("a suspended SIM with no service on: suspended true, services none", () => {
    const o = classify(active({ state: "suspended", services: OFF }), undefined, undefined);
    assert.equal(o.kind === "row" && o.row.suspended, "true");
    assert.equal(servicesCell(OFF), "none");
  });

  it("attach without notify is left unmanaged (the inventory refuses it; it does nothing)", () => {
    const o = classify(active(), undefined, { active: true, notify: false, attach: true });
    assert.equal(o.kind, "row");
    assert.equal(o.kind === "row" && o.row.recAttach, undefined);
    assert.equal(o.kind === "row" && o.row.recNotify, "false");
  });

  for (const state of ["unused", "pending", "terminated"] as const) {
    it(`skips a ${state} SIM with that reason`, () => {
      const o = classify({ iccid: ICCID, state }, undefined, undefined);
      assert.deepEqual(o, { kind: "skip", iccid: ICCID, reason: state });
    });
  }

  it("skips an active SIM with no number", () => {
    const { geoNumber: _n, ...info } = active();
    assert.equal(classify(info, undefined, undefined).kind, "skip");
  });

  it("skips a SIM whose values the inventory would refuse, saying which, not the value", () => {
    const o = classify(active(), { email: "not an email", notify: true }, undefined);
    assert.equal(o.kind, "skip");
    assert.equal(o.kind === "skip" && o.reason, "invalid-values");
    assert.match((o.kind === "skip" && o.detail) || "", /^vmEmail /);
    assert.doesNotMatch(outcomeLine(o), /not an email/);
  });
});
