// The gateway's vocabulary as the simulator reads it from the vendor text
// (spec/aql-usim-gateway.md): commands, one- and two-step, SIM and request states, services.
// The simulator's own reading, kept apart from the provider's (provider/gateway/types.ts) on
// purpose: it is a second reading of the spec that the provider is tested against, not a mirror.
// Where the two readings could differ, test/unit/spec/readings.test.ts decides from the text.

/** The command table of configure_sim.php, and `crisp` (the V.A.S. section). */
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

/** "Two Step Process" in the command table: answered with an id, settled later. */
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

/** "Possible values for 'iccidstate'". */
export const SIM_STATES = ["unused", "pending", "active", "suspended", "terminated"] as const;
export type SimState = (typeof SIM_STATES)[number];

/** "Possible values for 'requeststate'". */
export const REQUEST_STATES = ["pending", "success", "failed"] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/** The `service[...]` rows of addservice and removeservice. */
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

/** The flags queryiccid answers for an active or suspended SIM, in the text's order. */
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

/** activate's subname, subaddress, subpostcode and subcontactno. */
export interface Subscriber {
  name: string;
  address: string;
  postcode: string;
  contactNumber: string;
}

/** crisp's `action`: "Possible values: enable-new enable-existing disable". */
export const CRISP_ACTIONS = ["enable-new", "enable-existing", "disable"] as const;
export type CrispAction = (typeof CRISP_ACTIONS)[number];
