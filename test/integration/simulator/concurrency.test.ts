// Start-up time and 1000 concurrent requests.

import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import { Agent } from "undici";
import { startSimulator, type SimulatorHandle } from "../../../simulator/server";
import { gw, SUBSCRIBER } from "./helpers";

describe("simulator performance", function () {
  this.timeout(30000);
  let sim: SimulatorHandle | undefined;
  let agent: Agent | undefined;
  afterEach(async () => {
    await agent?.close();
    await sim?.close();
    agent = undefined;
    sim = undefined;
  });

  it("starts in under a second", async () => {
    const t0 = performance.now();
    sim = await startSimulator();
    const ms = performance.now() - t0;
    console.log(`      start-up: ${ms.toFixed(1)} ms`);
    assert.ok(ms < 1000, `start-up took ${ms} ms`);
  });

  it("answers 1000 concurrent requests correctly (500 activations + 500 queries)", async () => {
    sim = await startSimulator({ latencyMs: 60_000 }); // still pending in the second round
    agent = new Agent({ connections: null, pipelining: 1, keepAliveTimeout: 10_000 });
    const iccids = sim.freeIccids(500);
    const numbers = sim.freeNumbers(500);
    const queried = sim.freeIccids(500, { offset: 500 });
    const dispatcher = agent;
    const t0 = performance.now();
    const replies = await Promise.all([
      ...iccids.map((iccid, i) =>
        gw(
          sim!,
          { command: "activate", iccid, geo_nos: numbers[i]!, ...SUBSCRIBER },
          { dispatcher },
        ),
      ),
      ...queried.map((iccid) =>
        gw(sim!, { command: "queryiccid", iccid }, { method: "GET", dispatcher }),
      ),
    ]);
    const ms = performance.now() - t0;
    console.log(`      1000 concurrent requests: ${ms.toFixed(0)} ms`);
    assert.equal(replies.length, 1000);
    const ids = new Set<string>();
    replies.forEach((r, i) => {
      assert.equal(r.httpStatus, 200);
      if (i < 500) {
        assert.match(r.body, /^status: 200\nid: \d+\n$/, `activation ${i}`);
        ids.add(r.fields.id!);
      } else {
        assert.equal(r.body, "status: 200\niccidstate: unused\n", `query ${i}`);
      }
    });
    assert.equal(ids.size, 500, "500 distinct request ids");
    const counters = sim.counters();
    assert.equal(counters.requests, 1000);
    assert.deepEqual(counters.byCommand["activate"], { "200": 500 });
    // a second round on the warm connections
    const t1 = performance.now();
    const again = await Promise.all(
      iccids.map((iccid) =>
        gw(sim!, { command: "queryiccid", iccid }, { method: "GET", dispatcher }),
      ),
    );
    console.log(`      1000 more on warm connections: ${(performance.now() - t1).toFixed(0)} ms`);
    assert.ok(again.every((r) => r.body === "status: 200\niccidstate: pending\n"));
    sim.settleAll();
    assert.equal(sim.counters().activationsTotal, 500);
    assert.equal(
      sim.snapshot().accounts["demo"]!.sims.filter((s) => s.state === "active").length,
      500,
    );
  });
});
