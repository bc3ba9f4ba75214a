// npm run bench          N = 50, 200, 1000 at --parallel N (the file backend's default
//                        checkpoints), 10000 in one stack and 20000 as 4 shard stacks (both with
//                        PULUMI_SKIP_CHECKPOINTS), N = 200 at the CLI's default; writes
//                        docs/BENCHMARKS.md
// npm run bench:smoke    N = 20 (CI): prints the report, fails on a missed call, state or
//                        convergence target (timings depend on the machine and are reported)
// Options: --n 50,200 (sizes at default checkpoints), --final 10000 (sizes in one stack with
// PULUMI_SKIP_CHECKPOINTS; "" for none), --sharded 20000x4 (N x K shard stacks, run at once like
// `aql-estate up --shards K`; "" for none), --latency 2s, --no-default (skip the
// default-parallelism run),
// --render FILE (write docs/BENCHMARKS.md again from a bench/results/full-*.json).
//
// Each size: the floor (N no-op dynamic resources) and N new SIMs against a fresh simulator: up of
// each (the provider process's RSS sampled, the simulator's calls counted), previews of both in
// turn, a no-op up of the SIMs, and the stored state.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { DEMO_ACCOUNT, startSimulator, type LogEntry, type SimulatorHandle } from "../simulator";
import { findEngine, REPO_ROOT } from "../test/support/engine";
import {
  markdown,
  targets,
  type BenchSettings,
  type CpuSeconds,
  type Machine,
  type SizeResult,
} from "./report";
import { sampleProcesses } from "./procs";
import { shardsUp, type ShardsUpOptions } from "../provider/shards/up";
import { shardOf } from "../provider/estate/shard";
import { scratchProject } from "../test/support/project";
import { BenchStack, BENCH_ROOT, bytesPer, timed } from "./stack";

const SIM_TYPE = "pulumi-nodejs:dynamic/aql:Sim";
const NOOP_TYPE = "pulumi-nodejs:dynamic/bench:Noop";
const READ_ONLY = new Set(["queryiccid", "checkstatus"]);

function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(text.trim());
  if (m === null) throw new Error(`not a duration: ${text}`);
  return Math.round(Number(m[1]) * (m[2] === "ms" ? 1 : 1000));
}

function log(message: string): void {
  process.stdout.write(`bench: ${message}\n`);
}

/** The provider's settings: the poll schedule matched to L, a limiter that lets N through. */
function providerConfig(latencyMs: number): Record<string, string> {
  return {
    "aql:firstCheckDelay": `${latencyMs}ms`,
    "aql:pollBackoff": "1.5",
    "aql:maxPollInterval": `${latencyMs}ms`,
    "aql:waitDeadline": "10m",
    "aql:retryDelay": "200ms",
    "aql:congestionBackoff": "1s",
    "aql:maxConcurrency": "64",
    "aql:requestsPerSecond": "2000",
  };
}

function gatewayConfig(sim: SimulatorHandle, latencyMs: number): ConfigMap {
  const cfg: ConfigMap = {
    "aql:endpoint": { value: sim.url },
    "aql:username": { value: DEMO_ACCOUNT.username },
    "aql:password": { value: DEMO_ACCOUNT.password, secret: true },
  };
  for (const [k, v] of Object.entries(providerConfig(latencyMs))) cfg[k] = { value: v };
  return cfg;
}

/** The most checkstatus calls about one request (the simulator logs the id asked about). */
function maxChecks(calls: readonly LogEntry[]): number {
  const per = new Map<string, number>();
  for (const e of calls) {
    if (e.command !== "checkstatus" || e.requestId === null) continue;
    per.set(e.requestId, (per.get(e.requestId) ?? 0) + 1);
  }
  return Math.max(0, ...per.values());
}

function byCommand(calls: readonly LogEntry[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of calls) out[e.command ?? "(none)"] = (out[e.command ?? "(none)"] ?? 0) + 1;
  return out;
}

