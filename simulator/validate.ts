// The field checks that produce the gateway's error codes. Pure functions of the parameters.
//
// The vendor text names the codes, not the rules; these are the simulator's readings:
// - ICCID: 18 to 22 digits (63001). Luhn is not checked: the vendor's own example fails it.
// - landline (geo_nos, new_geo_nos, geo_no): a UK geographic number in E.164 digits, no "+",
//   i.e. 44 then 1 or 2 then 8 or 9 digits (63201).
// - subscriber name: 1-100 characters after trimming, letters, digits, spaces and . , ' ’ - & ( ) /,
//   at least one letter (63028); address: 1-200 characters, the same plus # (63029);
//   postcode: a UK postcode with or without its space, any case (63030); contact number: 10-15
//   digits, optionally after a "+" (63031).
// - IMEI (optional): exactly 15 digits when given (63007).
// - services: at least one service[NAME] (63023); NAME one of the ten flags (63104); premium,
//   video and mms are read-only and the value must be empty (63004); services configured as
//   "not yet supported" (63032).
// - crisp: action enable-new|enable-existing|disable (63207); crisp-email an email (63208);
//   enable-new also needs parent-sms-number, 10-15 digits (63209), and crisp-password, 6-64
//   printable ASCII characters without spaces (63210).
// - voicemail/recording config values: delay 0-120 whole seconds, pin 4 digits, email an email
//   address (or empty), notify/attach/active/ondemand 1 or 0; anything else 63004.

import {
  ALL_SERVICE_FLAGS,
  type CrispAction,
  type ServiceFlag,
  type SettableService,
  type Subscriber,
} from "./vocabulary";
import { given, text, type Params } from "./params";
import { READ_ONLY_SERVICES, type RecordingConfig, type VoicemailConfig } from "./state";

