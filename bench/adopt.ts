// npm run bench:adopt    onboarding a live estate of N SIMs (default 5000), not in CI:
//   1. the simulator is seeded out of band (test/support/estate-seed.ts);
//   2. `aql-estate discover --range` at the default limiter (20 requests/s, 16 in flight), timed;
//   3. the adopting `pulumi up` of the inventory against the engine's floor (as many no-op
//      dynamic resources as the adoption creates), both with PULUMI_SKIP_CHECKPOINTS at
//      --parallel P (default N): gateway calls counted, changing ones must be 0;
//   4. a preview of the adopted estate (no change, no call expected).
// Writes its section of docs/BENCHMARKS.md (between the adopt markers) and
// bench/results/adopt.json. Options: --n 5000, --parallel N, --no-write.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { runCli } from "../provider/cli/program";
import type { CliIo } from "../provider/cli/io";
import { DEMO_ACCOUNT, startSimulator, type LogEntry } from "../simulator";
import { findEngine, REPO_ROOT } from "../test/support/engine";
import { seedEstate } from "../test/support/estate-seed";
import { BenchStack, timed } from "./stack";

const READS = new Set(["queryiccid", "checkstatus", "info"]);
const BEGIN = "<!-- adopt:begin (npm run bench:adopt) -->";
const END = "<!-- adopt:end -->";

function log(message: string): void {
  process.stdout.write(`bench:adopt: ${message}\n`);
}

function byCommand(calls: readonly LogEntry[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of calls) out[e.command ?? "(none)"] = (out[e.command ?? "(none)"] ?? 0) + 1;
  return out;
}

const sec = (ms: number) => (ms / 1000).toFixed(1);

interface AdoptResult {
  at: string;
  machine: { cpus: number; load: number[]; node: string; pulumi: string };
  n: number;
  parallel: number;
  adoptable: number;
  resources: number;
  discover: { ms: number; calls: Record<string, number>; ratePerSecond: number };
  floorUpMs: number;
  adoptUpMs: number;
  adoptUpCalls: Record<string, number>;
  changingCalls: number;
  previewMs: number;
  previewCalls: number;
  previewChanges: Record<string, number>;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      n: { type: "string", default: "5000" },
      parallel: { type: "string" },
      "no-write": { type: "boolean", default: false },
    },
  });
  const n = Number(values.n);
  const parallel = values.parallel === undefined ? n : Number(values.parallel);
  const env = { PULUMI_SKIP_CHECKPOINTS: "true" };
  const sim = await startSimulator({ latencyMs: 2000, seed: 1 });
  const stacks: BenchStack[] = [];
  try {
    const estate = seedEstate(sim, n);
    log(`seeded ${n} ICCIDs out of band: ${estate.sims.size} adoptable`);

    // --- discover, at the default limiter -------------------------------------------------
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aql-adopt-"));
    const inventory = path.join(dir, "inventory.csv");
    const io: CliIo = {
      stdout: { write: (s) => void process.stdout.write(s), isTTY: false },
      stderr: { write: (s) => void process.stdout.write(s), isTTY: false },
      env: {
        AQL_ENDPOINT: sim.url,
        AQL_USERNAME: DEMO_ACCOUNT.username,
        AQL_PASSWORD: DEMO_ACCOUNT.password,
      },
      cwd: dir,
      signal: new AbortController().signal,
    };
    const range = `${estate.iccids[0]}..${estate.iccids.at(-1)}`;
    let seq = sim.engine.log.lastSeq;
    const discover = await timed(() =>
      runCli(["discover", "--range", range, "--out", inventory, "--progress-every", "60"], io),
    );
    if (discover.result !== 0) throw new Error(`discover exited ${discover.result}`);
    const discoverCalls = byCommand(sim.log(seq, 1_000_000));
    const totalCalls = Object.values(discoverCalls).reduce((a, b) => a + b, 0);
    log(`discover ${sec(discover.ms)} s, ${totalCalls} calls ${JSON.stringify(discoverCalls)}`);

    const sims = [...estate.sims.values()];
    const resources =
      sims.length +
      sims.filter((s) => s.voicemail !== undefined).length +
      sims.filter((s) => s.recording !== undefined).length;

    // --- the floor ----------------------------------------------------------------------
    const floor = await BenchStack.create(
      "noop.js",
      {
        count: { value: String(resources) },
        "bench:secret": { value: "not-a-password", secret: true },
      },
      env,
    );
    stacks.push(floor);
    const floorUp = await floor.up(parallel);
    log(`floor up (${resources} no-op resources) ${sec(floorUp.ms)} s`);

    // --- the adopting up ------------------------------------------------------------------
    const adopt = await BenchStack.create(
      "adopt.js",
      {
        inventory: { value: inventory },
        "aql:endpoint": { value: sim.url },
        "aql:username": { value: DEMO_ACCOUNT.username },
        "aql:password": { value: DEMO_ACCOUNT.password, secret: true },
        "aql:maxConcurrency": { value: "64" },
        "aql:requestsPerSecond": { value: "2000" },
      },
      env,
    );
    stacks.push(adopt);
    seq = sim.engine.log.lastSeq;
    const up = await adopt.up(parallel);
    const upCalls = sim.log(seq, 1_000_000);
    const changing = upCalls.filter((e) => !READS.has(e.command ?? "")).length;
    log(
      `adopting up ${sec(up.ms)} s, calls ${JSON.stringify(byCommand(upCalls))}, changing ${changing}`,
    );

    seq = sim.engine.log.lastSeq;
    const preview = await adopt.preview(parallel);
    const previewCalls = sim.log(seq, 1_000_000).length;
    log(`preview ${sec(preview.ms)} s, ${previewCalls} calls, ${JSON.stringify(preview.result)}`);

    const result: AdoptResult = {
      at: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        load: os.loadavg().map((l) => Math.round(l * 100) / 100),
        node: process.version,
        pulumi: findEngine().version,
      },
      n,
      parallel,
      adoptable: estate.sims.size,
      resources,
      discover: {
        ms: discover.ms,
        calls: discoverCalls,
        ratePerSecond: totalCalls / (discover.ms / 1000),
      },
      floorUpMs: floorUp.ms,
      adoptUpMs: up.ms,
      adoptUpCalls: byCommand(upCalls),
      changingCalls: changing,
      previewMs: preview.ms,
      previewCalls,
      previewChanges: preview.result as Record<string, number>,
    };
    const resultsDir = path.join(REPO_ROOT, "bench", "results");
    fs.mkdirSync(resultsDir, { recursive: true });
    fs.writeFileSync(path.join(resultsDir, "adopt.json"), JSON.stringify(result, null, 2));
    const section = render(result);
    process.stdout.write(`\n${section}\n`);
    if (!values["no-write"]) await writeSection(section);
    if (changing !== 0) throw new Error(`the adopting up made ${changing} changing call(s)`);
  } finally {
    for (const s of stacks) s.cleanup();
    await sim.close();
  }
}

