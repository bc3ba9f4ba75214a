// Create on a SIM that is already active: with the program's number it is taken over (this is
// how an interrupted create recovers) without a second activation; with another number it is
// refused unless `adopt: true`, and then only the number is changed.

import assert from "node:assert/strict";
import type { SimulatorHandle } from "../../simulator";
import { callsSince, changingCalls, commandsFor, countOf, mark } from "../support/gateway-calls";
import { assertSimulatorMatches, SIM_E2E_ROOT, simResources } from "../support/sim-e2e";
import { gatewayConfig, simsConfig, simulator, type SimSpec } from "../support/sim-fixture";
import { E2EStack } from "../support/stack";

describe("e2e: Sim adoption — a SIM already active when the Sim is created", function () {
  let sim: SimulatorHandle;
  let stack: E2EStack;
  let same: SimSpec;
  let other: SimSpec;
  let otherOldNumber: string;

  before(async () => {
    sim = await simulator({ latencyMs: 150 });
    const [i1, i2] = sim.freeIccids(2) as [string, string];
    const [n1, n2, n3] = sim.freeNumbers(3) as [string, string, string];
    // Both activated outside Pulumi: i1 with the program's number, i2 with another one.
    sim.oob({ op: "activate", iccid: i1, number: n1 });
    sim.oob({ op: "activate", iccid: i2, number: n3 });
    otherOldNumber = n3;
    same = { name: "same", iccid: i1, geoNumber: n1, services: { intCall: true } };
    other = { name: "other", iccid: i2, geoNumber: n2 };
    stack = await E2EStack.create({
      program: "sims.js",
      config: { ...gatewayConfig(sim), ...simsConfig([same, other]) },
      installRoot: SIM_E2E_ROOT,
    });
  });

  after(async () => {
    // The simulator is thrown away: no need to destroy.
    await stack?.cleanup({ destroy: false });
    await sim?.close();
  });

  it("same number: taken over with no activate; another number: refused, naming adopt", async () => {
    const since = mark(sim);
    const f = await stack.expectFailure("up");
    const calls = callsSince(sim, since);

    // Taken over: asked, then only the service that differs.
    assert.deepEqual(commandsFor(calls, same.iccid), ["queryiccid", "addservice"]);
    assertSimulatorMatches(sim, same);

    // Refused before anything was sent.
    const text = `${f.error}\n${f.output}`;
    assert.match(text, /`adopt: true`/);
    assert.match(text, new RegExp(`already active with number ${otherOldNumber}`));
    assert.deepEqual(commandsFor(calls, other.iccid), ["queryiccid"]);
    assert.equal(sim.sim(other.iccid)?.geoNo, otherOldNumber);

    assert.equal(countOf(sim.log(), "activate"), 0, "no activate at all");
    const state = await simResources(stack);
    assert.equal(state.get("same")?.outputs?.state, "active");
    assert.equal(state.has("other"), false, "a refused create leaves nothing in the stack");
  });

  it("with adopt: true, the other SIM gets the program's number with changegeo", async () => {
    other.adopt = true;
    await stack.setConfig(simsConfig([same, other]));
    const since = mark(sim);
    const r = await stack.up();
    assert.equal(r.changes.create, 1);
    assertSimulatorMatches(sim, other);

    const calls = callsSince(sim, since);
    assert.deepEqual(commandsFor(calls, other.iccid), ["queryiccid", "changegeo", "queryiccid"]);
    assert.equal(changingCalls(calls).length, 1);
    assert.equal(countOf(sim.log(), "activate"), 0, "no activate at all");

    const out = (await simResources(stack)).get("other")?.outputs ?? {};
    assert.equal(out.geoNumber, other.geoNumber);
    assert.equal(out.adopt, true);
  });
});
