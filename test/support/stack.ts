// Runs a Pulumi program of ours on the real engine through the Automation API, with a local
// file backend in a temp folder, and returns what the engine said: events, output text and the
// exported stack.

import { execFile, spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import {
  LocalWorkspace,
  PulumiCommand,
  type ConfigMap,
  type Deployment,
  type DestroyOptions,
  type EngineEvent,
  type PreviewOptions,
  type RefreshOptions,
  type Stack,
  type UpOptions,
} from "@pulumi/pulumi/automation";
import { findEngine, REPO_ROOT } from "./engine";
import { E2E_ROOT, installPackage } from "./installed-package";

const execFileAsync = promisify(execFile);

export const PROGRAMS = path.join(REPO_ROOT, "test", "e2e", "programs");

export interface RunResult {
  events: EngineEvent[];
  output: string;
  /** Resource operation counts, e.g. { create: 3, same: 1 } (preview and up). */
  changes: Record<string, number>;
  /** What the CLI wrote to stderr (verbose logs with logToStdErr). */
  stderr?: string;
}

/** The options of up that the tests use: parallelism and the CLI's logging. */
export type UpRunOptions = Pick<
  UpOptions,
  | "parallel"
  | "logVerbosity"
  | "logToStdErr"
  | "logFlow"
  | "debug"
  | "continueOnError"
  | "policyPacks"
  | "policyPackConfigs"
>;
/** Policy packs (folders) and their config files (JSON), as `--policy-pack(-config)`. */
export type PreviewRunOptions = Pick<PreviewOptions, "policyPacks" | "policyPackConfigs">;
export type RefreshRunOptions = Pick<
  RefreshOptions,
  "clearPendingCreates" | "logVerbosity" | "logToStdErr" | "logFlow" | "debug"
>;
export type DestroyRunOptions = Pick<
  DestroyOptions,
  | "parallel"
  | "continueOnError"
  | "runProgram"
  | "logVerbosity"
  | "logToStdErr"
  | "logFlow"
  | "debug"
>;

export interface FailedRun extends RunResult {
  error: string;
}

export interface E2EStackOptions {
  /** A .js file under test/e2e/programs. */
  program: string;
  config?: ConfigMap;
  env?: Record<string, string>;
  /** Where the package is installed and the program runs (default: the shared E2E_ROOT). */
  installRoot?: string;
}

export class E2EStack {
  private constructor(
    readonly stack: Stack,
    readonly dir: string,
    readonly workDir: string,
  ) {}

  static async create(opts: E2EStackOptions): Promise<E2EStack> {
    const { stack, dir, workDir } = await scratchStack({
      name: "e2e",
      programFile: path.join(PROGRAMS, opts.program),
      installRoot: opts.installRoot,
      env: opts.env,
    });
    if (opts.config) await stack.setAllConfig(opts.config);
    return new E2EStack(stack, dir, workDir);
  }

  async setConfig(config: ConfigMap): Promise<void> {
    await this.stack.setAllConfig(config);
  }

  async preview(opts: PreviewRunOptions = {}): Promise<RunResult> {
    return this.run(async (onEvent, onOutput) => {
      const r = await this.stack.preview({ onEvent, onOutput, diff: true, ...opts });
      return r.changeSummary;
    });
  }

  async up(opts: UpRunOptions = {}): Promise<RunResult> {
    return this.run(async (onEvent, onOutput, onError) => {
      const r = await this.stack.up({ onEvent, onOutput, onError, diff: true, ...opts });
      return r.summary.resourceChanges ?? {};
    });
  }

  async refresh(opts: RefreshRunOptions = {}): Promise<RunResult> {
    return this.run(async (onEvent, onOutput, onError) => {
      const r = await this.stack.refresh({ onEvent, onOutput, onError, ...opts });
      return r.summary.resourceChanges ?? {};
    });
  }

  async destroy(opts: DestroyRunOptions = {}): Promise<RunResult> {
    return this.run(async (onEvent, onOutput, onError) => {
      const r = await this.stack.destroy({ onEvent, onOutput, onError, ...opts });
      return r.summary.resourceChanges ?? {};
    });
  }

  /** The environment the CLI runs with (the workspace's variables over this process's). */
  cliEnv(): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
    return { ...env, ...this.stack.workspace.envVars };
  }

  /** PULUMI_HOME of this stack (the CLI's logs, plugins, credentials). */
  get home(): string {
    return path.join(this.dir, "home");
  }

  /**
   * Run the CLI directly, e.g. `["up", "--yes", "--skip-preview"]`, in the program's folder with
   * the workspace's environment: for what the Automation API cannot do, such as killing the
   * CLI mid-run. The child leads its own process group (`detached`), so that
   * `process.kill(-child.pid, "SIGKILL")` takes the CLI, the program and the providers down
   * at once.
   */
  spawnCli(args: readonly string[]): ChildProcess {
    return spawn(
      path.join(findEngine().binDir, "pulumi"),
      [...args, "--stack", this.stack.name, "--non-interactive"],
      { cwd: this.workDir, env: this.cliEnv(), detached: true, stdio: ["ignore", "pipe", "pipe"] },
    );
  }

  /**
   * Runs an operation that may fail, e.g. `stack.attempt((s) => s.up({ parallel: 50 }))`: what
   * the engine said, plus the error text when it failed.
   */
  async attempt(op: (stack: this) => Promise<RunResult>): Promise<RunResult & { error?: string }> {
    try {
      return await op(this);
    } catch (e) {
      return { ...this.last, error: e instanceof Error ? e.message : String(e) };
    }
  }

  /** Runs an operation that must fail; returns the engine's error text and what it said. */
  async expectFailure(op: "preview" | "up" | "destroy" | "refresh"): Promise<FailedRun> {
    try {
      await this[op]();
    } catch (e) {
      const r = this.last;
      return { ...r, error: e instanceof Error ? e.message : String(e) };
    }
    throw new Error(`expected ${op} to fail, and it succeeded`);
  }

  /** The deployment with secrets decrypted (the Automation API passes --show-secrets). */
  async exportStack(): Promise<Deployment> {
    return this.stack.exportStack();
  }

  /**
   * The state as `pulumi stack export` prints it, secrets encrypted: the judge of what is stored
   * in plaintext.
   */
  async exportEncrypted(): Promise<string> {
    const { stdout } = await execFileAsync(
      path.join(findEngine().binDir, "pulumi"),
      ["stack", "export", "--stack", this.stack.name],
      {
        cwd: this.workDir,
        env: { ...process.env, ...this.stack.workspace.envVars },
        maxBuffer: 1 << 30,
      },
    );
    return stdout;
  }

  /** Resources in the exported state of one type, e.g. "pulumi-nodejs:dynamic/aql:Sim". */
  async resources(type: string): Promise<StateResource[]> {
    const d = await this.exportStack();
    const all = (d.deployment as { resources?: StateResource[] }).resources ?? [];
    return all.filter((r) => r.type === type);
  }

  /** Destroy (unless `destroy: false`: the simulator is thrown away anyway), then remove all. */
  async cleanup(opts: { destroy?: boolean } = {}): Promise<void> {
    if (opts.destroy ?? true) {
      try {
        await this.stack.destroy();
      } catch {
        // best effort: a test may leave a stack that cannot be destroyed on purpose
      }
    }
    try {
      await this.stack.workspace.removeStack(this.stack.name, { force: true });
    } catch {
      // ignore
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.rmSync(this.workDir, { recursive: true, force: true });
  }

  private last: RunResult = { events: [], output: "", changes: {} };

  private async run(
    op: (
      onEvent: (e: EngineEvent) => void,
      onOutput: (s: string) => void,
      onError: (s: string) => void,
    ) => Promise<Record<string, number> | undefined>,
  ): Promise<RunResult> {
    const events: EngineEvent[] = [];
    let output = "";
    let stderr = "";
    this.last = { events, output, changes: {}, stderr };
    const onOutput = (s: string): void => {
      output += s;
      this.last.output = output;
    };
    const onError = (s: string): void => {
      stderr += s;
      this.last.stderr = stderr;
    };
    const changes = (await op((e) => events.push(e), onOutput, onError)) ?? {};
    this.last = { events, output, changes, stderr };
    return this.last;
  }
}

export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  additionalSecretOutputs?: string[];
}

