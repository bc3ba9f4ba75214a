// A 100-SIM stack on the real engine: measures, for the notes, the state's size per SIM and the
// gateway calls per created SIM by command. Not a timing test: it asserts only the size bound
// and that every ICCID was activated exactly once.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { SimulatorHandle } from "../../simulator";
import { callsSince, countByCommand, countOf, mark, unsuccessful } from "../support/gateway-calls";
import { assertOneSendPerIntent } from "../support/sends";
import { SIM_E2E_ROOT, simResources } from "../support/sim-e2e";
import { gatewayConfig, simsConfig, simulator, type SimSpec } from "../support/sim-fixture";
import { E2EStack } from "../support/stack";

const SIMS = 100;
const PARALLEL = 32;
const LATENCY_MS = 200;
const MAX_STATE_BYTES_PER_SIM = 4096;

describe(`e2e: Sim scale — ${SIMS} SIMs in one stack`, function () {
  let sim: SimulatorHandle;
  let stack: E2EStack;
  let specs: SimSpec[];

  before(async () => {
    sim = await simulator({ latencyMs: LATENCY_MS });
    const iccids = sim.freeIccids(SIMS);
    const numbers = sim.freeNumbers(SIMS);
    specs = iccids.map((iccid, i) => ({
      name: `sim${String(i).padStart(3, "0")}`,
      iccid,
      geoNumber: numbers[i]!,
      // A realistic mix: a third roam, a third have no data.
      ...(i % 3 === 1 && { services: { intRoaming: true } }),
      ...(i % 3 === 2 && { services: { internet: false } }),
    }));
    stack = await E2EStack.create({
      program: "sims.js",
      config: {
        ...gatewayConfig(sim, {
          "aql:firstCheckDelay": { value: `${LATENCY_MS}ms` },
          "aql:requestsPerSecond": { value: "200" },
          "aql:maxConcurrency": { value: "32" },
        }),
        ...simsConfig(specs),
      },
      installRoot: SIM_E2E_ROOT,
    });
  });

  after(async () => {
    // The simulator is thrown away: no need to terminate 100 SIMs.
    await stack?.cleanup({ destroy: false });
    await sim?.close();
  });

  it(`up creates ${SIMS} SIMs, each activated once, in <= ${MAX_STATE_BYTES_PER_SIM} state bytes per SIM`, async () => {
    const since = mark(sim);
    const t0 = Date.now();
    const r = await stack.up({ parallel: PARALLEL });
    const seconds = (Date.now() - t0) / 1000;
    assert.equal(r.changes.create, SIMS + 1);

    for (const s of specs) assert.equal(sim.sim(s.iccid)?.state, "active", s.name);
    assert.equal((await simResources(stack)).size, SIMS);

    const calls = callsSince(sim, since);
    assert.deepEqual(unsuccessful(calls), []);
    // Counted as received, refused or not: each SIM's activate and service changes sent once.
    for (const s of specs) assert.equal(countOf(calls, "activate", s.iccid), 1, s.name);
    assertOneSendPerIntent(calls);

    const byCommand = countByCommand(calls);
    const perSim = Object.fromEntries(
      Object.entries(byCommand)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([c, n]) => [c, n / SIMS]),
    );
    const bytes = Buffer.byteLength(JSON.stringify(await stack.exportStack())) / SIMS;
    // As stored: secrets encrypted (each ciphertext is longer than its value), and the file
    // backend's checkpoint file as written (indented).
    const encrypted = JSON.stringify(JSON.parse(await stack.exportEncrypted()) as unknown);
    const stored = Buffer.byteLength(encrypted) / SIMS;
    const file = checkpointBytes(stack.dir) / SIMS;
    console.log(
      `      up of ${SIMS} SIMs (parallel ${PARALLEL}, latency ${LATENCY_MS}ms): ${seconds}s`,
    );
    console.log(
      `      gateway calls per created SIM: ${JSON.stringify(perSim)} (${calls.length / SIMS} in all)`,
    );
    console.log(
      `      state bytes per SIM: ${Math.round(bytes)} (JSON of exportStack, secrets shown), ` +
        `${Math.round(stored)} (secrets encrypted), ${Math.round(file)} (checkpoint file)`,
    );
    assert.ok(stored <= MAX_STATE_BYTES_PER_SIM, `${stored} bytes per SIM as stored`);
  });
});

/** Size of the file backend's checkpoint(s) of the stack (under <dir>/state/.pulumi/stacks). */
function checkpointBytes(dir: string): number {
  const root = path.join(dir, "state", ".pulumi", "stacks");
  let total = 0;
  for (const f of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (f.isFile() && f.name.endsWith(".json"))
      total += fs.statSync(path.join(f.parentPath, f.name)).size;
  }
  return total;
}
