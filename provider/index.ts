// pulumi-aql-mvno: a SIM estate on aql's MVNO gateway as Pulumi resources.

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
