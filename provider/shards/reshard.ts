// `aql-estate reshard --shards K`: moves SIMs between an estate's stacks so that each is in the
// stack its ICCID hashes to among K, by editing the stacks' states (export, import): no
// deployment runs, so no gateway call is made and no SIM is terminated or changed.
//
// Order, so that an interruption at any point is safe and running the command again finishes it:
// 1. every stack is marked `aql-estate:reshard = K` (SimEstate and `aql-estate up` refuse to run
//    a marked stack: a stack that holds a SIM its shard does not declare would delete it);
// 2. the stacks that gain SIMs are written first, then those that lose them: in between a SIM is
//    in two stacks, never in none; a second run keeps the copy in the right stack;
// 3. every stack gets its new shard and budget, stacks past K are removed (they hold no SIM
//    then), and the marks are cleared.
// The states cross this process in plain text (the secret values decrypted by `stack export
// --show-secrets`, encrypted again by each stack's own secrets provider on import): each stack
// may have its own key. The Automation API passes them through a temporary file it deletes.

import type { Deployment, LocalWorkspace } from "@pulumi/pulumi/automation";
import { formatShard, shardOf } from "../estate/shard";
import type { FoundStack, GatewayBudget } from "./plan";
import { divideBudget, shardConfig, shardStackName } from "./plan";
import { SIM_TYPE } from "./progress";
import type { Move, StackState, StateResource } from "./reshard-plan";
import { planReshard, ReshardRefused, simIccid } from "./reshard-plan";
import type { ProjectOptions } from "./workspace";
import {
  ensureStack,
  findShardStacks,
  openProject,
  RESHARD_KEY,
  setStackConfig,
} from "./workspace";

export interface ReshardOptions extends ProjectOptions {
  prefix: string;
  count: number;
  budget: GatewayBudget;
  log?: (line: string) => void;
}

export interface ReshardReport {
  from: number | undefined;
  to: number;
  moves: Move[];
  duplicatesDropped: number;
  removedStacks: string[];
  /** After the reshard, read back: SIMs per stack, and any SIM not exactly once in its stack. */
  simsPerStack: Record<string, number>;
  misplaced: string[];
}

interface ExportedDeployment {
  resources?: StateResource[];
  pending_operations?: unknown[];
  [k: string]: unknown;
}

async function exportState(ws: LocalWorkspace, name: string, index: number) {
  const d = await ws.exportStack(name);
  const body = (d.deployment ?? {}) as ExportedDeployment;
  const state: StackState = {
    name,
    index,
    resources: body.resources ?? [],
    pendingOperations: body.pending_operations?.length ?? 0,
  };
  return { raw: d, state };
}

function withResources(d: Deployment, resources: StateResource[]): Deployment {
  const body = { ...(d.deployment as ExportedDeployment), resources };
  return { version: d.version, deployment: body };
}

/** Where each SIM is, read from the stacks' states: SIMs per stack and the misplaced ones. */
export async function verifyPlacement(
  ws: LocalWorkspace,
  prefix: string,
  count: number,
): Promise<{ simsPerStack: Record<string, number>; misplaced: string[] }> {
  const seen = new Map<string, number[]>();
  const simsPerStack: Record<string, number> = {};
  for (const s of await findShardStacks(ws, prefix)) {
    const { state } = await exportState(ws, s.name, s.index);
    const sims = state.resources.filter((r) => r.type === SIM_TYPE);
    simsPerStack[s.name] = sims.length;
    for (const r of sims) {
      const iccid = simIccid(r) ?? r.urn;
      seen.set(iccid, [...(seen.get(iccid) ?? []), s.index]);
    }
  }
  const misplaced: string[] = [];
  for (const [iccid, at] of seen) {
    if (at.length !== 1 || at[0] !== shardOf(iccid, count)) {
      misplaced.push(`${iccid} in ${at.map((i) => shardStackName(prefix, i)).join(", ")}`);
    }
  }
  return { simsPerStack, misplaced };
}

function recordedCount(found: readonly FoundStack[]): number | undefined {
  for (const s of found) {
    if (s.shard !== undefined) return Number(s.shard.split("/")[1]);
  }
  return undefined;
}

export async function reshard(o: ReshardOptions): Promise<ReshardReport> {
  const log = o.log ?? (() => undefined);
  const ws = await openProject(o);
  const found = await findShardStacks(ws, o.prefix);
  if (found.length === 0) {
    throw new ReshardRefused(
      `no stack named ${o.prefix}-<n> in this project: there is nothing to reshard ` +
        `(aql-estate up --shards ${o.count} creates the stacks)`,
    );
  }
  const from = recordedCount(found);

  // 1. Mark every stack, and create the new ones (marked too).
  for (let i = 0; i < o.count; i++) await ensureStack(ws, shardStackName(o.prefix, i), found);
  const all = await findShardStacks(ws, o.prefix);
  for (const s of all) await setStackConfig(ws, s.name, { [RESHARD_KEY]: String(o.count) });
  log(`marked ${all.length} stacks: reshard to ${o.count} under way`);

  // 2. Plan from the states as they are, then write gaining stacks before losing ones.
  const exported = await Promise.all(all.map((s) => exportState(ws, s.name, s.index)));
  const plan = planReshard(
    exported.map((e) => e.state),
    o.count,
  );
  const gaining = new Set(plan.moves.map((m) => m.to));
  const order = [...plan.states.keys()].sort(
    (a, b) => Number(gaining.has(b)) - Number(gaining.has(a)) || a - b,
  );
  for (const index of order) {
    const e = exported.find((x) => x.state.index === index)!;
    await ws.importStack(e.state.name, withResources(e.raw, plan.states.get(index)!));
    log(`wrote ${e.state.name}`);
  }

  // 3. New shard and budget for each stack, stacks past the count removed, marks cleared.
  const budget = divideBudget(o.budget, o.count);
  const removedStacks: string[] = [];
  for (const s of all) {
    if (s.index >= o.count) {
      await ws.removeStack(s.name, { force: true });
      removedStacks.push(s.name);
      continue;
    }
    await setStackConfig(ws, s.name, shardConfig({ index: s.index, count: o.count }, budget));
    await ws.removeConfig(s.name, RESHARD_KEY);
    log(`${s.name}: shard ${formatShard({ index: s.index, count: o.count })}`);
  }
  const placement = await verifyPlacement(ws, o.prefix, o.count);
  return {
    from,
    to: o.count,
    moves: plan.moves,
    duplicatesDropped: plan.duplicatesDropped.length,
    removedStacks,
    ...placement,
  };
}
