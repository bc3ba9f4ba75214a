// A request whose answer was lost may still be in flight when the Sim asks queryiccid, which
// cannot show it: the resend is then refused with 63026 (one request per SIM at a time). The
// Sim waits for it on the polling schedule, asks again and plans again; without a lost answer
// (or a SIM found in use by create), 63026 stays a final answer.

import assert from "node:assert/strict";
import { DeadlineError, GatewayError } from "../../../provider/errors";
import { PartialStateError } from "../../../provider/errors";
import { ICCID, NUMBER, PROVIDER, SCHEDULE, checkedInputs, harness, rejection } from "./helpers";

describe("Sim: a request in flight after a lost answer", () => {
  it("create: a lost addservice, then 63026 on the resend: waits, asks, sends again", async () => {
    const h = harness();
    h.gw.addSim(ICCID);
    h.gw.onSend("addservice", { lose: "not-queued" });
    h.gw.onSend("addservice", { refuse: [63026] });
    const r = await h.provider.create(checkedInputs({ services: { intCall: true } }));
    assert.deepEqual(h.gw.commands(), [
      "queryiccid",
      "activate",
      "wait:activate",
      "queryiccid",
      "addservice",
      "queryiccid",
      "queryiccid",
      "queryiccid",
      "addservice",
      "queryiccid",
      "addservice",
      "wait:addservice",
    ]);
    // Not resent before aql:lostAnswerWindow (120 s here); then one wait for the one in flight.
    assert.deepEqual(h.gw.clock.sleeps, [60_000, 60_000, SCHEDULE.firstCheckDelay]);
    assert.ok(h.progress.some((m) => /addservice refused \(63026\).*in flight/.test(m)));
    assert.equal(r.outs?.state, "active");
    assert.deepEqual(r.outs?.services, { intCall: true });
  });

  it("create of a SIM already in use (an interrupted run's): 63026 is waited out", async () => {
    const h = harness();
    h.gw.addSim(ICCID, { state: "active", geoNumber: NUMBER });
    h.gw.onSend("addservice", { refuse: [63026] });
    const r = await h.provider.create(checkedInputs({ services: { intCall: true } }));
    assert.deepEqual(h.gw.commands(), [
      "queryiccid",
      "addservice",
      "queryiccid",
      "addservice",
      "wait:addservice",
    ]);
    assert.deepEqual(r.outs?.services, { intCall: true });
  });

  it("a fresh SIM refused with 63026 (nothing lost): a final answer, not waited", async () => {
    const h = harness();
    h.gw.addSim(ICCID);
    h.gw.onSend("addservice", { refuse: [63026] });
    const e = await rejection(h.provider.create(checkedInputs({ services: { intCall: true } })));
    assert.ok(e instanceof PartialStateError);
    assert.ok(e.cause instanceof GatewayError);
    assert.deepEqual(h.gw.clock.sleeps, []);
  });

  it("still refused at aql:waitDeadline: DeadlineError, recorded as partial state", async () => {
    const h = harness();
    h.gw.addSim(ICCID, { state: "active", geoNumber: NUMBER });
    for (let i = 0; i < 100; i++) h.gw.onSend("addservice", { refuse: [63026] });
    const e = await rejection(h.provider.create(checkedInputs({ services: { intCall: true } })));
    assert.ok(e instanceof PartialStateError, String(e));
    assert.ok(e.cause instanceof DeadlineError, String(e.cause));
    assert.match(e.message, /addservice, ICCID 89441000000000000000 still pending/);
    const waited = h.gw.clock.sleeps.reduce((a, b) => a + b, 0);
    assert.equal(waited, SCHEDULE.waitDeadline);
    const sends = h.gw.commands().filter((c) => c === "addservice").length;
    assert.ok(sends < 30, `${sends} sends`);
  });

  it("delete after an interrupted destroy: 63026 (its terminate in flight) is waited out", async () => {
    const h = harness();
    h.gw.addSim(ICCID);
    const created = await h.provider.create(checkedInputs());
    h.gw.clearCalls();
    h.gw.onSend("terminate", { refuse: [63026] });
    await h.provider.delete(ICCID, { ...created.outs, __provider: PROVIDER });
    assert.deepEqual(h.gw.commands(), [
      "queryiccid",
      "terminate",
      "queryiccid",
      "terminate",
      "wait:terminate",
    ]);
    assert.equal(h.gw.sim(ICCID).state, "terminated");
    assert.equal(h.terminations.taken, 1);
  });

  it("delete: a lost terminate, then 63026 on the resend: waits, finds it done", async () => {
    const h = harness();
    h.gw.addSim(ICCID);
    const created = await h.provider.create(checkedInputs());
    h.gw.clearCalls();
    h.gw.onSend("terminate", { lose: "not-queued" });
    h.gw.onSend("terminate", { refuse: [63026] });
    await h.provider.delete(ICCID, { ...created.outs, __provider: PROVIDER });
    assert.deepEqual(h.gw.commands(), [
      "queryiccid",
      "terminate",
      "queryiccid",
      "queryiccid",
      "queryiccid",
      "terminate",
      "queryiccid",
      "terminate",
      "wait:terminate",
    ]);
    assert.equal(h.gw.sim(ICCID).state, "terminated");
    assert.equal(h.terminations.taken, 1);
  });
});
