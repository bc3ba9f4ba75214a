// SimEstate: a whole estate of SIMs from one inventory (a CSV file, or records from code). One
// Sim per row, named by its ICCID, so that adding, editing or removing a row previews as exactly
// that SIM's change; a row's voicemail and call recording are children of its Sim and take the
// number from the Sim's outputs, so that they are configured after it and removed before it.

import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { InventoryError, ValidationError, formatProblem, type InventoryProblem } from "../errors";
import { CallRecording } from "../resources/call-recording/resource";
import { Sim } from "../resources/sim/resource";
import { Voicemail } from "../resources/voicemail/resource";
import type { Inventory, InventoryRecord, InventoryRow } from "./inventory";
import { readInventoryCsv, readInventoryRecords } from "./inventory";
import type { EstateDefaults } from "./members";
import { checkDefaults, estateMembers } from "./members";
import { warnOnParallelism } from "./preview-work";
import type { ShardSpec } from "./shard";
import {
  refuseDuringReshard,
  resolveShard,
  RESHARD_CONFIG_KEY,
  SHARD_CONFIG_KEY,
  SHARD_CONFIG_NAMESPACE,
} from "./shard";
import type { EstateSummary } from "./summary";
import { summarise } from "./summary";

export const SIM_ESTATE_TYPE = "aql:index:SimEstate";

export interface SimEstateArgs {
  /**
   * The inventory CSV's path (relative paths are from the program's working directory, the
   * project folder). See docs/ESTATE.md for the columns. Give this or `records`.
   */
  inventory?: string;
  /** The rows from code instead, with the CSV's column names as keys. */
  records?: readonly InventoryRecord[];
  /** Names `records` in error messages (default "inventory records"). */
  source?: string;
  /** What empty services, suspended and deletionPolicy cells mean. */
  defaults?: EstateDefaults;
  /**
   * Declare only the rows whose ICCID hashes to `index` among `count` stacks (docs/SCALE.md), so
   * that one inventory serves `count` stacks. Default: the stack config `aql-estate:shard`
   * ("index/count", set by `aql-estate up --shards`), else every row.
   */
  shard?: ShardSpec;
  /**
   * Where a `config:NAME` vmPin cell is read from, as a secret (default: the project's config,
   * `new pulumi.Config()`); `config:ns:key` reads `key` of namespace `ns`.
   */
  config?: pulumi.Config;
}

/** Literal-PIN warnings shown at preview before the rest are counted. */
const MAX_WARNINGS_SHOWN = 20;

export class SimEstate extends pulumi.ComponentResource {
  /** The validated rows, in inventory order (all of them, whichever the shard). */
  readonly rows: readonly InventoryRow[];
  /** The shard this stack declares, if the estate is split into several stacks. */
  readonly shard: ShardSpec | undefined;
  /** The SIMs by ICCID. */
  readonly sims: Readonly<Record<string, Sim>>;
  /** Voicemail by ICCID, for the rows that configure it. */
  readonly voicemails: Readonly<Record<string, Voicemail>>;
  /** Call recording by ICCID, for the rows that configure it. */
  readonly callRecordings: Readonly<Record<string, CallRecording>>;
  /** Counts by state and service, and the numbers in use (for stack outputs). */
  readonly summary: pulumi.Output<EstateSummary>;

