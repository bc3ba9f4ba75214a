// SimEstate: a SIM estate from an inventory (CSV or records from code).

export { SimEstate, SIM_ESTATE_TYPE, type SimEstateArgs } from "./estate";
export {
  INVENTORY_COLUMNS,
  parseInventoryCsv,
  parseInventoryRecords,
  type InventoryCell,
  type InventoryColumn,
  type InventoryRecord,
  type InventoryRow,
} from "./inventory";
export {
  checkDefaults,
  estateMembers,
  shardRows,
  simResourceName,
  type EstateDefaults,
  type EstateMember,
} from "./members";
export { summarise, type EstateSummary, type SimSnapshot } from "./summary";
export {
  checkShard,
  formatShard,
  parseShard,
  resolveShard,
  shardOf,
  MAX_SHARDS,
  SHARD_CONFIG_KEY,
  SHARD_CONFIG_NAMESPACE,
  type ShardSpec,
} from "./shard";
export { parallelismWarning, type PendingWork } from "./parallelism";
