// A wait longer than aql:waitDeadline: `up` fails, but the Sim is recorded with the request
// still pending, and the next `up` resumes the wait instead of activating a second time.

import assert from "node:assert/strict";
import type { SimulatorHandle } from "../../simulator";
import { callsSince, commandsFor, countOf, mark } from "../support/gateway-calls";
import { assertOneSendPerIntent } from "../support/sends";
import { SIM_E2E_ROOT, simResources } from "../support/sim-e2e";
import { gatewayConfig, simsConfig, simulator } from "../support/sim-fixture";
import { diagnostics, E2EStack } from "../support/stack";

const LATENCY_MS = 3000;

describe("e2e: Sim deadline — partial state, then resume with one activation", function () {
  let sim: SimulatorHandle;
  let stack: E2EStack;
  let iccid: string;
  let number: string;
  let requestId: string;

  before(async () => {
    sim = await simulator({ latencyMs: LATENCY_MS });
    [iccid] = sim.freeIccids(1) as [string];
    [number] = sim.freeNumbers(1) as [string];
    stack = await E2EStack.create({
      program: "sims.js",
      config: {
        ...gatewayConfig(sim, {
          "aql:firstCheckDelay": { value: "300ms" },
          "aql:maxPollInterval": { value: "300ms" },
          "aql:waitDeadline": { value: "1s" },
        }),
        ...simsConfig([{ name: "slow", iccid, geoNumber: number }]),
      },
      installRoot: SIM_E2E_ROOT,
    });
  });

  after(async () => {
    // The simulator is thrown away: no need to destroy.
    await stack?.cleanup({ destroy: false });
    await sim?.close();
  });

  it("up past the deadline fails, and the Sim is in the stack with its pending request", async () => {
    const since = mark(sim);
    const f = await stack.expectFailure("up");
    const text = `${f.error}\n${f.output}`;
    assert.match(text, /command activate, ICCID \d+, request \d+ still pending after \d+s/);
    assert.match(text, /aql:waitDeadline/);
    assert.match(text, /run pulumi up again/);

    const calls = callsSince(sim, since);
    assert.deepEqual(commandsFor(calls, iccid), ["queryiccid", "activate"]);
    const activate = calls.find((e) => e.command === "activate")!;
    requestId = activate.requestId!;
    assert.ok(countOf(calls, "checkstatus") >= 2, "polled until the deadline");
    assert.equal(sim.sim(iccid)?.state, "pending");

    // Progress: which SIM waits on which request.
    const progress = diagnostics(f.events).filter((d) => /waiting for activate/.test(d.message));
    console.log(`      progress messages: ${progress.map((d) => d.message.trim()).join(" | ")}`);
    assert.ok(progress.length >= 1, "no progress message");
    assert.match(
      progress[0]!.message,
      new RegExp(`Sim ${iccid}: waiting for activate request ${requestId}`),
    );

    const res = (await simResources(stack)).get("slow");
    assert.ok(res, "the Sim is not in the stack");
    assert.equal(res.id, iccid);
    const out = res.outputs ?? {};
    assert.equal(out.state, "pending");
    assert.equal(out.lastRequestId, requestId);
    const pending = out.pendingRequest as { id: string; command: string; submittedAt: number };
    assert.equal(pending.id, requestId);
    assert.equal(pending.command, "activate");
    assert.equal(typeof pending.submittedAt, "number");
    assert.equal(typeof out.__provider, "string");
  });

  it("preview shows the pending Sim as an update, with no gateway call", async () => {
    const since = mark(sim);
    const r = await stack.preview();
    assert.equal(r.changes.update, 1);
    assert.deepEqual(callsSince(sim, since), []);
  });

  it("up with a longer deadline resumes the wait: one activate in the whole log", async () => {
    await stack.setConfig({ "aql:waitDeadline": { value: "30s" } });
    const since = mark(sim);
    const r = await stack.up();
    assert.equal(r.changes.update, 1);
    assert.equal(sim.sim(iccid)?.state, "active");
    assert.equal(sim.sim(iccid)?.geoNo, number);

    const calls = callsSince(sim, since);
    assert.deepEqual(commandsFor(calls, iccid), ["queryiccid"]);
    assert.ok(countOf(calls, "checkstatus") >= 1);
    // Over both runs, the only change ever sent about this SIM is its one activate.
    assertOneSendPerIntent(sim.log(), { intents: [{ subject: iccid, command: "activate" }] });

    const out = (await simResources(stack)).get("slow")?.outputs ?? {};
    assert.equal(out.state, "active");
    assert.equal(out.pendingRequest, undefined);
    assert.equal(out.lastRequestId, requestId);
  });
});
