// The client's onRequest event (for debug logs) shows what names the call, never a person: the
// password, PINs and every personal field are masked, whichever command carries them.

import assert from "node:assert/strict";
import { LOGGABLE_FIELDS } from "../../../provider/gateway/params";
import { mockGateway, type MockGateway } from "./helpers";

const ICCID = "8944110000000000001";
const GEO = "441133203040";
const PERSONAL = {
  name: "Quintessa Marchbanks",
  address: "77 Zephyrine Lane, Leeds",
  postcode: "LS6 9QZ",
  contactNumber: "447700900461",
  imei: "352099001761481",
  crispEmail: "quintessa@example.com",
  crispPassword: "Cr1sp-Secret!Zz",
  parent: "447700900123",
  vmPin: "7305",
  vmEmail: "voicemail.owner@example.com",
  recEmail: "recording.owner@example.com",
};

const calls: [string, "sim" | "vm" | "rec", (g: MockGateway) => Promise<unknown>][] = [
  [
    "activate",
    "sim",
    (g) =>
      g.client.activate({
        iccid: ICCID,
        geoNumber: GEO,
        imei: PERSONAL.imei,
        subscriber: {
          name: PERSONAL.name,
          address: PERSONAL.address,
          postcode: PERSONAL.postcode,
          contactNumber: PERSONAL.contactNumber,
        },
      }),
  ],
  [
    "crisp enable-new",
    "sim",
    (g) =>
      g.client.crisp({
        iccid: ICCID,
        geoNumber: GEO,
        action: "enable-new",
        email: PERSONAL.crispEmail,
        password: PERSONAL.crispPassword,
        parentSmsNumber: PERSONAL.parent,
      }),
  ],
  [
    "voicemail config",
    "vm",
    (g) =>
      g.client.voicemail.config(GEO, {
        delaySeconds: 30,
        pin: PERSONAL.vmPin,
        email: PERSONAL.vmEmail,
        notify: true,
        attach: true,
      }),
  ],
  [
    "recording config",
    "rec",
    (g) =>
      g.client.recording.config(GEO, {
        active: true,
        onDemand: false,
        email: PERSONAL.recEmail,
        notify: true,
      }),
  ],
];

describe("onRequest's debug form: no password, PIN or personal field in clear", () => {
  for (const [what, script, send] of calls) {
    it(`${what}: every field outside the loggable list is masked`, async () => {
      const g = mockGateway();
      g.answer(
        script,
        script === "sim" && what === "activate" ? "status: 200\nid: 117234" : "status: 200",
      );
      await send(g);
      const form = g.events[0]!.form;
      for (const [k, v] of Object.entries(PERSONAL)) {
        assert.ok(!form.includes(v), `${k} in clear in ${form}`);
      }
      // Field by field against what was sent: masked unless listed as loggable.
      const sent = g.sent()[0]!.form;
      const shown = new Map(form.split("&").map((p) => p.split("=", 2) as [string, string]));
      for (const [k, v] of sent) {
        const expected =
          k === "username" || LOGGABLE_FIELDS.has(k) || /^service\[/.test(k) || v === ""
            ? v
            : "***";
        assert.equal(shown.get(k), expected, `${k} as logged`);
      }
      assert.equal(shown.get("password"), "***");
    });
  }

  it("shows the settings, which name no one: delay, notify, attach, active, ondemand", async () => {
    const shown = async (script: "vm" | "rec", what: string) => {
      const g = mockGateway();
      g.answer(script, "status: 200");
      await calls.find(([name]) => name === what)![2](g);
      return new Map(g.events[0]!.form.split("&").map((p) => p.split("=", 2) as [string, string]));
    };
    const vm = await shown("vm", "voicemail config");
    assert.deepEqual(
      ["delay", "notify", "attach", "pin", "email"].map((k) => vm.get(k)),
      ["30", "1", "1", "***", "***"],
    );
    const rec = await shown("rec", "recording config");
    assert.deepEqual(
      ["active", "ondemand", "notify", "email"].map((k) => rec.get(k)),
      ["1", "0", "1", "***"],
    );
  });
});
