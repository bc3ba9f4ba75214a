// Interruption: `pulumi up` creating 100 SIMs is killed with SIGKILL (the CLI, the program and
// the provider at once, as when a CI runner or a laptop dies), then the stack is recovered the
// way RELIABILITY.md tells users to: `pulumi cancel` (the file backend's lock outlives the
// process), `pulumi refresh --clear-pending-creates`, then `pulumi up`.
// The gateway must end up as the program says, no SIM activated twice, none forgotten. The
// same for a `pulumi destroy` killed half-way.

import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import type { LogEntry, SimulatorHandle } from "../../simulator";
import { gatewayConfig, simulator, SIM_TYPE, type SimSpec } from "../support/sim-fixture";
import {
  assertOneSendPerIntent,
  commandKey,
  failedRequestIds,
  resendsAfterFailed,
  subjectOf,
  type AllowedResend,
} from "../support/sends";
import { E2EStack } from "../support/stack";
import {
  fastSchedule,
  FAULTS_ROOT,
  fleet,
  forgotten,
  gatewayDifferences,
  inUseOnGateway,
  simErrors,
  simsConfig,
  stackIccids,
} from "./support";

const SIMS = 100;
/**
 * Creates in flight at once in the killed run: when it dies, some SIMs are done and recorded,
 * some half-way (activation pending, services being changed), some not started.
 */
const KILLED_PARALLEL = 25;
/**
 * Two-step requests take 1.5 to 8 s in the killed runs (a new latency every 25 ms, so that the
 * SIMs drift apart), so that some sent before the kill are still in flight when the recovery
 * starts: the recovery must wait for them, not send them again. 600 ms afterwards.
 */
const KILLED_LATENCY_MS = { min: 1500, max: 8000 };
const LATENCY_MS = 600;
/** At the kill, at least this many requests of the killed run are in flight. */
const IN_FLIGHT_AT_KILL = 10;

interface PendingOperation {
  type: string;
  resource: { urn: string; type: string; id?: string };
}

interface Kill {
  killedAfterMs: number;
  /** Torn file backend files removed (see repairTornSidecars). */
  repaired: string[];
  /** Provider processes that outlived the CLI (killed too unless `providers: "survive"`). */
  providers: number[];
}

/**
 * Start the CLI, wait until `when()` holds, SIGKILL its process group: the CLI, the language
 * host and the program. The resource provider runs in a process group of its own (Pulumi
 * starts plugins that way), so it outlives the CLI as an orphan: `providers: "die"` kills it
 * too (a machine that dies), `"survive"` leaves it running (a CLI killed on its own, as a CI
 * runner's timeout does) and the caller must end it.
 */
async function killWhen(
  stack: E2EStack,
  sim: SimulatorHandle,
  args: readonly string[],
  when: () => boolean,
  providers: "die" | "survive",
): Promise<Kill> {
  const stopJitter = varyLatency(sim);
  const child = stack.spawnCli(args);
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const started = Date.now();
  let exited = false;
  void exit.then(() => (exited = true));
  while (!when()) {
    if (exited || Date.now() - started > 120_000) {
      stopJitter();
      if (!exited) killGroup(child);
      throw new Error(`the CLI ${exited ? "ended" : "never reached the kill point"}:\n${output}`);
    }
    await sleep(20);
  }
  killGroup(child);
  stopJitter();
  const orphans = providerProcesses(stack.workDir);
  if (providers === "die") for (const pid of orphans) process.kill(pid, "SIGKILL");
  await exit;
  await waitGroupGone(child.pid!);
  if (providers === "die") await waitGone(orphans);
  return {
    killedAfterMs: Date.now() - started,
    repaired: repairTornSidecars(path.join(stack.dir, "state")),
    providers: orphans,
  };
}

