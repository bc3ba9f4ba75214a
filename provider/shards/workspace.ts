// The Pulumi project an estate's shard stacks live in, through the Automation API: the
// workspace, the stacks named `<prefix>-<n>` it has, and their aql-estate config. Reading only,
// except where a function says it writes.

import {
  LocalWorkspace,
  type ConfigMap,
  type LocalWorkspaceOptions,
  type PulumiCommand,
} from "@pulumi/pulumi/automation";
import { RESHARD_CONFIG_KEY, SHARD_CONFIG_KEY, SHARD_CONFIG_NAMESPACE } from "../estate/shard";
import type { FoundStack } from "./plan";
import { shardIndexOf } from "./plan";

export const SHARD_KEY = `${SHARD_CONFIG_NAMESPACE}:${SHARD_CONFIG_KEY}`;
/** Set on every stack of the estate while a reshard is under way; SimEstate refuses to run. */
export const RESHARD_KEY = `${SHARD_CONFIG_NAMESPACE}:${RESHARD_CONFIG_KEY}`;

export interface ProjectOptions {
  /** The Pulumi project's folder (Pulumi.yaml and the program). */
  workDir: string;
  /** Extra environment for the CLI (backend, passphrase, AQL_*...). */
  envVars?: Record<string, string>;
  /** The engine to use; default: `pulumi` on PATH. */
  pulumiCommand?: PulumiCommand;
}

export async function openProject(o: ProjectOptions): Promise<LocalWorkspace> {
  const opts: LocalWorkspaceOptions = { workDir: o.workDir };
  if (o.envVars !== undefined) opts.envVars = o.envVars;
  if (o.pulumiCommand !== undefined) opts.pulumiCommand = o.pulumiCommand;
  return LocalWorkspace.create(opts);
}

/** The project's stacks named `<prefix>-<n>`, with their shard settings, by index. */
export async function findShardStacks(ws: LocalWorkspace, prefix: string): Promise<FoundStack[]> {
  const out: FoundStack[] = [];
  for (const summary of await ws.listStacks()) {
    const index = shardIndexOf(prefix, summary.name);
    if (index === undefined) continue;
    const name = summary.name.split("/").pop()!;
    const config = await ws.getAllConfig(name);
    const found: FoundStack = { name, index };
    const shard = config[SHARD_KEY]?.value;
    if (shard !== undefined) found.shard = shard;
    const reshard = config[RESHARD_KEY]?.value;
    if (reshard !== undefined) found.reshardTo = reshard;
    out.push(found);
  }
  return out.sort((a, b) => a.index - b.index);
}

/** Create the stack if the project has none of that name (writes). */
export async function ensureStack(
  ws: LocalWorkspace,
  name: string,
  existing: readonly FoundStack[],
): Promise<void> {
  if (!existing.some((s) => s.name === name)) await ws.createStack(name);
}

/** Set config values on a stack (writes). */
export async function setStackConfig(
  ws: LocalWorkspace,
  name: string,
  values: Record<string, string>,
): Promise<void> {
  const config: ConfigMap = {};
  for (const [k, v] of Object.entries(values)) config[k] = { value: v };
  await ws.setAllConfig(name, config);
}
