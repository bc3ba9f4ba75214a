// Process-wide state of the provider process: one configuration, one gateway client (one HTTP
// pool and one limiter), one termination counter. Pulumi runs every dynamic resource of a
// deployment in one provider process, and `require` caches this module there.

import type * as pulumi from "@pulumi/pulumi";
import { checkConfigKeys, loadConfig, type AqlConfig } from "../config";
import type { Gateway } from "../gateway/api";
import { sharedGateway } from "../gateway/shared";
import { configureRequestKeys } from "./stack-config";

interface Context {
  config?: AqlConfig;
  gateway?: Gateway;
  terminations: number;
}

const ctx: Context = { terminations: 0 };

/** Called by each resource type's `configure`: stack config `aql:*` over `AQL_*` env vars. */
export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  checkConfigKeys(configureRequestKeys(req.config));
  ctx.config = loadConfig((key) => req.config.get(`aql:${key}`));
}

export function settings(): AqlConfig {
  return (ctx.config ??= loadConfig(() => undefined));
}

export function gateway(): Gateway {
  return ctx.gateway ?? sharedGateway(settings());
}

/**
 * Counts a termination against aql:maxTerminationsPerRun. Returns false, counting nothing, when
 * the limit is reached: the caller refuses the delete.
 */
export function takeTerminationSlot(): boolean {
  if (ctx.terminations >= settings().maxTerminationsPerRun) return false;
  ctx.terminations++;
  return true;
}

/** Gives back a slot taken for a termination that was not sent. */
export function releaseTerminationSlot(): void {
  if (ctx.terminations > 0) ctx.terminations--;
}

/** For tests: run the runtime against a fake gateway and a given configuration. */
export function overrideForTests(o: { config?: AqlConfig; gateway?: Gateway }): void {
  if (o.config) ctx.config = o.config;
  if (o.gateway) ctx.gateway = o.gateway;
  ctx.terminations = 0;
}

export function resetForTests(): void {
  delete ctx.config;
  delete ctx.gateway;
  ctx.terminations = 0;
}
