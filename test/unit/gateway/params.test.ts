import assert from "node:assert/strict";
import { ValidationError } from "../../../provider/errors";
import {
  formBody,
  prepareActivate,
  prepareChangeGeo,
  prepareCheckStatus,
  prepareCrisp,
  prepareQueryIccid,
  prepareRecordingConfig,
  prepareServices,
  prepareSimRef,
  prepareVasNumber,
  prepareVoicemailConfig,
  redactedForm,
} from "../../../provider/gateway/params";
import type { ActivateParams, CrispParams } from "../../../provider/gateway/api";

const ICCID = "8944110000000000001";
const GEO = "441133203040";

const activate: ActivateParams = {
  iccid: ICCID,
  geoNumber: GEO,
  subscriber: {
    name: "My Name",
    address: "11 15 Hunslet Road, Leeds",
    postcode: "LS101JQ",
    contactNumber: "441133203040",
  },
};

function refuses(fn: () => unknown, property: string, reason?: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ValidationError, `expected ValidationError, got ${String(err)}`);
    assert.equal(err.property, property);
    if (reason) assert.match(err.reason, reason);
    return true;
  });
}

describe("gateway parameters", () => {
  describe("normalise", () => {
    it("sends numbers as digits only", () => {
      const call = prepareSimRef("suspend", { iccid: ICCID, geoNumber: "+44 113 320 3040" });
      assert.deepEqual(call.fields, [
        ["iccid", ICCID],
        ["geo_nos", GEO],
      ]);
      assert.deepEqual(call.subject, { command: "suspend", iccid: ICCID, number: GEO });
    });

    it("upper-cases postcodes and trims names", () => {
      const call = prepareActivate({
        ...activate,
        subscriber: { ...activate.subscriber, name: "  Ann  ", postcode: "ls10 1jq" },
      });
      const fields = new Map(call.fields);
      assert.equal(fields.get("subname"), "Ann");
      assert.equal(fields.get("subpostcode"), "LS10 1JQ");
    });

    it("sends services once each, in the gateway's order, with empty values", () => {
      const call = prepareServices("addservice", {
        iccid: ICCID,
        geoNumber: GEO,
        services: ["internet", "int_roaming", "internet"],
      });
      assert.deepEqual(call.fields.slice(2), [
        ["service[int_roaming]", ""],
        ["service[internet]", ""],
      ]);
    });

    it("drops crisp password and parent number for actions that do not use them", () => {
      const call = prepareCrisp({
        iccid: ICCID,
        geoNumber: GEO,
        action: "disable",
        email: "kid@example.com",
        password: "whatever-secret",
        parentSmsNumber: "447700900123",
      });
      assert.deepEqual(call.fields, [
        ["iccid", ICCID],
        ["geo_nos", GEO],
        ["action", "disable"],
        ["crisp-email", "kid@example.com"],
      ]);
    });
  });

  describe("refuse, naming the property", () => {
    it("bad ICCIDs", () => {
      refuses(() => prepareQueryIccid("123"), "iccid", /18 to 22 digits/);
      refuses(() => prepareQueryIccid("89441100000000000x1"), "iccid");
      refuses(() => prepareSimRef("terminate", { iccid: "", geoNumber: GEO }), "iccid");
    });

    it("bad numbers", () => {
      refuses(() => prepareSimRef("assigngeo", { iccid: ICCID, geoNumber: "0113" }), "geoNumber");
      refuses(() => prepareVasNumber("vm", "info", "abc"), "geoNumber", /E\.164/);
      refuses(
        () => prepareChangeGeo({ iccid: ICCID, geoNumber: GEO, newGeoNumber: "12" }),
        "newGeoNumber",
      );
    });

    it("a changegeo to the same number", () => {
      refuses(
        () => prepareChangeGeo({ iccid: ICCID, geoNumber: GEO, newGeoNumber: "+44 113 320 3040" }),
        "newGeoNumber",
        /already has/,
      );
    });

    it("bad subscriber details and IMEI", () => {
      const sub = activate.subscriber;
      refuses(
        () => prepareActivate({ ...activate, subscriber: { ...sub, name: "" } }),
        "subscriber.name",
      );
      refuses(
        () => prepareActivate({ ...activate, subscriber: { ...sub, address: "a\nb" } }),
        "subscriber.address",
      );
      refuses(
        () => prepareActivate({ ...activate, subscriber: { ...sub, postcode: "12345" } }),
        "subscriber.postcode",
      );
      refuses(
        () => prepareActivate({ ...activate, subscriber: { ...sub, contactNumber: "x" } }),
        "subscriber.contactNumber",
      );
      refuses(() => prepareActivate({ ...activate, imei: "1234" }), "imei", /15 digits/);
    });

    it("missing parameters from untyped callers", () => {
      refuses(() => prepareActivate({ iccid: ICCID } as unknown as ActivateParams), "geoNumber");
    });

    it("no or unknown services", () => {
      refuses(
        () => prepareServices("addservice", { iccid: ICCID, geoNumber: GEO, services: [] }),
        "services",
        /at least one/,
      );
      refuses(
        () =>
          prepareServices("removeservice", {
            iccid: ICCID,
            geoNumber: GEO,
            services: ["premium" as "internet"],
          }),
        "services.0",
      );
    });

    it("a bad request id", () => {
      refuses(() => prepareCheckStatus(""), "id");
      refuses(() => prepareCheckStatus("1&command=terminate"), "id");
    });

    it("crisp enable-new without password or parent number, and bad values", () => {
      const base: CrispParams = {
        iccid: ICCID,
        geoNumber: GEO,
        action: "enable-new",
        email: "kid@example.com",
        password: "long-enough",
        parentSmsNumber: "447700900123",
      };
      const { password: _p, ...noPassword } = base;
      const { parentSmsNumber: _n, ...noParent } = base;
      refuses(() => prepareCrisp(noPassword), "password", /required for action enable-new/);
      refuses(() => prepareCrisp(noParent), "parentSmsNumber", /required/);
      refuses(() => prepareCrisp({ ...base, password: "short" }), "password");
      refuses(() => prepareCrisp({ ...base, email: "not-an-email" }), "email");
      refuses(() => prepareCrisp({ ...base, action: "pause" as "disable" }), "action");
    });

    it("bad voicemail settings", () => {
      refuses(() => prepareVoicemailConfig(GEO, { delaySeconds: 500 }), "delaySeconds");
      refuses(() => prepareVoicemailConfig(GEO, { delaySeconds: 1.5 }), "delaySeconds");
      refuses(() => prepareVoicemailConfig(GEO, { pin: "123" }), "pin", /four digits/);
      refuses(() => prepareVoicemailConfig(GEO, { email: "x@" }), "email");
      refuses(
        () => prepareVoicemailConfig(GEO, { notify: false, attach: true }),
        "attach",
        /notify/,
      );
    });

    it("bad recording settings", () => {
      refuses(() => prepareRecordingConfig(GEO, { email: "nope" }), "email");
      refuses(() => prepareRecordingConfig(GEO, { notify: false, attach: true }), "attach");
      refuses(() => prepareRecordingConfig(GEO, { active: "yes" as unknown as boolean }), "active");
    });
  });

  describe("form body", () => {
    it("puts credentials and command first and encodes as a form", () => {
      const call = prepareServices("addservice", {
        iccid: ICCID,
        geoNumber: GEO,
        services: ["int_roaming", "mo_sms"],
      });
      assert.equal(
        formBody({ username: "u", password: "p w&=" }, call),
        `username=u&password=p+w%26%3D&command=addservice&iccid=${ICCID}&geo_nos=${GEO}` +
          "&service%5Bint_roaming%5D=&service%5Bmo_sms%5D=",
      );
    });

    it("redacts the password, the crisp password and the voicemail pin for logs", () => {
      const crisp = prepareCrisp({
        iccid: ICCID,
        geoNumber: GEO,
        action: "enable-new",
        email: "kid@example.com",
        password: "crisp-secret",
        parentSmsNumber: "447700900123",
      });
      const text = redactedForm(crisp, "u");
      assert.ok(!text.includes("crisp-secret"));
      assert.match(text, /password=\*\*\*/);
      assert.match(text, /crisp-password=\*\*\*/);
      const vm = redactedForm(prepareVoicemailConfig(GEO, { pin: "4321" }), "u");
      assert.ok(!vm.includes("4321"));
    });
  });
});
