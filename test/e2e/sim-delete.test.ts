// destroy under each deletionPolicy, and the termination guard (aql:maxTerminationsPerRun) on
// the real engine: a refused termination keeps the SIM active and in the stack, and a destroy
// after raising the limit completes.

import assert from "node:assert/strict";
import type { SimulatorHandle } from "../../simulator";
import { callsSince, changingCalls, commandsFor, countOf, mark } from "../support/gateway-calls";
import { SIM_E2E_ROOT, simResources } from "../support/sim-e2e";
import { gatewayConfig, simsConfig, simulator, type SimSpec } from "../support/sim-fixture";
import { E2EStack } from "../support/stack";

describe("e2e: Sim delete — deletion policies and the termination guard", function () {
  let sim: SimulatorHandle;
  let stack: E2EStack;

  before(async () => {
    sim = await simulator({ latencyMs: 150 });
    stack = await E2EStack.create({
      program: "sims.js",
      config: { ...gatewayConfig(sim), ...simsConfig([]) },
      installRoot: SIM_E2E_ROOT,
    });
  });

  after(async () => {
    // The simulator is thrown away: no need to destroy what a failed test left.
    await stack?.cleanup({ destroy: false });
    await sim?.close();
  });

  it("destroy: terminate -> terminated, suspend -> suspended, retain -> still active", async () => {
    const [i1, i2, i3] = sim.freeIccids(3) as [string, string, string];
    const [n1, n2, n3] = sim.freeNumbers(3) as [string, string, string];
    const specs: SimSpec[] = [
      { name: "gone", iccid: i1, geoNumber: n1, deletionPolicy: "terminate" },
      { name: "parked", iccid: i2, geoNumber: n2, deletionPolicy: "suspend" },
      { name: "kept", iccid: i3, geoNumber: n3, deletionPolicy: "retain" },
    ];
    await stack.setConfig(simsConfig(specs));
    await stack.up();
    assert.equal((await simResources(stack)).size, 3);

    const since = mark(sim);
    const r = await stack.destroy();
    assert.equal(r.changes.delete, 4);
    assert.equal(sim.sim(i1)?.state, "terminated");
    assert.equal(sim.sim(i1)?.geoNo, null, "termination frees the number");
    assert.equal(sim.sim(i2)?.state, "suspended");
    assert.equal(sim.sim(i2)?.geoNo, n2);
    assert.equal(sim.sim(i3)?.state, "active");
    assert.equal(sim.sim(i3)?.geoNo, n3);
    assert.equal((await simResources(stack)).size, 0);

    const calls = callsSince(sim, since);
    // Each policy asks the SIM's state first, then sends its one command; retain sends nothing.
    assert.deepEqual(commandsFor(calls, i1), ["queryiccid", "terminate"]);
    assert.deepEqual(commandsFor(calls, i2), ["queryiccid", "suspend"]);
    assert.deepEqual(commandsFor(calls, i3), []);
    assert.equal(changingCalls(calls).length, 2);
    assert.ok(countOf(calls, "checkstatus") >= 2);
  });

  it("guard: limit 4, destroying 6 SIMs of which 2 are already terminated: 4 terminates, done", async () => {
    const iccids = sim.freeIccids(6);
    const numbers = sim.freeNumbers(6);
    const specs = iccids.map((iccid, i): SimSpec => ({
      name: `p${i}`,
      iccid,
      geoNumber: numbers[i]!,
    }));
    await stack.setConfig({ ...simsConfig(specs), "aql:maxTerminationsPerRun": { value: "4" } });
    await stack.up();
    // Terminated outside Pulumi, not refreshed: the destroy still deletes all six in parallel.
    for (const i of iccids.slice(0, 2)) sim.oob({ op: "terminate", iccid: i });

    const since = mark(sim);
    const r = await stack.destroy({ parallel: 6 });
    assert.equal(r.changes.delete, 7, "six SIMs and the stack");
    for (const i of iccids) assert.equal(sim.sim(i)?.state, "terminated");
    const calls = callsSince(sim, since);
    assert.equal(countOf(calls, "terminate"), 4, "exactly 4 terminate requests received");
    for (const i of iccids.slice(0, 2)) assert.deepEqual(commandsFor(calls, i), ["queryiccid"]);
  });

  it("guard: limit 2, destroying 5 stops at 2; the advice (config set, destroy --run-program) works", async () => {
    const iccids = sim.freeIccids(5);
    const numbers = sim.freeNumbers(5);
    const specs = iccids.map((iccid, i): SimSpec => ({
      name: `t${i}`,
      iccid,
      geoNumber: numbers[i]!,
    }));
    await stack.setConfig({
      ...simsConfig(specs),
      "aql:maxTerminationsPerRun": { value: "2" },
    });
    await stack.up();
    for (const i of iccids) assert.equal(sim.sim(i)?.state, "active");

    const since = mark(sim);
    const f = await stack.expectFailure("destroy");
    const text = `${f.error}\n${f.output}`;
    assert.match(text, /aql:maxTerminationsPerRun/);
    assert.match(text, /pulumi config set aql:maxTerminationsPerRun/);
    assert.match(text, /pulumi destroy --run-program/);
    assert.match(text, /cannot be undone/);

    const terminated = () => iccids.filter((i) => sim.sim(i)?.state === "terminated");
    const active = () => iccids.filter((i) => sim.sim(i)?.state === "active");
    assert.equal(terminated().length, 2);
    assert.equal(countOf(callsSince(sim, since), "terminate"), 2, "no terminate past the limit");
    // The SIMs not terminated are still in the stack.
    const left = [...(await simResources(stack)).values()].map((r) => r.id);
    assert.deepEqual(left.sort(), [...active()].sort());

    // What the advice warns of: a plain destroy runs no program, so the provider keeps the
    // configuration recorded at the last up, and the old limit.
    await stack.setConfig({ "aql:maxTerminationsPerRun": { value: "5" } });
    const again = await stack.expectFailure("destroy");
    assert.match(`${again.error}\n${again.output}`, /already terminated 2 SIM\(s\)/);
    assert.equal(active().length, 1);

    // What it says to do.
    const r = await stack.destroy({ runProgram: true });
    assert.equal(r.changes.delete, 2, "the last SIM and the stack");
    for (const i of iccids) assert.equal(sim.sim(i)?.state, "terminated");
    assert.equal((await simResources(stack)).size, 0);
    const calls = callsSince(sim, since);
    assert.equal(countOf(calls, "terminate"), 5, "one terminate per SIM in all");
  });
});