  constructor(name: string, args: SimEstateArgs, opts: pulumi.ComponentResourceOptions = {}) {
    // Everything is validated before anything is declared: a bad inventory fails the program
    // (and so the preview) with no resource registered and no gateway call.
    const inventory = loadInventory(args);
    const rows = inventory.rows;
    const shardConfig = new pulumi.Config(SHARD_CONFIG_NAMESPACE);
    refuseDuringReshard(shardConfig.get(RESHARD_CONFIG_KEY));
    const shard = resolveShard(args.shard, shardConfig.get(SHARD_CONFIG_KEY));
    const members = estateMembers(rows, checkDefaults(args.defaults), shard);
    // PINs by reference too: a config key not set fails before anything is declared.
    const pinOf = pinReader(args, inventory);
    const lineOf = new Map(rows.map((r) => [r.iccid, r.line]));
    const pins = new Map<string, pulumi.Output<string>>();
    for (const m of members) {
      const key = m.voicemail?.pinConfig;
      if (key !== undefined) pins.set(m.iccid, pinOf(key, lineOf.get(m.iccid) ?? 1));
    }
    super(SIM_ESTATE_TYPE, name, {}, opts);
    warn(this, inventory.warnings);

    const sims: Record<string, Sim> = {};
    const voicemails: Record<string, Voicemail> = {};
    const recordings: Record<string, CallRecording> = {};
    for (const m of members) {
      const sim = new Sim(m.simName, m.sim, { parent: this });
      sims[m.iccid] = sim;
      if (m.voicemail !== undefined) {
        const { pinConfig: _key, ...settings } = m.voicemail;
        const pin = pins.get(m.iccid);
        voicemails[m.iccid] = new Voicemail(
          m.voicemailName,
          {
            geoNumber: sim.geoNumber,
            ...settings,
            ...(pin !== undefined && { pin }),
          },
          { parent: sim },
        );
      }
      if (m.recording !== undefined) {
        recordings[m.iccid] = new CallRecording(
          m.recordingName,
          { geoNumber: sim.geoNumber, ...m.recording },
          { parent: sim },
        );
      }
    }
    this.rows = rows;
    this.shard = shard;
    this.sims = sims;
    this.voicemails = voicemails;
    this.callRecordings = recordings;
    const counts = {
      voicemail: Object.keys(voicemails).length,
      callRecording: Object.keys(recordings).length,
    };
    this.summary = pulumi
      .all(
        Object.values(sims).map((s) =>
          pulumi.all([s.state, s.geoNumber, s.reportedServices]).apply(([state, n, reported]) => ({
            state,
            geoNumber: n,
            reportedServices: reported,
          })),
        ),
      )
      .apply((snapshots) => summarise(snapshots, counts));
    // The summary stays out of the component's state: it can be as long as the estate.
    this.registerOutputs({});
    warnOnParallelism(this, name, Object.values(sims), (r) => (r as Sim).state);
  }
}

/** The rows from the file or the records; a malformed inventory throws InventoryError. */
function loadInventory(args: SimEstateArgs): Inventory {
  const hasFile = args.inventory !== undefined;
  const hasRecords = args.records !== undefined;
  if (hasFile === hasRecords) {
    throw new ValidationError(
      "inventory",
      "give either `inventory` (the path of a CSV file) or `records` (rows from code)",
    );
  }
  try {
    if (args.records !== undefined) return readInventoryRecords(args.records, args.source);
    const file = args.inventory!;
    return readInventoryCsv(readInventory(file), file);
  } catch (e) {
    if (e instanceof InventoryError) throw asRunError(e);
    throw e;
  }
}

/** Warnings (a PIN in clear) at preview and up, each naming its row; past a cap, a count. */
function warn(estate: pulumi.Resource, warnings: readonly InventoryProblem[]): void {
  for (const w of warnings.slice(0, MAX_WARNINGS_SHOWN)) {
    void pulumi.log.warn(formatProblem(w), estate);
  }
  const rest = warnings.length - MAX_WARNINGS_SHOWN;
  if (rest > 0) {
    void pulumi.log.warn(`... and ${rest} more row(s) with a PIN in clear`, estate);
  }
}

/** `config:NAME` vmPin cells: the secret from the estate's config, or an error naming it. */
function pinReader(
  args: SimEstateArgs,
  inventory: Inventory,
): (key: string, line: number) => pulumi.Output<string> {
  const configs = new Map<string, pulumi.Config>();
  if (args.config !== undefined) configs.set("", args.config);
  return (key, line) => {
    const sep = key.indexOf(":");
    const ns = sep < 0 ? "" : key.slice(0, sep);
    const name = sep < 0 ? key : key.slice(sep + 1);
    let config = configs.get(ns);
    if (config === undefined) {
      config = new pulumi.Config(ns === "" ? undefined : ns);
      configs.set(ns, config);
    }
    const pin = config.getSecret(name);
    if (pin === undefined) {
      throw asRunError(
        new InventoryError([
          {
            file: inventory.file,
            line,
            column: inventory.columns.vmPin ?? 1,
            columnName: "vmPin",
            reason:
              `names config:${key}, which is not set: ` +
              `pulumi config set --secret ${key} <four digits>`,
          },
        ]),
      );
    }
    return pin;
  };
}

function readInventory(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new InventoryError([{ file, line: 1, column: 1, reason: `cannot be read (${reason})` }]);
  }
}

/**
 * Pulumi prints a program's uncaught error with its stack trace, which buries the file:line:
 * column list; for errors it marks as its own RunError it prints the message alone. The error
 * stays an InventoryError (code INVENTORY_ERROR) for programs that catch it.
 */
function asRunError(e: InventoryError): InventoryError {
  Object.defineProperty(e, "__pulumiRunError", { value: true });
  return e;
}
