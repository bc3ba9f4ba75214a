// Every command's parameters: checked with zod (the rules of ../validation.ts) before any
// request is made, then mapped to the gateway's form fields. The field names and the three
// scripts are named here once; the credentials are added by the client, never here.

import { z } from "zod";
import type { CallSubject } from "../errors";
import { ValidationError } from "../errors";
import * as rules from "../validation";
import type { ActivateParams, CrispParams, SimRef } from "./api";
import type {
  RecordingSettings,
  SettableService,
  SimCommand,
  VasCommand,
  VoicemailSettings,
} from "./types";
import { SETTABLE_SERVICES } from "./types";

/** The three scripts of the gateway, as paths under the configured endpoint. */
export const SCRIPT_PATHS = {
  sim: "/mobile/configure_sim.php",
  vm: "/services/vm.php",
  rec: "/services/rec.php",
} as const;
export type GatewayScript = keyof typeof SCRIPT_PATHS;

/** Form field names. configure_sim.php calls the number `geo_nos`, vm.php and rec.php `geo_no`. */
export const FIELDS = {
  username: "username",
  password: "password",
  command: "command",
  iccid: "iccid",
  number: "geo_nos",
  newNumber: "new_geo_nos",
  vasNumber: "geo_no",
  imei: "imei",
  subName: "subname",
  subAddress: "subaddress",
  subPostcode: "subpostcode",
  subContact: "subcontactno",
  requestId: "id",
  crispAction: "action",
  crispEmail: "crisp-email",
  crispPassword: "crisp-password",
  crispParent: "parent-sms-number",
} as const;

/** Fields whose values are secrets: redacted from every log line. */
export const SECRET_FIELDS: ReadonlySet<string> = new Set([
  FIELDS.password,
  FIELDS.crispPassword,
  "pin",
]);

/** `service[int_roaming]=`: the gateway takes the name in the key and an empty value. */
export function serviceField(service: SettableService): string {
  return `service[${service}]`;
}

/** A request ready to send, minus the credentials. */
export interface PreparedCall {
  script: GatewayScript;
  command: SimCommand | VasCommand;
  fields: readonly (readonly [string, string])[];
  /** What the call is about, for errors and logs. */
  subject: CallSubject;
}

// --- schemas -------------------------------------------------------------------------------

/** The settings vm.php and rec.php both take, after each script's own. */
const notification = {
  email: rules.email.optional(),
  notify: z.boolean().optional(),
  attach: z.boolean().optional(),
};

/** The gateway attaches to the notification email: no attach with notify off. */
const attachNeedsNotify = (s: { notify?: boolean | undefined; attach?: boolean | undefined }) =>
  !(s.attach === true && s.notify === false);
const ATTACH_NEEDS_NOTIFY = {
  path: ["attach"],
  message: "works only with notify: true (the gateway attaches to the notification email)",
};

const simRefSchema = z.object({ iccid: rules.iccid, geoNumber: rules.geoNumber });

export const schemas = {
  activate: z.object({
    iccid: rules.iccid,
    geoNumber: rules.geoNumber,
    subscriber: z.object({
      name: rules.subscriberName,
      address: rules.subscriberAddress,
      postcode: rules.ukPostcode,
      contactNumber: rules.geoNumber,
    }),
    imei: rules.imei.optional(),
  }),
  simRef: simRefSchema,
  services: simRefSchema.extend({
    services: z.array(z.enum(SETTABLE_SERVICES)).min(1, "must name at least one service"),
  }),
  changeGeo: simRefSchema
    .extend({ newGeoNumber: rules.geoNumber })
    .refine((p) => p.newGeoNumber !== p.geoNumber, {
      path: ["newGeoNumber"],
      message: "is the number the SIM already has",
    }),
  queryIccid: z.object({ iccid: rules.iccid }),
  checkStatus: z.object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, "must be a request id as the gateway returned it"),
  }),
  // Only enable-new uses the password and the parent's number; the other actions drop them,
  // so a secret is never sent where it is not needed.
  crisp: z.discriminatedUnion("action", [
    z.object({
      action: z.literal("enable-new"),
      iccid: rules.iccid,
      geoNumber: rules.geoNumber,
      email: rules.email,
      password: z.string({ error: "is required for action enable-new" }).pipe(rules.crispPassword),
      parentSmsNumber: z
        .string({ error: "is required for action enable-new" })
        .pipe(rules.geoNumber),
    }),
    z.object({
      action: z.enum(["enable-existing", "disable"]),
      iccid: rules.iccid,
      geoNumber: rules.geoNumber,
      email: rules.email,
    }),
  ]),
  vasNumber: z.object({ geoNumber: rules.geoNumber }),
  voicemail: z
    .object({
      delaySeconds: rules.vmDelaySeconds.optional(),
      pin: rules.vmPin.optional(),
      ...notification,
    })
    .refine(attachNeedsNotify, ATTACH_NEEDS_NOTIFY),
  recording: z
    .object({ active: z.boolean().optional(), onDemand: z.boolean().optional(), ...notification })
    .refine(attachNeedsNotify, ATTACH_NEEDS_NOTIFY),
};

