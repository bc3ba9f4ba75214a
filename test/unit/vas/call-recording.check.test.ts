import assert from "node:assert/strict";
import { callRecordingSpec } from "../../../provider/resources/call-recording/inputs";
import {
  numberServiceCheck,
  numberServiceDiff,
} from "../../../provider/resources/number-service/runtime";
import { NUMBER, OTHER_NUMBER, PROVIDER, UNKNOWN, failedProperties } from "./helpers";

// CallRecording's check and diff, as its runtime provider builds them.
const checkCallRecording = numberServiceCheck(callRecordingSpec);
const diffCallRecording = numberServiceDiff(callRecordingSpec);

const raw = (over: Record<string, unknown> = {}) => ({
  geoNumber: "441133203040",
  active: true,
  onDemand: false,
  email: "recordings@example.com",
  notify: true,
  attach: true,
  __provider: PROVIDER,
  ...over,
});

/** [what, input overrides, the property the failure must name] */
const INVALID: [string, Record<string, unknown>, string][] = [
  ["geoNumber missing", { geoNumber: undefined }, "geoNumber"],
  ["geoNumber empty", { geoNumber: "" }, "geoNumber"],
  ["geoNumber too short", { geoNumber: "4411" }, "geoNumber"],
  ["geoNumber too long", { geoNumber: "4411332030401234567" }, "geoNumber"],
  ["active a string", { active: "true" }, "active"],
  ["active a number", { active: 1 }, "active"],
  ["onDemand null", { onDemand: null }, "onDemand"],
  ["email malformed", { email: "recordings@" }, "email"],
  ["email too long", { email: `${"a".repeat(250)}@example.com` }, "email"],
  ["notify a number", { notify: 0 }, "notify"],
  ["attach a string", { attach: "1" }, "attach"],
  ["attach without notify", { notify: undefined }, "attach"],
  ["attach with notify false", { notify: false }, "attach"],
  ["a voicemail setting", { pin: "1234" }, "pin"],
];

describe("CallRecording check", () => {
  for (const [what, over, property] of INVALID) {
    it(`refuses ${what}, naming ${property}`, () => {
      const r = checkCallRecording({}, raw(over));
      assert.deepEqual(failedProperties(r), [property]);
    });
  }

  it("accepts good inputs as they are", () => {
    const r = checkCallRecording({}, raw({ geoNumber: "+44 113 320 3040" }));
    assert.equal(r.failures, undefined);
    assert.equal(r.inputs!["geoNumber"], NUMBER);
    assert.equal(r.inputs!["onDemand"], false);
  });

  it("accepts attach: false without notify", () => {
    assert.equal(
      checkCallRecording({}, raw({ notify: undefined, attach: false })).failures,
      undefined,
    );
  });

  it("lets unknown values through", () => {
    const r = checkCallRecording({}, raw({ geoNumber: UNKNOWN, email: UNKNOWN }));
    assert.equal(r.failures, undefined);
    assert.equal(r.inputs!["email"], UNKNOWN);
  });
});

describe("CallRecording diff", () => {
  const olds = { ...raw(), geoNumber: NUMBER, __provider: "old" };

  it("ignores __provider", () => {
    assert.equal(diffCallRecording(olds, raw()).changes, false);
  });

  it("updates a changed flag, replaces a new number", () => {
    assert.deepEqual(diffCallRecording(olds, raw({ onDemand: true })), {
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    assert.deepEqual(diffCallRecording(olds, raw({ geoNumber: OTHER_NUMBER })).replaces, [
      "geoNumber",
    ]);
  });
});
