// Which of K stacks a SIM belongs to. One inventory serves K stacks: each SimEstate declares only
// the rows whose ICCID hashes to its shard index. The hash is jump consistent hashing (Lamping &
// Veach, 2014) over FNV-1a 64 of the ICCID's digits: the same ICCID and count always give the
// same index, on any machine and Node version (no Math.random, no object order), and going from
// K to K + 1 shards moves only the SIMs that land on the new shard (about 1 in K + 1), so a
// reshard moves as few SIMs between stacks as it can. Pure.

import { ValidationError } from "../errors";

export interface ShardSpec {
  /** 0-based: this stack's shard, below `count`. */
  index: number;
  /** How many stacks the estate is split into (1 to MAX_SHARDS). */
  count: number;
}

export const MAX_SHARDS = 1024;

/** The stack config key the `aql-estate` command sets on each shard's stack ("index/count"). */
export const SHARD_CONFIG_NAMESPACE = "aql-estate";
export const SHARD_CONFIG_KEY = "shard";
/** Set by `aql-estate reshard` on every stack of the estate until the SIMs are all moved. */
export const RESHARD_CONFIG_KEY = "reshard";

const MASK64 = (1n << 64n) - 1n;
const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;

function fnv1a64(text: string): bigint {
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i) & 0xff);
    h = (h * FNV_PRIME) & MASK64;
  }
  return h;
}

/** Jump consistent hash: a bucket in [0, buckets) for a 64-bit key. */
export function jumpHash(key: bigint, buckets: number): number {
  let k = key & MASK64;
  let b = -1;
  let j = 0;
  while (j < buckets) {
    b = j;
    k = (k * 2862933555777941757n + 1n) & MASK64;
    j = Math.floor(((b + 1) * 2 ** 31) / (Number(k >> 33n) + 1));
  }
  return b;
}

/** The shard index of an ICCID among `count` shards. */
export function shardOf(iccid: string, count: number): number {
  if (count <= 1) return 0;
  return jumpHash(fnv1a64(iccid), count);
}

/** A shard from code, checked: an error names the property and the reason. */
export function checkShard(raw: unknown, property = "shard"): ShardSpec {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new ValidationError(property, "must be an object { index, count }");
  }
  const { index, count } = raw as Record<string, unknown>;
  if (typeof count !== "number" || !Number.isInteger(count) || count < 1 || count > MAX_SHARDS) {
    throw new ValidationError(
      `${property}.count`,
      `must be a whole number from 1 to ${MAX_SHARDS}`,
    );
  }
  if (typeof index !== "number" || !Number.isInteger(index) || index < 0 || index >= count) {
    throw new ValidationError(
      `${property}.index`,
      `must be a whole number from 0 to ${count - 1} (count is ${count})`,
    );
  }
  return { index, count };
}

/** "2/4" (as the stack config holds it) to { index: 2, count: 4 }. */
export function parseShard(text: string, property: string): ShardSpec {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (m === null) {
    throw new ValidationError(property, `"${text}" is not a shard such as 0/4 (index/count)`);
  }
  return checkShard({ index: Number(m[1]), count: Number(m[2]) }, property);
}

export function formatShard(s: ShardSpec): string {
  return `${s.index}/${s.count}`;
}

/**
 * The shard a SimEstate uses: the one given in code, else the stack's `aql-estate:shard`, else
 * none (every row). Both given and different is an error: the stack would silently declare
 * another set of SIMs than the command that set it up expects.
 */
export function resolveShard(
  fromArgs: unknown,
  fromConfig: string | undefined,
): ShardSpec | undefined {
  const configKey = `${SHARD_CONFIG_NAMESPACE}:${SHARD_CONFIG_KEY}`;
  const config = fromConfig === undefined ? undefined : parseShard(fromConfig, configKey);
  if (fromArgs === undefined) return config;
  const args = checkShard(fromArgs);
  if (config !== undefined && (config.index !== args.index || config.count !== args.count)) {
    throw new ValidationError(
      "shard",
      `is ${formatShard(args)} in code but the stack's ${configKey} is ${formatShard(config)}; ` +
        "remove one of them",
    );
  }
  return args;
}

/**
 * A stack marked by an unfinished reshard must not run: it may hold SIMs its shard no longer
 * declares, which the engine would delete (terminate).
 */
export function refuseDuringReshard(reshardTo: string | undefined): void {
  if (reshardTo === undefined) return;
  throw new ValidationError(
    `${SHARD_CONFIG_NAMESPACE}:${RESHARD_CONFIG_KEY}`,
    `a reshard of this estate to ${reshardTo} shards is unfinished, so this stack may hold SIMs ` +
      `it no longer declares; finish it first: aql-estate reshard --shards ${reshardTo}`,
  );
}
