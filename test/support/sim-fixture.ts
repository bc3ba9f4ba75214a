// Test fixtures shared by the e2e tests: a running simulator and the stack config that points
// the provider at it with a fast polling schedule.

import type { ConfigMap } from "@pulumi/pulumi/automation";
import { DEMO_ACCOUNT, startSimulator, type SimulatorHandle } from "../../simulator";
import type { SimulatorOptions } from "../../simulator";

export const SIM_TYPE = "pulumi-nodejs:dynamic/aql:Sim";

export async function simulator(opts: SimulatorOptions = {}): Promise<SimulatorHandle> {
  return startSimulator({ latencyMs: 200, ...opts });
}

/** Stack config for the provider: endpoint, credentials (password as a secret), fast polling. */
export function gatewayConfig(sim: SimulatorHandle, extra: ConfigMap = {}): ConfigMap {
  return {
    "aql:endpoint": { value: sim.url },
    "aql:username": { value: DEMO_ACCOUNT.username },
    "aql:password": { value: DEMO_ACCOUNT.password, secret: true },
    "aql:firstCheckDelay": { value: "200ms" },
    "aql:maxPollInterval": { value: "400ms" },
    "aql:waitDeadline": { value: "60s" },
    "aql:congestionBackoff": { value: "100ms" },
    "aql:retryDelay": { value: "50ms" },
    ...extra,
  };
}

export interface SimSpec {
  name: string;
  iccid: string;
  geoNumber: string;
  subscriber?: { name: string; address: string; postcode: string; contactNumber: string };
  services?: Record<string, boolean>;
  suspended?: boolean;
  deletionPolicy?: string;
  adopt?: boolean;
  imei?: string;
  options?: Record<string, unknown>;
}

export const SUBSCRIBER = {
  name: "Ada Lovelace",
  address: "11-15 Hunslet Road, Leeds",
  postcode: "LS10 1JQ",
  contactNumber: "+44 113 320 3040",
};

/**
 * The `sims` config the e2e program reads. A secret, as a user would keep subscriber details:
 * the engine stores the whole stack config in the default provider's state.
 */
export function simsConfig(specs: SimSpec[]): ConfigMap {
  return {
    sims: {
      value: JSON.stringify(specs.map((s) => ({ subscriber: SUBSCRIBER, ...s }))),
      secret: true,
    },
  };
}
