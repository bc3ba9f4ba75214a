// The Sim's inputs: the program-facing args (pulumi.Input everywhere, as pulumi-awsx does), the
// plain model the provider works with, the zod schema that validates and normalises them, and
// the mapping between our camelCase service names and the gateway's.

import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { ServiceFlag, SettableService, Subscriber } from "../../gateway/types";
import {
  geoNumber,
  iccid,
  imei,
  subscriberAddress,
  subscriberName,
  ukPostcode,
} from "../../validation";

import type { InputSpec } from "../dynamic/check";
import { parseInputs } from "../dynamic/check";
import { closedObject, knownOr } from "../dynamic/fields";

// The preview's "not known yet" sentinel, shared by every dynamic resource.
export { UNKNOWN, containsUnknown, isUnknown, type Unknown } from "../dynamic/unknown";

// --- services ------------------------------------------------------------------------------

/** The seven settable services, camelCase as the program writes them. */
export const SERVICE_NAMES = [
  "intRoaming",
  "intCall",
  "moVoice",
  "mtVoice",
  "moSms",
  "mtSms",
  "internet",
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export const GATEWAY_SERVICE: Record<ServiceName, SettableService> = {
  intRoaming: "int_roaming",
  intCall: "int_call",
  moVoice: "mo_voice",
  mtVoice: "mt_voice",
  moSms: "mo_sms",
  mtSms: "mt_sms",
  internet: "internet",
};

/** All ten flags queryiccid reports, camelCase, in the gateway's order. */
export const REPORTED_FLAG_NAMES = {
  int_roaming: "intRoaming",
  int_call: "intCall",
  premium: "premium",
  mo_voice: "moVoice",
  mt_voice: "mtVoice",
  mo_sms: "moSms",
  mt_sms: "mtSms",
  video: "video",
  mms: "mms",
  internet: "internet",
} as const satisfies Record<ServiceFlag, string>;
export type ReportedFlagName = (typeof REPORTED_FLAG_NAMES)[ServiceFlag];
export type ReportedServices = Record<ReportedFlagName, boolean>;

/** A flag left out is not managed: the provider neither sends nor compares it. */
export type SimServices = Partial<Record<ServiceName, boolean>>;

export const DELETION_POLICIES = ["terminate", "suspend", "retain"] as const;
export type DeletionPolicy = (typeof DELETION_POLICIES)[number];

// --- the models ----------------------------------------------------------------------------

/** The inputs after check: validated, normalised, defaults filled in. */
export interface SimInputs {
  iccid: string;
  geoNumber: string;
  /** Needed only to activate an unused SIM. */
  subscriber?: Subscriber;
  imei?: string;
  services?: SimServices;
  suspended: boolean;
  deletionPolicy: DeletionPolicy;
  adopt: boolean;
}

export interface SubscriberArgs {
  name: pulumi.Input<string>;
  address: pulumi.Input<string>;
  /** A UK postcode, e.g. "LS10 1JQ". */
  postcode: pulumi.Input<string>;
  /** E.164, e.g. "+44 113 320 3040" or "441133203040". */
  contactNumber: pulumi.Input<string>;
}

export type SimServicesArgs = { [K in ServiceName]?: pulumi.Input<boolean> };

export interface SimArgs {
  /** 18 to 22 digits. Changing it replaces the SIM (the old one first, per its deletionPolicy). */
  iccid: pulumi.Input<string>;
  /** The geographic number, allocated to the account beforehand; E.164, "+" and spaces allowed. */
  geoNumber: pulumi.Input<string>;
  /**
   * Sent at activation only; the gateway cannot change it afterwards. Stored as a secret.
   * Needed only to activate: a SIM that is already active or suspended is taken over without it.
   */
  subscriber?: pulumi.Input<SubscriberArgs>;
  /** The handset's IMEI (15 digits), sent at activation only. Stored as a secret. */
  imei?: pulumi.Input<string>;
  /** Services to manage; a flag left out is left as the gateway has it. */
  services?: pulumi.Input<SimServicesArgs>;
  /** Default false. */
  suspended?: pulumi.Input<boolean>;
  /** What destroy does to the SIM: "terminate" (default, irreversible), "suspend" or "retain". */
  deletionPolicy?: pulumi.Input<DeletionPolicy>;
  /** Take over a SIM that is already active with another or no number. Default false. */
  adopt?: pulumi.Input<boolean>;
}

// --- the schema ----------------------------------------------------------------------------

/** The contact number follows the same E.164 rule as the SIM's own number. */
const e164 = geoNumber;

const subscriberSchema = closedObject(
  {
    name: knownOr(subscriberName),
    address: knownOr(subscriberAddress),
    postcode: knownOr(ukPostcode),
    contactNumber: knownOr(e164),
  },
  "is not a subscriber field; the fields are name, address, postcode, contactNumber",
);

const servicesSchema = closedObject(
  Object.fromEntries(SERVICE_NAMES.map((n) => [n, knownOr(z.boolean()).optional()])) as {
    [K in ServiceName]: z.ZodOptional<ReturnType<typeof knownOr<z.ZodBoolean>>>;
  },
  `is not a settable service; the services are ${SERVICE_NAMES.join(", ")}`,
);

export const simSchema = z.object({
  iccid: knownOr(iccid),
  geoNumber: knownOr(geoNumber),
  subscriber: knownOr(subscriberSchema).optional(),
  imei: knownOr(imei).optional(),
  services: knownOr(servicesSchema).optional(),
  suspended: knownOr(z.boolean()).default(false),
  deletionPolicy: knownOr(z.enum(DELETION_POLICIES)).default("terminate"),
  adopt: knownOr(z.boolean()).default(false),
});

/** The inputs after validation; any value may still be the unknown sentinel (preview). */
export type CheckedInputs = z.output<typeof simSchema>;

/**
 * The Sim's inputs for the shared check (../dynamic/check.ts). The rules across properties are
 * check.ts's; this spec alone is what create and update parse their inputs with.
 */
export const simFields: InputSpec<typeof simSchema> = {
  typeName: "Sim",
  schema: simSchema,
  // Stored as secrets: a failure on one must not lead the engine to print it.
  secrets: ["subscriber", "imei"],
  nullIsAbsent: true,
};

/**
 * The typed model of inputs that check has accepted (create, update: no unknowns left).
 * Throws ValidationError rather than guess.
 */
export function toSimInputs(raw: Record<string, unknown>): SimInputs {
  return fromChecked(parseInputs(simFields, raw));
}

/** Drop the Unknown from the types once parseInputs said there is none. */
function fromChecked(c: CheckedInputs): SimInputs {
  return copyInputs(c as unknown as SimInputs);
}

/** A copy (outputs start as one) with only the properties that are set, services in order. */
export function copyInputs(known: SimInputs): SimInputs {
  const out: SimInputs = {
    iccid: known.iccid,
    geoNumber: known.geoNumber,
    suspended: known.suspended,
    deletionPolicy: known.deletionPolicy,
    adopt: known.adopt,
  };
  if (known.subscriber !== undefined) out.subscriber = { ...known.subscriber };
  if (known.imei !== undefined) out.imei = known.imei;
  if (known.services !== undefined) out.services = managedServices(known.services);
  return out;
}

/** Only the flags that are set, in a stable order. */
export function managedServices(s: SimServices): SimServices {
  const out: SimServices = {};
  for (const n of SERVICE_NAMES) {
    const v = s[n];
    if (v !== undefined) out[n] = v;
  }
  return out;
}
