// npm run demo: the estate example end to end on this machine, with no aql account.
//
//   npm run demo            build, get the engine, start the gateway simulator (in the
//                           background, reused while it runs), `pulumi up` the root project
//                           (examples/estate) on stack `demo`, then summarise
//   npm run demo -- --down  destroy the stack, stop the simulator, remove .demo/
//
// Everything lives in .demo/ (git-ignored): the simulator's state, log and pid, the stack's
// config (Pulumi.yaml: stackConfigDir) and the file backend (Pulumi.yaml: backend.url). The
// package is made resolvable by name at the root with node_modules/pulumi-aql-mvno -> .. .

import { spawn, spawnSync, type StdioOptions } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  report,
  type EstateSummaryOutput,
  type GatewayAccountView,
  type ResourceChanges,
} from "./demo-report";

const ROOT = path.resolve(__dirname, "..");
const DEMO = path.join(ROOT, ".demo");
const STATE_DIR = path.join(DEMO, "state");
const CONFIG_DIR = path.join(DEMO, "config");
const SIM_STATE = path.join(DEMO, "simulator-state.json");
const SIM_LOG = path.join(DEMO, "simulator.log");
const SIM_PID = path.join(DEMO, "simulator.pid");
const LINK = path.join(ROOT, "node_modules", "pulumi-aql-mvno");
const ENGINE_BIN = path.join(ROOT, ".engine", "bin");

const STACK = "demo";
const PASSPHRASE = "aql-demo-passphrase";
const PORT = Number(process.env["AQL_DEMO_PORT"] ?? 18790);
const LATENCY = "2s";
const SIM_URL = `http://127.0.0.1:${PORT}`;
/** The simulator's demo account (simulator/seed.ts DEMO_ACCOUNT). */
const USERNAME = "demo";
const PASSWORD = "demo-password";

/** What pulumi needs, here and in the user's shell. */
const PULUMI_ENV: Record<string, string> = {
  PATH: `${ENGINE_BIN}${path.delimiter}${process.env["PATH"] ?? ""}`,
  PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
  // Pulumi.yaml's backend.url is relative to the working directory; this works from anywhere
  // and wins over a PULUMI_BACKEND_URL the user may have set for something else.
  PULUMI_BACKEND_URL: `file://${STATE_DIR}`,
  PULUMI_SKIP_UPDATE_CHECK: "true",
  PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
};
const ENV = { ...process.env, ...PULUMI_ENV };

/** Stack config: the simulator, and a polling schedule to match its latency. */
const CONFIG: Record<string, string> = {
  "aql:endpoint": SIM_URL,
  "aql:username": USERNAME,
  "aql:firstCheckDelay": LATENCY,
  "aql:pollBackoff": "1.5",
  "aql:maxPollInterval": "5s",
  "aql:waitDeadline": "2m",
  "aql:congestionBackoff": "2s",
  // The whole estate is terminated by --down: more than the default guard of 10.
  "aql:maxTerminationsPerRun": "100",
};

class DemoError extends Error {}

function say(message: string): void {
  process.stdout.write(`demo: ${message}\n`);
}

/** Run a command in the root, its output streamed; throws on failure. */
function run(cmd: string, args: readonly string[], stdio: StdioOptions = "inherit"): string {
  const r = spawnSync(cmd, args, { cwd: ROOT, env: ENV, stdio, encoding: "utf8" });
  // Named by its first two words only: the arguments may hold the password.
  const what = [path.basename(cmd), ...args.slice(0, 2)].join(" ");
  if (r.error) throw new DemoError(`${what}: ${r.error.message}`);
  if (r.status !== 0) {
    const detail = typeof r.stderr === "string" && r.stderr.trim() !== "" ? `\n${r.stderr}` : "";
    throw new DemoError(`${what} exited with ${String(r.status)}${detail}`);
  }
  return typeof r.stdout === "string" ? r.stdout : "";
}

