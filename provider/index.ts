// pulumi-aql-mvno: a SIM estate on aql's MVNO gateway as Pulumi resources.

import { checkProgramConfig } from "./runtime/stack-config";

export * from "./resources";
export * from "./functions";
export * from "./estate";
export type { OrderStatus, SimBatch } from "./despatch";
export { ORDER_STATUSES, DespatchRefusedError, OrderAnswerLostError } from "./despatch";
export {
  CONFIG_KEYS,
  DEFAULT_ENDPOINT,
  parseConfig,
  loadConfig,
  type AqlConfig,
  type AqlConfigInput,
} from "./config";
export * from "./errors";
export { GATEWAY_CODES, describeCode } from "./gateway/codes";
export type * from "./gateway/types";

// A program that imports the package has its `aql:*` config checked once: unknown keys are
// refused, a password stored in clear is warned about (at preview too).
checkProgramConfig();
