// listSimBatches: the account's SIM stock from the despatch API (`product_code:quantity`).
// A plain async function; the API's address is `aql:despatchEndpoint` (stack config, then
// AQL_DESPATCH_ENDPOINT).

import type { AqlConfig } from "../config";
import type { SimBatch } from "../despatch/answer";
import type { DespatchApi } from "../despatch/client";
import { sharedDespatch } from "../despatch/client";
import { programConfig } from "./config";

export type { SimBatch };

export interface ListSimBatchesOptions {
  /** A client to ask (tests); default: one from stack config `aql:*`, then `AQL_*`. */
  despatch?: DespatchApi;
  config?: AqlConfig;
}

export async function listSimBatches(opts: ListSimBatchesOptions = {}): Promise<SimBatch[]> {
  const client = opts.despatch ?? sharedDespatch(opts.config ?? programConfig());
  return client.listBatches();
}