export const ICCID_FORMAT = /^\d{18,22}$/;
export const LANDLINE_FORMAT = /^44[12]\d{8,9}$/;
export const IMEI_FORMAT = /^\d{15}$/;
const NAME_FORMAT = /^[\p{L}\p{M}\p{N} .,'’\-&()/]+$/u;
const ADDRESS_FORMAT = /^[\p{L}\p{M}\p{N} .,'’\-&()/#]+$/u;
const HAS_LETTER = /\p{L}/u;
const POSTCODE_FORMAT = /^(GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})$/i;
const PHONE_FORMAT = /^\+?\d{10,15}$/;
/** RFC 5322's dot-atom form (o'brien@example.co.uk is an address) and a domain of 2+ labels. */
const EMAIL_FORMAT =
  /^(?=[^@]{1,64}@)[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const CRISP_PASSWORD_FORMAT = /^[\x21-\x7e]{6,64}$/;

export function iccidCode(value: string | undefined): 63001 | null {
  return value !== undefined && ICCID_FORMAT.test(value) ? null : 63001;
}

export function landlineCode(value: string | undefined): 63201 | null {
  return value !== undefined && LANDLINE_FORMAT.test(value) ? null : 63201;
}

export function imeiCode(value: string | undefined): 63007 | null {
  return value === undefined || value === "" || IMEI_FORMAT.test(value) ? null : 63007;
}

export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL_FORMAT.test(value);
}

function validText(value: string, max: number, format: RegExp): boolean {
  const v = value.trim();
  return v.length >= 1 && v.length <= max && format.test(v) && HAS_LETTER.test(v);
}

/** Checks subname, subaddress, subpostcode, subcontactno; all wrong fields are reported. */
export function subscriberCheck(params: Params): { codes: number[]; subscriber: Subscriber } {
  const subscriber: Subscriber = {
    name: text(params, "subname").trim(),
    address: text(params, "subaddress").trim(),
    postcode: text(params, "subpostcode").trim().toUpperCase(),
    contactNumber: text(params, "subcontactno").trim(),
  };
  const codes: number[] = [];
  if (!validText(text(params, "subname"), 100, NAME_FORMAT)) codes.push(63028);
  if (!validText(text(params, "subaddress"), 200, ADDRESS_FORMAT)) codes.push(63029);
  if (!POSTCODE_FORMAT.test(subscriber.postcode)) codes.push(63030);
  if (!PHONE_FORMAT.test(subscriber.contactNumber)) codes.push(63031);
  return { codes, subscriber };
}

export function isServiceFlag(name: string): name is ServiceFlag {
  return (ALL_SERVICE_FLAGS as readonly string[]).includes(name);
}

export interface ServiceSelection {
  codes: number[];
  services: SettableService[];
}

/** Checks the service[NAME] parameters of addservice/removeservice. */
export function serviceSelection(
  entries: readonly [string, string][],
  unsupported: ReadonlySet<string>,
): ServiceSelection {
  if (entries.length === 0) return { codes: [63023], services: [] };
  const codes = new Set<number>();
  const services: SettableService[] = [];
  for (const [name, value] of entries) {
    if (!isServiceFlag(name)) {
      codes.add(63104);
      continue;
    }
    if (READ_ONLY_SERVICES.includes(name) || value !== "") {
      codes.add(63004);
      continue;
    }
    if (unsupported.has(name)) {
      codes.add(63032);
      continue;
    }
    const settable = name as SettableService;
    if (!services.includes(settable)) services.push(settable);
  }
  return { codes: [...codes], services };
}

export const CRISP_ACTIONS: readonly CrispAction[] = ["enable-new", "enable-existing", "disable"];

export interface CrispRequest {
  codes: number[];
  action: CrispAction | null;
  email: string;
  parentSmsNumber: string | null;
}

/** Checks action, crisp-email, and for enable-new parent-sms-number and crisp-password. */
export function crispCheck(params: Params): CrispRequest {
  const codes: number[] = [];
  const rawAction = text(params, "action");
  const action = (CRISP_ACTIONS as readonly string[]).includes(rawAction)
    ? (rawAction as CrispAction)
    : null;
  if (action === null) codes.push(63207);
  const email = text(params, "crisp-email");
  if (!isEmail(email)) codes.push(63208);
  const parent = given(params, "parent-sms-number") ?? null;
  if (action === "enable-new") {
    if (parent === null || !PHONE_FORMAT.test(parent)) codes.push(63209);
    if (!CRISP_PASSWORD_FORMAT.test(text(params, "crisp-password"))) codes.push(63210);
  }
  return { codes, action, email, parentSmsNumber: parent };
}

function bool(value: string): boolean | undefined {
  return value === "1" ? true : value === "0" ? false : undefined;
}

/** The voicemail fields a `config` call sets; bad values give 63004. */
export function voicemailPatch(params: Params): {
  codes: number[];
  patch: Partial<VoicemailConfig>;
} {
  const patch: Partial<VoicemailConfig> = {};
  let bad = false;
  const delay = params.get("delay");
  if (delay !== undefined) {
    if (/^\d{1,3}$/.test(delay) && Number(delay) <= 120) patch.delay = Number(delay);
    else bad = true;
  }
  const pin = params.get("pin");
  if (pin !== undefined) {
    if (/^\d{4}$/.test(pin)) patch.pin = pin;
    else bad = true;
  }
  const email = params.get("email");
  if (email !== undefined) {
    if (email === "" || isEmail(email)) patch.email = email;
    else bad = true;
  }
  for (const key of ["notify", "attach"] as const) {
    const raw = params.get(key);
    if (raw === undefined) continue;
    const b = bool(raw);
    if (b === undefined) bad = true;
    else patch[key] = b;
  }
  return { codes: bad ? [63004] : [], patch };
}

/** The call recording fields a `config` call sets; bad values give 63004. */
export function recordingPatch(params: Params): {
  codes: number[];
  patch: Partial<RecordingConfig>;
} {
  const patch: Partial<RecordingConfig> = {};
  let bad = false;
  const email = params.get("email");
  if (email !== undefined) {
    if (email === "" || isEmail(email)) patch.email = email;
    else bad = true;
  }
  for (const key of ["active", "ondemand", "notify", "attach"] as const) {
    const raw = params.get(key);
    if (raw === undefined) continue;
    const b = bool(raw);
    if (b === undefined) bad = true;
    else patch[key] = b;
  }
  return { codes: bad ? [63004] : [], patch };
}
