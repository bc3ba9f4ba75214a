// The Sim's outputs, both ways: built from the inputs and what the gateway said, and read back
// from the state the engine hands to diff, update, read and delete.
//
// The managed properties (geoNumber, the managed services, suspended) hold the ACTUAL gateway
// values as last seen, not the inputs: the engine passes old outputs as `olds`, so a drift that
// refresh found shows up as a difference on the next `pulumi up`. Outputs are plain JSON: no
// undefined values (a missing property is left out), no Date.

import type { ServiceFlags, SimInfo, SimState, TwoStepCommand } from "../../gateway/types";
import { ALL_SERVICE_FLAGS, SIM_STATES, TWO_STEP_COMMANDS } from "../../gateway/types";
import { isSettled } from "./converge";
import type { DeletionPolicy, ReportedServices, SimInputs, SimServices } from "./inputs";
import {
  copyInputs,
  DELETION_POLICIES,
  GATEWAY_SERVICE,
  REPORTED_FLAG_NAMES,
  SERVICE_NAMES,
  simSchema,
} from "./inputs";

/** A two-step request sent but not seen to finish; the next update waits for it. */
export interface PendingRequest {
  id: string;
  command: TwoStepCommand;
  /** Epoch ms when the gateway accepted it. */
  submittedAt: number;
}

/**
 * The SIM's PINs and PUKs as queryiccid reports them, stored as ONE secret output: the engine
 * encrypts and re-serializes every secret value at every checkpoint, and four separate secrets
 * cost a SIM about 400 bytes of state more than one. The Sim's `pin`, `pin2`, `puk` and `puk2`
 * properties are read from it.
 */
export interface SecurityCodes {
  pin?: string;
  pin2?: string;
  puk?: string;
  puk2?: string;
}

export const SECURITY_CODES = ["pin", "pin2", "puk", "puk2"] as const;
export type SecurityCode = (typeof SECURITY_CODES)[number];

/** The inputs (the managed ones as the gateway reports them), then the output-only properties. */
export interface SimOutputs extends SimInputs {
  /** The number on the SIM ("" when an active SIM has none). */
  geoNumber: string;
  /** The managed services, as the gateway reports them. */
  services?: SimServices;
  state: SimState;
  imsi?: string;
  /** All ten flags as queryiccid reports them. */
  reportedServices?: ReportedServices;
  securityCodes?: SecurityCodes;
  lastRequestId?: string;
  pendingRequest?: PendingRequest;
}

/** Output-only properties, declared by the resource so that they appear as outputs. */
export const OUTPUT_ONLY = [
  "state",
  "imsi",
  "reportedServices",
  "securityCodes",
  "lastRequestId",
  "pendingRequest",
] as const;

export const SECRET_OUTPUTS = ["securityCodes", "subscriber", "imei"] as const;

export interface RunRecord {
  lastRequestId?: string;
  pendingRequest?: PendingRequest;
}

export function buildOutputs(inputs: SimInputs, info: SimInfo, run: RunRecord): SimOutputs {
  const out: SimOutputs = { ...copyInputs(inputs), state: info.state };

  // Until the SIM is settled the gateway reports nothing more; the inputs stand in, and the
  // unsettled state makes the next diff an update, which queries again.
  if (isSettled(info)) {
    out.geoNumber = info.geoNumber ?? "";
    out.suspended = info.state === "suspended";
    if (info.services !== undefined) {
      if (out.services !== undefined) {
        for (const n of SERVICE_NAMES) {
          if (out.services[n] !== undefined) out.services[n] = info.services[GATEWAY_SERVICE[n]];
        }
      }
      out.reportedServices = reportedServices(info.services);
    }
    if (info.imsi !== undefined) out.imsi = info.imsi;
    const codes: SecurityCodes = {};
    for (const k of SECURITY_CODES) {
      const v = info[k];
      if (v !== undefined) codes[k] = v;
    }
    if (Object.keys(codes).length > 0) out.securityCodes = codes;
  }
  if (run.lastRequestId !== undefined) out.lastRequestId = run.lastRequestId;
  if (run.pendingRequest !== undefined) out.pendingRequest = { ...run.pendingRequest };
  return out;
}

/**
 * The input properties among the outputs, i.e. the inputs as the gateway reports them. read
 * returns them so that after a refresh the state's inputs show the drift, and the next
 * preview's diff names the property that drifted (`services.internet`), not just an update.
 */
