// A sharded estate's stacks and what the `aql-estate` commands decide about them before touching
// any: the stack names, the gateway budget each shard gets, and whether a run with K shards may
// go ahead given what the stacks record. Pure.

import { formatShard, parseShard, type ShardSpec } from "../estate/shard";

/** The stacks of an estate split into `count`: `<prefix>-0` ... `<prefix>-<count-1>`. */
export function shardStackName(prefix: string, index: number): string {
  return `${prefix}-${index}`;
}

/** The index of a stack named `<prefix>-<n>`, else undefined. */
export function shardIndexOf(prefix: string, stackName: string): number | undefined {
  // Fully qualified names (org/project/stack) end with the stack's own name.
  const name = stackName.split("/").pop()!;
  if (!name.startsWith(`${prefix}-`)) return undefined;
  const rest = name.slice(prefix.length + 1);
  return /^\d+$/.test(rest) ? Number(rest) : undefined;
}

export interface GatewayBudget {
  /** aql:requestsPerSecond for the whole estate (all shards together). */
  requestsPerSecond: number;
  /** aql:maxConcurrency for the whole estate. */
  maxConcurrency: number;
}

/** The provider's defaults (provider/config.ts): what one stack would use unconfigured. */
export const DEFAULT_BUDGET: GatewayBudget = { requestsPerSecond: 20, maxConcurrency: 16 };

export interface ShardBudget extends GatewayBudget {
  /** Set when the division cannot stay within the total (more shards than requests in flight). */
  overBy?: number;
}

/**
 * One shard's share: the shards run at once against one account, so together they must not
 * exceed what one stack may send. Requests in flight are whole and at least one per shard.
 */
export function divideBudget(total: GatewayBudget, count: number): ShardBudget {
  const requestsPerSecond = Math.floor((total.requestsPerSecond / count) * 1000) / 1000;
  const maxConcurrency = Math.max(1, Math.floor(total.maxConcurrency / count));
  const out: ShardBudget = { requestsPerSecond, maxConcurrency };
  if (maxConcurrency * count > total.maxConcurrency) {
    out.overBy = maxConcurrency * count - total.maxConcurrency;
  }
  return out;
}

/** The config each shard's stack gets: its shard and its share of the budget. */
export function shardConfig(shard: ShardSpec, budget: ShardBudget): Record<string, string> {
  return {
    "aql-estate:shard": formatShard(shard),
    "aql:requestsPerSecond": String(budget.requestsPerSecond),
    "aql:maxConcurrency": String(budget.maxConcurrency),
  };
}

/** A stack of the estate as found: its name, and its `aql-estate:shard` / `:reshard` config. */
export interface FoundStack {
  name: string;
  index: number;
  /** aql-estate:shard as set, if any. */
  shard?: string;
  /** aql-estate:reshard: a reshard to this many shards is under way. */
  reshardTo?: string;
}

export type ShardCheck =
  | { ok: true; recorded: number | undefined }
  | { ok: false; recorded: number | undefined; reason: string; command: string };

export interface ShardCommandContext {
  /** How the user names the estate on the command line, to build the command to run. */
  prefix: string;
  /** Extra arguments to repeat in the suggested command (e.g. `--prefix x`). */
  extraArgs?: string;
}

function reshardCommand(ctx: ShardCommandContext, to: number): string {
  return `aql-estate reshard --shards ${to}${ctx.extraArgs ? ` ${ctx.extraArgs}` : ""}`;
}

/**
 * The K the stacks record, read from their config; undefined for an estate with no stack yet.
 * Stacks that disagree, or a reshard left unfinished, refuse every run but the reshard.
 */
export function checkShards(
  found: readonly FoundStack[],
  requested: number,
  ctx: ShardCommandContext,
): ShardCheck {
  const unfinished = found.find((s) => s.reshardTo !== undefined);
  if (unfinished !== undefined) {
    const to = Number(unfinished.reshardTo);
    return {
      ok: false,
      recorded: undefined,
      reason:
        `a reshard of ${ctx.prefix} to ${unfinished.reshardTo} shards is unfinished ` +
        `(stack ${unfinished.name}); no stack of the estate is run until it is finished`,
      command: reshardCommand(ctx, Number.isInteger(to) ? to : requested),
    };
  }
  const counts = new Set<number>();
  for (const s of found) {
    if (s.shard === undefined) {
      return {
        ok: false,
        recorded: undefined,
        reason: `stack ${s.name} has no aql-estate:shard: it was not set up by aql-estate`,
        command: `pulumi config set --stack ${s.name} aql-estate:shard <index>/<count>`,
      };
    }
    const spec = parseShard(s.shard, `${s.name}: aql-estate:shard`);
    if (spec.index !== s.index) {
      return {
        ok: false,
        recorded: undefined,
        reason: `stack ${s.name} records shard ${s.shard}, not index ${s.index}`,
        command: `pulumi config set --stack ${s.name} aql-estate:shard ${s.index}/${spec.count}`,
      };
    }
    counts.add(spec.count);
  }
  if (counts.size > 1) {
    const recorded = Math.max(...counts);
    return {
      ok: false,
      recorded: undefined,
      reason: `the stacks of ${ctx.prefix} record different shard counts (${[...counts].sort().join(", ")})`,
      command: reshardCommand(ctx, recorded),
    };
  }
  const recorded = counts.size === 1 ? [...counts][0]! : undefined;
  if (recorded === undefined) return { ok: true, recorded };
  const missing = [...Array(recorded).keys()].filter((i) => !found.some((s) => s.index === i));
  const extra = found.filter((s) => s.index >= recorded);
  if (recorded !== requested) {
    return {
      ok: false,
      recorded,
      reason:
        `${ctx.prefix} is split into ${recorded} stacks (${shardStackName(ctx.prefix, 0)} .. ` +
        `${shardStackName(ctx.prefix, recorded - 1)}); with ${requested} shards most SIMs would ` +
        "be declared by another stack than the one that holds them, which would delete them " +
        "from the one and create them in the other. Move them between the stacks first, with " +
        "no gateway call",
      command: reshardCommand(ctx, requested),
    };
  }
  if (extra.length > 0 || missing.length > 0) {
    return {
      ok: false,
      recorded,
      reason:
        `${ctx.prefix} records ${recorded} shards but ` +
        (missing.length > 0
          ? `stack(s) ${missing.map((i) => shardStackName(ctx.prefix, i)).join(", ")} are missing`
          : `stack(s) ${extra.map((s) => s.name).join(", ")} are beyond them`),
      command: reshardCommand(ctx, requested),
    };
  }
  return { ok: true, recorded };
}
