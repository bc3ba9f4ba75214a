import assert from "node:assert/strict";
import { DeadlineError, GatewayError, TerminationGuardError } from "../../../provider/errors";
import type { Harness } from "./helpers";
import {
  ICCID,
  ICCID2,
  NUMBER,
  OTHER_NUMBER,
  PROVIDER,
  SUBSCRIBER,
  assertJsonSafe,
  checkedInputs,
  harness,
  rejection,
} from "./helpers";

type Props = Record<string, unknown>;

async function created(h: Harness, inputs: Props = {}, iccid = ICCID): Promise<Props> {
  h.gw.addSim(iccid);
  const r = await h.provider.create(checkedInputs({ iccid, ...inputs }));
  h.gw.clearCalls();
  return { ...r.outs, __provider: PROVIDER };
}

describe("Sim delete", () => {
  it("retain: nothing sent", async () => {
    const h = harness();
    const props = await created(h, { deletionPolicy: "retain" });
    await h.provider.delete(ICCID, props);
    assert.deepEqual(h.gw.calls, []);
    assert.equal(h.gw.sim(ICCID).state, "active");
  });

  describe("suspend", () => {
    it("an active SIM: suspend and wait", async () => {
      const h = harness();
      const props = await created(h, { deletionPolicy: "suspend" });
      await h.provider.delete(ICCID, props);
      assert.deepEqual(h.gw.commands(), ["queryiccid", "suspend", "wait:suspend"]);
      assert.equal(h.gw.calls[1]!.geoNumber, NUMBER);
      assert.equal(h.gw.sim(ICCID).state, "suspended");
      assert.equal(h.terminations.taken, 0);
    });

    for (const state of ["suspended", "terminated", "unused"] as const) {
      it(`a ${state} SIM: nothing to do`, async () => {
        const h = harness();
        const props = await created(h, { deletionPolicy: "suspend" });
        h.gw.sim(ICCID).state = state;
        await h.provider.delete(ICCID, props);
        assert.deepEqual(h.gw.commands(), ["queryiccid"]);
      });
    }
  });

  describe("terminate", () => {
    it("an active SIM: takes a slot, terminates with its number, waits", async () => {
      const h = harness();
      const props = await created(h);
      await h.provider.delete(ICCID, props);
      assert.deepEqual(h.gw.commands(), ["queryiccid", "terminate", "wait:terminate"]);
      assert.equal(h.gw.calls[1]!.geoNumber, NUMBER);
      assert.equal(h.gw.sim(ICCID).state, "terminated");
      assert.equal(h.terminations.taken, 1);
    });

    it("is the default when the state has no deletionPolicy", async () => {
      const h = harness();
      const props = await created(h);
      delete props["deletionPolicy"];
      await h.provider.delete(ICCID, props);
      assert.equal(h.gw.sim(ICCID).state, "terminated");
    });

    it("sends the number the gateway reports, not a stale one", async () => {
      const h = harness();
      const props = await created(h);
      h.gw.sim(ICCID).geoNumber = OTHER_NUMBER;
      await h.provider.delete(ICCID, props);
      assert.equal(h.gw.calls[1]!.geoNumber, OTHER_NUMBER);
    });

    it("a suspended SIM is terminated too", async () => {
      const h = harness();
      const props = await created(h, { suspended: true });
      await h.provider.delete(ICCID, props);
      assert.equal(h.gw.sim(ICCID).state, "terminated");
    });

    it("already terminated: done, no call, the slot given back", async () => {
      const h = harness();
      const props = await created(h);
      h.gw.sim(ICCID).state = "terminated";
      await h.provider.delete(ICCID, props);
      assert.deepEqual(h.gw.commands(), ["queryiccid"]);
      assert.equal(h.terminations.taken, 0);
    });

    it("unused: nothing to terminate, the slot given back", async () => {
      const h = harness();
      h.gw.addSim(ICCID);
      await h.provider.delete(ICCID, { ...checkedInputs(), state: "unused" });
      assert.deepEqual(h.gw.commands(), ["queryiccid"]);
      assert.equal(h.terminations.taken, 0);
    });

    it("the guard: beyond aql:maxTerminationsPerRun, refused before the terminate is sent", async () => {
      const h = harness({ maxTerminations: 1 });
      const a = await created(h);
      const b = await created(h, {}, ICCID2);
      await h.provider.delete(ICCID, a);
      h.gw.clearCalls();
      const e = await rejection(h.provider.delete(ICCID2, b));
      assert.ok(e instanceof TerminationGuardError);
      assert.equal(e.code, "TERMINATION_GUARD");
      assert.match(e.message, new RegExp(`${ICCID2}.*pulumi config set aql:maxTerminationsPerRun`));
      assert.match(e.message, /pulumi destroy --run-program/);
      assert.deepEqual(h.gw.commands(), ["queryiccid"]);
      assert.equal(h.gw.sim(ICCID2).state, "active");
    });

    it("the guard: a SIM already terminated or unused holds no slot", async () => {
      const h = harness({ maxTerminations: 1 });
      const gone = await created(h);
      const live = await created(h, {}, ICCID2);
      h.gw.sim(ICCID).state = "terminated";
      // In parallel, as a destroy runs them: the terminated SIM's delete starts first.
      await Promise.all([h.provider.delete(ICCID, gone), h.provider.delete(ICCID2, live)]);
      assert.equal(h.terminations.taken, 1);
      assert.equal(h.gw.sim(ICCID2).state, "terminated");
      assert.equal(h.gw.commands().filter((c) => c === "terminate").length, 1);
    });

    it("the guard: one slot per SIM, even when its terminate is resent after a lost answer", async () => {
      const h = harness({ maxTerminations: 1 });
      const props = await created(h);
      h.gw.onSend("terminate", { lose: "not-queued" });
      await h.provider.delete(ICCID, props);
      assert.equal(h.terminations.taken, 1);
      assert.equal(h.gw.sim(ICCID).state, "terminated");
    });

    it("the guard at 0 refuses every termination, but not retain or suspend", async () => {
      const h = harness({ maxTerminations: 0 });
      const props = await created(h);
      assert.ok(
        (await rejection(h.provider.delete(ICCID, props))) instanceof TerminationGuardError,
      );
      await h.provider.delete(ICCID, { ...props, deletionPolicy: "suspend" });
      await h.provider.delete(ICCID, { ...props, deletionPolicy: "retain" });
      assert.equal(h.gw.sim(ICCID).state, "suspended");
    });

    it("a refusal keeps the gateway's codes and the SIM, and gives the slot back", async () => {
      const h = harness();
      const props = await created(h);
      h.gw.onSend("terminate", { refuse: [63033] });
      const e = await rejection(h.provider.delete(ICCID, props));
      assert.ok(e instanceof GatewayError);
      assert.match(e.message, /terminate, ICCID 89441000000000000000.*63033 Request rejected/);
      assert.equal(h.terminations.taken, 0);
    });

    it("a lost answer: ask, find it terminated, done (the slot counts)", async () => {
      const h = harness();
      const props = await created(h);
      h.gw.onSend("terminate", { lose: "done" });
      await h.provider.delete(ICCID, props);
      assert.deepEqual(h.gw.commands(), ["queryiccid", "terminate", "queryiccid"]);
      assert.equal(h.terminations.taken, 1);
    });

    it("past the deadline: fails (the SIM stays in the stack), the slot counts", async () => {
      const h = harness();
      const props = await created(h);
      h.gw.onWait("terminate", { outcome: "deadline" });
      const e = await rejection(h.provider.delete(ICCID, props));
      assert.ok(e instanceof DeadlineError);
      assert.equal(h.terminations.taken, 1);
    });

    it("an activation still in flight: waits for it (resuming the known request), then terminates", async () => {
      const h = harness();
      h.gw.addSim(ICCID);
      h.gw.onWait("activate", { outcome: "deadline" });
      const partial = await rejection(h.provider.create(checkedInputs()));
      const props = (partial as unknown as { properties: Props }).properties;
      h.gw.clearCalls();
      await h.provider.delete(ICCID, props);
      assert.deepEqual(h.gw.commands(), [
        "queryiccid",
        "wait:activate",
        "queryiccid",
        "terminate",
        "wait:terminate",
      ]);
      assert.equal(h.gw.sim(ICCID).state, "terminated");
    });
  });
});