export function inputsAsReported(out: SimOutputs): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const k of Object.keys(simSchema.shape) as (keyof SimOutputs)[]) {
    if (out[k] !== undefined) inputs[k] = out[k];
  }
  // check leaves out a deletionPolicy the program left out (policy packs see that); the outputs
  // cannot tell, so the default is left out as well: absent means "terminate" everywhere.
  if (inputs["deletionPolicy"] === "terminate") delete inputs["deletionPolicy"];
  return inputs;
}

export function reportedServices(flags: ServiceFlags): ReportedServices {
  const out = {} as ReportedServices;
  for (const f of ALL_SERVICE_FLAGS) out[REPORTED_FLAG_NAMES[f]] = flags[f];
  return out;
}

// --- reading the state back ----------------------------------------------------------------

type Props = Record<string, unknown>;

export interface PriorState {
  /** The gateway's state as the last run recorded it; undefined if none was recorded. */
  info?: SimInfo;
  lastRequestId?: string;
  pendingRequest?: PendingRequest;
}

/** What the last run recorded (old outputs), read defensively: state may be from any version. */
export function readPrior(iccid: string, props: Props): PriorState {
  const prior: PriorState = {};
  const state = props["state"];
  if (typeof state === "string" && (SIM_STATES as readonly string[]).includes(state)) {
    const info: SimInfo = { iccid, state: state as SimState };
    if (isSettled(info)) {
      const geo = str(props["geoNumber"]);
      if (geo !== undefined && geo !== "") info.geoNumber = geo;
      const flags = flagsFrom(props["reportedServices"]);
      if (flags !== undefined) info.services = flags;
      const imsi = str(props["imsi"]);
      if (imsi !== undefined) info.imsi = imsi;
      // State written before the codes were one output holds them as four.
      const codes = obj(props["securityCodes"]) ?? props;
      for (const k of SECURITY_CODES) {
        const v = str(codes[k]);
        if (v !== undefined) info[k] = v;
      }
    }
    prior.info = info;
  }
  const last = str(props["lastRequestId"]);
  if (last !== undefined) prior.lastRequestId = last;
  const pending = pendingFrom(props["pendingRequest"]);
  if (pending !== undefined) prior.pendingRequest = pending;
  return prior;
}

/** The inputs as the state mirrors them, for read and delete (no validation, no failure). */
export function inputsFromState(iccid: string, props: Props): SimInputs {
  const sub = obj(props["subscriber"]);
  const policy = str(props["deletionPolicy"]);
  const inputs: SimInputs = {
    iccid,
    geoNumber: str(props["geoNumber"]) ?? "",
    suspended: props["suspended"] === true,
    // An unreadable policy is taken as the default, like a missing one.
    deletionPolicy: (DELETION_POLICIES as readonly (string | undefined)[]).includes(policy)
      ? (policy as DeletionPolicy)
      : "terminate",
    adopt: props["adopt"] === true,
  };
  if (sub !== undefined) {
    inputs.subscriber = {
      name: str(sub["name"]) ?? "",
      address: str(sub["address"]) ?? "",
      postcode: str(sub["postcode"]) ?? "",
      contactNumber: str(sub["contactNumber"]) ?? "",
    };
  }
  const imei = str(props["imei"]);
  if (imei !== undefined) inputs.imei = imei;
  const services = obj(props["services"]);
  if (services !== undefined) {
    inputs.services = {};
    for (const n of SERVICE_NAMES) {
      const v = services[n];
      if (typeof v === "boolean") inputs.services[n] = v;
    }
  }
  return inputs;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function obj(v: unknown): Props | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Props) : undefined;
}

function flagsFrom(v: unknown): ServiceFlags | undefined {
  const o = obj(v);
  if (o === undefined) return undefined;
  const flags = {} as ServiceFlags;
  for (const f of ALL_SERVICE_FLAGS) {
    const b = o[REPORTED_FLAG_NAMES[f]];
    if (typeof b !== "boolean") return undefined;
    flags[f] = b;
  }
  return flags;
}

function pendingFrom(v: unknown): PendingRequest | undefined {
  const o = obj(v);
  if (o === undefined) return undefined;
  const id = str(o["id"]);
  const command = str(o["command"]);
  const submittedAt = o["submittedAt"];
  if (
    id === undefined ||
    command === undefined ||
    !(TWO_STEP_COMMANDS as readonly string[]).includes(command) ||
    typeof submittedAt !== "number"
  ) {
    return undefined;
  }
  return { id, command: command as TwoStepCommand, submittedAt };
}
