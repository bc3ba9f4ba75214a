// listSimBatches: the account's SIM stock from the despatch API (`product_code:quantity`).
// A plain async function; the API's address is `aql:despatchEndpoint` (stack config, then
// AQL_DESPATCH_ENDPOINT).

import type * as pulumi from "@pulumi/pulumi";
import type { SimBatch } from "../despatch/answer";
import { sharedDespatch } from "../despatch/client";
import { programConfig } from "./config";

export type { SimBatch };

/** Pulumi's options of a function call, for the usual signature (see getSim). */
export type ListSimBatchesOptions = pulumi.InvokeOptions;

export async function listSimBatches(_opts?: ListSimBatchesOptions): Promise<SimBatch[]> {
  return sharedDespatch(programConfig()).listBatches();
}
