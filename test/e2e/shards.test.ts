// An estate split into shard stacks on the real engine, through the commands' Automation API
// code: 3 shards of one inventory run at once; a run asking for 4 is refused with nothing
// touched (no file of the backend or the project written, no gateway call); a reshard from 3 to
// 4 moves SIMs between the stacks' states with zero gateway calls, every SIM then in exactly one
// stack (its own), and an up of the 4 stacks after it creates and deletes nothing.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { shardOf } from "../../provider/estate/shard";
import { verifyPlacement } from "../../provider/shards/reshard";
import { shardsUp } from "../../provider/shards/up";
import { openProject } from "../../provider/shards/workspace";
import { DEMO_ACCOUNT, type SimulatorHandle } from "../../simulator";
import { callsSince, mark } from "../support/gateway-calls";
import { scratchProject, snapshotFiles, type ScratchProject } from "../support/project";
import { simulator } from "../support/sim-fixture";
import { PROGRAMS } from "../support/stack";
import { run } from "../unit/cli/memory-io";

const N = 24;
const BUDGET = { requestsPerSecond: 300, maxConcurrency: 12 };

describe("e2e: an estate in shard stacks", function () {
  let sim: SimulatorHandle;
  let project: ScratchProject;
  let iccids: string[];
  const opts = () => ({
    workDir: project.workDir,
    envVars: project.envVars,
    pulumiCommand: project.pulumiCommand,
    prefix: "estate",
    budget: BUDGET,
  });

  before(async function () {
    sim = await simulator();
    iccids = sim.freeIccids(N);
    const numbers = sim.freeNumbers(N);
    project = await scratchProject({
      name: "shards",
      programFile: path.join(PROGRAMS, "sharded.js"),
      config: {
        "aql:endpoint": sim.url,
        "aql:username": DEMO_ACCOUNT.username,
        "aql:firstCheckDelay": "200ms",
        "aql:maxPollInterval": "400ms",
        "aql:waitDeadline": "60s",
        "aql:retryDelay": "50ms",
      },
      // The password from the environment, as a CI job would give it.
      env: { AQL_PASSWORD: DEMO_ACCOUNT.password },
    });
    const inventory = path.join(project.workDir, "inventory.csv");
    fs.writeFileSync(
      inventory,
      ["iccid,number,name,address,postcode,contact"]
        .concat(
          iccids.map((i, k) => `${i},${numbers[k]},Subscriber ${k},1 Road,LS10 1JQ,441133203040`),
        )
        .join("\n") + "\n",
    );
    fs.appendFileSync(path.join(project.workDir, "Pulumi.yaml"), `  inventory: ${inventory}\n`);
  });

  after(async () => {
    project?.cleanup();
    await sim?.close();
  });

  it("previews 3 shards, warning where a shard has more SIMs than --parallel", async () => {
    const warnings: string[] = [];
    const r = await shardsUp({
      ...opts(),
      count: 3,
      preview: true,
      parallel: 2,
      onEvent: (_i, e: EngineEvent) => {
        const d = e.diagnosticEvent;
        if (d?.severity === "warning" && /SimEstate/.test(d.message)) warnings.push(d.message);
      },
    });
    assert.equal(r.refused, false);
    assert.ok(!r.refused && r.reports.every((x) => x.ok), JSON.stringify(r));
    assert.equal(warnings.length, 3, warnings.join("\n"));
    for (const w of warnings) assert.match(w, /runs 2 operations at once.*--parallel \d+/s);
  });

  it("runs 3 shards of one inventory: every SIM active, in exactly one stack, its own", async () => {
    const r = await shardsUp({ ...opts(), count: 3, parallel: 32 });
    assert.ok(!r.refused);
    if (r.refused) return;
    assert.ok(
      r.reports.every((x) => x.ok),
      JSON.stringify(r.reports),
    );
    assert.deepEqual(r.budget, { requestsPerSecond: 100, maxConcurrency: 4 });
    const created = r.reports.reduce((n, x) => n + (x.changes["create"] ?? 0), 0);
    // Per stack: its SIMs, the SimEstate, the stack and the dynamic provider's default.
    assert.equal(created, N + 3 * 2);
    for (const i of iccids) assert.equal(sim.sim(i)?.state, "active", i);
    const ws = await openProject(opts());
    const placed = await verifyPlacement(ws, "estate", 3);
    assert.deepEqual(placed.misplaced, []);
    assert.equal(
      Object.values(placed.simsPerStack).reduce((a, b) => a + b, 0),
      N,
    );
  });

  /** `aql-estate ...` in-process, in the project's folder, with the project's environment. */
  const cli = (...argv: string[]) =>
    run(argv, project.workDir, { ...process.env, ...project.envVars });

  it("refuses `aql-estate up --shards 4` before touching anything, naming the command", async () => {
    const before = snapshotFiles(project.stateDir, project.workDir);
    const seq = mark(sim);
    const r = await cli("up", "--shards", "4");
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /refused, nothing was run: estate is split into 3 stacks/);
    assert.match(r.stderr, /\nrun: aql-estate reshard --shards 4\n/);
    assert.deepEqual(snapshotFiles(project.stateDir, project.workDir), before);
    assert.equal(callsSince(sim, seq).length, 0);
  });

  it("reshards 3 -> 4 with no gateway call; then each SIM is in exactly one stack, its own", async () => {
    const moving = iccids.filter((i) => shardOf(i, 4) === 3).length;
    assert.ok(moving > 0);
    const seq = mark(sim);
    const r = await cli("reshard", "--shards", "4", "--requests-per-second", "300");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(callsSince(sim, seq).length, 0, "no gateway call");
    // Growing by one moves SIMs only onto the new shard.
    assert.match(r.stdout, new RegExp(`3 -> 4 shards: moved ${moving} SIM\\(s\\) \\(`));
    assert.doesNotMatch(r.stdout, /-> estate-[0-2]:/);
    assert.match(r.stdout, /every SIM is in exactly one stack, its own/);
    const ws = await openProject(opts());
    const placed = await verifyPlacement(ws, "estate", 4);
    assert.deepEqual(placed.misplaced, []);
    assert.equal(Object.keys(placed.simsPerStack).length, 4);
    assert.equal(
      Object.values(placed.simsPerStack).reduce((a, b) => a + b, 0),
      N,
    );

    // The engine agrees: an up of the 4 stacks creates and deletes nothing, calls nothing that
    // changes a SIM, and every SIM is still active.
    const seq2 = mark(sim);
    const up = await shardsUp({ ...opts(), count: 4, parallel: 32 });
    assert.ok(!up.refused && up.reports.every((x) => x.ok), JSON.stringify(up));
    if (up.refused) return;
    for (const x of up.reports) {
      assert.equal(x.changes["create"] ?? 0, 0, `${x.stack}: ${JSON.stringify(x.changes)}`);
      assert.equal(x.changes["delete"] ?? 0, 0, `${x.stack}: ${JSON.stringify(x.changes)}`);
    }
    assert.deepEqual(callsSince(sim, seq2), [], "a no-op up of every SIM: no gateway call");
    for (const i of iccids) assert.equal(sim.sim(i)?.state, "active", i);
  });
});