function pulumi(args: readonly string[], capture = false): string {
  return run(
    path.join(ENGINE_BIN, "pulumi"),
    [...args, "--non-interactive"],
    capture ? ["ignore", "pipe", "pipe"] : "inherit",
  );
}

// --- the simulator -------------------------------------------------------------------------

async function healthy(): Promise<boolean> {
  try {
    const r = await fetch(`${SIM_URL}/_sim/health`, { signal: AbortSignal.timeout(1000) });
    return r.ok;
  } catch {
    return false;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function ourPid(): number | undefined {
  try {
    const pid = Number(fs.readFileSync(SIM_PID, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function startSimulator(): Promise<void> {
  const running = ourPid();
  if (running !== undefined && (await healthy())) {
    say(`reusing the gateway simulator at ${SIM_URL} (pid ${running})`);
    return;
  }
  if (await healthy()) {
    throw new DemoError(
      `something else answers on ${SIM_URL}; stop it or pick a port: AQL_DEMO_PORT=18791 npm run demo`,
    );
  }
  const log = fs.openSync(SIM_LOG, "a");
  const child = spawn(
    process.execPath,
    [
      path.join(ROOT, "dist", "simulator", "cli.js"),
      ...["--port", String(PORT), "--state", SIM_STATE, "--latency", LATENCY, "--seed", "1"],
    ],
    { cwd: ROOT, detached: true, stdio: ["ignore", log, log] },
  );
  child.unref();
  fs.closeSync(log);
  fs.writeFileSync(SIM_PID, `${String(child.pid)}\n`);
  for (let i = 0; i < 100; i++) {
    if (await healthy()) {
      say(
        `started the gateway simulator at ${SIM_URL} (pid ${String(child.pid)}, log ${rel(SIM_LOG)})`,
      );
      return;
    }
    if (child.exitCode !== null || !alive(child.pid!)) break;
    await sleep(100);
  }
  throw new DemoError(`the simulator did not start; see ${rel(SIM_LOG)}`);
}

async function stopSimulator(): Promise<void> {
  const pid = ourPid();
  if (pid === undefined) return;
  process.kill(pid, "SIGTERM");
  for (let i = 0; i < 100 && alive(pid); i++) await sleep(100);
  if (alive(pid)) process.kill(pid, "SIGKILL");
  say(`stopped the gateway simulator (pid ${pid})`);
}

/**
 * GET a control endpoint's JSON, or undefined. Tried twice: while `pulumi` ran, this process was
 * blocked and the simulator closed the idle keep-alive socket that fetch would reuse first.
 */
async function controlJson<T>(route: string): Promise<T | undefined> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const r = await fetch(`${SIM_URL}/_sim/${route}`, { signal: AbortSignal.timeout(5000) });
      return (await r.json()) as T;
    } catch {
      // next attempt on a fresh connection
    }
  }
  return undefined;
}

/** Calls the simulator has answered on its gateway routes so far. */
async function gatewayCalls(): Promise<number | undefined> {
  return (await controlJson<{ requests?: number }>("counters"))?.requests;
}

async function gatewayView(): Promise<GatewayAccountView | undefined> {
  const body = await controlJson<{ accounts?: Record<string, GatewayAccountView> }>(
    `state?account=${USERNAME}`,
  );
  return body?.accounts?.[USERNAME];
}

// --- the stack -----------------------------------------------------------------------------

/** The package by name at the root, for the example's `import ... from "pulumi-aql-mvno"`. */
function linkPackage(): void {
  let target: string | undefined;
  try {
    target = fs.readlinkSync(LINK);
  } catch (e) {
    // A real folder there (an installed copy) serves as well.
    if ((e as NodeJS.ErrnoException).code === "EINVAL") return;
  }
  if (target === "..") return;
  fs.rmSync(LINK, { force: true });
  fs.symlinkSync("..", LINK, "dir");
  say("linked node_modules/pulumi-aql-mvno -> .. (the built dist/ serves the example)");
}

function unlinkPackage(): void {
  try {
    if (fs.readlinkSync(LINK) === "..") fs.rmSync(LINK);
  } catch {
    // not ours
  }
}

function stackExists(): boolean {
  return fs.existsSync(
    path.join(STATE_DIR, ".pulumi", "stacks", "aql-estate-demo", `${STACK}.json`),
  );
}

function selectStack(): void {
  pulumi(["stack", "select", STACK, "--create"], true);
  const args = ["config", "set-all", "--stack", STACK];
  for (const [k, v] of Object.entries(CONFIG)) args.push("--plaintext", `${k}=${v}`);
  args.push("--secret", `aql:password=${PASSWORD}`);
  pulumi(args, true);
}

function lastChanges(): ResourceChanges | undefined {
  const out = pulumi(["stack", "history", "--json", "--page-size", "1", "--stack", STACK], true);
  const [last] = JSON.parse(out) as { resourceChanges?: ResourceChanges }[];
  return last?.resourceChanges;
}

function summaryOutput(): EstateSummaryOutput | undefined {
  const out = pulumi(["stack", "output", "--json", "--stack", STACK], true);
  return (JSON.parse(out) as { summary?: EstateSummaryOutput }).summary;
}

// --- the two commands ----------------------------------------------------------------------

async function up(): Promise<void> {
  say("building (npm run build)");
  run("npm", ["run", "--silent", "build"]);
  run("bash", [path.join(ROOT, "scripts", "engine.sh")]);
  fs.mkdirSync(STATE_DIR, { recursive: true });
  fs.mkdirSync(CONFIG_DIR, { recursive: true });
  linkPackage();
  await startSimulator();
  selectStack();
  say(`pulumi up on stack ${STACK} (project: Pulumi.yaml -> examples/estate)`);
  const callsBefore = await gatewayCalls();
  pulumi(["up", "--yes", "--stack", STACK]);
  const callsAfter = await gatewayCalls();
  process.stdout.write(
    report({
      gatewayCalls:
        callsBefore === undefined || callsAfter === undefined
          ? undefined
          : callsAfter - callsBefore,
      summary: summaryOutput(),
      gateway: await gatewayView(),
      changes: lastChanges(),
      simulatorUrl: SIM_URL,
      env: {
        PATH: `${ENGINE_BIN}:$PATH`,
        PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
        PULUMI_BACKEND_URL: PULUMI_ENV["PULUMI_BACKEND_URL"]!,
        PULUMI_SKIP_UPDATE_CHECK: "true",
      },
    }),
  );
}

async function down(): Promise<void> {
  if (stackExists()) {
    linkPackage();
    // The destroy needs the gateway (and its state) that the SIMs live on.
    if (!fs.existsSync(path.join(ROOT, "dist", "simulator", "cli.js"))) {
      run("npm", ["run", "--silent", "build"]);
    }
    await startSimulator();
    selectStack();
    say(`pulumi destroy on stack ${STACK}`);
    pulumi(["destroy", "--yes", "--stack", STACK]);
    pulumi(["stack", "rm", STACK, "--yes"], true);
  }
  await stopSimulator();
  fs.rmSync(DEMO, { recursive: true, force: true });
  unlinkPackage();
  say("removed .demo/ and the node_modules/pulumi-aql-mvno link");
}

function rel(p: string): string {
  return path.relative(process.cwd(), p) || ".";
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function main(argv: readonly string[]): Promise<number> {
  const [arg, ...extra] = argv;
  if (extra.length > 0 || (arg !== undefined && arg !== "--down")) {
    process.stderr.write("usage: npm run demo [-- --down]\n");
    return 2;
  }
  try {
    await (arg === "--down" ? down() : up());
    return 0;
  } catch (e) {
    if (!(e instanceof DemoError)) throw e;
    process.stderr.write(`demo: ${e.message}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`demo: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