/** Diagnostic messages (warnings, errors, info) from the engine's events. */
export function diagnostics(events: EngineEvent[]): { severity: string; message: string }[] {
  return events.flatMap((e) =>
    e.diagnosticEvent
      ? [{ severity: e.diagnosticEvent.severity, message: e.diagnosticEvent.message }]
      : [],
  );
}

export { E2E_ROOT };

export interface ScratchStack {
  stack: Stack;
  /** Temp folder with the file backend (state/) and PULUMI_HOME (home/). */
  dir: string;
  /** The program's folder, under the install root's node_modules. */
  workDir: string;
}

/**
 * A stack named `name` of a one-file program, in a scratch folder beside the installed package,
 * with a local file backend and its own PULUMI_HOME in a temp folder. Shared by the e2e tests
 * and the benchmark.
 */
export async function scratchStack(o: {
  name: string;
  programFile: string;
  installRoot?: string | undefined;
  env?: Record<string, string> | undefined;
}): Promise<ScratchStack> {
  const root = installPackage(o.installRoot);
  const engine = findEngine();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `aql-${o.name}-`));
  const workDir = fs.mkdtempSync(path.join(root, "work-"));
  fs.copyFileSync(o.programFile, path.join(workDir, "index.js"));
  fs.writeFileSync(
    path.join(workDir, "Pulumi.yaml"),
    `name: aql-${o.name}\nruntime: nodejs\ndescription: ${o.name} program\n`,
  );
  fs.writeFileSync(
    path.join(workDir, "package.json"),
    JSON.stringify({ name: `aql-${o.name}`, private: true, main: "index.js" }),
  );
  fs.mkdirSync(path.join(dir, "state"));
  const pulumiCommand = await PulumiCommand.get({ root: engine.root, skipVersionCheck: true });
  const stack = await LocalWorkspace.createStack(
    { stackName: o.name, workDir },
    {
      pulumiCommand,
      envVars: {
        PULUMI_CONFIG_PASSPHRASE: `${o.name}-passphrase`,
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`,
        PULUMI_HOME: path.join(dir, "home"),
        PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
        PATH: `${engine.binDir}${path.delimiter}${process.env.PATH ?? ""}`,
        ...o.env,
      },
    },
  );
  return { stack, dir, workDir };
}
