import assert from "node:assert/strict";
import { InvalidStateError } from "../../../provider/errors";
import { validateInputs } from "../../../provider/resources/dynamic/check";
import { simFields } from "../../../provider/resources/sim/inputs";
import { ICCID, NUMBER, checkedInputs, harness } from "./helpers";

const withoutSubscriber = (over: Record<string, unknown> = {}) => {
  const { subscriber: _s, ...rest } = checkedInputs(over);
  return rest;
};

describe("Sim without a subscriber", () => {
  it("is valid input: the subscriber is needed only to activate", () => {
    const v = validateInputs(simFields, withoutSubscriber());
    assert.deepEqual(v.failures, []);
    assert.equal(v.values.subscriber, undefined);
  });

  it("takes over an active SIM with the same number: one queryiccid, nothing else", async () => {
    const h = harness();
    h.gw.addSim(ICCID, { state: "active", geoNumber: NUMBER });
    const r = await h.provider.create(withoutSubscriber());
    assert.deepEqual(h.gw.commands(), ["queryiccid"]);
    assert.equal(r.outs?.state, "active");
    assert.equal("subscriber" in (r.outs ?? {}), false);
  });

  it("refuses an unused SIM, saying the subscriber is needed to activate, sending nothing", async () => {
    const h = harness();
    h.gw.addSim(ICCID);
    await assert.rejects(h.provider.create(withoutSubscriber()), (e: unknown) => {
      assert.ok(e instanceof InvalidStateError, String(e));
      assert.match(
        e.message,
        new RegExp(`ICCID ${ICCID}: is unused, and activating it needs the subscriber`),
      );
      assert.match(e.message, /nothing was sent/);
      return true;
    });
    assert.deepEqual(h.gw.commands(), ["queryiccid"]);
  });
});
