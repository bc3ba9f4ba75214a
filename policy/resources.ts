// What the pack knows about this package's resources as the engine shows them: which kind a
// resource is, and the few properties the rules read, with unknowns kept as UNKNOWN. Pure.

import type { Maybe } from "./unknown";
import { UNKNOWN, isUnknown } from "./unknown";

export const KINDS = ["sim", "voicemail", "call-recording", "crisp", "sim-order"] as const;
export type Kind = (typeof KINDS)[number];

/** The type token each resource registers with: `pulumi-nodejs:dynamic/aql:<Name>`. */
const TYPE_NAMES: Record<string, Kind> = {
  Sim: "sim",
  Voicemail: "voicemail",
  CallRecording: "call-recording",
  Crisp: "crisp",
  SimOrder: "sim-order",
};
const TYPE_PREFIX = "pulumi-nodejs:dynamic/aql:";
/** A dynamic resource registered without its own type name shows only its provider module. */
const GENERIC_TYPE = "pulumi-nodejs:dynamic:Resource";
const SHIM_PATH = /pulumi-aql-mvno\/dist\/provider\/resources\/([a-z-]+)\/shim(?:\.js)?/;

export function kindOf(type: string, props: Record<string, unknown>): Kind | undefined {
  if (type.startsWith(TYPE_PREFIX)) return TYPE_NAMES[type.slice(TYPE_PREFIX.length)];
  if (type === GENERIC_TYPE) {
    const provider = props["__provider"];
    const m = typeof provider === "string" ? SHIM_PATH.exec(provider) : null;
    if (m && (KINDS as readonly string[]).includes(m[1]!)) return m[1] as Kind;
  }
  return undefined;
}

export type DeletionPolicy = "terminate" | "suspend" | "retain";

/** A Sim as a rule sees it. */
export interface SimView {
  urn: string;
  /** The resource name (last part of the URN), e.g. `alice` or `sim-8944...`. */
  name: string;
  iccid: Maybe<string>;
  /** Digits only, as the Sim's check leaves it. */
  geoNumber: Maybe<string>;
  /** The managed flags; a flag left out is absent. */
  services: Maybe<Record<string, Maybe<boolean>>>;
  suspended: Maybe<boolean>;
  /** Absent when the program left it to the default (terminate). */
  deletionPolicy: Maybe<DeletionPolicy> | undefined;
}

export function resourceName(urn: string): string {
  const i = urn.lastIndexOf("::");
  return i < 0 ? urn : urn.slice(i + 2);
}

/** The Sim's properties (checked inputs at Analyze, outputs or inputs in the state). */
export function simView(urn: string, props: Record<string, unknown>): SimView {
  return {
    urn,
    name: resourceName(urn),
    iccid: str(props["iccid"]),
    geoNumber: number(props["geoNumber"]),
    services: services(props["services"]),
    suspended: suspendedOf(props),
    deletionPolicy: deletionPolicy(props["deletionPolicy"]),
  };
}

/** How a rule names a Sim in a message: its resource name, and its ICCID when known. */
export function describeSim(s: Pick<SimView, "name" | "iccid">): string {
  return isUnknown(s.iccid) || s.iccid === "" || s.name.includes(s.iccid)
    ? s.name
    : `${s.name} (${s.iccid})`;
}

/** Digits only: "+44 113 320 3040" and "441133203040" are the same number. */
export function digitsOf(n: string): string {
  return n.replace(/[\s()-]/g, "").replace(/^\+/, "");
}

function str(v: unknown): Maybe<string> {
  if (isUnknown(v)) return UNKNOWN;
  return typeof v === "string" ? v : "";
}

function number(v: unknown): Maybe<string> {
  const s = str(v);
  return isUnknown(s) ? s : digitsOf(s);
}

function services(v: unknown): Maybe<Record<string, Maybe<boolean>>> {
  if (isUnknown(v)) return UNKNOWN;
  if (typeof v !== "object" || v === null) return {};
  const out: Record<string, Maybe<boolean>> = {};
  for (const [k, x] of Object.entries(v)) {
    if (isUnknown(x)) out[k] = UNKNOWN;
    else if (typeof x === "boolean") out[k] = x;
  }
  return out;
}

function suspendedOf(props: Record<string, unknown>): Maybe<boolean> {
  const v = props["suspended"];
  if (isUnknown(v)) return UNKNOWN;
  if (typeof v === "boolean") return v;
  return props["state"] === "suspended";
}

function deletionPolicy(v: unknown): Maybe<DeletionPolicy> | undefined {
  if (isUnknown(v)) return UNKNOWN;
  return v === "terminate" || v === "suspend" || v === "retain" ? v : undefined;
}
