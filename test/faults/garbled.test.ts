// Garbled answers during `pulumi up` on the real engine: HTML pages, empty bodies and
// megabytes of junk in place of about 20% of the gateway's answers. A run may fail, but every
// failure is a clear error naming the SIM, the command and what was wrong with the answer;
// the provider process never crashes (a crash would fail every SIM with a gRPC error); no SIM
// change is sent twice; and once the gateway answers properly again, one up converges.

import assert from "node:assert/strict";
import type { SimulatorHandle } from "../../simulator";
import { gatewayConfig, simulator, type SimSpec } from "../support/sim-fixture";
import {
  assertOneSendPerIntent,
  failedRequestIds,
  resendsAfterFailed,
  resendsAfterUnperformed,
} from "../support/sends";
import { E2EStack } from "../support/stack";
import {
  FAST_SIMULATOR,
  fastSchedule,
  FAULTS_ROOT,
  fleet,
  forgotten,
  gatewayDifferences,
  inUseOnGateway,
  simErrors,
  simsConfig,
  stackIccids,
  unclear,
} from "./support";

const SIMS = 20;
/** What a crashed provider process looks like to the engine. */
const CRASHED =
  /transport is closing|error reading from server|connection refused|EOF|Unhandled|TypeError|ReferenceError|RangeError|heap out of memory/;

describe("faults: garbled answers during up (HTML, empty, huge) at about 20%", function () {
  this.timeout(10 * 60_000);
  let sim: SimulatorHandle;
  let stack: E2EStack;
  let specs: SimSpec[];

  before(async () => {
    sim = await simulator(FAST_SIMULATOR);
    specs = fleet(sim, SIMS);
    stack = await E2EStack.create({
      program: "sims.js",
      installRoot: FAULTS_ROOT,
      config: { ...gatewayConfig(sim), ...fastSchedule(), ...simsConfig(specs) },
    });
  });

  after(async () => {
    await stack?.cleanup({ destroy: false });
    await sim?.close();
  });

  it("each failure is clear, the provider never crashes, no change is sent twice", async () => {
    sim.addFault([
      { kind: "garbled", garble: "html", rate: 0.07 },
      { kind: "garbled", garble: "empty", rate: 0.07 },
      { kind: "garbled", garble: "huge", rate: 0.07, bytes: 2 * 1024 * 1024 },
    ]);
    const summary: string[] = [];
    for (let run = 1; run <= 2; run++) {
      const r = await stack.attempt((s) => s.up({ parallel: SIMS }));
      const errors = simErrors(r.events, specs);
      summary.push(`run ${run}: ${r.error === undefined ? "ok" : `${errors.length} Sim errors`}`);
      if (r.error !== undefined) {
        assert.ok(errors.length > 0, `failed with no Sim error:\n${r.error}`);
        assert.doesNotMatch(r.error, CRASHED);
        for (const e of errors) {
          assert.deepEqual(unclear(e), [], `${e.name}: ${e.message}`);
          assert.doesNotMatch(e.message, CRASHED);
        }
      }
      assert.deepEqual(forgotten(inUseOnGateway(sim, specs), await stackIccids(stack)), []);
    }
    const garbled = sim.counters().byFault["garbled"] ?? 0;
    console.log(`      ${summary.join("; ")}; ${garbled} garbled answers`);
    assert.ok(garbled > 0);

    sim.clearFaults();
    await stack.up({ parallel: SIMS });
    assert.deepEqual(gatewayDifferences(sim, specs), []);
    assert.deepEqual([...(await stackIccids(stack))].sort(), specs.map((s) => s.iccid).sort());
    // Counted as received: a change is sent again only after an answer the simulator gave
    // without performing the call (a garbled one) or after the gateway said `failed`.
    const log = sim.log();
    assertOneSendPerIntent(log, {
      allow: [...resendsAfterUnperformed(log), ...resendsAfterFailed(log, failedRequestIds(sim))],
    });
  });
});
