// The engine prints a check failure as "property P value V has a problem", with V in clear
// even when the input is a secret. The providers' check (what the engine calls) therefore
// reports a failure on a secret input (the voicemail PIN, the Crisp password) without a
// property, the reason naming it; other properties keep theirs.

import assert from "node:assert/strict";
import { crispProvider } from "../../../provider/resources/crisp/runtime";
import { numberServiceProvider } from "../../../provider/resources/number-service/runtime";
import { voicemailSpec } from "../../../provider/resources/voicemail/inputs";
import { ICCID, NUMBER, PROVIDER, VasFakeGateway, fakeDeps } from "./helpers";

describe("provider check: failures on secret inputs never name the property's value", () => {
  it("Voicemail pin: no property, the reason names it; email keeps its property", async () => {
    const p = numberServiceProvider(voicemailSpec, fakeDeps(new VasFakeGateway()));
    const r = await p.check(
      {},
      { geoNumber: NUMBER, pin: "739", email: "x", __provider: PROVIDER },
    );
    assert.deepEqual(
      r.failures?.map((f) => [f.property, f.reason.split(":")[0]]),
      [
        ["", "pin"],
        ["email", "must be an email address"],
      ],
    );
    assert.ok(!JSON.stringify(r.failures).includes("739"));
  });

  it("Crisp password: no property, the reason names it", async () => {
    const p = crispProvider(fakeDeps(new VasFakeGateway()));
    const r = await p.check(
      {},
      {
        iccid: ICCID,
        geoNumber: NUMBER,
        mode: "new",
        email: "parent@example.com",
        password: "Zq9!x",
        parentSmsNumber: "447700900123",
        __provider: PROVIDER,
      },
    );
    assert.equal(r.failures?.length, 1);
    assert.equal(r.failures![0]!.property, "");
    assert.match(r.failures![0]!.reason, /^password: must be at least 6 characters/);
    assert.ok(!JSON.stringify(r.failures).includes("Zq9!x"));
  });
});
