// Drift: changes made to SIMs outside Pulumi (the simulator's out-of-band ops) show up on
// refresh, in the Sims' outputs, and the next `up` puts the SIMs back as the program says.

import assert from "node:assert/strict";
import type { SimulatorHandle } from "../../simulator";
import {
  callsSince,
  changingCalls,
  commandsFor,
  countOf,
  mark,
  unsuccessful,
} from "../support/gateway-calls";
import { assertSimulatorMatches, SIM_E2E_ROOT, simResources } from "../support/sim-e2e";
import { gatewayConfig, simsConfig, simulator, type SimSpec } from "../support/sim-fixture";
import { E2EStack } from "../support/stack";

describe("e2e: Sim drift — refresh shows out-of-band changes, up puts them back", function () {
  let sim: SimulatorHandle;
  let stack: E2EStack;
  let specs: [SimSpec, SimSpec];

  before(async () => {
    sim = await simulator({ latencyMs: 150 });
    const [i1, i2] = sim.freeIccids(2) as [string, string];
    const [n1, n2] = sim.freeNumbers(2) as [string, string];
    specs = [
      { name: "data", iccid: i1, geoNumber: n1, services: { internet: true, moSms: true } },
      { name: "voice", iccid: i2, geoNumber: n2, services: { moVoice: true } },
    ];
    stack = await E2EStack.create({
      program: "sims.js",
      config: { ...gatewayConfig(sim), ...simsConfig(specs) },
      installRoot: SIM_E2E_ROOT,
    });
    await stack.up();
    for (const s of specs) assertSimulatorMatches(sim, s);
  });

  after(async () => {
    // The simulator is thrown away: no need to destroy.
    await stack?.cleanup({ destroy: false });
    await sim?.close();
  });

  it("refresh shows a service switched off and a SIM suspended out of band", async () => {
    const [data, voice] = specs;
    sim.oob({ op: "service", iccid: data.iccid, service: "internet", on: false });
    sim.oob({ op: "suspend", iccid: voice.iccid });

    const since = mark(sim);
    const r = await stack.refresh();
    assert.equal(r.changes.update, 2, JSON.stringify(r.changes));

    // Refresh only asks.
    const calls = callsSince(sim, since);
    assert.deepEqual(commandsFor(calls, data.iccid), ["queryiccid"]);
    assert.deepEqual(commandsFor(calls, voice.iccid), ["queryiccid"]);
    assert.equal(calls.length, 2);

    const state = await simResources(stack);
    const d = state.get("data")?.outputs ?? {};
    assert.deepEqual(d.services, { internet: false, moSms: true });
    assert.equal((d.reportedServices as Record<string, boolean>).internet, false);
    assert.equal(d.state, "active");
    const v = state.get("voice")?.outputs ?? {};
    assert.equal(v.state, "suspended");
    assert.equal(v.suspended, true);
  });

  it("preview --diff then names the properties that drifted (refresh updated the inputs)", async () => {
    const r = await stack.preview();
    // The program wants internet on and the voice SIM not suspended; the gateway says otherwise.
    assert.match(r.output, /~ services\s*: \{\s*~ internet\s*: false => true/, r.output);
    assert.match(r.output, /~ suspended\s*: true => false/, r.output);
  });

  it("preview then shows both as updates, without calling the gateway", async () => {
    const since = mark(sim);
    const r = await stack.preview();
    assert.equal(r.changes.update, 2);
    assert.deepEqual(callsSince(sim, since), []);
  });

  it("up puts them back with one call each", async () => {
    const [data, voice] = specs;
    const since = mark(sim);
    const r = await stack.up();
    assert.equal(r.changes.update, 2);
    for (const s of specs) assertSimulatorMatches(sim, s);

    const calls = callsSince(sim, since);
    assert.deepEqual(unsuccessful(calls), []);
    assert.deepEqual(commandsFor(calls, data.iccid), ["addservice"]);
    assert.deepEqual(commandsFor(calls, voice.iccid), ["unsuspend"]);
    assert.equal(changingCalls(calls).length, 2);
    assert.ok(countOf(calls, "checkstatus") >= 2);

    const state = await simResources(stack);
    assert.deepEqual(state.get("data")?.outputs?.services, data.services);
    assert.equal(state.get("voice")?.outputs?.state, "active");
  });

  it("a second refresh finds nothing to change", async () => {
    const since = mark(sim);
    const r = await stack.refresh();
    assert.equal(r.changes.update ?? 0, 0);
    assert.equal(changingCalls(callsSince(sim, since)).length, 0);
  });

  it("a change planned from a stale state (drift not refreshed) still converges", async () => {
    const [data] = specs;
    // Suspended out of band, not refreshed; the program now wants international calls too.
    sim.oob({ op: "suspend", iccid: data.iccid });
    data.services = { ...data.services, intCall: true };
    await stack.setConfig(simsConfig(specs));

    const since = mark(sim);
    const r = await stack.up();
    assert.equal(r.changes.update, 1);
    // Planned from the recorded state (active): addservice is refused as not active; the Sim
    // then asks once and plans again from what the gateway says.
    const calls = callsSince(sim, since);
    assert.deepEqual(commandsFor(calls, data.iccid), [
      "addservice",
      "queryiccid",
      "unsuspend",
      "addservice",
    ]);
    assert.deepEqual(calls.find((e) => e.command === "addservice")?.codes, [63017]);
    assert.deepEqual(unsuccessful(calls).length, 1);
    // The program says active: the SIM ends active with the service.
    assertSimulatorMatches(sim, data);
    assert.equal((await simResources(stack)).get("data")?.outputs?.state, "active");
  });
});
