// Options the shard commands (up --shards, reshard) share: the project, the stacks' prefix and
// the whole estate's gateway budget, which the commands divide among the shards.

import * as fs from "node:fs";
import * as path from "node:path";
import { PulumiCommand } from "@pulumi/pulumi/automation";
import { InvalidArgumentError, type Command } from "commander";
import { CONFIG_KEYS } from "../config";
import { MAX_SHARDS } from "../estate/shard";
import type { GatewayBudget } from "../shards/plan";
import { DEFAULT_BUDGET } from "../shards/plan";
import type { ProjectOptions } from "../shards/workspace";
import type { CliIo } from "./io";
import { resolvePath } from "./io";
import { intOption } from "./options";

export interface ShardCommonOptions {
  shards: number;
  prefix: string;
  dir?: string;
  requestsPerSecond?: number;
  maxConcurrency?: number;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(value) || !(n > 0)) {
    throw new InvalidArgumentError("must be a number above 0");
  }
  return n;
}

function stackPrefix(value: string): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(value)) {
    throw new InvalidArgumentError("may hold letters, digits, _ . - only (it names stacks)");
  }
  return value;
}

export function withShardOptions(cmd: Command): Command {
  return cmd
    .requiredOption(
      "--shards <k>",
      "how many stacks the estate is split into",
      intOption(1, MAX_SHARDS),
    )
    .option("--prefix <name>", "the stacks are <name>-0 ... <name>-<k-1>", stackPrefix, "estate")
    .option("--dir <path>", "the Pulumi project's folder (default: the current one)")
    .option(
      "--requests-per-second <n>",
      `the account's request rate, divided among the shards (default: ${CONFIG_KEYS.requestsPerSecond.env} or ${DEFAULT_BUDGET.requestsPerSecond})`,
      positiveNumber,
    )
    .option(
      "--max-concurrency <n>",
      `requests in flight for the account, divided among the shards (default: ${CONFIG_KEYS.maxConcurrency.env} or ${DEFAULT_BUDGET.maxConcurrency})`,
      intOption(1, 100_000),
    );
}

/** The whole estate's budget: the options, else the AQL_* environment, else the defaults. */
export function budgetFrom(opts: ShardCommonOptions, env: NodeJS.ProcessEnv): GatewayBudget {
  const fromEnv = (key: "requestsPerSecond" | "maxConcurrency"): number | undefined => {
    const v = Number(env[CONFIG_KEYS[key].env]);
    return Number.isFinite(v) && v > 0 ? v : undefined;
  };
  return {
    requestsPerSecond:
      opts.requestsPerSecond ?? fromEnv("requestsPerSecond") ?? DEFAULT_BUDGET.requestsPerSecond,
    maxConcurrency: Math.floor(
      opts.maxConcurrency ?? fromEnv("maxConcurrency") ?? DEFAULT_BUDGET.maxConcurrency,
    ),
  };
}

/**
 * The project, the command's environment for the engine, and the engine: the `pulumi` on the
 * command's PATH (the Automation API would otherwise look on this process's PATH only).
 */
export async function projectFrom(opts: ShardCommonOptions, io: CliIo): Promise<ProjectOptions> {
  const envVars: Record<string, string> = {};
  for (const [k, v] of Object.entries(io.env)) if (v !== undefined) envVars[k] = v;
  const project: ProjectOptions = { workDir: resolvePath(io, opts.dir ?? "."), envVars };
  for (const dir of (io.env["PATH"] ?? "").split(path.delimiter)) {
    if (dir !== "" && fs.existsSync(path.join(dir, "pulumi"))) {
      project.pulumiCommand = await PulumiCommand.get({ root: path.dirname(dir) });
      break;
    }
  }
  return project;
}

/** The options to repeat in a suggested command, when not the defaults. */
export function repeatArgs(opts: ShardCommonOptions): string | undefined {
  const parts: string[] = [];
  if (opts.prefix !== "estate") parts.push(`--prefix ${opts.prefix}`);
  if (opts.dir !== undefined) parts.push(`--dir ${opts.dir}`);
  return parts.length > 0 ? parts.join(" ") : undefined;
}
