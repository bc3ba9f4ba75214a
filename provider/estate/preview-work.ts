// How a SimEstate's program learns, during a preview, how many of its SIMs the engine will create
// or change, and the engine's parallelism; and the warning when the first exceeds the second.
//
// The engine answers each registration in a preview with the step's outputs: an unchanged Sim
// gets its recorded outputs (`state` known), a Sim to create or update gets unknowns for the
// properties its provider computes (`state` unknown; `id` unknown too for a create). The SDK keeps
// that knowledge on each Output as `isKnown`, which it does not type publicly, so it is read here
// defensively: without it, no warning (never a wrong one).
// The engine's parallelism reaches the program as PULUMI_NODEJS_PARALLEL (the language host
// passes the engine's --parallel / PULUMI_PARALLEL value, after the CLI's default of 4 x cores).

import * as pulumi from "@pulumi/pulumi";
import { CONFIG_KEYS, parseDuration } from "../config";
import type { PendingWork } from "./parallelism";
import { parallelismWarning } from "./parallelism";

const DEFAULT_FIRST_CHECK_DELAY_MS = 30 * 60_000;

function knownness(o: pulumi.Output<unknown>): Promise<boolean | undefined> {
  const k = (o as unknown as { isKnown?: unknown }).isKnown;
  return k instanceof Promise ? (k as Promise<boolean>) : Promise.resolve(undefined);
}

/** The engine's --parallel as the program was started with it; undefined when not told. */
export function engineParallelism(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const n = Number(env["PULUMI_NODEJS_PARALLEL"]);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

function firstCheckDelayMs(): number {
  const raw =
    new pulumi.Config("aql").get("firstCheckDelay") ?? process.env[CONFIG_KEYS.firstCheckDelay.env];
  return (raw === undefined ? undefined : parseDuration(raw)) ?? DEFAULT_FIRST_CHECK_DELAY_MS;
}

/** Counts the SIMs a preview creates or changes; undefined if the SDK does not say. */
export async function pendingWork(
  sims: readonly pulumi.CustomResource[],
  state: (r: pulumi.CustomResource) => pulumi.Output<unknown>,
): Promise<PendingWork | undefined> {
  const known = await Promise.all(
    sims.map(async (s) => {
      const [id, st] = await Promise.all([knownness(s.id), knownness(state(s))]);
      return { id, st };
    }),
  );
  const work: PendingWork = { creates: 0, updates: 0 };
  for (const k of known) {
    if (k.id === undefined || k.st === undefined) return undefined;
    if (!k.id) work.creates++;
    else if (!k.st) work.updates++;
  }
  return work;
}

/**
 * In a preview only: once every Sim is registered, warn on `resource` when more SIMs change than
 * the engine runs at once. Keeps the program alive until the warning is sent.
 */
export function warnOnParallelism(
  estate: pulumi.ComponentResource,
  name: string,
  sims: readonly pulumi.CustomResource[],
  state: (r: pulumi.CustomResource) => pulumi.Output<unknown>,
): void {
  if (!pulumi.runtime.isDryRun() || sims.length === 0) return;
  const parallel = engineParallelism();
  if (parallel === undefined || sims.length <= parallel) return;
  const done = pulumi.runtime.rpcKeepAlive();
  pendingWork(sims, state)
    .then(async (work) => {
      if (work === undefined) return;
      const text = parallelismWarning(work, {
        estate: name,
        parallel,
        firstCheckDelayMs: firstCheckDelayMs(),
      });
      if (text !== undefined) await pulumi.log.warn(text, estate);
    })
    .catch(() => undefined)
    .finally(done);
}
