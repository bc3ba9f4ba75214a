// One gateway client per account in the provider process, and one limiter per account on each
// of aql's endpoints: every resource of a deployment shares them (and, through transport.ts,
// the sockets).

import type { AqlConfig } from "../config";
import type { GatewayClient, GatewayClientOptions } from "./client";
import { createGatewayClient } from "./client";
import { configuredLimiter, Limiter } from "./limiter";

interface SharedEntry {
  config: AqlConfig;
  onRequest: GatewayClientOptions["onRequest"];
  client: GatewayClient;
}
const sharedClients = new Map<string, SharedEntry>();
const sharedLimiters = new Map<string, Limiter>();

function sameConfig(a: AqlConfig, b: AqlConfig): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof AqlConfig>;
  for (const k of keys) if (a[k] !== b[k]) return false;
  return true;
}

/**
 * The limiter of an account on one of aql's endpoints (the gateway's, the despatch API's), for
 * the whole process; it keeps the limits it was created with.
 */
export function sharedLimiter(endpoint: string, config: AqlConfig): Limiter {
  const key = `${endpoint}\n${config.username ?? ""}`;
  let limiter = sharedLimiters.get(key);
  if (limiter === undefined) {
    limiter = configuredLimiter(config);
    sharedLimiters.set(key, limiter);
  }
  return limiter;
}

/**
 * The process-wide client for an endpoint and username: every resource in the provider
 * process shares its limiter (and, through transport.ts, its sockets). A changed config or
 * log hook for the same account gets a fresh client on the same limiter; the limiter keeps
 * the limits it was created with.
 */
export function sharedGateway(
  config: AqlConfig,
  options: Pick<GatewayClientOptions, "onRequest"> = {},
): GatewayClient {
  const key = `${config.endpoint}\n${config.username ?? ""}`;
  const cached = sharedClients.get(key);
  if (
    cached !== undefined &&
    cached.onRequest === options.onRequest &&
    sameConfig(cached.config, config)
  ) {
    return cached.client;
  }
  const client = createGatewayClient(config, {
    limiter: sharedLimiter(config.endpoint, config),
    ...(options.onRequest !== undefined && { onRequest: options.onRequest }),
  });
  sharedClients.set(key, { config, onRequest: options.onRequest, client });
  return client;
}

/** Forget the shared clients and limiters (tests). Sockets: transport's closeSharedPools. */
export function resetSharedGateways(): void {
  sharedClients.clear();
  sharedLimiters.clear();
}
