// What a validated inventory is: rows (one per SIM) and warnings. Plain data.

import type { InventoryProblem } from "../../errors";
import type { RecordingSettings, Subscriber, VoicemailSettings } from "../../gateway/types";
import type { DeletionPolicy, SimServices } from "../../resources/sim/inputs";
import type { InventoryColumn } from "./columns";

/** A row's voicemail: a literal `pin`, or `pinConfig`, the stack config key holding it. */
export interface InventoryVoicemail extends VoicemailSettings {
  /** `config:NAME` in the cell: read as a secret through the estate's config. */
  pinConfig?: string;
}

/** One SIM of the estate, validated and normalised (number as digits, postcode upper case). */
export interface InventoryRow {
  /** Where the row is: its first line in the file, or the record's 1-based index. */
  line: number;
  iccid: string;
  geoNumber: string;
  /** Needed only to activate: absent for a SIM that is already active or suspended. */
  subscriber?: Subscriber;
  imei?: string;
  /** All seven settable services when the cell was given; absent: the estate's default. */
  services?: SimServices;
  /** Absent: the estate's default. */
  suspended?: boolean;
  /** Absent: the estate's default. */
  deletionPolicy?: DeletionPolicy;
  /** Present when the cell says true or false. */
  adopt?: boolean;
  /** Present when any vm* cell is given. */
  voicemail?: InventoryVoicemail;
  /** Present when any rec* cell is given. */
  recording?: RecordingSettings;
}

/** The rows, and what is accepted but should be changed (a literal PIN), by file:line:column. */
export interface Inventory {
  rows: InventoryRow[];
  warnings: InventoryProblem[];
  /** The file (or the records' source) as messages name it. */
  file: string;
  /** Each column's 1-based position in the file (records: in INVENTORY_COLUMNS), for messages. */
  columns: Partial<Record<InventoryColumn, number>>;
}

/** A cell from code: text as in the CSV, or the typed value (services as a list of names). */
export type InventoryCell = string | number | boolean | null | undefined | readonly string[];

/** A row from code: the CSV's columns as keys. */
export type InventoryRecord = { readonly [K in InventoryColumn]?: InventoryCell };

/** A row of the table before validation: where it is and its cells by position. */
export interface TableRow {
  line: number;
  cells: readonly InventoryCell[];
}
