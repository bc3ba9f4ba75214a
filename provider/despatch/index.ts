// The despatch API (SIM orders and stock). Its assumed names are all in names.ts.

export * from "./names";
export { parseDespatchAnswer, readBatches, readOrder } from "./answer";
export type { DespatchAnswer, OrderInfo, SimBatch } from "./answer";
export { createDespatchClient, despatchUrl, sharedDespatch } from "./client";
export type { DespatchApi, DespatchClientOptions } from "./client";
export { DespatchRefusedError, OrderAnswerLostError } from "../errors";
export type { DespatchOrder } from "./params";
