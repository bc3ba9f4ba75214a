// The simulator's data model and the SIM state machine. Pure: no I/O, no clock, no randomness.
//
// A SIM is stored only once it has left `unused`; every ICCID of an account's inventory that has
// no record is unused. Numbers are held by a SIM from the moment its activation is queued (so two
// activations can't take the same number) until it is terminated or its activation fails.
//
//   unused --activate--> pending --activation-succeeded--> active <--suspend/unsuspend--> suspended
//                          |                                  |                              |
//                          +--activation-failed--> unused     +----------terminate-----------+--> terminated (final)

import {
  ALL_SERVICE_FLAGS,
  type ServiceFlag,
  type ServiceFlags,
  type SimCommand,
  type SimState,
  type Subscriber,
} from "./vocabulary";

/**
 * The services a SIM has right after a successful activation (the vendor text does not say;
 * this is the simulator's choice): voice and SMS both ways and internet on; international
 * roaming, international calls, premium, video and MMS off.
 */
export const DEFAULT_SERVICES_ON: readonly ServiceFlag[] = [
  "mo_voice",
  "mt_voice",
  "mo_sms",
  "mt_sms",
  "internet",
];

/** The three flags queryiccid reports but addservice/removeservice can't change. */
export const READ_ONLY_SERVICES: readonly ServiceFlag[] = ["premium", "video", "mms"];

export function defaultServices(): ServiceFlags {
  const flags = noServices();
  for (const s of DEFAULT_SERVICES_ON) flags[s] = true;
  return flags;
}

export function noServices(): ServiceFlags {
  const flags = {} as ServiceFlags;
  for (const s of ALL_SERVICE_FLAGS) flags[s] = false;
  return flags;
}

export type CrispMode = "new" | "existing";

/** Crisp on a SIM. The Crisp password is never stored, only whether one was given. */
export interface CrispState {
  enabled: boolean;
  email: string;
  mode: CrispMode;
  parentSmsNumber: string | null;
  updatedAt: number;
}

export interface SimRecord {
  iccid: string;
  state: SimState;
  /** The geographic number: reserved while pending, held while active/suspended. */
  geoNo: string | null;
  services: ServiceFlags;
  subscriber: Subscriber | null;
  imei: string | null;
  crisp: CrispState | null;
  /** The two-step request in flight on this SIM, if any. */
  pendingRequestId: string | null;
  activatedAt: number | null;
  updatedAt: number;
}

export interface VoicemailConfig {
  delay: number;
  pin: string;
  email: string;
  notify: boolean;
  attach: boolean;
}

export interface RecordingConfig {
  active: boolean;
  ondemand: boolean;
  email: string;
  notify: boolean;
  attach: boolean;
}

/** Values a voicemail gets on its first `config` for the fields the call leaves out. */
export const VOICEMAIL_DEFAULTS: Readonly<VoicemailConfig> = {
  delay: 30,
  pin: "",
  email: "",
  notify: false,
  attach: false,
};

/** Values a recording config gets on its first `config` for the fields the call leaves out. */
export const RECORDING_DEFAULTS: Readonly<RecordingConfig> = {
  active: false,
  ondemand: false,
  email: "",
  notify: false,
  attach: false,
};

/** The mutable state of one account. Inventory (which ICCIDs and numbers it owns) is in seed.ts. */
export interface AccountState {
  sims: Map<string, SimRecord>;
  /** number -> ICCID of the SIM holding it (pending, active or suspended). Derived from sims. */
  numberOwner: Map<string, string>;
  voicemail: Map<string, VoicemailConfig>;
  recording: Map<string, RecordingConfig>;
}

export function emptyAccountState(): AccountState {
  return { sims: new Map(), numberOwner: new Map(), voicemail: new Map(), recording: new Map() };
}

/** States in which a SIM holds its number. */
export function holdsNumber(state: SimState): boolean {
  return state === "pending" || state === "active" || state === "suspended";
}

export function rebuildNumberOwners(acc: AccountState): void {
  acc.numberOwner.clear();
  for (const sim of acc.sims.values()) {
    if (sim.geoNo !== null && holdsNumber(sim.state)) acc.numberOwner.set(sim.geoNo, sim.iccid);
  }
}

export function simState(acc: AccountState, iccid: string): SimState {
  return acc.sims.get(iccid)?.state ?? "unused";
}

// ---- the state machine -------------------------------------------------------------------

export type SimEvent =
  "activate" | "activation-succeeded" | "activation-failed" | "suspend" | "unsuspend" | "terminate";

