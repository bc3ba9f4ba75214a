// The inventory's columns: what each holds, and which Sim, Voicemail or CallRecording input it
// feeds. The single list that the header, the rows, the docs and `aql-estate discover` follow.

import type { RecordingSettings, Subscriber, VoicemailSettings } from "../../gateway/types";

export type Kind = "text" | "bool" | "int" | "services";

export interface ColumnSpec {
  kind: Kind;
  required?: true;
  doc: string;
}

/** Every column, in the canonical order (the order of records' columns in messages). */
export const INVENTORY_COLUMNS = {
  iccid: { kind: "text", required: true, doc: "The SIM's ICCID, 18 to 22 digits." },
  number: { kind: "text", required: true, doc: "Its geographic number, E.164 (+ and spaces ok)." },
  name: { kind: "text", doc: "Subscriber name (needed only to activate an unused SIM)." },
  address: { kind: "text", doc: "Subscriber address (only to activate)." },
  postcode: { kind: "text", doc: "Subscriber UK postcode (only to activate)." },
  contact: { kind: "text", doc: "Subscriber contact number, E.164 (only to activate)." },
  imei: { kind: "text", doc: "Handset IMEI, 15 digits (activation only)." },
  services: {
    kind: "services",
    doc:
      "Space-separated camelCase services to have on; the other settable ones are then off " +
      "(all seven managed). `none`: all off. Empty: the estate's default.",
  },
  suspended: { kind: "bool", doc: "true or false. Empty: the estate's default (false)." },
  deletionPolicy: {
    kind: "text",
    doc: "terminate, suspend or retain. Empty: the estate's default (terminate).",
  },
  adopt: {
    kind: "bool",
    doc: "true: take the SIM over even if the gateway gives it another or no number. Default false.",
  },
  vmDelay: { kind: "int", doc: "Voicemail: seconds of ringing first, 0 to 120." },
  vmPin: {
    kind: "text",
    doc: "Voicemail PIN: config:NAME (a stack secret); empty: unmanaged. Four digits are warned about.",
  },
  vmEmail: { kind: "text", doc: "Voicemail: notification email." },
  vmNotify: { kind: "bool", doc: "Voicemail: email a notification (true/false)." },
  vmAttach: { kind: "bool", doc: "Voicemail: attach the recording (needs vmNotify true)." },
  recActive: { kind: "bool", doc: "Call recording: record calls (true/false)." },
  recOnDemand: { kind: "bool", doc: "Call recording: record on demand (true/false)." },
  recEmail: { kind: "text", doc: "Call recording: notification email." },
  recNotify: { kind: "bool", doc: "Call recording: email a notification (true/false)." },
  recAttach: { kind: "bool", doc: "Call recording: attach the recording (needs recNotify true)." },
} as const satisfies Record<string, ColumnSpec>;

export type InventoryColumn = keyof typeof INVENTORY_COLUMNS;
export const COLUMN_NAMES = Object.keys(INVENTORY_COLUMNS) as InventoryColumn[];
export const REQUIRED = COLUMN_NAMES.filter(
  (c) => (INVENTORY_COLUMNS[c] as ColumnSpec).required === true,
);
export const BY_LOWER = new Map(COLUMN_NAMES.map((c) => [c.toLowerCase(), c]));

/** The subscriber's fields: all four or none (a SIM already active needs none). */
export const SUBSCRIBER_COLUMNS = {
  name: "name",
  address: "address",
  postcode: "postcode",
  contactNumber: "contact",
} as const satisfies Record<keyof Subscriber, InventoryColumn>;

export const VOICEMAIL_COLUMNS = {
  delaySeconds: "vmDelay",
  pin: "vmPin",
  email: "vmEmail",
  notify: "vmNotify",
  attach: "vmAttach",
} as const satisfies Record<keyof VoicemailSettings, InventoryColumn>;

export const RECORDING_COLUMNS = {
  active: "recActive",
  onDemand: "recOnDemand",
  email: "recEmail",
  notify: "recNotify",
  attach: "recAttach",
} as const satisfies Record<keyof RecordingSettings, InventoryColumn>;

/** The Sim input each column feeds (nested subscriber fields as paths). */
export const SIM_PROPERTY_COLUMN: Record<string, InventoryColumn> = {
  iccid: "iccid",
  geoNumber: "number",
  subscriber: "name",
  "subscriber.name": "name",
  "subscriber.address": "address",
  "subscriber.postcode": "postcode",
  "subscriber.contactNumber": "contact",
  imei: "imei",
  services: "services",
  suspended: "suspended",
  deletionPolicy: "deletionPolicy",
  adopt: "adopt",
};

export function unknownColumnReason(): string {
  return `is not an inventory column; the columns are ${COLUMN_NAMES.join(", ")}`;
}
