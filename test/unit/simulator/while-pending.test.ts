// The setting for the reading the vendor text leaves open: what a SIM does with a second
// two-step request while one is pending. "refuse" answers 63026; "queue" accepts it, and each
// request settles on its own against the SIM's state when it is due.

import assert from "node:assert/strict";
import { parseCli } from "../../../simulator/cli";
import { activeSim, call, engineFor, fakeClock } from "./helpers";

describe("simulator: a second two-step request while one is pending", () => {
  it("refuse (the default): 63026, and only the first is queued", () => {
    const clock = fakeClock();
    const engine = engineFor(clock);
    assert.equal(engine.settings.whilePending, "refuse");
    const { iccid, number } = activeSim(engine, clock);
    assert.deepEqual(call(engine, { command: "terminate", iccid, geo_nos: number }).codes, [200]);
    assert.deepEqual(call(engine, { command: "terminate", iccid, geo_nos: number }).codes, [63026]);
    assert.equal(engine.queue.pendingCount, 1);
  });

  it("queue: both accepted; the first terminates, the second ends failed", () => {
    const clock = fakeClock();
    const engine = engineFor(clock, { whilePending: "queue" });
    const { iccid, number } = activeSim(engine, clock);
    const a = call(engine, { command: "terminate", iccid, geo_nos: number });
    const b = call(engine, { command: "terminate", iccid, geo_nos: number });
    assert.deepEqual([a.codes, b.codes], [[200], [200]]);
    assert.notEqual(a.fields.id, b.fields.id);
    // No trace of either in queryiccid until they settle (there is no "terminating" state).
    assert.equal(call(engine, { command: "queryiccid", iccid }).fields.iccidstate, "active");
    clock.advance(engine.settings.latencyMs);
    const state = (id: string) => call(engine, { command: "checkstatus", id }).fields.requeststate;
    assert.equal(state(a.fields.id!), "success");
    assert.equal(state(b.fields.id!), "failed");
    assert.equal(call(engine, { command: "queryiccid", iccid }).fields.iccidstate, "terminated");
    assert.deepEqual(engine.counters.data.settledByCommand.terminate, { success: 1, failed: 1 });
  });

  it("queue: two service changes both apply", () => {
    const clock = fakeClock();
    const engine = engineFor(clock, { whilePending: "queue" });
    const { iccid, number } = activeSim(engine, clock);
    const add = { command: "addservice", iccid, geo_nos: number, "service[int_roaming]": "" };
    assert.deepEqual(call(engine, add).codes, [200]);
    assert.deepEqual(call(engine, add).codes, [200]);
    clock.advance(engine.settings.latencyMs);
    engine.settle();
    assert.deepEqual(engine.counters.data.settledByCommand.addservice, { success: 2, failed: 0 });
  });

  it("set from the control settings, the CLI and startSimulator's options", () => {
    const engine = engineFor(fakeClock());
    assert.equal(engine.updateSettings({ whilePending: "queue" }).whilePending, "queue");
    assert.throws(() => engine.updateSettings({ whilePending: "later" }), /whilePending/);
    assert.equal(parseCli(["--while-pending", "queue"]).options.whilePending, "queue");
    assert.throws(() => parseCli(["--while-pending", "maybe"]), /--while-pending: "maybe"/);
  });
});
