// Every Sim states its deletionPolicy, so that no SIM is terminated on destroy by a default
// nobody chose. Off unless turned on. A value unknown at preview was stated (it comes from
// another resource's output).

import type { SimView } from "../resources";
import { describeSim } from "../resources";
import type { Verdict } from "./verdict";
import { PASS, violation } from "./verdict";

export const EXPLICIT_DELETION_POLICY = "aql-sim-explicit-deletion-policy";

export function deletionPolicyVerdict(sim: SimView): Verdict {
  if (sim.deletionPolicy !== undefined) return PASS;
  return violation(
    `Sim ${describeSim(sim)} does not state its deletionPolicy, so removing it would terminate ` +
      `the SIM by default. Set deletionPolicy to "terminate", "suspend" or "retain" (in a ` +
      `SimEstate: the inventory's deletionPolicy column or defaults.deletionPolicy).`,
  );
}
