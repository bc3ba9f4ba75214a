// The program-facing Sim: a Pulumi dynamic resource whose provider is the shim (shim.ts), so
// its type token is `pulumi-nodejs:dynamic/aql:Sim`.

import * as pulumi from "@pulumi/pulumi";
import type { SimState, Subscriber } from "../../gateway/types";
import type { DeletionPolicy, ReportedServices, SimArgs, SimServices } from "./inputs";
import type { PendingRequest, SecurityCode, SecurityCodes } from "./outputs";
import { OUTPUT_ONLY, SECRET_OUTPUTS, SECURITY_CODES } from "./outputs";
import { AqlResource, type ResourceKind } from "../dynamic/resource";
import shim from "./shim";

export type { SimArgs, SubscriberArgs, SimServicesArgs, DeletionPolicy } from "./inputs";

export class Sim extends AqlResource<SimArgs> {
  // `declare`: the base constructor sets these; an initialised field would overwrite them.
  declare readonly iccid: pulumi.Output<string>;
  /** The number on the SIM as the gateway last reported it (digits, no "+"). */
  declare readonly geoNumber: pulumi.Output<string>;
  declare readonly subscriber: pulumi.Output<Subscriber>;
  declare readonly imei: pulumi.Output<string | undefined>;
  /** The managed services, as the gateway last reported them. */
  declare readonly services: pulumi.Output<SimServices | undefined>;
  declare readonly suspended: pulumi.Output<boolean>;
  declare readonly deletionPolicy: pulumi.Output<DeletionPolicy>;
  declare readonly adopt: pulumi.Output<boolean>;
  /** unused | pending | active | suspended (a terminated SIM leaves the stack on refresh). */
  declare readonly state: pulumi.Output<SimState>;
  declare readonly imsi: pulumi.Output<string | undefined>;
  /** All ten service flags as queryiccid reports them. */
  declare readonly reportedServices: pulumi.Output<ReportedServices | undefined>;
  /** The PINs and PUKs, one secret in the state; `pin`, `pin2`, `puk`, `puk2` read it. */
  declare readonly securityCodes: pulumi.Output<SecurityCodes | undefined>;
  // Set again after the base constructor, from securityCodes (secret, so these are too).
  declare readonly pin: pulumi.Output<string | undefined>;
  declare readonly pin2: pulumi.Output<string | undefined>;
  declare readonly puk: pulumi.Output<string | undefined>;
  declare readonly puk2: pulumi.Output<string | undefined>;
  /** The id of the last two-step request sent for this SIM. */
  declare readonly lastRequestId: pulumi.Output<string | undefined>;
  /** A request sent but not yet seen to finish; the next `pulumi up` resumes waiting for it. */
  declare readonly pendingRequest: pulumi.Output<PendingRequest | undefined>;

  constructor(name: string, args: SimArgs, opts?: pulumi.CustomResourceOptions) {
    super(SIM, name, args, opts);
    const codes = this as unknown as Record<SecurityCode, pulumi.Output<string | undefined>>;
    for (const k of SECURITY_CODES) {
      const stored = codes[k];
      codes[k] = pulumi.all([this.securityCodes, stored]).apply(([c, old]) => c?.[k] ?? old);
    }
  }
}

const SIM: ResourceKind<SimArgs> = {
  type: "Sim",
  shim,
  inputs: [
    "iccid",
    "geoNumber",
    "subscriber",
    "imei",
    "services",
    "suspended",
    "deletionPolicy",
    "adopt",
  ],
  secrets: SECRET_OUTPUTS,
  // Also the four codes by their own names: state written before they were one output holds
  // them so, and an unchanged SIM keeps that state until it is next updated.
  outputs: [...OUTPUT_ONLY, ...SECURITY_CODES],
};
