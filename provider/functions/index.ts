export {
  getSim,
  getSimOutput,
  toGetSimResult,
  type GetSimArgs,
  type GetSimOptions,
  type GetSimOutputArgs,
  type GetSimOutputResult,
  type GetSimResult,
} from "./get-sim";
export { listSimBatches, type ListSimBatchesOptions, type SimBatch } from "./list-sim-batches";
