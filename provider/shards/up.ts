// `aql-estate up --shards K`: the K stacks of one estate run at once on this machine, through the
// Automation API. Before any stack is touched, the K the stacks record is checked (a run with
// another K is refused with the reshard command to run). Each stack gets its shard and its share
// of the gateway budget as config; one shard's failure does not stop the others; running again
// resumes (a finished shard is a no-op up: no gateway call).

import {
  Stack,
  type ConfigMap,
  type EngineEvent,
  type LocalWorkspace,
} from "@pulumi/pulumi/automation";
import type { GatewayBudget, ShardBudget, ShardCheck } from "./plan";
import { checkShards, divideBudget, shardConfig, shardStackName } from "./plan";
import type { ProjectOptions } from "./workspace";
import { ensureStack, findShardStacks, openProject, setStackConfig } from "./workspace";

export interface ShardsUpOptions extends ProjectOptions {
  prefix: string;
  count: number;
  /** The whole estate's gateway budget, divided among the shards. */
  budget: GatewayBudget;
  /** The engine's --parallel for each stack; default: the CLI's. */
  parallel?: number;
  /** Preview only (no change anywhere). */
  preview?: boolean;
  /** Extra config for one shard's stack (the benchmark sets its gateway and sizes). */
  extraConfig?: (index: number) => ConfigMap;
  onEvent?: (index: number, e: EngineEvent) => void;
  /** Called when a shard's run ends, whichever way. */
  onShardEnd?: (report: ShardReport) => void;
  /** To pass on the command line of a suggested command (e.g. "--prefix x"). */
  extraArgs?: string;
  signal?: AbortSignal;
}

export interface ShardReport {
  index: number;
  stack: string;
  ok: boolean;
  ms: number;
  /** Resource operations by kind, as the engine summarised them. */
  changes: Record<string, number>;
  /** The error's first lines, for a failed shard. */
  error?: string;
}

export type ShardsUpResult =
  | { refused: true; check: Extract<ShardCheck, { ok: false }> }
  | { refused: false; budget: ShardBudget; reports: ShardReport[] };

function firstLines(e: unknown, n = 6): string {
  const text = e instanceof Error ? e.message : String(e);
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .slice(-n)
    .join("\n");
}

async function runShard(
  ws: LocalWorkspace,
  index: number,
  o: ShardsUpOptions,
): Promise<ShardReport> {
  const name = shardStackName(o.prefix, index);
  const start = performance.now();
  try {
    const stack = await Stack.select(name, ws);
    const common: { onEvent: (e: EngineEvent) => void; parallel?: number; signal?: AbortSignal } = {
      onEvent: (e) => o.onEvent?.(index, e),
    };
    if (o.parallel !== undefined) common.parallel = o.parallel;
    if (o.signal !== undefined) common.signal = o.signal;
    const changes = o.preview
      ? (await stack.preview(common)).changeSummary
      : ((await stack.up(common)).summary.resourceChanges ?? {});
    return { index, stack: name, ok: true, ms: performance.now() - start, changes };
  } catch (e) {
    return {
      index,
      stack: name,
      ok: false,
      ms: performance.now() - start,
      changes: {},
      error: firstLines(e),
    };
  }
}

export async function shardsUp(o: ShardsUpOptions): Promise<ShardsUpResult> {
  const ws = await openProject(o);
  const found = await findShardStacks(ws, o.prefix);
  const ctx =
    o.extraArgs === undefined ? { prefix: o.prefix } : { prefix: o.prefix, extraArgs: o.extraArgs };
  const check = checkShards(found, o.count, ctx);
  if (!check.ok) return { refused: true, check };

  // From here on the stacks are written: created on the first run, and given their shard and
  // budget (the same values on every run, unless the budget changed).
  const budget = divideBudget(o.budget, o.count);
  for (let i = 0; i < o.count; i++) {
    const name = shardStackName(o.prefix, i);
    await ensureStack(ws, name, found);
    const extra = o.extraConfig?.(i);
    if (extra !== undefined) await ws.setAllConfig(name, extra);
    await setStackConfig(ws, name, shardConfig({ index: i, count: o.count }, budget));
  }
  const reports = await Promise.all(
    [...Array(o.count).keys()].map(async (i) => {
      const r = await runShard(ws, i, o);
      o.onShardEnd?.(r);
      return r;
    }),
  );
  return { refused: false, budget, reports };
}
