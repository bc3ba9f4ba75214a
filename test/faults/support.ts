// Shared by the fault, interruption and secrets suites: a fleet of SIMs with services, the
// checks that the gateway (simulator) and the stack agree with the program, and the checks on
// what the user was told when a run failed.

import * as path from "node:path";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { GATEWAY_SERVICE, SERVICE_NAMES } from "../../provider/resources/sim/inputs";
import type { SimServices } from "../../provider/resources/sim/inputs";
import type { SimulatorHandle } from "../../simulator";
import { REPO_ROOT } from "../support/engine";
import { SIM_TYPE, simsConfig, type SimSpec } from "../support/sim-fixture";
import type { E2EStack } from "../support/stack";

/** The package is installed here, apart from test:e2e's, so that both can run at once. */
export const FAULTS_ROOT = path.join(REPO_ROOT, ".cache", "e2e-faults");

/** Two added (intRoaming, intCall), one removed (mtSms), one as activation leaves it. */
export const FLEET_SERVICES: SimServices = {
  intRoaming: true,
  intCall: true,
  mtSms: false,
  internet: true,
};

/** The simulator's schedule for these suites: short, so that 50-100 SIMs take seconds. */
export const FAST_SIMULATOR = { latencyMs: 150, seed: 20_240 } as const;

/** Stack config of the provider's schedule to match FAST_SIMULATOR. */
export function fastSchedule(extra: ConfigMap = {}): ConfigMap {
  return {
    "aql:firstCheckDelay": { value: "150ms" },
    "aql:maxPollInterval": { value: "300ms" },
    "aql:waitDeadline": { value: "60s" },
    "aql:congestionBackoff": { value: "100ms" },
    "aql:retryDelay": { value: "50ms" },
    "aql:maxConcurrency": { value: "32" },
    "aql:requestsPerSecond": { value: "1000" },
    ...extra,
  };
}

/** `n` SIMs that are free on the simulator, each with its own free number. */
export function fleet(sim: SimulatorHandle, n: number, prefix = "sim"): SimSpec[] {
  const iccids = sim.freeIccids(n);
  const numbers = sim.freeNumbers(n);
  return iccids.map((iccid, i) => ({
    name: `${prefix}-${String(i).padStart(3, "0")}`,
    iccid,
    geoNumber: numbers[i]!,
    services: { ...FLEET_SERVICES } as Record<string, boolean>,
  }));
}

export { simsConfig };

/** How the gateway differs from the program: one line per difference, empty when equal. */
export function gatewayDifferences(sim: SimulatorHandle, specs: readonly SimSpec[]): string[] {
  const out: string[] = [];
  for (const s of specs) {
    const v = sim.sim(s.iccid);
    if (v === undefined) {
      out.push(`${s.iccid}: unused on the gateway`);
      continue;
    }
    if (v.state !== "active") out.push(`${s.iccid}: ${v.state}, not active`);
    if (v.geoNo !== s.geoNumber) out.push(`${s.iccid}: number ${v.geoNo ?? "none"}`);
    for (const name of SERVICE_NAMES) {
      const want = s.services?.[name];
      const flag = GATEWAY_SERVICE[name];
      if (want !== undefined && v.services[flag] !== want) {
        out.push(`${s.iccid}: ${flag} is ${v.services[flag] ? "on" : "off"}`);
      }
    }
  }
  return out;
}

/** ICCIDs with more than one successful activation on the simulator. */
export function duplicateActivations(sim: SimulatorHandle): string[] {
  return Object.entries(sim.counters().activations)
    .filter(([, n]) => n > 1)
    .map(([iccid, n]) => `${iccid} x${n}`);
}

/** The ICCIDs of the Sims in the stack's state. */
export async function stackIccids(stack: E2EStack): Promise<Set<string>> {
  const resources = await stack.resources(SIM_TYPE);
  return new Set(resources.map((r) => r.id ?? "").filter((id) => id !== ""));
}

/** ICCIDs the gateway has taken into use (pending, active or suspended), among `specs`. */
export function inUseOnGateway(sim: SimulatorHandle, specs: readonly SimSpec[]): Set<string> {
  const out = new Set<string>();
  for (const s of specs) {
    const v = sim.sim(s.iccid);
    if (v !== undefined && v.state !== "terminated") out.add(s.iccid);
  }
  return out;
}

/**
 * No SIM forgotten: every SIM the gateway has in use is in the stack. (The converse holds once
 * the runs converge; between runs the stack may record a SIM whose activation failed.)
 */
export function forgotten(inUse: ReadonlySet<string>, inStack: ReadonlySet<string>): string[] {
  return [...inUse].filter((i) => !inStack.has(i));
}

export const SIM_COMMAND_WORDS =
  /\b(activate|terminate|suspend|unsuspend|addservice|removeservice|assigngeo|changegeo|queryiccid|checkstatus)\b/;
/** A gateway code, or a reason the transport gave for having no answer. */
export const CODE_OR_REASON =
  /\b6\d{4}\b|HTTP \d{3}|no answer within \d+ ms|socket|ECONNRESET|UND_ERR|other side closed|checkstatus: failed|terminated|unreadable answer/;

export interface ResourceError {
  name: string;
  iccid: string | undefined;
  message: string;
}

/** Error diagnostics the engine attributed to a Sim, with the Sim's name and ICCID. */
export function simErrors(
  events: readonly EngineEvent[],
  specs: readonly SimSpec[],
): ResourceError[] {
  const byName = new Map(specs.map((s) => [s.name, s.iccid]));
  const out: ResourceError[] = [];
  for (const e of events) {
    const d = e.diagnosticEvent;
    if (d === undefined || d.severity !== "error" || d.urn === undefined) continue;
    if (!d.urn.includes(`${SIM_TYPE}::`)) continue;
    const name = d.urn.slice(d.urn.lastIndexOf("::") + 2);
    out.push({ name, iccid: byName.get(name), message: d.message });
  }
  return out;
}

/** What is wrong with an error the user saw: it must name the SIM, command and code/reason. */
export function unclear(err: ResourceError): string[] {
  const problems: string[] = [];
  if (err.iccid === undefined || !err.message.includes(err.iccid)) problems.push("no ICCID");
  if (!SIM_COMMAND_WORDS.test(err.message)) problems.push("no command");
  if (!CODE_OR_REASON.test(err.message)) problems.push("no code or reason");
  return problems;
}
