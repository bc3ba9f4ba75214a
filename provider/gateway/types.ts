// The gateway's vocabulary as types: commands, SIM states, services, request states.
// Readings of the vendor text are in ../../../shared/spec/gateway-notes.md (kept in sync here).

export const SIM_COMMANDS = [
  "activate",
  "terminate",
  "suspend",
  "unsuspend",
  "addservice",
  "removeservice",
  "assigngeo",
  "changegeo",
  "queryiccid",
  "checkstatus",
  "crisp",
] as const;
export type SimCommand = (typeof SIM_COMMANDS)[number];

export const VAS_COMMANDS = ["config", "remove", "info"] as const;
export type VasCommand = (typeof VAS_COMMANDS)[number];

/** Commands whose outcome is only known later, through checkstatus. */
export const TWO_STEP_COMMANDS = [
  "activate",
  "terminate",
  "suspend",
  "unsuspend",
  "addservice",
  "removeservice",
] as const satisfies readonly SimCommand[];
export type TwoStepCommand = (typeof TWO_STEP_COMMANDS)[number];

export function isTwoStep(command: string): command is TwoStepCommand {
  return (TWO_STEP_COMMANDS as readonly string[]).includes(command);
}

export const SIM_STATES = ["unused", "pending", "active", "suspended", "terminated"] as const;
export type SimState = (typeof SIM_STATES)[number];

export const REQUEST_STATES = ["pending", "success", "failed"] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/** The seven services addservice/removeservice accept, as the gateway names them. */
export const SETTABLE_SERVICES = [
  "int_roaming",
  "int_call",
  "mo_voice",
  "mt_voice",
  "mo_sms",
  "mt_sms",
  "internet",
] as const;
export type SettableService = (typeof SETTABLE_SERVICES)[number];

/** All ten flags queryiccid reports; premium, video and mms are read-only. */
export const ALL_SERVICE_FLAGS = [
  "int_roaming",
  "int_call",
  "premium",
  "mo_voice",
  "mt_voice",
  "mo_sms",
  "mt_sms",
  "video",
  "mms",
  "internet",
] as const;
export type ServiceFlag = (typeof ALL_SERVICE_FLAGS)[number];
export type ServiceFlags = Record<ServiceFlag, boolean>;

export interface Subscriber {
  name: string;
  address: string;
  postcode: string;
  contactNumber: string;
}

/** What queryiccid tells about a SIM. Number, services and secrets only for active/suspended. */
export interface SimInfo {
  iccid: string;
  state: SimState;
  geoNumber?: string;
  services?: ServiceFlags;
  imsi?: string;
  pin?: string;
  pin2?: string;
  puk?: string;
  puk2?: string;
}

/** What checkstatus tells about a two-step request. */
export interface RequestStatus {
  id: string;
  state: RequestState;
  iccid?: string;
}

/** The settings vm.php and rec.php share: where and how each new message is notified. */
export interface NotificationSettings {
  email?: string;
  notify?: boolean;
  attach?: boolean;
}

export interface VoicemailSettings extends NotificationSettings {
  delaySeconds?: number;
  pin?: string;
}

export interface RecordingSettings extends NotificationSettings {
  active?: boolean;
  onDemand?: boolean;
}

export type CrispAction = "enable-new" | "enable-existing" | "disable";
