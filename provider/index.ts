// pulumi-aql-mvno: a SIM estate on aql's MVNO gateway as Pulumi resources. This is what a
// program uses; the local gateway simulator is `pulumi-aql-mvno/simulator`. Everything else in
// the package is internal and may change in any release.

import { checkProgramConfig } from "./runtime/stack-config";

// --- resources, their arguments and outputs ------------------------------------------------

export { Sim } from "./resources/sim/resource";
export type {
  DeletionPolicy,
  ReportedServices,
  ServiceName,
  SimArgs,
  SimServices,
  SimServicesArgs,
  SubscriberArgs,
} from "./resources/sim/inputs";
export { DELETION_POLICIES, SERVICE_NAMES } from "./resources/sim/inputs";
export type { PendingRequest, SecurityCodes, SimOutputs } from "./resources/sim/outputs";
export type { SimState, Subscriber } from "./gateway/types";
export { Voicemail } from "./resources/voicemail/resource";
export type { VoicemailArgs } from "./resources/voicemail/inputs";
export { CallRecording } from "./resources/call-recording/resource";
export type { CallRecordingArgs } from "./resources/call-recording/inputs";
export { Crisp } from "./resources/crisp/resource";
export type { CrispArgs, CrispMode } from "./resources/crisp/inputs";
export { SimOrder } from "./resources/sim-order/resource";
export type { SimOrderArgs } from "./resources/sim-order/inputs";
export type { OrderStatus } from "./despatch/names";

// --- functions -----------------------------------------------------------------------------

export {
  getSim,
  getSimOutput,
  type GetSimArgs,
  type GetSimOptions,
  type GetSimOutputArgs,
  type GetSimOutputResult,
  type GetSimResult,
} from "./functions/get-sim";
export {
  listSimBatches,
  type ListSimBatchesOptions,
  type SimBatch,
} from "./functions/list-sim-batches";

// --- SimEstate -----------------------------------------------------------------------------

export { SimEstate, type SimEstateArgs } from "./estate/estate";
export type { EstateDefaults } from "./estate/members";
export type { ShardSpec } from "./estate/shard";
export type { EstateSummary, SimSnapshot } from "./estate/summary";
export {
  parseInventoryCsv,
  parseInventoryRecords,
  readInventoryCsv,
  readInventoryRecords,
  type Inventory,
  type InventoryCell,
  type InventoryColumn,
  type InventoryRecord,
  type InventoryRow,
  type InventoryVoicemail,
} from "./estate/inventory";

// --- errors --------------------------------------------------------------------------------

export {
  AnswerLostError,
  AqlError,
  BadAnswerError,
  ConfigError,
  DeadlineError,
  DespatchRefusedError,
  GatewayError,
  InvalidStateError,
  InventoryError,
  OrderAnswerLostError,
  PartialStateError,
  RequestFailedError,
  TerminationGuardError,
  TransportError,
  ValidationError,
  type AqlErrorCode,
  type CallSubject,
  type InventoryProblem,
} from "./errors";

// --- configuration (stack config `aql:*`) --------------------------------------------------

export type { AqlConfig, AqlConfigInput } from "./config";

// A program that imports the package has its `aql:*` config checked once: unknown keys are
// refused, a password stored in clear is warned about (at preview too).
checkProgramConfig();