function meanCpu(xs: readonly CpuSeconds[]): CpuSeconds {
  const out: CpuSeconds = {};
  for (const x of xs)
    for (const [k, v] of Object.entries(x)) out[k] = (out[k] ?? 0) + v / xs.length;
  return out;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

interface RunSpec {
  n: number;
  /** undefined: the CLI's default (4 x cores). */
  parallel: number | undefined;
  /** PULUMI_SKIP_CHECKPOINTS for both the floor and the SIMs. */
  skipCheckpoints: boolean;
  /** Split into this many shard stacks run at once (floor too); default one stack. */
  shards?: number;
}

/**
 * Previews per stack, alternating floor and SIMs so that the machine's load hits both; fewer at
 * large sizes, where one preview takes minutes.
 */
function previewsFor(n: number): number {
  return n >= 5000 ? 1 : 3;
}

/**
 * One size: the floor's up, the SIMs' up (RSS sampled, calls counted), alternating previews of
 * both, a no-op up of the SIMs, the stored state of both.
 */
async function sizeRun(spec: RunSpec, latencyMs: number): Promise<SizeResult> {
  const { n, parallel } = spec;
  const env: Record<string, string> = spec.skipCheckpoints
    ? { PULUMI_SKIP_CHECKPOINTS: "true" }
    : {};
  const sim = await startSimulator({ latencyMs, seed: 1 });
  const stacks: BenchStack[] = [];
  try {
    // A secret, as every real stack of this provider has (aql:password): both then pay the
    // passphrase's key derivation, which is the backend's cost, not a provider's.
    const floor = await BenchStack.create(
      "noop.js",
      { count: { value: String(n) }, "bench:secret": { value: "not-a-password", secret: true } },
      env,
    );
    stacks.push(floor);
    let sampler = sampleProcesses();
    const floorUp = await floor.up(parallel);
    const floorCost = sampler.stop();
    if ((floorUp.result["create"] ?? 0) !== n + 1) {
      throw new Error(`floor up: ${JSON.stringify(floorUp.result)}`);
    }
    log(`  floor up ${sec(floorUp.ms)} s`);

    const iccids = sim.freeIccids(n);
    const numbers = sim.freeNumbers(n);
    const records = benchRecords(iccids, numbers);
    const sims = await BenchStack.create("sims.js", gatewayConfig(sim, latencyMs), env);
    stacks.push(sims);
    const recordsFile = path.join(sims.dir, "records.json");
    fs.writeFileSync(recordsFile, JSON.stringify(records));
    await sims.stack.setConfig("recordsFile", { value: recordsFile });

    let seq = sim.engine.log.lastSeq;
    sampler = sampleProcesses(200, () => sim.engine.queue.pendingCount);
    const up = await sims.up(parallel);
    const simsCost = sampler.stop();
    const calls = sim.log(seq);
    if ((up.result["create"] ?? 0) !== n + 2) {
      throw new Error(`SIMs up: ${JSON.stringify(up.result)}`);
    }
    log(`  SIMs up ${sec(up.ms)} s`);

    const floorPreviews: number[] = [];
    const simPreviews: number[] = [];
    seq = sim.engine.log.lastSeq;
    const floorPreviewCpu: CpuSeconds[] = [];
    const simPreviewCpu: CpuSeconds[] = [];
    for (let i = 0; i < previewsFor(n); i++) {
      let s = sampleProcesses();
      floorPreviews.push((await floor.preview(parallel)).ms);
      floorPreviewCpu.push(s.stop().cpuSeconds);
      s = sampleProcesses();
      simPreviews.push((await sims.preview(parallel)).ms);
      simPreviewCpu.push(s.stop().cpuSeconds);
    }
    const previewCalls = sim.log(seq).length;
    log(`  previews: floor ${sec(median(floorPreviews))} s, SIMs ${sec(median(simPreviews))} s`);
    // The no-op up is measured up to 1,000 SIMs; past that the preview's 0 calls say the same.
    seq = sim.engine.log.lastSeq;
    const noop = n < 5000 ? await sims.up(parallel) : undefined;
    const noopUpCalls = sim.log(seq).length;

    const floorState = bytesPer(await floor.exportEncrypted(), NOOP_TYPE);
    const state = bytesPer(await sims.exportEncrypted(), SIM_TYPE);
    const changing = calls.filter((e) => e.command === null || !READ_ONLY.has(e.command));
    const converged = iccids.filter((i) => {
      const v = sim.sim(i);
      return v?.state === "active" && v.services.int_roaming && v.services.int_call;
    }).length;
    const twoStep = calls.filter(
      (e) => (e.command === "activate" || e.command === "addservice") && e.codes[0] === 200,
    ).length;
    return {
      n,
      parallel,
      skipCheckpoints: spec.skipCheckpoints,
      shards: 1,
      loadAverage: os.loadavg()[0] ?? 0,
      floor: {
        upMs: floorUp.ms,
        previewMs: median(floorPreviews),
        previewCpuSeconds: meanCpu(floorPreviewCpu),
        stateBytesPer: floorState.per,
        providerPeakMb: floorCost.providerPeakMb,
        cpuSeconds: floorCost.cpuSeconds,
      },
      sims: {
        upMs: up.ms,
        previewMs: median(simPreviews),
        previewCpuSeconds: meanCpu(simPreviewCpu),
        ...(noop !== undefined ? { noopUpMs: noop.ms } : {}),
        stateBytesPer: state.per,
        stateBytesPerTotal: state.total / n,
        providerPeakMb: simsCost.providerPeakMb,
        cpuSeconds: simsCost.cpuSeconds,
        peakPending: simsCost.extraPeak,
        calls: byCommand(calls),
        changingCalls: changing.length,
        // activate and one addservice per SIM, nothing else.
        expectedChangingCalls: 2 * n,
        twoStepRequests: twoStep,
        maxChecksPerRequest: maxChecks(calls),
        previewCalls,
        noopUpCalls,
        converged,
      },
    };
  } finally {
    for (const st of stacks) st.cleanup();
    await sim.close();
  }
}

/**
 * N SIMs as K shard stacks of one project, run at once as `aql-estate up --shards K` runs them
 * (provider/shards/up.ts), against the floor: K stacks of as many no-op resources as each
 * shard has SIMs, also at once. Wall time of each, the provider processes' peak, the calls.
 */
async function shardedRun(spec: RunSpec, latencyMs: number): Promise<SizeResult> {
  const { n } = spec;
  const k = spec.shards ?? 1;
  const env: Record<string, string> = spec.skipCheckpoints
    ? { PULUMI_SKIP_CHECKPOINTS: "true" }
    : {};
  const sim = await startSimulator({ latencyMs, seed: 1 });
  const cleanups: (() => void)[] = [];
  try {
    const iccids = sim.freeIccids(n);
    const numbers = sim.freeNumbers(n);
    if (iccids.length < n || numbers.length < n) {
      throw new Error(`the simulator has ${iccids.length} free ICCIDs, ${numbers.length} numbers`);
    }
    const perShard = new Array<number>(k).fill(0);
    for (const i of iccids) perShard[shardOf(i, k)]!++;
    const parallel = Math.max(...perShard);
    const base = (project: Awaited<ReturnType<typeof scratchProject>>): ShardsUpOptions => ({
      workDir: project.workDir,
      envVars: project.envVars,
      pulumiCommand: project.pulumiCommand,
      prefix: "bench",
      count: k,
      parallel,
      // Each shard's limiter as one stack's in the one-stack runs: the gateway is not the limit.
      budget: { requestsPerSecond: 2000 * k, maxConcurrency: 64 * k },
    });

    const floorProject = await scratchProject({
      name: "bench-floor",
      programFile: path.join(REPO_ROOT, "bench", "programs", "noop.js"),
      installRoot: BENCH_ROOT,
      env,
    });
    cleanups.push(() => floorProject.cleanup());
    let sampler = sampleProcesses();
    const floorUp = await timed(() =>
      shardsUp({
        ...base(floorProject),
        extraConfig: (i) => ({
          count: { value: String(perShard[i]) },
          "bench:secret": { value: "not-a-password", secret: true },
        }),
      }),
    );
    const floorCost = sampler.stop();
    assertShardsOk("floor", floorUp.result);
    log(`  floor up (${k} stacks at once) ${sec(floorUp.ms)} s`);

    const simsProject = await scratchProject({
      name: "bench-sims",
      programFile: path.join(REPO_ROOT, "bench", "programs", "sims.js"),
      installRoot: BENCH_ROOT,
      env,
    });
    cleanups.push(() => simsProject.cleanup());
    const recordsFile = path.join(simsProject.workDir, "records.json");
    fs.writeFileSync(recordsFile, JSON.stringify(benchRecords(iccids, numbers)));
    const seq = sim.engine.log.lastSeq;
    sampler = sampleProcesses(200, () => sim.engine.queue.pendingCount);
    const up = await timed(() =>
      shardsUp({
        ...base(simsProject),
        extraConfig: () => ({
          ...gatewayConfig(sim, latencyMs),
          recordsFile: { value: recordsFile },
        }),
      }),
    );
    const simsCost = sampler.stop();
    assertShardsOk("SIMs", up.result);
    const calls = sim.log(seq);
    log(`  SIMs up (${k} stacks at once) ${sec(up.ms)} s`);

    const floorStack = await BenchStack.select(floorProject, "bench-0");
    const simsStack = await BenchStack.select(simsProject, "bench-0");
    const floorState = bytesPer(await floorStack.exportEncrypted(), NOOP_TYPE);
    const state = bytesPer(await simsStack.exportEncrypted(), SIM_TYPE);
    const changing = calls.filter((e) => e.command === null || !READ_ONLY.has(e.command));
    const twoStep = calls.filter(
      (e) => (e.command === "activate" || e.command === "addservice") && e.codes[0] === 200,
    ).length;
    return {
      n,
      parallel,
      skipCheckpoints: spec.skipCheckpoints,
      shards: k,
      loadAverage: os.loadavg()[0] ?? 0,
      floor: {
        upMs: floorUp.ms,
        stateBytesPer: floorState.per,
        providerPeakMb: floorCost.providerPeakMb,
        cpuSeconds: floorCost.cpuSeconds,
      },
      sims: {
        upMs: up.ms,
        stateBytesPer: state.per,
        stateBytesPerTotal: (state.total * k) / n,
        providerPeakMb: simsCost.providerPeakMb,
        cpuSeconds: simsCost.cpuSeconds,
        peakPending: simsCost.extraPeak,
        calls: byCommand(calls),
        changingCalls: changing.length,
        expectedChangingCalls: 2 * n,
        twoStepRequests: twoStep,
        maxChecksPerRequest: maxChecks(calls),
        previewCalls: 0,
        noopUpCalls: 0,
        converged: iccids.filter((i) => {
          const v = sim.sim(i);
          return v?.state === "active" && v.services.int_roaming && v.services.int_call;
        }).length,
      },
    };
  } finally {
    for (const c of cleanups) c();
    await sim.close();
  }
}

function assertShardsOk(what: string, r: Awaited<ReturnType<typeof shardsUp>>): void {
  if (r.refused) throw new Error(`${what}: refused: ${r.check.reason}`);
  const failed = r.reports.filter((x) => !x.ok);
  if (failed.length > 0) {
    throw new Error(`${what}: ${failed.map((x) => `${x.stack}: ${x.error ?? ""}`).join("; ")}`);
  }
}

function benchRecords(iccids: readonly string[], numbers: readonly string[]) {
  return iccids.map((iccid, i) => ({
    iccid,
    number: numbers[i]!,
    name: `Bench subscriber ${i}`,
    address: "11-15 Hunslet Road, Leeds",
    postcode: "LS10 1JQ",
    contact: "441133203040",
  }));
}

/** Write a markdown file as `prettier` would (npm run lint checks docs/ too). */
async function writeFormatted(file: string, text: string): Promise<void> {
  const prettier = await import("prettier");
  const options = (await prettier.resolveConfig(file)) ?? {};
  fs.writeFileSync(file, await prettier.format(text, { ...options, filepath: file }));
}

function sec(ms: number): string {
  return (ms / 1000).toFixed(1);
}

function machine(): Machine {
  const cpuModel =
    /model name\s*:\s*(.+)/.exec(fs.readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim() ??
    os.cpus()[0]?.model ??
    "unknown";
  const sdk = (
    JSON.parse(
      fs.readFileSync(
        path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "package.json"),
        "utf8",
      ),
    ) as { version: string }
  ).version;
  return {
    date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC",
    cpus: os.cpus().length,
    cpuModel,
    memoryGb: os.totalmem() / 2 ** 30,
    loadAverage: os.loadavg(),
    node: process.version,
    pulumi: findEngine().version,
    sdk,
    os: `${os.type()} ${os.release()}`,
  };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      smoke: { type: "boolean" },
      n: { type: "string" },
      latency: { type: "string" },
      "no-default": { type: "boolean" },
      final: { type: "string" },
      "no-docs": { type: "boolean" },
      sharded: { type: "string" },
      render: { type: "string" },
    },
  });
  if (values.render !== undefined) {
    // Re-render docs/BENCHMARKS.md from the results files of earlier runs (comma-separated: the
    // sizes of runs made side by side, in that order; the first one's machine is shown).
    const saved = values.render.split(",").map(
      (f) =>
        JSON.parse(fs.readFileSync(f, "utf8")) as {
          machine: Machine;
          settings: BenchSettings;
          results: SizeResult[];
        },
    );
    await writeFormatted(
      path.join(REPO_ROOT, "docs", "BENCHMARKS.md"),
      markdown(
        saved[0]!.machine,
        saved[0]!.settings,
        saved.flatMap((x) => x.results),
        "npm run bench",
      ),
    );
    log(`rendered docs/BENCHMARKS.md from ${values.render}`);
    return 0;
  }
  const smoke = values.smoke === true;
  const latencyMs = parseDuration(values.latency ?? "2s");
  const list = (text: string) => text.split(",").filter((x) => x.trim() !== "");
  const sizes = list(values.n ?? (smoke ? "20" : "50,200,1000")).map(Number);
  const runs: RunSpec[] = sizes.map((n) => ({ n, parallel: n, skipCheckpoints: false }));
  if (!smoke) {
    for (const n of list(values.final ?? "10000").map(Number)) {
      runs.push({ n, parallel: n, skipCheckpoints: true });
    }
    for (const item of list(values.sharded ?? "20000x4")) {
      const [n, k] = item.split("x").map(Number);
      if (!n || !k) throw new Error(`--sharded: not NxK: ${item}`);
      runs.push({ n, parallel: undefined, skipCheckpoints: true, shards: k });
    }
    if (values["no-default"] !== true) {
      runs.push({ n: 200, parallel: undefined, skipCheckpoints: false });
    }
  }

  const m = machine();
  log(
    `${m.cpus} CPUs, ${m.memoryGb.toFixed(1)} GB, Node ${m.node}, Pulumi ${m.pulumi}; ` +
      `L = ${latencyMs} ms`,
  );
  const results: SizeResult[] = [];
  for (const spec of runs) {
    const k = spec.shards ?? 1;
    const p =
      k > 1 ? "largest shard" : spec.parallel === undefined ? "default" : String(spec.parallel);
    log(
      `N=${spec.n}${k > 1 ? ` as ${k} shards` : ""} --parallel ${p}` +
        `${spec.skipCheckpoints ? " PULUMI_SKIP_CHECKPOINTS" : ""}; load ${os.loadavg()[0]?.toFixed(2)}`,
    );
    const r = k > 1 ? await shardedRun(spec, latencyMs) : await sizeRun(spec, latencyMs);
    log(
      `  calls ${JSON.stringify(r.sims.calls)}, max checks ${r.sims.maxChecksPerRequest}, ` +
        `provider peak ${r.sims.providerPeakMb.toFixed(0)} MB, ` +
        `state ${Math.round(r.sims.stateBytesPer)} B/SIM`,
    );
    results.push(r);
  }

  const settings: BenchSettings = { latencyMs, config: providerConfig(latencyMs) };
  const command = smoke ? "npm run bench:smoke" : "npm run bench";
  const text = markdown(m, settings, results, command);
  const resultsDir = path.join(REPO_ROOT, "bench", "results");
  fs.mkdirSync(resultsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  fs.writeFileSync(
    path.join(resultsDir, `${smoke ? "smoke" : "full"}-${stamp}-${process.pid}.json`),
    JSON.stringify({ machine: m, settings, results }, null, 2),
  );
  if (smoke) {
    fs.writeFileSync(path.join(resultsDir, "smoke.md"), text);
  } else {
    if (values["no-docs"] !== true) {
      await writeFormatted(path.join(REPO_ROOT, "docs", "BENCHMARKS.md"), text);
      log("wrote docs/BENCHMARKS.md");
    }
  }
  process.stdout.write(`\n${text}\n`);

  const missed = targets(results, settings).filter(
    (t) => !t.met && (!smoke || (!t.timing && t.informative !== true)),
  );
  for (const t of missed) log(`missed: ${t.name} (${t.detail})`);
  return missed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
