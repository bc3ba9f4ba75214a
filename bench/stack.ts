// A benchmark stack: one program of bench/programs, run by the real engine through the
// Automation API, with a local file backend in a temp folder, the package installed as a user
// gets it (npm pack) under .cache/bench, and wall-clock timings of each operation.

import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import {
  LocalWorkspace,
  type ConfigMap,
  type PulumiCommand,
  type Stack,
} from "@pulumi/pulumi/automation";
import { findEngine, REPO_ROOT } from "../test/support/engine";
import { scratchStack } from "../test/support/stack";

const execFileAsync = promisify(execFile);

/** Its own install root, so that an e2e run elsewhere never swaps the package under it. */
/** AQL_BENCH_ROOT gives runs made side by side their own install each. */
export const BENCH_ROOT = process.env["AQL_BENCH_ROOT"] ?? path.join(REPO_ROOT, ".cache", "bench");
const PROGRAMS = path.join(REPO_ROOT, "bench", "programs");

export interface Timed<T> {
  ms: number;
  result: T;
}

export async function timed<T>(fn: () => Promise<T>): Promise<Timed<T>> {
  const start = performance.now();
  const result = await fn();
  return { ms: performance.now() - start, result };
}

export class BenchStack {
  private constructor(
    readonly stack: Stack,
    readonly dir: string,
    readonly workDir: string,
  ) {}

  /** `program`: a file of bench/programs, or an absolute path. */
  static async create(
    program: string,
    config: ConfigMap,
    env: Record<string, string> = {},
  ): Promise<BenchStack> {
    const { stack, dir, workDir } = await scratchStack({
      name: "bench",
      programFile: path.resolve(PROGRAMS, program),
      installRoot: BENCH_ROOT,
      env,
    });
    await stack.setAllConfig(config);
    return new BenchStack(stack, dir, workDir);
  }

  /** A stack of a project of several (shards), to read; the project's owner cleans it up. */
  static async select(
    project: { workDir: string; envVars: Record<string, string>; pulumiCommand: PulumiCommand },
    stackName: string,
  ): Promise<BenchStack> {
    const stack = await LocalWorkspace.selectStack(
      { stackName, workDir: project.workDir },
      { envVars: project.envVars, pulumiCommand: project.pulumiCommand },
    );
    return new BenchStack(stack, "", project.workDir);
  }

  /** `up`; parallel undefined: the CLI's default (4 x cores). */
  async up(parallel?: number): Promise<Timed<Record<string, number>>> {
    return timed(async () => {
      const r = await this.stack.up(parallel === undefined ? {} : { parallel });
      return r.summary.resourceChanges ?? {};
    });
  }

  async preview(parallel?: number): Promise<Timed<Record<string, number>>> {
    return timed(async () => {
      const r = await this.stack.preview(parallel === undefined ? {} : { parallel });
      return r.changeSummary;
    });
  }

  /** The state as stored (`pulumi stack export`, secrets encrypted). */
  async exportEncrypted(): Promise<StoredDeployment> {
    const { stdout } = await execFileAsync(
      path.join(findEngine().binDir, "pulumi"),
      ["stack", "export", "--stack", this.stack.name],
      {
        cwd: this.workDir,
        env: { ...process.env, ...this.stack.workspace.envVars },
        maxBuffer: 1 << 30,
      },
    );
    return JSON.parse(stdout) as StoredDeployment;
  }

  /** Throw the stack away without destroying: the simulator it ran against goes too. */
  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.rmSync(this.workDir, { recursive: true, force: true });
  }
}

export interface StoredResource {
  type: string;
  urn: string;
  [k: string]: unknown;
}

export interface StoredDeployment {
  deployment: { resources?: StoredResource[] };
}

/** Bytes of the resources of one type as stored, per resource (JSON as exported). */
export function bytesPer(d: StoredDeployment, type: string): { per: number; total: number } {
  const all = d.deployment.resources ?? [];
  const of = all.filter((r) => r.type === type);
  const bytes = of.reduce((n, r) => n + Buffer.byteLength(JSON.stringify(r)), 0);
  const total = Buffer.byteLength(JSON.stringify(d));
  return { per: of.length === 0 ? 0 : bytes / of.length, total };
}
