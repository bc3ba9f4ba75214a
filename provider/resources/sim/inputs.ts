// The Sim's inputs: the program-facing args (pulumi.Input everywhere, as pulumi-awsx does), the
// plain model the provider works with, the zod schema that validates and normalises them, and
// the mapping between our camelCase service names and the gateway's.

import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ValidationError } from "../../errors";
import type { ServiceFlag, SettableService, Subscriber } from "../../gateway/types";
import {
  geoNumber,
  iccid,
  imei,
  subscriberAddress,
  subscriberName,
  ukPostcode,
} from "../../validation";

// The preview's "not known yet" sentinel, shared by every dynamic resource.
import { UNKNOWN, containsUnknown } from "../dynamic/unknown";
export { UNKNOWN, containsUnknown };
export type Unknown = typeof UNKNOWN;

export function isUnknown(v: unknown): v is Unknown {
  return v === UNKNOWN;
}

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

type Failure = { property: string; reason: string };

/** Let the preview's unknown sentinel through; otherwise validate (and normalise) with s. */
function orUnknown<T extends z.ZodType>(s: T) {
  return z.unknown().transform((v, ctx): z.output<T> | Unknown => {
    if (isUnknown(v)) return UNKNOWN;
    // reportInput: to tell "missing" from "wrong type" in the reason.
    const r = s.safeParse(v, { reportInput: true });
    if (r.success) return r.data;
    for (const issue of r.error.issues) {
      // One failure per unknown key, so that it names e.g. `services.roaming`.
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) {
          ctx.addIssue({ code: "custom", message: UNKNOWN_KEY, path: [...issue.path, key] });
        }
      } else {
        ctx.addIssue({ code: "custom", message: issueReason(issue), path: issue.path });
      }
    }
    return z.NEVER;
  });
}

const UNKNOWN_KEY = "is not a known property";

function issueReason(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type") {
    if (issue.input === undefined) return "is required";
    return `must be ${/^[aeiou]/.test(issue.expected) ? "an" : "a"} ${issue.expected}`;
  }
  if (issue.code === "invalid_value") {
    return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
  }
  return issue.message;
}

/** Say what the known names are, where the unknown key was found. */
function unknownKeyReason(path: readonly string[]): string {
  if (path.length === 1) return `is not a Sim input; the inputs are ${INPUT_KEYS.join(", ")}`;
  if (path[0] === "services") {
    return `is not a settable service; the services are ${SERVICE_NAMES.join(", ")}`;
  }
  return `is not a subscriber field; the fields are name, address, postcode, contactNumber`;
}

/** The contact number follows the same E.164 rule as the SIM's own number. */
const e164 = geoNumber;

const subscriberSchema = z
  .object({
    name: orUnknown(subscriberName),
    address: orUnknown(subscriberAddress),
    postcode: orUnknown(ukPostcode),
    contactNumber: orUnknown(e164),
  })
  .strict();

const servicesSchema = z
  .object(
    Object.fromEntries(SERVICE_NAMES.map((n) => [n, orUnknown(z.boolean()).optional()])) as {
      [K in ServiceName]: z.ZodOptional<ReturnType<typeof orUnknown<z.ZodBoolean>>>;
    },
  )
  .strict();

const inputSchema = z
  .object({
    iccid: orUnknown(iccid),
    geoNumber: orUnknown(geoNumber),
    subscriber: orUnknown(subscriberSchema).optional(),
    imei: orUnknown(imei).optional(),
    services: orUnknown(servicesSchema).optional(),
    suspended: orUnknown(z.boolean()).default(false),
    deletionPolicy: orUnknown(z.enum(DELETION_POLICIES)).default("terminate"),
    adopt: orUnknown(z.boolean()).default(false),
  })
  .strict();

/** The inputs after validation; any value may still be the unknown sentinel (preview). */
export type CheckedInputs = z.output<typeof inputSchema>;

const INPUT_KEYS = Object.keys(inputSchema.shape);
const OPTIONAL_KEYS = new Set([
  "subscriber",
  "imei",
  "services",
  "suspended",
  "deletionPolicy",
  "adopt",
]);
const PROVIDER_KEY = "__provider";

export type ValidationResult =
  { ok: true; inputs: CheckedInputs } | { ok: false; failures: Failure[] };

/**
 * Validate and normalise raw inputs (the engine's view: plain JSON, `__provider` ignored,
 * null treated as absent for optional properties). Unknowns pass untouched.
 */
export function validateInputs(raw: Record<string, unknown>): ValidationResult {
  const candidate: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === PROVIDER_KEY) continue;
    if ((v === null || v === undefined) && OPTIONAL_KEYS.has(k)) continue;
    candidate[k] = v;
  }
  const r = inputSchema.safeParse(candidate);
  if (r.success) return { ok: true, inputs: r.data };
  const failures: Failure[] = [];
  for (const issue of r.error.issues) {
    const keys = issue.code === "unrecognized_keys" ? issue.keys : [undefined];
    for (const key of keys) {
      const path = (key === undefined ? issue.path : [...issue.path, key]).map(String);
      const unknownKey = key !== undefined || issue.message === UNKNOWN_KEY;
      failures.push({
        property: path.join("."),
        reason: unknownKey ? unknownKeyReason(path) : issue.message,
      });
    }
  }
  return { ok: false, failures };
}

/**
 * The typed model of inputs that check has accepted (create, update: no unknowns left).
 * Throws ValidationError rather than guess.
 */
export function toSimInputs(raw: Record<string, unknown>): SimInputs {
  const r = validateInputs(raw);
  if (!r.ok) {
    const f = r.failures[0]!;
    throw new ValidationError(f.property, f.reason);
  }
  if (containsUnknown(r.inputs)) {
    throw new ValidationError(
      "(inputs)",
      "a value is still unknown; it cannot be sent to the gateway",
    );
  }
  return fromChecked(r.inputs);
}

/** Drop the Unknown from the types once containsUnknown said there is none. */
function fromChecked(c: CheckedInputs): SimInputs {
  const known = c as unknown as SimInputs;
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