/** Parse or throw a ValidationError naming the first bad property. */
export function validate<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const first = rules.zodFailures(result.error)[0];
  throw new ValidationError(first?.property || "(parameters)", first?.reason ?? "is invalid");
}

const flag = (b: boolean): string => (b ? "1" : "0");

// --- configure_sim.php ---------------------------------------------------------------------

export function prepareActivate(p: ActivateParams): PreparedCall {
  const v = validate(schemas.activate, p);
  const fields: [string, string][] = [[FIELDS.iccid, v.iccid]];
  if (v.imei !== undefined) fields.push([FIELDS.imei, v.imei]);
  fields.push(
    [FIELDS.number, v.geoNumber],
    [FIELDS.subName, v.subscriber.name],
    [FIELDS.subAddress, v.subscriber.address],
    [FIELDS.subPostcode, v.subscriber.postcode],
    [FIELDS.subContact, v.subscriber.contactNumber],
  );
  return sim("activate", fields, { iccid: v.iccid, number: v.geoNumber });
}

/** terminate, suspend, unsuspend and assigngeo take the same two fields. */
export function prepareSimRef(
  command: "terminate" | "suspend" | "unsuspend" | "assigngeo",
  p: SimRef,
): PreparedCall {
  const v = validate(schemas.simRef, p);
  return sim(
    command,
    [
      [FIELDS.iccid, v.iccid],
      [FIELDS.number, v.geoNumber],
    ],
    { iccid: v.iccid, number: v.geoNumber },
  );
}

export function prepareServices(
  command: "addservice" | "removeservice",
  p: SimRef & { services: readonly SettableService[] },
): PreparedCall {
  const v = validate(schemas.services, p);
  // Canonical order, no repeats: the same change always makes the same request.
  const wanted = SETTABLE_SERVICES.filter((s) => v.services.includes(s));
  return sim(
    command,
    [
      [FIELDS.iccid, v.iccid],
      [FIELDS.number, v.geoNumber],
      ...wanted.map((s) => [serviceField(s), ""] as const),
    ],
    { iccid: v.iccid, number: v.geoNumber },
  );
}

export function prepareChangeGeo(p: SimRef & { newGeoNumber: string }): PreparedCall {
  const v = validate(schemas.changeGeo, p);
  return sim(
    "changegeo",
    [
      [FIELDS.iccid, v.iccid],
      [FIELDS.number, v.geoNumber],
      [FIELDS.newNumber, v.newGeoNumber],
    ],
    { iccid: v.iccid, number: v.geoNumber },
  );
}

export function prepareQueryIccid(iccid: string): PreparedCall {
  const v = validate(schemas.queryIccid, { iccid });
  return sim("queryiccid", [[FIELDS.iccid, v.iccid]], { iccid: v.iccid });
}

export function prepareCheckStatus(id: string): PreparedCall {
  const v = validate(schemas.checkStatus, { id });
  return sim("checkstatus", [[FIELDS.requestId, v.id]], { requestId: v.id });
}

export function prepareCrisp(p: CrispParams): PreparedCall {
  const v = validate(schemas.crisp, p);
  const fields: [string, string][] = [
    [FIELDS.iccid, v.iccid],
    [FIELDS.number, v.geoNumber],
    [FIELDS.crispAction, v.action],
    [FIELDS.crispEmail, v.email],
  ];
  if (v.action === "enable-new") {
    fields.push([FIELDS.crispPassword, v.password], [FIELDS.crispParent, v.parentSmsNumber]);
  }
  return sim("crisp", fields, { iccid: v.iccid, number: v.geoNumber });
}

