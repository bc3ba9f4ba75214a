import assert from "node:assert/strict";
import {
  numberServiceCheck,
  numberServiceDiff,
} from "../../../provider/resources/number-service/runtime";
import { voicemailSpec } from "../../../provider/resources/voicemail/inputs";
import { NUMBER, OTHER_NUMBER, PROVIDER, UNKNOWN, failedProperties } from "./helpers";

// Voicemail's check and diff, as its runtime provider builds them.
const checkVoicemail = numberServiceCheck(voicemailSpec);
const diffVoicemail = numberServiceDiff(voicemailSpec);

const raw = (over: Record<string, unknown> = {}) => ({
  geoNumber: "+44 113 320 3040",
  delaySeconds: 20,
  pin: "1234",
  email: "alice@example.com",
  notify: true,
  attach: true,
  __provider: PROVIDER,
  ...over,
});

/** [what, input overrides, the property the failure must name] */
const INVALID: [string, Record<string, unknown>, string][] = [
  ["geoNumber missing", { geoNumber: undefined }, "geoNumber"],
  ["geoNumber with letters", { geoNumber: "44113CALLME" }, "geoNumber"],
  ["geoNumber a number", { geoNumber: 441133203040 }, "geoNumber"],
  ["geoNumber with a leading 0", { geoNumber: "01133203040" }, "geoNumber"],
  ["delaySeconds negative", { delaySeconds: -1 }, "delaySeconds"],
  ["delaySeconds over 120", { delaySeconds: 121 }, "delaySeconds"],
  ["delaySeconds fractional", { delaySeconds: 1.5 }, "delaySeconds"],
  ["delaySeconds a string", { delaySeconds: "20" }, "delaySeconds"],
  ["pin three digits", { pin: "123" }, "pin"],
  ["pin five digits", { pin: "12345" }, "pin"],
  ["pin with letters", { pin: "12a4" }, "pin"],
  ["pin a number", { pin: 1234 }, "pin"],
  ["email without @", { email: "alice.example.com" }, "email"],
  ["email empty", { email: "" }, "email"],
  ["notify a string", { notify: "yes" }, "notify"],
  ["attach a number", { attach: 1 }, "attach"],
  ["attach without notify", { notify: undefined }, "attach"],
  ["attach with notify false", { notify: false }, "attach"],
  ["a property it does not have", { delay: 20 }, "delay"],
];

describe("Voicemail check", () => {
  for (const [what, over, property] of INVALID) {
    it(`refuses ${what}, naming ${property}`, () => {
      const r = checkVoicemail({}, raw(over));
      assert.deepEqual(failedProperties(r), [property]);
      assert.ok(r.failures![0]!.reason.length > 5, "the reason says what is expected");
    });
  }

  it("says what a wrong type should be", () => {
    const r = checkVoicemail({}, raw({ notify: "yes", delaySeconds: "20", geoNumber: undefined }));
    const reasons = Object.fromEntries(r.failures!.map((f) => [f.property, f.reason]));
    assert.equal(reasons["notify"], "must be true or false");
    assert.match(reasons["delaySeconds"]!, /whole number of seconds/);
    assert.equal(reasons["geoNumber"], "is required");
  });

  it("reports every bad property at once", () => {
    const r = checkVoicemail({}, raw({ pin: "1", email: "x", delaySeconds: 500 }));
    assert.deepEqual(failedProperties(r).sort(), ["delaySeconds", "email", "pin"]);
  });

  it("normalises the number to digits and keeps __provider", () => {
    const r = checkVoicemail({}, raw());
    assert.equal(r.failures, undefined);
    assert.deepEqual(r.inputs, {
      geoNumber: NUMBER,
      delaySeconds: 20,
      pin: "1234",
      email: "alice@example.com",
      notify: true,
      attach: true,
      __provider: PROVIDER,
    });
  });

  it("accepts the number alone (every setting is optional)", () => {
    const r = checkVoicemail({}, { geoNumber: NUMBER, __provider: PROVIDER });
    assert.equal(r.failures, undefined);
    assert.deepEqual(r.inputs, { geoNumber: NUMBER, __provider: PROVIDER });
  });

  it("lets values unknown at preview through, untouched", () => {
    const r = checkVoicemail({}, raw({ geoNumber: UNKNOWN, pin: UNKNOWN }));
    assert.equal(r.failures, undefined);
    assert.equal(r.inputs!["geoNumber"], UNKNOWN);
    assert.equal(r.inputs!["pin"], UNKNOWN);
  });

  it("does not judge attach while notify is unknown", () => {
    const r = checkVoicemail({}, raw({ notify: UNKNOWN }));
    assert.equal(r.failures, undefined);
  });

  it("does not pile an attach failure on a bad notify", () => {
    const r = checkVoicemail({}, raw({ notify: "yes" }));
    assert.deepEqual(failedProperties(r), ["notify"]);
  });
});

describe("Voicemail diff", () => {
  const olds = {
    geoNumber: NUMBER,
    delaySeconds: 20,
    pin: "1234",
    email: "alice@example.com",
    notify: true,
    attach: true,
    __provider: "old provider",
  };
  const news = (over: Record<string, unknown> = {}) => ({ ...olds, __provider: PROVIDER, ...over });

  it("sees no change when only __provider differs", () => {
    assert.deepEqual(diffVoicemail(olds, news()), {
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("updates in place for a changed setting", () => {
    const d = diffVoicemail(olds, news({ delaySeconds: 30 }));
    assert.equal(d.changes, true);
    assert.deepEqual(d.replaces, []);
  });

  it("replaces for a new number, creating the new one first", () => {
    const d = diffVoicemail(olds, news({ geoNumber: OTHER_NUMBER }));
    assert.deepEqual(d.replaces, ["geoNumber"]);
    assert.equal(d.deleteBeforeReplace, false);
  });

  it("treats a setting left out of the program as unmanaged", () => {
    const { pin: _pin, delaySeconds: _d, ...rest } = news();
    assert.equal(diffVoicemail(olds, rest).changes, false);
  });

  it("reports a value unknown at preview as a change (a replace for the number)", () => {
    assert.equal(diffVoicemail(olds, news({ pin: UNKNOWN })).changes, true);
    assert.deepEqual(diffVoicemail(olds, news({ geoNumber: UNKNOWN })).replaces, ["geoNumber"]);
  });

  it("sees drift found by refresh as a change to put back", () => {
    const refreshed = { ...olds, notify: false };
    assert.equal(diffVoicemail(refreshed, news()).changes, true);
  });
});
