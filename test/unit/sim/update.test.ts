import assert from "node:assert/strict";
import { GatewayError } from "../../../provider/errors";
import { PartialStateError } from "../../../provider/errors";
import type { Harness } from "./helpers";
import {
  ICCID,
  NUMBER,
  OTHER_NUMBER,
  PROVIDER,
  SCHEDULE,
  SUBSCRIBER,
  assertJsonSafe,
  checkedInputs,
  harness,
  rejection,
} from "./helpers";

type Props = Record<string, unknown>;

/** A SIM created through the provider; olds are its outputs as the engine would pass them. */
async function created(h: Harness, inputs: Props = {}): Promise<Props> {
  h.gw.addSim(ICCID);
  const r = await h.provider.create(checkedInputs(inputs));
  h.gw.clearCalls();
  h.progress.length = 0;
  return { ...r.outs, __provider: PROVIDER };
}

describe("Sim update", () => {
  describe("minimal calls", () => {
    it("nothing changed: nothing sent at all", async () => {
      const h = harness();
      const olds = await created(h);
      const r = await h.provider.update(ICCID, olds, checkedInputs());
      assert.deepEqual(h.gw.calls, []);
      const { __provider: _p, ...expected } = olds;
      assert.deepEqual(r.outs, expected);
    });

    it("deletionPolicy and adopt changes send nothing", async () => {
      const h = harness();
      const olds = await created(h);
      const r = await h.provider.update(
        ICCID,
        olds,
        checkedInputs({ deletionPolicy: "retain", adopt: true }),
      );
      assert.deepEqual(h.gw.calls, []);
      assert.equal(r.outs?.deletionPolicy, "retain");
      assert.equal(r.outs?.adopt, true);
    });

    it("suspended to suspended with no other change sends nothing", async () => {
      const h = harness();
      const olds = await created(h, { suspended: true });
      await h.provider.update(ICCID, olds, checkedInputs({ suspended: true }));
      assert.deepEqual(h.gw.calls, []);
    });

    it("a newly managed service already as wanted sends nothing", async () => {
      const h = harness();
      const olds = await created(h);
      const r = await h.provider.update(
        ICCID,
        olds,
        checkedInputs({ services: { internet: true } }),
      );
      assert.deepEqual(h.gw.calls, []);
      assert.deepEqual(r.outs?.services, { internet: true });
    });
  });

  it("number change: changegeo, then one query", async () => {
    const h = harness();
    const olds = await created(h);
    const r = await h.provider.update(ICCID, olds, checkedInputs({ geoNumber: OTHER_NUMBER }));
    assert.deepEqual(h.gw.commands(), ["changegeo", "queryiccid"]);
    assert.deepEqual(
      { from: h.gw.calls[0]!.geoNumber, to: h.gw.calls[0]!.newGeoNumber },
      { from: NUMBER, to: OTHER_NUMBER },
    );
    assert.equal(r.outs?.geoNumber, OTHER_NUMBER);
  });

  it("suspend: suspend, wait; nothing more to ask", async () => {
    const h = harness();
    const olds = await created(h);
    const r = await h.provider.update(ICCID, olds, checkedInputs({ suspended: true }));
    assert.deepEqual(h.gw.commands(), ["suspend", "wait:suspend"]);
    assert.equal(r.outs?.state, "suspended");
    assert.equal(r.outs?.suspended, true);
    assert.equal(r.outs?.lastRequestId, "1001");
    assert.deepEqual(h.progress, [`Sim ${ICCID}: waiting for suspend request 1001 (60s, 1 check)`]);
  });

  it("services on a SIM that stays suspended: unsuspend, change, suspend", async () => {
    const h = harness();
    const olds = await created(h, { suspended: true });
    const r = await h.provider.update(
      ICCID,
      olds,
      checkedInputs({ suspended: true, services: { intRoaming: true, intCall: true } }),
    );
    assert.deepEqual(h.gw.commands(), [
      "unsuspend",
      "wait:unsuspend",
      "addservice",
      "wait:addservice",
      "suspend",
      "wait:suspend",
    ]);
    assert.deepEqual(h.gw.calls[2]!.services, ["int_roaming", "int_call"]);
    // Every two-step command carries the SIM's number.
    for (const c of h.gw.calls.filter((c) => c.command !== "wait" && c.command !== "queryiccid")) {
      assert.equal(c.geoNumber, NUMBER);
    }
    assert.equal(r.outs?.state, "suspended");
  });

  it("number and services together: the number first, then services with the new number", async () => {
    const h = harness();
    const olds = await created(h);
    await h.provider.update(
      ICCID,
      olds,
      checkedInputs({ geoNumber: OTHER_NUMBER, services: { internet: false } }),
    );
    assert.deepEqual(h.gw.commands(), [
      "changegeo",
      "removeservice",
      "wait:removeservice",
      "queryiccid",
    ]);
    assert.equal(h.gw.calls[1]!.geoNumber, OTHER_NUMBER);
  });

  it("drift found by refresh is corrected: the olds hold the gateway's values", async () => {
    const h = harness();
    const before = await created(h);
    // Someone suspended the SIM and changed its number behind our back; refresh saw it.
    Object.assign(h.gw.sim(ICCID), { state: "suspended", geoNumber: OTHER_NUMBER });
    const refreshed = await h.provider.read(ICCID, before);
    h.gw.clearCalls();
    const olds = { ...refreshed.props, __provider: PROVIDER };
    const d = await h.provider.diff(ICCID, olds, checkedInputs());
    assert.equal(d.changes, true);
    const r = await h.provider.update(ICCID, olds, checkedInputs());
    assert.deepEqual(h.gw.commands(), ["changegeo", "unsuspend", "wait:unsuspend", "queryiccid"]);
    assert.equal(r.outs?.geoNumber, NUMBER);
    assert.equal(r.outs?.state, "active");
  });

  it("drift not refreshed: a step refused as stale makes it ask once and plan again", async () => {
    const h = harness();
    const olds = await created(h);
    // Suspended behind our back, no refresh: the olds still say active.
    h.gw.sim(ICCID).state = "suspended";
    const r = await h.provider.update(ICCID, olds, checkedInputs({ services: { intCall: true } }));
    assert.deepEqual(h.gw.commands(), [
      "addservice",
      "queryiccid",
      "unsuspend",
      "wait:unsuspend",
      "addservice",
      "wait:addservice",
    ]);
    assert.equal(r.outs?.state, "active");
    assert.deepEqual(r.outs?.services, { intCall: true });
  });

  it("a stale-state refusal after a fresh query is not retried", async () => {
    const h = harness();
    const olds = await created(h);
    h.gw.sim(ICCID).state = "suspended";
    h.gw.onSend("unsuspend", { refuse: [63026] });
    const e = await rejection(
      h.provider.update(ICCID, olds, checkedInputs({ services: { intCall: true } })),
    );
    assert.ok(e instanceof GatewayError);
    assert.match(e.message, /unsuspend.*63026/);
    assert.deepEqual(h.gw.commands(), ["addservice", "queryiccid", "unsuspend"]);
  });

  describe("resuming a pending request", () => {
    async function leftPending(h: Harness, inputs: Props): Promise<PartialStateError> {
      const olds = await created(h);
      h.gw.onWait("suspend", { outcome: "deadline" });
      const e = await rejection(h.provider.update(ICCID, olds, checkedInputs(inputs)));
      assert.ok(e instanceof PartialStateError, String(e));
      h.gw.clearCalls();
      return e;
    }

    it("past the deadline: partial state with pendingRequest and __provider", async () => {
      const h = harness();
      const e = await leftPending(h, { suspended: true });
      assert.equal(e.id, ICCID);
      assert.deepEqual(e.properties["pendingRequest"], {
        id: "1001",
        command: "suspend",
        submittedAt: h.gw.clock.now(),
      });
      assert.equal(e.properties["__provider"], PROVIDER);
      assert.equal(e.properties["suspended"], false);
      assertJsonSafe(e.properties);
    });

    it("the next update waits for it instead of sending a new one", async () => {
      const h = harness();
      const e = await leftPending(h, { suspended: true });
      const r = await h.provider.update(ICCID, e.properties, checkedInputs({ suspended: true }));
      assert.deepEqual(h.gw.commands(), ["wait:suspend", "queryiccid"]);
      assert.equal(h.gw.calls[0]!.requestId, "1001");
      assert.equal(h.gw.calls[0]!.deadlineMs, SCHEDULE.waitDeadline);
      assert.equal(r.outs?.state, "suspended");
      assert.equal(r.outs?.pendingRequest, undefined);
    });

    it("then carries on with what is left", async () => {
      const h = harness();
      const e = await leftPending(h, { suspended: true, geoNumber: OTHER_NUMBER });
      // changegeo went through before the suspend timed out: the partial state says so.
      assert.equal(e.properties["geoNumber"], OTHER_NUMBER);
      const r = await h.provider.update(
        ICCID,
        e.properties,
        checkedInputs({ suspended: true, geoNumber: OTHER_NUMBER, services: { intCall: true } }),
      );
      assert.deepEqual(h.gw.commands(), [
        "wait:suspend",
        "queryiccid",
        "unsuspend",
        "wait:unsuspend",
        "addservice",
        "wait:addservice",
        "suspend",
        "wait:suspend",
      ]);
      assert.equal(r.outs?.state, "suspended");
    });

    it("still pending: partial state again, keeping the same request", async () => {
      const h = harness();
      const e = await leftPending(h, { suspended: true });
      h.gw.onWait("suspend", { outcome: "deadline" });
      const e2 = await rejection(
        h.provider.update(ICCID, e.properties, checkedInputs({ suspended: true })),
      );
      assert.ok(e2 instanceof PartialStateError);
      assert.deepEqual(e2.properties["pendingRequest"], e.properties["pendingRequest"]);
      assert.deepEqual(h.gw.commands(), ["wait:suspend"]);
    });

    it("failed: partial state without it, so the next run plans afresh", async () => {
      const h = harness();
      const e = await leftPending(h, { suspended: true });
      h.gw.onWait("suspend", { outcome: "failed" });
      const e2 = await rejection(
        h.provider.update(ICCID, e.properties, checkedInputs({ suspended: true })),
      );
      assert.ok(e2 instanceof PartialStateError);
      assert.equal(e2.code, "REQUEST_FAILED");
      assert.equal(e2.properties["pendingRequest"], undefined);
      assert.equal(e2.properties["state"], "active");
      const d = await h.provider.diff(ICCID, e2.properties, checkedInputs({ suspended: true }));
      assert.equal(d.changes, true);
    });
  });

  it("a refused first step: the plain error, state unchanged (nothing happened)", async () => {
    const h = harness();
    const olds = await created(h);
    h.gw.onSend("changegeo", { refuse: [63204] });
    const e = await rejection(
      h.provider.update(ICCID, olds, checkedInputs({ geoNumber: OTHER_NUMBER })),
    );
    assert.ok(e instanceof GatewayError);
    assert.match(e.message, /changegeo.*63204 Landline already in use/);
    assert.equal("id" in e, false);
  });

  it("a refused later step: partial state recording the steps that went through", async () => {
    const h = harness();
    const olds = await created(h);
    h.gw.onSend("addservice", { refuse: [63032] });
    const e = await rejection(
      h.provider.update(
        ICCID,
        olds,
        checkedInputs({ geoNumber: OTHER_NUMBER, services: { intRoaming: true } }),
      ),
    );
    assert.ok(e instanceof PartialStateError);
    assert.equal(e.properties["geoNumber"], OTHER_NUMBER);
    assert.deepEqual(e.properties["services"], { intRoaming: false });
    assert.match(e.message, /63032/);
  });

  it("a lost suspend answer: ask, and find it done", async () => {
    const h = harness();
    const olds = await created(h);
    h.gw.onSend("suspend", { lose: "done" });
    const r = await h.provider.update(ICCID, olds, checkedInputs({ suspended: true }));
    assert.deepEqual(h.gw.commands(), ["suspend", "queryiccid"]);
    assert.equal(r.outs?.state, "suspended");
  });

  it("a SIM left pending with no request id: ask, wait for it, then reconcile", async () => {
    const h = harness();
    h.gw.addSim(ICCID);
    await h.gw.queued("activate", (g) =>
      g.activate({ iccid: ICCID, geoNumber: NUMBER, subscriber: SUBSCRIBER }),
    );
    h.gw.sim(ICCID).pendingQueries = 1;
    const olds = { ...checkedInputs(), state: "pending" };
    const r = await h.provider.update(ICCID, olds, checkedInputs({ services: { intCall: true } }));
    assert.deepEqual(h.gw.commands(), [
      "queryiccid",
      "queryiccid",
      "addservice",
      "wait:addservice",
    ]);
    assert.equal(r.outs?.state, "active");
  });

  it("olds without the reported flags (an older state): ask before planning", async () => {
    const h = harness();
    const olds = await created(h);
    delete olds["reportedServices"];
    await h.provider.update(ICCID, olds, checkedInputs());
    assert.deepEqual(h.gw.commands(), ["queryiccid"]);
  });
});