export const TRANSITIONS: Readonly<Record<SimState, Partial<Record<SimEvent, SimState>>>> = {
  unused: { activate: "pending" },
  pending: { "activation-succeeded": "active", "activation-failed": "unused" },
  active: { suspend: "suspended", terminate: "terminated" },
  suspended: { unsuspend: "active", terminate: "terminated" },
  terminated: {},
};

/** The state after an event, or undefined when the event is not allowed in that state. */
export function nextState(state: SimState, event: SimEvent): SimState | undefined {
  return TRANSITIONS[state][event];
}

/**
 * The code a command gets because of the SIM's state, or null when the state allows it.
 * - terminated: everything but queryiccid -> 63026 (terminated is final)
 * - activate on anything but unused -> 63026
 * - unsuspend on anything but suspended -> 63026
 * - terminate on anything but active/suspended -> 63026
 * - suspend, addservice, removeservice, assigngeo, changegeo, crisp on a non-active SIM -> 63017
 */
export function commandStateCode(command: SimCommand, state: SimState): 63017 | 63026 | null {
  if (command === "queryiccid" || command === "checkstatus") return null;
  if (state === "terminated") return 63026;
  switch (command) {
    case "activate":
      return state === "unused" ? null : 63026;
    case "unsuspend":
      return state === "suspended" ? null : 63026;
    case "terminate":
      return state === "active" || state === "suspended" ? null : 63026;
    case "suspend":
    case "addservice":
    case "removeservice":
    case "assigngeo":
    case "changegeo":
    case "crisp":
      return state === "active" ? null : 63017;
  }
}

/** A SIM whose activation has just been queued. */
export function newPendingSim(
  iccid: string,
  geoNo: string,
  subscriber: Subscriber,
  imei: string | null,
  requestId: string,
  now: number,
): SimRecord {
  return {
    iccid,
    state: "pending",
    geoNo,
    services: noServices(),
    subscriber,
    imei,
    crisp: null,
    pendingRequestId: requestId,
    activatedAt: null,
    updatedAt: now,
  };
}

/** Move a SIM through an event, in place. Returns false (and changes nothing) when not allowed. */
export function applyEvent(sim: SimRecord, event: SimEvent, now: number): boolean {
  const next = nextState(sim.state, event);
  if (next === undefined) return false;
  sim.state = next;
  sim.updatedAt = now;
  if (event === "activation-succeeded") {
    sim.services = defaultServices();
    sim.activatedAt = now;
  }
  if (event === "terminate") {
    sim.geoNo = null;
    sim.crisp = null;
    sim.services = noServices();
  }
  return true;
}

// ---- account-level effects (pure functions on an AccountState) ----------------------------

/** Activation finished: success makes the SIM active, failure returns it to unused. */
export function finishActivation(
  acc: AccountState,
  iccid: string,
  success: boolean,
  now: number,
): boolean {
  const sim = acc.sims.get(iccid);
  if (sim === undefined || sim.state !== "pending") return false;
  sim.pendingRequestId = null;
  if (success) return applyEvent(sim, "activation-succeeded", now);
  if (sim.geoNo !== null && acc.numberOwner.get(sim.geoNo) === iccid) {
    acc.numberOwner.delete(sim.geoNo);
  }
  acc.sims.delete(iccid); // unused SIMs have no record
  return true;
}

/**
 * Terminate a SIM: final state, its number freed, and the voicemail and call recording
 * configured on that number removed with it (the simulator's reading: the number leaves service).
 */
export function terminateSim(acc: AccountState, iccid: string, now: number): boolean {
  const sim = acc.sims.get(iccid);
  if (sim === undefined) return false;
  const number = sim.geoNo;
  if (!applyEvent(sim, "terminate", now)) return false;
  if (number !== null) {
    if (acc.numberOwner.get(number) === iccid) acc.numberOwner.delete(number);
    acc.voicemail.delete(number);
    acc.recording.delete(number);
  }
  return true;
}

/** Give a SIM another number (or none). The caller has checked the number is free. */
export function setSimNumber(
  acc: AccountState,
  sim: SimRecord,
  number: string | null,
  now: number,
): void {
  if (sim.geoNo !== null && acc.numberOwner.get(sim.geoNo) === sim.iccid) {
    acc.numberOwner.delete(sim.geoNo);
  }
  sim.geoNo = number;
  if (number !== null) acc.numberOwner.set(number, sim.iccid);
  sim.updatedAt = now;
}
