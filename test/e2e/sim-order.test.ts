// A SimOrder on the real engine against the simulator's despatch API: placed on up, stored with
// a small shim like every other resource, and left with aql (only the stack forgets it) on
// destroy.

import assert from "node:assert/strict";
import type { SimulatorHandle } from "../../simulator";
import { despatchOrder } from "../../simulator/despatch";
import { gatewayConfig, simulator } from "../support/sim-fixture";
import { assertSmallShim } from "../support/shim-state";
import { E2EStack } from "../support/stack";

const ORDER_TYPE = "pulumi-nodejs:dynamic/aql:SimOrder";

describe("e2e: a SIM order", function () {
  let sim: SimulatorHandle;
  let stack: E2EStack;

  before(async () => {
    sim = await simulator();
    const order = {
      type: "SimOrder",
      name: "order",
      args: {
        orderRef: "E2E-ORDER-1",
        name: "Ada Lovelace",
        address: "11-15 Hunslet Road, Leeds",
        postcode: "LS10 1JQ",
        contactNumber: "+44 113 320 3040",
        productCode: "AQL-USIM-STD",
        quantity: 2,
      },
    };
    stack = await E2EStack.create({
      program: "resources.js",
      config: {
        ...gatewayConfig(sim, { "aql:despatchEndpoint": { value: sim.url } }),
        resources: { value: JSON.stringify([order]), secret: true },
      },
    });
  });

  after(async () => {
    await stack?.cleanup();
    await sim?.close();
  });

  it("places the order on up; the state holds a small shim requiring the package by name", async () => {
    const r = await stack.up();
    assert.equal(r.changes.create, 2, "the stack and the order");
    assert.equal(despatchOrder(sim.engine, "E2E-ORDER-1")?.quantity, 2);
    const [res] = await stack.resources(ORDER_TYPE);
    assert.equal(res?.id, "E2E-ORDER-1");
    assertSmallShim(res, "sim-order");
  });

  it("destroy leaves the stack without calling the API", async () => {
    const mark = sim.log().at(-1)?.seq ?? 0;
    await stack.destroy();
    assert.deepEqual(await stack.resources(ORDER_TYPE), []);
    assert.deepEqual(sim.log(mark), []);
    assert.ok(despatchOrder(sim.engine, "E2E-ORDER-1") !== undefined, "the order stays with aql");
  });
});
