// Runs a Pulumi program of ours on the real engine through the Automation API, with a local
// file backend in a temp folder, and returns what the engine said: events, output text and the
// exported stack.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  LocalWorkspace,
  PulumiCommand,
  type ConfigMap,
  type Deployment,
  type EngineEvent,
  type Stack,
} from "@pulumi/pulumi/automation";
import { findEngine, REPO_ROOT } from "./engine";
import { E2E_ROOT, installPackage } from "./installed-package";

export const PROGRAMS = path.join(REPO_ROOT, "test", "e2e", "programs");

export interface RunResult {
  events: EngineEvent[];
  output: string;
  /** Resource operation counts, e.g. { create: 3, same: 1 } (preview and up). */
  changes: Record<string, number>;
}

export interface FailedRun extends RunResult {
  error: string;
}

export interface E2EStackOptions {
  /** A .js file under test/e2e/programs. */
  program: string;
  config?: ConfigMap;
  env?: Record<string, string>;
}

export class E2EStack {
  private constructor(
    readonly stack: Stack,
    readonly dir: string,
    readonly workDir: string,
  ) {}

  static async create(opts: E2EStackOptions): Promise<E2EStack> {
    const root = installPackage();
    const engine = findEngine();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aql-e2e-"));
    const workDir = fs.mkdtempSync(path.join(root, "work-"));
    fs.copyFileSync(path.join(PROGRAMS, opts.program), path.join(workDir, "index.js"));
    fs.writeFileSync(
      path.join(workDir, "Pulumi.yaml"),
      "name: aql-e2e\nruntime: nodejs\ndescription: e2e test program\n",
    );
    fs.writeFileSync(
      path.join(workDir, "package.json"),
      JSON.stringify({ name: "aql-e2e", private: true, main: "index.js" }),
    );
    fs.mkdirSync(path.join(dir, "state"));
    const pulumiCommand = await PulumiCommand.get({ root: engine.root, skipVersionCheck: true });
    const stack = await LocalWorkspace.createStack(
      { stackName: "e2e", workDir },
      {
        pulumiCommand,
        envVars: {
          PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
          PULUMI_SKIP_UPDATE_CHECK: "true",
          PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`,
          PULUMI_HOME: path.join(dir, "home"),
          PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
          PATH: `${engine.binDir}${path.delimiter}${process.env.PATH ?? ""}`,
          ...opts.env,
        },
      },
    );
    if (opts.config) await stack.setAllConfig(opts.config);
    return new E2EStack(stack, dir, workDir);
  }

  async setConfig(config: ConfigMap): Promise<void> {
    await this.stack.setAllConfig(config);
  }

  async preview(): Promise<RunResult> {
    return this.run(async (onEvent, onOutput) => {
      const r = await this.stack.preview({ onEvent, onOutput, diff: true });
      return r.changeSummary;
    });
  }

  async up(opts: { parallel?: number } = {}): Promise<RunResult> {
    return this.run(async (onEvent, onOutput) => {
      const r = await this.stack.up({ onEvent, onOutput, diff: true, ...opts });
      return r.summary.resourceChanges ?? {};
    });
  }

  async refresh(): Promise<RunResult> {
    return this.run(async (onEvent, onOutput) => {
      const r = await this.stack.refresh({ onEvent, onOutput });
      return r.summary.resourceChanges ?? {};
    });
  }

  async destroy(): Promise<RunResult> {
    return this.run(async (onEvent, onOutput) => {
      const r = await this.stack.destroy({ onEvent, onOutput });
      return r.summary.resourceChanges ?? {};
    });
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

  async exportStack(): Promise<Deployment> {
    return this.stack.exportStack();
  }

  /** Resources in the exported state of one type, e.g. "pulumi-nodejs:dynamic/aql:Sim". */
  async resources(type: string): Promise<StateResource[]> {
    const d = await this.exportStack();
    const all = (d.deployment as { resources?: StateResource[] }).resources ?? [];
    return all.filter((r) => r.type === type);
  }

  async cleanup(): Promise<void> {
    try {
      await this.stack.destroy();
    } catch {
      // best effort: a test may leave a stack that cannot be destroyed on purpose
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
    ) => Promise<Record<string, number> | undefined>,
  ): Promise<RunResult> {
    const events: EngineEvent[] = [];
    let output = "";
    this.last = { events, output, changes: {} };
    const onOutput = (s: string): void => {
      output += s;
      this.last.output = output;
    };
    const changes = (await op((e) => events.push(e), onOutput)) ?? {};
    this.last = { events, output, changes };
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
