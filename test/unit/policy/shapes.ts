// Resource shapes as the engine shows them to the pack (seen on the engine: checked inputs at
// Analyze, outputs in the state), for the policy unit tests.

import type { PriorSim } from "../../../policy/changes";
import type { SimView } from "../../../policy/resources";
import { simView } from "../../../policy/resources";
import { plainProps } from "../../../policy/unknown";

export const SIM_TYPE = "pulumi-nodejs:dynamic/aql:Sim";
/** The engine's unknown-string sentinel, as the policy SDK passes it on. */
export const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const UNKNOWN_BOOL = "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7";

export function urn(name: string, parent = ""): string {
  const type = parent ? `aql:index:SimEstate$${SIM_TYPE}` : SIM_TYPE;
  return `urn:pulumi:dev::estate::${type}::${name}`;
}

/** A Sim's checked inputs (what Analyze shows): deletionPolicy only when the program gave it. */
export function simProps(o: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iccid: "8944100000000000001",
    geoNumber: "441133203040",
    subscriber: {
      name: "Ada",
      address: "1 Road",
      postcode: "LS10 1JQ",
      contactNumber: "441133203040",
    },
    suspended: false,
    adopt: false,
    ...o,
  };
}

export function sim(name: string, o: Record<string, unknown> = {}): SimView {
  return simView(urn(name), plainProps(simProps(o)));
}

/** A Sim in the state before the update (outputs: deletionPolicy always there). */
export function prior(
  name: string,
  o: Record<string, unknown> = {},
  retainOnDelete = false,
): PriorSim {
  return {
    ...simView(
      urn(name),
      plainProps(simProps({ deletionPolicy: "terminate", state: "active", ...o })),
    ),
    retainOnDelete,
  };
}
