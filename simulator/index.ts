// The gateway simulator's public API.

export { startSimulator, HOST } from "./server";
export type { SimulatorHandle, SimulatorOptions } from "./server";
export { SimEngine, DEFAULT_SETTINGS, FIRST_REQUEST_ID } from "./engine";
export type {
  Account,
  AccountView,
  EngineOptions,
  PickOptions,
  Settings,
  SettingsPatch,
  SimView,
  StateSnapshot,
} from "./engine";
export { DEFAULT_ACCOUNTS, DEMO_ACCOUNT, VENDOR_EXAMPLE_ACCOUNT, simSecrets } from "./seed";
export type { AccountSpec, InventorySummary, SimSecrets } from "./seed";
export {
  DEFAULT_SERVICES_ON,
  READ_ONLY_SERVICES,
  VOICEMAIL_DEFAULTS,
  RECORDING_DEFAULTS,
} from "./state";
export type { CrispState, RecordingConfig, SimRecord, VoicemailConfig } from "./state";
export { FAULT_KINDS, parseFaultSpec, parseFaultRule } from "./faults";
export type { FaultKind, FaultRule, FaultRuleInput, GarbleVariant } from "./faults";
export type { OobOp, OobResult } from "./oob";
export type { CountersData, LogEntry } from "./log";
export type { TwoStepRequest } from "./requests";
export { ROUTES, dispatch } from "./routes";
export type { RouteModule, Outcome } from "./routes";
export type { Answer, CallContext } from "./answer";
export { formatAnswer, ok, fail } from "./answer";
