// The real engine drives a dynamic resource of this package through preview, up, refresh and
// destroy, and the state holds only a small shim that requires the installed package by name.

import assert from "node:assert/strict";
import type { SimulatorHandle } from "../../simulator";
import { E2EStack, type StateResource } from "../support/stack";
import { gatewayConfig, SIM_TYPE, simsConfig, simulator } from "../support/sim-fixture";

describe("e2e: the real engine runs a dynamic resource of the installed package", function () {
  let sim: SimulatorHandle;
  let stack: E2EStack;
  let iccid: string;
  let number: string;

  before(async () => {
    sim = await simulator();
    [iccid] = sim.freeIccids(1) as [string];
    [number] = sim.freeNumbers(1) as [string];
    stack = await E2EStack.create({
      program: "sims.js",
      config: {
        ...gatewayConfig(sim),
        ...simsConfig([{ name: "one", iccid, geoNumber: number }]),
      },
    });
  });

  after(async () => {
    await stack?.cleanup();
    await sim?.close();
  });

  it("previews a create without calling the gateway", async () => {
    const r = await stack.preview();
    assert.equal(r.changes.create, 2, "the stack and one Sim");
    assert.equal(sim.log().length, 0);
  });

  it("creates it on up; the state holds a small shim requiring the package by name", async () => {
    const r = await stack.up();
    assert.equal(r.changes.create, 2);
    assert.equal(sim.sim(iccid)?.state, "active");

    const [res] = (await stack.resources(SIM_TYPE)) as [StateResource];
    const shim = res.outputs?.__provider;
    assert.equal(typeof shim, "string");
    const text = shim as string;
    assert.match(text, /require\("pulumi-aql-mvno\/dist\/provider\/resources\/sim\/shim(\.js)?"\)/);
    const bytes = Buffer.byteLength(text);
    console.log(`      __provider: ${bytes} bytes`);
    assert.ok(bytes < 400, `__provider is ${bytes} bytes`);
    assert.equal(res.inputs?.__provider, shim);
  });

  it("refreshes with no change", async () => {
    const r = await stack.refresh();
    assert.equal(r.changes.update ?? 0, 0);
    assert.equal((await stack.resources(SIM_TYPE)).length, 1);
  });

  it("destroys it: the SIM is terminated and leaves the stack", async () => {
    const r = await stack.destroy();
    assert.equal(r.changes.delete, 2);
    assert.equal(sim.sim(iccid)?.state, "terminated");
    assert.equal((await stack.resources(SIM_TYPE)).length, 0);
  });
});
