import assert from "node:assert/strict";
import { GatewayError, InvalidStateError } from "../../../provider/errors";
import { PartialStateError } from "../../../provider/errors";
import { MAX_REJECTED_REQUESTS } from "../../../provider/resources/sim/runner";
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

const ALL_REPORTED_OFF_ROAMING = {
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
};

describe("Sim create", () => {
  it("unused: activate, wait, then one query for the outputs", async () => {
    const h = harness();
    h.gw.addSim(ICCID);
    const r = await h.provider.create(checkedInputs({ imei: "351234567890123" }));
    assert.deepEqual(h.gw.commands(), ["queryiccid", "activate", "wait:activate", "queryiccid"]);
    assert.equal(r.id, ICCID);
    assert.deepEqual(h.gw.sim(ICCID).activatedWith, {
      iccid: ICCID,
      geoNumber: NUMBER,
      subscriber: SUBSCRIBER,
      imei: "351234567890123",
    });
    assert.deepEqual(r.outs, {
      iccid: ICCID,
      geoNumber: NUMBER,
      subscriber: SUBSCRIBER,
      imei: "351234567890123",
      suspended: false,
      deletionPolicy: "terminate",
      adopt: false,
      state: "active",
      imsi: "234200000000000",
      reportedServices: ALL_REPORTED_OFF_ROAMING,
      securityCodes: { pin: "0000", pin2: "2000", puk: "10000123", puk2: "20000456" },
      lastRequestId: "1000",
    });
    assertJsonSafe(r.outs);
    assert.deepEqual(h.progress, [
      `Sim ${ICCID}: waiting for activate request 1000 (60s, 1 check)`,
    ]);
  });

  it("unused, with services and suspension: activate, then reconcile in order", async () => {
    const h = harness();
    h.gw.addSim(ICCID);
    const r = await h.provider.create(
      checkedInputs({
        services: { intRoaming: true, internet: false, moVoice: true },
        suspended: true,
      }),
    );
    assert.deepEqual(h.gw.commands(), [
      "queryiccid",
      "activate",
      "wait:activate",
      "queryiccid",
      "addservice",
      "wait:addservice",
      "removeservice",
      "wait:removeservice",
      "suspend",
      "wait:suspend",
    ]);
    assert.deepEqual(h.gw.calls[4]!.services, ["int_roaming"]);
    assert.deepEqual(h.gw.calls[6]!.services, ["internet"]);
    assert.equal(r.outs?.state, "suspended");
    assert.equal(r.outs?.suspended, true);
    assert.deepEqual(r.outs?.services, { intRoaming: true, moVoice: true, internet: false });
    assert.equal(r.outs?.lastRequestId, "1003");
  });

  it("pending: waits for the activation in flight by polling queryiccid, sends nothing", async () => {
    const h = harness();
    h.gw.addSim(ICCID);
    await h.gw.queued("activate", (g) =>
      g.activate({ iccid: ICCID, geoNumber: NUMBER, subscriber: SUBSCRIBER }),
    );
    h.gw.sim(ICCID).pendingQueries = 3;
    const r = await h.provider.create(checkedInputs());
    assert.deepEqual(h.gw.commands(), ["queryiccid", "queryiccid", "queryiccid", "queryiccid"]);
    assert.equal(r.outs?.state, "active");
    assert.equal(r.outs?.lastRequestId, undefined);
    // The schedule from configuration: first interval, then growing.
    assert.deepEqual(h.gw.clock.sleeps, [60_000, 60_000, 120_000]);
    assert.equal(h.progress.length, 2);
    assert.match(h.progress[0]!, /activation already in flight .*60s, 1 check\)/);
  });

  it("active with the same number: takes it over, no activate (and no second query)", async () => {
    const h = harness();
    h.gw.addSim(ICCID, { state: "active", geoNumber: NUMBER });
    const r = await h.provider.create(checkedInputs());
    assert.deepEqual(h.gw.commands(), ["queryiccid"]);
    assert.equal(r.outs?.state, "active");
    assert.equal(r.outs?.securityCodes?.pin, "0000");
  });

  it("suspended with the same number: takes it over and reconciles the suspension", async () => {
    const h = harness();
    h.gw.addSim(ICCID, { state: "suspended", geoNumber: NUMBER });
    const r = await h.provider.create(checkedInputs({ services: { intCall: true } }));
    assert.deepEqual(h.gw.commands(), [
      "queryiccid",
      "unsuspend",
      "wait:unsuspend",
      "addservice",
      "wait:addservice",
    ]);
    assert.equal(r.outs?.state, "active");
    assert.deepEqual(r.outs?.services, { intCall: true });
  });

  it("suspended with the same number and suspended wanted: nothing sent", async () => {
    const h = harness();
    h.gw.addSim(ICCID, { state: "suspended", geoNumber: NUMBER });
    const r = await h.provider.create(checkedInputs({ suspended: true }));
    assert.deepEqual(h.gw.commands(), ["queryiccid"]);
    assert.equal(r.outs?.suspended, true);
  });

  for (const [what, geoNumber] of [
    ["another number", OTHER_NUMBER],
    ["no number", undefined],
  ] as const) {
    it(`active with ${what}, no adopt: refused, nothing sent, nothing recorded`, async () => {
      const h = harness();
      h.gw.addSim(ICCID, { state: "active", ...(geoNumber !== undefined && { geoNumber }) });
      const e = await rejection(h.provider.create(checkedInputs()));
      assert.ok(e instanceof InvalidStateError, String(e));
      assert.match(e.message, /adopt: true/);
      assert.match(e.message, new RegExp(ICCID));
      assert.equal("id" in e, false);
      assert.deepEqual(h.gw.commands(), ["queryiccid"]);
    });
  }

  it("active with another number and adopt: changegeo, then one query", async () => {
    const h = harness();
    h.gw.addSim(ICCID, { state: "active", geoNumber: OTHER_NUMBER });
    const r = await h.provider.create(checkedInputs({ adopt: true }));
    assert.deepEqual(h.gw.commands(), ["queryiccid", "changegeo", "queryiccid"]);
    assert.equal(h.gw.calls[1]!.geoNumber, OTHER_NUMBER);
    assert.equal(h.gw.calls[1]!.newGeoNumber, NUMBER);
    assert.equal(r.outs?.geoNumber, NUMBER);
    assert.equal(r.outs?.adopt, true);
  });

  it("active with no number and adopt: assigngeo", async () => {
    const h = harness();
    h.gw.addSim(ICCID, { state: "active" });
    const r = await h.provider.create(checkedInputs({ adopt: true }));
    assert.deepEqual(h.gw.commands(), ["queryiccid", "assigngeo", "queryiccid"]);
    assert.equal(h.gw.sim(ICCID).geoNumber, NUMBER);
    assert.equal(r.outs?.geoNumber, NUMBER);
  });

  it("terminated: a clear error, nothing sent", async () => {
    const h = harness();
    h.gw.addSim(ICCID, { state: "terminated" });
    const e = await rejection(h.provider.create(checkedInputs({ adopt: true })));
    assert.ok(e instanceof InvalidStateError);
    assert.match(e.message, /terminated.*cannot be undone.*another ICCID/);
    assert.deepEqual(h.gw.commands(), ["queryiccid"]);
  });

  it("a refused activate keeps its codes, names the SIM, and records nothing", async () => {
    const h = harness();
    h.gw.addSim(ICCID);
    h.gw.onSend("activate", { refuse: [63201, 65001] });
    const e = await rejection(h.provider.create(checkedInputs()));
    assert.ok(e instanceof GatewayError);
    assert.deepEqual(e.gatewayCodes, [63201, 65001]);
    assert.match(e.message, /activate.*ICCID 89441000000000000000.*63201 Invalid Landline number/);
    assert.deepEqual(h.gw.commands(), ["queryiccid", "activate"]);
  });

  it("an activation the network rejected is sent again after a query, within the run", async () => {
    const h = harness();
    h.gw.addSim(ICCID);
    h.gw.onWait("activate", { outcome: "failed" });
    await h.provider.create(checkedInputs());
    assert.equal(h.gw.sim(ICCID).state, "active");
    assert.deepEqual(h.gw.commands().slice(0, 7), [
      "queryiccid",
      "activate",
      "wait:activate",
      "queryiccid",
      "activate",
      "wait:activate",
      "queryiccid",
    ]);
  });

  it("rejected past the retries: the error names the request; nothing is recorded", async () => {
    const h = harness();
    h.gw.addSim(ICCID);
    for (let i = 0; i <= MAX_REJECTED_REQUESTS; i++) h.gw.onWait("activate", { outcome: "failed" });
    const e = await rejection(h.provider.create(checkedInputs()));
    assert.equal(e.name, "RequestFailedError");
    assert.match(e.message, /activate.*ICCID 89441000000000000000.*request/);
    assert.equal("id" in e, false);
    assert.equal(h.gw.sim(ICCID).state, "unused");
    assert.equal(h.gw.commands().filter((c) => c === "activate").length, MAX_REJECTED_REQUESTS + 1);
  });

  describe("lost answers: ask queryiccid and decide again, never resend blindly", () => {
    it("activate lost and not queued: still unused after aql:lostAnswerWindow, so activate once more", async () => {
      const h = harness();
      h.gw.addSim(ICCID);
      h.gw.onSend("activate", { lose: "not-queued" });
      const r = await h.provider.create(checkedInputs());
      // The window (default: first check delay + first interval = 120 s here), on the schedule.
      assert.deepEqual(h.gw.clock.sleeps, [60_000, 60_000]);
      assert.deepEqual(h.gw.commands(), [
        "queryiccid",
        "activate",
        "queryiccid",
        "queryiccid",
        "queryiccid",
        "activate",
        "wait:activate",
        "queryiccid",
      ]);
      assert.equal(r.outs?.state, "active");
    });

    it("activate lost but queued: pending, so wait for it without a second activate", async () => {
      const h = harness();
      h.gw.addSim(ICCID);
      h.gw.onSend("activate", { lose: "queued" });
      const r = await h.provider.create(checkedInputs());
      assert.deepEqual(h.gw.commands(), ["queryiccid", "activate", "queryiccid", "queryiccid"]);
      assert.equal(r.outs?.state, "active");
    });

    it("activate lost but already done: active, so take it over", async () => {
      const h = harness();
      h.gw.addSim(ICCID);
      h.gw.onSend("activate", { lose: "done" });
      const r = await h.provider.create(checkedInputs());
      assert.deepEqual(h.gw.commands(), ["queryiccid", "activate", "queryiccid"]);
      assert.equal(r.outs?.state, "active");
    });

    it("activate lost three times with the SIM still unused: gives up rather than a fourth", async () => {
      const h = harness();
      h.gw.addSim(ICCID);
      for (let i = 0; i < 3; i++) h.gw.onSend("activate", { lose: "not-queued" });
      const e = await rejection(h.provider.create(checkedInputs()));
      assert.match(e.message, /still unused after 3 activate requests/);
      assert.equal(h.gw.commands().filter((c) => c === "activate").length, 3);
    });

    it("addservice lost but queued: the query shows it done, nothing resent", async () => {
      const h = harness();
      h.gw.addSim(ICCID, { state: "active", geoNumber: NUMBER });
      h.gw.onSend("addservice", { lose: "queued" });
      const r = await h.provider.create(checkedInputs({ services: { intRoaming: true } }));
      assert.deepEqual(h.gw.commands(), ["queryiccid", "addservice", "queryiccid"]);
      assert.deepEqual(r.outs?.services, { intRoaming: true });
    });

    it("changegeo lost and not done: re-planned from the query and sent again", async () => {
      const h = harness();
      h.gw.addSim(ICCID, { state: "active", geoNumber: OTHER_NUMBER });
      h.gw.onSend("changegeo", { lose: "not-queued" });
      const r = await h.provider.create(checkedInputs({ adopt: true }));
      assert.deepEqual(h.gw.commands(), [
        "queryiccid",
        "changegeo",
        "queryiccid",
        "changegeo",
        "queryiccid",
      ]);
      assert.equal(r.outs?.geoNumber, NUMBER);
    });
  });

  describe("partial state", () => {
    it("past the deadline: rejects with id, properties (with __provider) and pendingRequest", async () => {
      const h = harness();
      h.gw.addSim(ICCID);
      h.gw.onWait("activate", { outcome: "deadline", pendingChecks: 3 });
      const e = await rejection(h.provider.create(checkedInputs()));
      assert.ok(e instanceof PartialStateError, String(e));
      assert.equal(e.id, ICCID);
      assert.equal(e.code, "DEADLINE_EXCEEDED");
      assert.deepEqual(e.reasons, [e.message]);
      assert.match(e.message, /activate.*still pending.*pulumi up again/);
      const p = e.properties;
      assert.equal(p["__provider"], PROVIDER);
      assert.deepEqual(p["pendingRequest"], {
        id: "1000",
        command: "activate",
        submittedAt: h.gw.clock.now(),
      });
      assert.equal(p["lastRequestId"], "1000");
      assert.equal(p["state"], "pending");
      assert.equal(p["iccid"], ICCID);
      assert.deepEqual(p["subscriber"], SUBSCRIBER);
      assertJsonSafe(p);
      assert.equal(h.progress.length, 3);
    });

    it("the next up resumes the pending activation: no second activate", async () => {
      const h = harness();
      h.gw.addSim(ICCID);
      h.gw.onWait("activate", { outcome: "deadline" });
      const e = await rejection(h.provider.create(checkedInputs()));
      assert.ok(e instanceof PartialStateError);
      h.gw.clearCalls();
      h.gw.clock.t += 2 * SCHEDULE.waitDeadline;

      const diff = await h.provider.diff(ICCID, e.properties, checkedInputs());
      assert.equal(diff.changes, true);
      const r = await h.provider.update(ICCID, e.properties, checkedInputs());
      assert.deepEqual(h.gw.commands(), ["wait:activate", "queryiccid"]);
      assert.equal(h.gw.calls[0]!.requestId, "1000");
      // A fresh deadline: as long again from now, not from when it was sent.
      assert.equal(h.gw.calls[0]!.deadlineMs, 3 * SCHEDULE.waitDeadline);
      assert.equal(r.outs?.state, "active");
      assert.equal(r.outs?.pendingRequest, undefined);
      assert.equal(r.outs?.lastRequestId, "1000");
    });

    it("past the deadline waiting for someone else's activation: partial, no pendingRequest", async () => {
      const h = harness();
      h.gw.addSim(ICCID);
      await h.gw.queued("activate", (g) =>
        g.activate({ iccid: ICCID, geoNumber: NUMBER, subscriber: SUBSCRIBER }),
      );
      h.gw.sim(ICCID).pendingQueries = 1000;
      const e = await rejection(h.provider.create(checkedInputs()));
      assert.ok(e instanceof PartialStateError);
      assert.equal(e.properties["state"], "pending");
      assert.equal(e.properties["pendingRequest"], undefined);
      assert.equal(e.properties["__provider"], PROVIDER);
      // The last check falls on the deadline itself.
      const waited = h.gw.clock.sleeps.reduce((a, b) => a + b, 0);
      assert.equal(waited, SCHEDULE.waitDeadline);
    });

    it("a gateway error after the activation: partial, keeping the error's codes", async () => {
      const h = harness();
      h.gw.addSim(ICCID);
      h.gw.onSend("addservice", { refuse: [63032] });
      const e = await rejection(h.provider.create(checkedInputs({ services: { intCall: true } })));
      assert.ok(e instanceof PartialStateError);
      assert.equal(e.code, "GATEWAY_ERROR");
      assert.ok(e.cause instanceof GatewayError);
      assert.match(e.message, /addservice.*ICCID 89441000000000000000.*63032 Service\(s\) not yet/);
      assert.equal(e.properties["state"], "active");
      // The gateway's value, so that the next diff sees the difference and retries.
      assert.deepEqual(e.properties["services"], { intCall: false });
      assert.equal(e.properties["pendingRequest"], undefined);
    });
  });
});
