// The one-send-per-intent check (test/support/sends) against the simulator's real request log:
// every request received is there, refused, lost or answered, so a duplicate cannot hide.

import assert from "node:assert/strict";
import { startSimulator, type SimulatorHandle } from "../../../simulator/server";
import { failedRequestIds, oneSendViolations, resendsAfterFailed } from "../../support/sends";
import { gw, SUBSCRIBER } from "./helpers";

describe("one send per intent, read from the simulator's log", function () {
  this.timeout(15000);
  let sim: SimulatorHandle;
  beforeEach(async () => {
    sim = await startSimulator({ latencyMs: 60_000 });
  });
  afterEach(async () => sim.close());

  const activate = (iccid: string, number: string) =>
    gw(sim, { command: "activate", iccid, geo_nos: number, ...SUBSCRIBER });

  it("one activate per SIM passes; a second one, refused while the first is pending, is caught", async () => {
    const [a, b] = sim.freeIccids(2) as [string, string];
    const [na, nb] = sim.freeNumbers(2) as [string, string];
    assert.deepEqual((await activate(a, na)).codes, [200]);
    assert.deepEqual((await activate(b, nb)).codes, [200]);
    await gw(sim, { command: "queryiccid", iccid: a });
    assert.deepEqual(oneSendViolations(sim.log()), []);

    const second = await activate(a, na);
    assert.notDeepEqual(second.codes, [200], "the simulator refuses it");
    const v = oneSendViolations(sim.log());
    assert.equal(v.length, 1);
    assert.match(v[0]!, new RegExp(`^${a} activate: received 2 times`));
  });

  it("a send whose answer was lost counts; so does the resend after it", async () => {
    const [a] = sim.freeIccids(1) as [string];
    const [na] = sim.freeNumbers(1) as [string];
    sim.addFault({ kind: "lost-answer", commands: ["activate"], count: 1 });
    await assert.rejects(activate(a, na));
    await activate(a, na);
    assert.equal(oneSendViolations(sim.log()).length, 1);
  });

  it("a resend after the gateway said `failed` is allowed by that evidence only", async () => {
    await sim.close();
    sim = await startSimulator({ latencyMs: 0, failureRate: 1 });
    const [a] = sim.freeIccids(1) as [string];
    const [na] = sim.freeNumbers(1) as [string];
    await activate(a, na);
    await gw(sim, { command: "queryiccid", iccid: a });
    await activate(a, na);
    const log = sim.log();
    assert.equal(oneSendViolations(log).length, 1, "without the evidence it is a duplicate");
    const allow = resendsAfterFailed(log, failedRequestIds(sim));
    assert.deepEqual(oneSendViolations(log, { allow }), []);
  });
});