/** A new latency for new two-step requests every 25 ms, until the returned function is called. */
function varyLatency(sim: SimulatorHandle): () => void {
  let x = 12345;
  const timer = setInterval(() => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const span = KILLED_LATENCY_MS.max - KILLED_LATENCY_MS.min;
    sim.settings({ latencyMs: KILLED_LATENCY_MS.min + (x % span) });
  }, 25);
  return () => {
    clearInterval(timer);
    sim.settings({ latencyMs: LATENCY_MS });
  };
}

/** Two-step requests queued on the simulator and not settled yet. */
function inFlight(sim: SimulatorHandle): number {
  sim.engine.settle();
  return sim.engine.queue.pendingCount;
}

/** The dynamic-provider processes running a program in `workDir` (Linux /proc). */
function providerProcesses(workDir: string): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readlinkSync(`/proc/${entry}/cwd`) !== workDir) continue;
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (cmd.includes("dynamic-provider")) out.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return out;
}

async function waitGone(pids: readonly number[]): Promise<void> {
  for (let i = 0; i < 250; i++) {
    if (pids.every((pid) => !alive(pid))) return;
    await sleep(20);
  }
  throw new Error(`provider processes ${pids.join(", ")} still alive 5 s after SIGKILL`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The file backend writes each state file atomically (a temporary file, then a rename), but
 * the `<file>.attrs` beside it in place (gocloud.dev fileblob): a kill in between leaves it
 * empty or cut short, and the CLI then fails with "failed to load checkpoint: EOF". The cure,
 * as RELIABILITY.md tells users: delete the broken `.attrs` file (a missing one is fine).
 */
function repairTornSidecars(stateDir: string): string[] {
  const removed: string[] = [];
  for (const file of walk(stateDir)) {
    if (!file.endsWith(".attrs")) continue;
    try {
      JSON.parse(fs.readFileSync(file, "utf8"));
    } catch {
      fs.rmSync(file);
      removed.push(path.relative(stateDir, file));
    }
  }
  return removed;
}

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function killGroup(child: ChildProcess): void {
  process.kill(-child.pid!, "SIGKILL");
}

/** Until no process of the group is left (the program and the provider die with the CLI). */
async function waitGroupGone(pgid: number): Promise<void> {
  for (let i = 0; i < 250; i++) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    await sleep(20);
  }
  throw new Error(`process group ${pgid} still has processes 5 s after SIGKILL`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function pendingOperations(stack: E2EStack): Promise<PendingOperation[]> {
  const d = await stack.exportStack();
  return (d.deployment as { pending_operations?: PendingOperation[] }).pending_operations ?? [];
}

function countBy<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) out[key(i)] = (out[key(i)] ?? 0) + 1;
  return out;
}

describe("interruption: SIGKILL in the middle of up and destroy of 100 SIMs", function () {
  this.timeout(10 * 60_000);
  let sim: SimulatorHandle;
  let stack: E2EStack;
  let specs: SimSpec[];
  const report: string[] = [];
  /** Provider processes this suite left running on purpose, ended in `after`. */
  const orphans: number[] = [];

  before(async () => {
    sim = await simulator({ latencyMs: LATENCY_MS, seed: 31 });
    specs = fleet(sim, SIMS);
    stack = await E2EStack.create({
      program: "sims.js",
      installRoot: FAULTS_ROOT,
      config: {
        ...gatewayConfig(sim),
        ...fastSchedule({
          "aql:firstCheckDelay": { value: "300ms" },
          "aql:maxTerminationsPerRun": { value: String(SIMS) },
        }),
        ...simsConfig(specs),
      },
    });
  });

  after(async () => {
    for (const pid of orphans) if (alive(pid)) process.kill(pid, "SIGKILL");
    console.log(`\n${report.map((l) => `      ${l}`).join("\n")}\n`);
    await stack?.cleanup({ destroy: false });
    await sim?.close();
  });

  it("up killed mid-way: cancel, refresh --clear-pending-creates, then up converges", async () => {
    const kill = await killWhen(
      stack,
      sim,
      ["up", "--yes", "--skip-preview", "--parallel", String(KILLED_PARALLEL)],
      () =>
        (sim.counters().settledByCommand["removeservice"]?.success ?? 0) >= SIMS * 0.3 &&
        inFlight(sim) >= IN_FLIGHT_AT_KILL,
      "die",
    );
    const atKill = sim.counters();
    const pending = await pendingOperations(stack);
    const recorded = await stackIccids(stack);
    // What was in flight: pending creates in the state, SIMs pending or half-configured.
    const gatewayStates = countBy(specs, (s) => sim.sim(s.iccid)?.state ?? "unused");
    report.push(
      `up killed after ${kill.killedAfterMs} ms with its provider${torn(kill.repaired)}: ` +
        `${atKill.activationsTotal} activations done, ` +
        `${atKill.byCommand["activate"]?.["200"] ?? 0} activate requests accepted; ` +
        `state: ${recorded.size} Sims recorded, pending operations ` +
        `${JSON.stringify(countBy(pending, (p) => p.type))}; gateway ${JSON.stringify(gatewayStates)}`,
    );
    assert.ok(pending.length > 0, "the kill left pending operations");
    assert.ok(recorded.size < SIMS, "the kill came before every create was recorded");

    // The killed CLI's lock is still there (see the destroy case): `pulumi cancel` removes it.
    await stack.stack.cancel();

    const pendingAtRefresh = inFlight(sim);
    const refreshed = await stack.refresh({ clearPendingCreates: true });
    assert.deepEqual(await pendingOperations(stack), [], "no pending operation left");
    const pendingAtUp = inFlight(sim);
    report.push(
      `refresh --clear-pending-creates: ${JSON.stringify(refreshed.changes)}; requests of ` +
        `the killed run still in flight: ${pendingAtRefresh} at the refresh, ${pendingAtUp} at the up`,
    );

    const up = await stack.attempt((s) => s.up({ parallel: SIMS }));
    report.push(
      `up after recovery: ${up.error === undefined ? "ok" : "failed"}, ${JSON.stringify(up.changes)}`,
    );
    if (up.error !== undefined) {
      report.push(errorsOf(up.events, specs));
      const again = await stack.attempt((s) => s.up({ parallel: SIMS }));
      report.push(`second up: ${again.error === undefined ? "ok" : errorsOf(again.events, specs)}`);
    }

    // Every request the gateway received, the killed run's and the recovery's: no change sent
    // twice (a resend refused with 63026 counts too), save after the gateway said `failed`.
    const log = sim.log();
    assertOneSendPerIntent(log, { allow: resendsAfterFailed(log, failedRequestIds(sim)) });
    assert.deepEqual(gatewayDifferences(sim, specs), [], "the gateway is as the program says");
    const inStack = await stackIccids(stack);
    assert.deepEqual([...inStack].sort(), specs.map((s) => s.iccid).sort(), "none lost");
    assert.equal(up.error, undefined, "one up after the refresh converges");
    const c = sim.counters();
    report.push(
      `converged: ${c.activationsTotal} activations for ${SIMS} SIMs, ${c.requests} calls in ` +
        `all, ${c.byStatus["63026"] ?? 0} refused with 63026 (a request in flight) and waited out`,
    );
  });

  it("destroy killed mid-way: cancel, destroy again finishes, each SIM terminated once", async () => {
    const before = sim.counters().settledByCommand["terminate"]?.success ?? 0;
    const since = sim.engine.log.lastSeq;
    const kill = await killWhen(
      stack,
      sim,
      ["destroy", "--yes", "--skip-preview", "--parallel", String(KILLED_PARALLEL)],
      () =>
        (sim.counters().settledByCommand["terminate"]?.success ?? 0) - before >= SIMS * 0.3 &&
        inFlight(sim) >= IN_FLIGHT_AT_KILL,
      "survive",
    );
    orphans.push(...kill.providers);
    assert.ok(kill.providers.length > 0 && kill.providers.every(alive), "the provider survived");
    const pending = await pendingOperations(stack);
    const left = await stackIccids(stack);
    const gatewayStates = countBy(specs, (s) => sim.sim(s.iccid)?.state ?? "unused");
    report.push(
      `destroy killed after ${kill.killedAfterMs} ms, its provider left running ` +
        `(pid ${kill.providers.join(", ")})${torn(kill.repaired)}: ` +
        `${left.size} Sims still in the state, ` +
        `pending operations ${JSON.stringify(countBy(pending, (p) => p.type))}; ` +
        `gateway ${JSON.stringify(gatewayStates)}`,
    );
    assert.ok(left.size > 0 && left.size < SIMS, "killed half-way");
    // The killed CLI's lock is still there: nothing runs until `pulumi cancel` removes it.
    const locked = await stack.attempt((s) => s.destroy({ parallel: SIMS }));
    assert.match(locked.error ?? "", /locked/);
    report.push(`destroy before cancel: ${firstLine(locked.error ?? "", /locked/)}`);
    await stack.stack.cancel();
    const pendingAtDestroy = inFlight(sim);
    // Nothing in use on the gateway is missing from the state: destroy again reaches it.
    assert.deepEqual(forgotten(inUseOnGateway(sim, specs), left), []);

    const again = await stack.attempt((s) => s.destroy({ parallel: SIMS }));
    report.push(
      `destroy again (${pendingAtDestroy} terminations of the killed run still in flight): ` +
        `${again.error === undefined ? "ok" : "failed"}, ${JSON.stringify(again.changes)}`,
    );
    assert.equal(again.error, undefined, errorsOf(again.events, specs));
    assert.equal((await stack.resources(SIM_TYPE)).length, 0);
    for (const s of specs) assert.equal(sim.sim(s.iccid)?.state, "terminated", s.iccid);
    const terminations = sim.counters().settledByCommand["terminate"];
    report.push(
      `terminations: ${JSON.stringify(terminations)}; refused with 63026 in all: ` +
        `${sim.counters().byStatus["63026"] ?? 0}`,
    );
    // Each terminate accepted once, counted as received, not as settled. The killed run left no
    // record of the terminates it had queued, and queryiccid shows none: the next destroy sends
    // again and, on this gateway, is refused with 63026 (nothing done) until the first settles.
    // Those refused sends are listed; a second accepted terminate is not allowed.
    const log = sim.log(since);
    assertOneSendPerIntent(log, {
      commands: ["terminate"],
      intents: specs.map((s) => ({ subject: s.iccid, command: "terminate" })),
      allow: [...resendsAfterFailed(log, failedRequestIds(sim)), ...refusedSends(log, 63026)],
    });
  });
});

/** One allowance per terminate the gateway refused with `code`: a refused send did nothing. */
function refusedSends(log: readonly LogEntry[], code: number): AllowedResend[] {
  return log
    .filter((e) => commandKey(e) === "terminate" && e.codes.includes(code))
    .map((e) => ({
      subject: subjectOf(e),
      command: "terminate",
      reason: `#${e.seq} refused with ${code} (the killed run's request still in flight)`,
    }));
}

/** The Sims' error diagnostics, one a line. */
function errorsOf(events: readonly EngineEvent[], specs: readonly SimSpec[]): string {
  return simErrors(events, specs)
    .map((e) => `${e.name}: ${e.message.replace(/\s+/g, " ")}`)
    .join("\n");
}

function torn(repaired: readonly string[]): string {
  return repaired.length === 0
    ? ""
    : ` (torn file backend sidecars removed: ${repaired.join(", ")})`;
}

/** The first line of `text` that matches, trimmed. */
function firstLine(text: string, re: RegExp): string {
  return (
    text
      .split("\n")
      .find((l) => re.test(l))
      ?.trim() ?? ""
  );
}