function sim(
  command: SimCommand,
  fields: (readonly [string, string])[],
  about: Omit<CallSubject, "command">,
): PreparedCall {
  return { script: "sim", command, fields, subject: { command, ...about } };
}

// --- vm.php and rec.php --------------------------------------------------------------------

export function prepareVoicemailConfig(geoNumber: string, s: VoicemailSettings): PreparedCall {
  const n = validate(schemas.vasNumber, { geoNumber }).geoNumber;
  const v = validate(schemas.voicemail, s);
  const fields: [string, string][] = [[FIELDS.vasNumber, n]];
  if (v.delaySeconds !== undefined) fields.push(["delay", String(v.delaySeconds)]);
  if (v.pin !== undefined) fields.push(["pin", v.pin]);
  if (v.email !== undefined) fields.push(["email", v.email]);
  if (v.notify !== undefined) fields.push(["notify", flag(v.notify)]);
  if (v.attach !== undefined) fields.push(["attach", flag(v.attach)]);
  return vas("vm", "config", n, fields);
}

export function prepareRecordingConfig(geoNumber: string, s: RecordingSettings): PreparedCall {
  const n = validate(schemas.vasNumber, { geoNumber }).geoNumber;
  const v = validate(schemas.recording, s);
  const fields: [string, string][] = [[FIELDS.vasNumber, n]];
  if (v.active !== undefined) fields.push(["active", flag(v.active)]);
  if (v.onDemand !== undefined) fields.push(["ondemand", flag(v.onDemand)]);
  if (v.email !== undefined) fields.push(["email", v.email]);
  if (v.notify !== undefined) fields.push(["notify", flag(v.notify)]);
  if (v.attach !== undefined) fields.push(["attach", flag(v.attach)]);
  return vas("rec", "config", n, fields);
}

/** remove and info take only the number. */
export function prepareVasNumber(
  script: "vm" | "rec",
  command: "remove" | "info",
  geoNumber: string,
): PreparedCall {
  const n = validate(schemas.vasNumber, { geoNumber }).geoNumber;
  return vas(script, command, n, [[FIELDS.vasNumber, n]]);
}

function vas(
  script: "vm" | "rec",
  command: VasCommand,
  number: string,
  fields: (readonly [string, string])[],
): PreparedCall {
  return { script, command, fields, subject: { command: `${script}.php ${command}`, number } };
}

/** The whole form body: credentials first, then the command and its fields. */
export function formBody(
  credentials: { username: string; password: string },
  call: PreparedCall,
): string {
  const form = new URLSearchParams();
  form.append(FIELDS.username, credentials.username);
  form.append(FIELDS.password, credentials.password);
  form.append(FIELDS.command, call.command);
  for (const [k, v] of call.fields) form.append(k, v);
  return form.toString();
}

/**
 * Fields a debug log may show: what names the call and the setting, never a person. Everything
 * else is masked (a field added later is masked until it is listed here): the password and
 * PINs, and the personal data too (subscriber name, address, postcode and contact number, IMEI,
 * email addresses, the parent's SMS number).
 */
export const LOGGABLE_FIELDS: ReadonlySet<string> = new Set([
  FIELDS.command,
  FIELDS.iccid,
  FIELDS.number,
  FIELDS.newNumber,
  FIELDS.vasNumber,
  FIELDS.requestId,
  FIELDS.crispAction,
  "delay",
  "notify",
  "attach",
  "active",
  "ondemand",
]);

function loggable(field: string): boolean {
  return LOGGABLE_FIELDS.has(field) || /^service\[\w+\]$/.test(field);
}

/** The fields, readable (not encoded), with all but LOGGABLE_FIELDS masked: for debug logs. */
export function redactedForm(call: PreparedCall, username: string): string {
  const pairs: (readonly [string, string])[] = [
    [FIELDS.username, username],
    [FIELDS.password, "***"],
    [FIELDS.command, call.command],
    ...call.fields.map(([k, v]) => [k, loggable(k) || v === "" ? v : "***"] as const),
  ];
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}