export function render(r: AdoptResult): string {
  const calls = (c: Record<string, number>) =>
    Object.entries(c)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ");
  const total = Object.values(r.discover.calls).reduce((a, b) => a + b, 0);
  return [
    BEGIN,
    "## Adopting a live estate (`npm run bench:adopt`)",
    "",
    `Run on ${r.at.slice(0, 16).replace("T", " ")} UTC (${r.machine.cpus} CPUs, load average at ` +
      `the end ${r.machine.load.join(" ")}, shared; Node ${r.machine.node}). The simulator is ` +
      `seeded out of band with ${r.n} consecutive ICCIDs: ${r.adoptable} active or suspended ` +
      `(mixed services, voicemail on a third, call recording on a quarter), the rest unused or ` +
      `terminated. See docs/ONBOARDING.md.`,
    "",
    "| step | time | gateway calls | notes |",
    "| :--- | ---: | :--- | :--- |",
    `| \`aql-estate discover --range\`, default limiter (20 requests/s, 16 in flight) | ` +
      `${sec(r.discover.ms)} s | ${total} (${calls(r.discover.calls)}) | ` +
      `${r.discover.ratePerSecond.toFixed(1)} calls/s: the limiter is the bound |`,
    `| floor: \`up\` of ${r.resources} no-op dynamic resources | ${sec(r.floorUpMs)} s | 0 | ` +
      `--parallel ${r.parallel}, PULUMI_SKIP_CHECKPOINTS |`,
    `| adopting \`up\`: ${r.adoptable} Sims + their Voicemail and CallRecording ` +
      `(${r.resources} resources) | ${sec(r.adoptUpMs)} s | ` +
      `${Object.values(r.adoptUpCalls).reduce((a, b) => a + b, 0)} (${calls(r.adoptUpCalls)}); ` +
      `**${r.changingCalls} changing** | ${(r.adoptUpMs / r.floorUpMs).toFixed(2)} x the floor; ` +
      `provider limiter 2000 requests/s, 64 in flight |`,
    `| \`preview\` after adoption | ${sec(r.previewMs)} s | ${r.previewCalls} | ` +
      `${calls(r.previewChanges)} |`,
    "",
    "Discover at the default limiter takes about (calls / 20) seconds: one `queryiccid` per ICCID " +
      "and two `info` (voicemail, recording) per active or suspended SIM with a number. Raise " +
      "`AQL_REQUESTS_PER_SECOND` only as far as the account's agreement with aql allows. The " +
      "adopting `up` costs what the engine costs for as many resources: its gateway work is one " +
      "read per resource, and the two runs differ by less than the noise of a shared machine " +
      "(compare the load average above); at this size, checkpoints at every step would dominate " +
      "both (docs/SCALE.md).",
    END,
  ].join("\n");
}

async function writeSection(section: string): Promise<void> {
  const file = path.join(REPO_ROOT, "docs", "BENCHMARKS.md");
  const text = fs.readFileSync(file, "utf8");
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  const next =
    start >= 0 && end > start
      ? text.slice(0, start) + section + text.slice(end + END.length)
      : `${text.trimEnd()}\n\n${section}\n`;
  // As prettier writes it: npm run lint checks docs/ too.
  const prettier = await import("prettier");
  const options = (await prettier.resolveConfig(file)) ?? {};
  fs.writeFileSync(file, await prettier.format(next, { ...options, filepath: file }));
  log("wrote its section of docs/BENCHMARKS.md");
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(
      `bench:adopt: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    process.exitCode = 1;
  });
}
