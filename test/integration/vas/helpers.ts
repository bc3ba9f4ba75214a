// The value-added services against the simulator over HTTP: the runtime providers (the modules
// the shims load) on the real gateway and despatch clients, through the process-wide context.

import type { AqlConfig } from "../../../provider/config";
import { parseConfig } from "../../../provider/config";
import { createGatewayClient } from "../../../provider/gateway/client";
import { resetSharedGateways } from "../../../provider/gateway/shared";
import { closeSharedPools } from "../../../provider/gateway/transport";
import { overrideForTests, resetForTests } from "../../../provider/runtime/context";
import type { SimulatorHandle } from "../../../simulator/server";
import { startSimulator } from "../../../simulator/server";

export const PROVIDER = "exports.handler = () => require('pulumi-aql-mvno/dist/provider/x/shim')";

export interface Harness {
  sim: SimulatorHandle;
  config: AqlConfig;
  /** An active SIM with a number, made at once out of band; `offset` keeps tests apart. */
  activeSim(offset: number): { iccid: string; number: string };
  close(): Promise<void>;
}

export async function start(opts: { latencyMs?: number } = {}): Promise<Harness> {
  const sim = await startSimulator({ latencyMs: opts.latencyMs ?? 200 });
  const config = parseConfig({
    username: "demo",
    password: "demo-password",
    endpoint: sim.url,
    despatchEndpoint: sim.url,
    firstCheckDelay: "50ms",
    maxPollInterval: "100ms",
    waitDeadline: "10s",
    retryDelay: "10ms",
    requestsPerSecond: 1000,
  });
  overrideForTests({ config, gateway: createGatewayClient(config) });
  return {
    sim,
    config,
    activeSim(offset) {
      const [iccid] = sim.freeIccids(1, { offset });
      const [number] = sim.freeNumbers(1, { offset });
      if (iccid === undefined || number === undefined) throw new Error("simulator inventory empty");
      sim.oob({ op: "activate", iccid, number });
      return { iccid, number };
    },
    async close() {
      resetForTests();
      resetSharedGateways();
      await closeSharedPools();
      await sim.close();
    },
  };
}