describe("Sim read (refresh)", () => {
  it("reports the gateway's state, with the inputs as the gateway reports them", async () => {
    const h = harness();
    const props = await created(h, {
      services: { internet: true, intRoaming: false },
      imei: "351234567890123",
      deletionPolicy: "suspend",
    });
    const r = await h.provider.read(ICCID, props);
    assert.deepEqual(h.gw.commands(), ["queryiccid"]);
    assert.equal(r.id, ICCID);
    const { __provider: _p, ...expected } = props;
    assert.deepEqual(r.props, expected);
    assertJsonSafe(r.props);
    // Nothing drifted: the inputs are the program's (as check normalised them).
    const { __provider: _q, ...inputs } = checkedInputs({
      services: { internet: true, intRoaming: false },
      imei: "351234567890123",
      deletionPolicy: "suspend",
    });
    assert.deepEqual(r.inputs, inputs);
    assertJsonSafe(r.inputs);
  });

  it("shows drift in state, number and services", async () => {
    const h = harness();
    const props = await created(h, { services: { internet: true, intRoaming: false } });
    Object.assign(h.gw.sim(ICCID), { state: "suspended", geoNumber: OTHER_NUMBER });
    h.gw.sim(ICCID).services.int_roaming = true;
    h.gw.sim(ICCID).services.video = true;
    const r = await h.provider.read(ICCID, props);
    const p = r.props as Props;
    assert.equal(p["state"], "suspended");
    assert.equal(p["suspended"], true);
    assert.equal(p["geoNumber"], OTHER_NUMBER);
    assert.deepEqual(p["services"], { internet: true, intRoaming: true });
    assert.equal((p["reportedServices"] as Props)["video"], true);
    assert.deepEqual(p["subscriber"], SUBSCRIBER);
    assert.equal(p["deletionPolicy"], "terminate");
    // The inputs show the same drift, so that the next preview's diff names it.
    const i = r.inputs as Props;
    assert.equal(i["suspended"], true);
    assert.equal(i["geoNumber"], OTHER_NUMBER);
    assert.deepEqual(i["services"], { internet: true, intRoaming: true });
    assert.equal(i["state"], undefined, "outputs only stay out of the inputs");
  });

  it("a terminated SIM leaves the stack: an empty id", async () => {
    const h = harness();
    const props = await created(h);
    h.gw.sim(ICCID).state = "terminated";
    const r = await h.provider.read(ICCID, props);
    assert.equal(r.id, "");
    assert.deepEqual(r.props, {});
  });

  it("a SIM still pending keeps its pending request for the next up", async () => {
    const h = harness();
    h.gw.addSim(ICCID);
    h.gw.onWait("activate", { outcome: "deadline" });
    const partial = await rejection(h.provider.create(checkedInputs()));
    const props = (partial as unknown as { properties: Props }).properties;
    h.gw.clearCalls();
    const r = await h.provider.read(ICCID, props);
    const p = r.props as Props;
    assert.equal(r.id, ICCID);
    assert.equal(p["state"], "pending");
    assert.deepEqual(p["pendingRequest"], props["pendingRequest"]);
    assert.equal(p["securityCodes"], undefined);
    assertJsonSafe(p);
  });
});
