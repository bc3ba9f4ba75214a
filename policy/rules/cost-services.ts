// Services that cost money (international roaming and calls) only on SIMs the organisation has
// approved: by ICCID, by number, or by number prefix. A Sim that turns one on and matches none
// is refused. At preview a value may be unknown (another resource's output): the Sim is left
// undecided, and the engine runs the rule again with the value known before the Sim is changed.

import type { SimView } from "../resources";
import { describeSim, digitsOf } from "../resources";
import { isUnknown } from "../unknown";
import type { Verdict } from "./verdict";
import { PASS, undecided, violation } from "./verdict";

export const COST_SERVICES = "aql-sim-cost-services";

export interface CostServicesConfig {
  /** The services this rule guards (camelCase, as the Sim's `services`). */
  services: string[];
  iccids: string[];
  numbers: string[];
  numberPrefixes: string[];
}

export const COST_SERVICES_DEFAULTS: CostServicesConfig = {
  services: ["intRoaming", "intCall"],
  iccids: [],
  numbers: [],
  numberPrefixes: [],
};

export function costServicesVerdict(sim: SimView, c: CostServicesConfig): Verdict {
  if (isUnknown(sim.services)) return undecided(`${describeSim(sim)}: services`);
  const services = sim.services;
  const on = c.services.filter((s) => services[s] === true);
  const unknown = c.services.filter((s) => isUnknown(services[s]));
  if (on.length === 0) {
    return unknown.length === 0 ? PASS : undecided(`${describeSim(sim)}: ${unknown.join(", ")}`);
  }
  if (allowed(sim, c)) return PASS;
  if (isUnknown(sim.iccid) || isUnknown(sim.geoNumber)) {
    return undecided(`${describeSim(sim)}: iccid or geoNumber`);
  }
  return violation(
    `Sim ${describeSim(sim)} turns on ${on.join(" and ")} (charged services), but neither its ` +
      `ICCID nor its number ${sim.geoNumber} is on the approved list. Turn ` +
      `${on.length === 1 ? "it" : "them"} off, or have the SIM approved: add its ICCID to ` +
      `"iccids", its number to "numbers" or a prefix to "numberPrefixes" of ${COST_SERVICES} ` +
      `in the policy pack config.`,
  );
}

function allowed(sim: SimView, c: CostServicesConfig): boolean {
  if (!isUnknown(sim.iccid) && c.iccids.includes(sim.iccid)) return true;
  if (isUnknown(sim.geoNumber)) return false;
  const n = sim.geoNumber;
  return (
    c.numbers.some((x) => digitsOf(x) === n) ||
    c.numberPrefixes.some((p) => n.startsWith(digitsOf(p)))
  );
}
