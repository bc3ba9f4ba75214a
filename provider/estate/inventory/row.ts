// The inventory of a SIM estate: a CSV file (or records from code) turned into validated rows,
// one per SIM. Pure: no file system, no Pulumi, no gateway. Every cell is checked with the same
// zod schemas as the Sim, Voicemail and CallRecording inputs, so a row accepted here passes their
// `check`; everything wrong is reported at once, each with its file, line and column.

import { parse } from "csv-parse/sync";
import { InventoryError, type InventoryProblem } from "../errors";
import type { RecordingSettings, Subscriber, VoicemailSettings } from "../gateway/types";
import type { z } from "zod";
import { validateInputs as validateProps, type InputSpec } from "../resources/dynamic/check";
import { callRecordingInput } from "../resources/call-recording/inputs";
import {
  GATEWAY_SERVICE,
  SERVICE_NAMES,
  UNKNOWN,
  toSimInputs,
  validateInputs as validateSim,
  type DeletionPolicy,
  type ServiceName,
  type SimServices,
} from "../resources/sim/inputs";
import { normaliseNumber } from "../validation";
import { voicemailInput } from "../resources/voicemail/inputs";

// --- the columns ---------------------------------------------------------------------------

type Kind = "text" | "bool" | "int" | "services";

interface ColumnSpec {
  kind: Kind;
  required?: true;
  doc: string;
}

/** Every column, in the canonical order (the order of records' columns in messages). */
export const INVENTORY_COLUMNS = {
  iccid: { kind: "text", required: true, doc: "The SIM's ICCID, 18 to 22 digits." },
  number: { kind: "text", required: true, doc: "Its geographic number, E.164 (+ and spaces ok)." },
  name: { kind: "text", required: true, doc: "Subscriber name (sent at activation only)." },
  address: { kind: "text", required: true, doc: "Subscriber address (activation only)." },
  postcode: { kind: "text", required: true, doc: "Subscriber UK postcode (activation only)." },
  contact: { kind: "text", required: true, doc: "Subscriber contact number, E.164." },
  imei: { kind: "text", doc: "Handset IMEI, 15 digits (activation only)." },
  services: {
    kind: "services",
    doc:
      "Space-separated camelCase services to have on; the other settable ones are then off " +
      "(all seven managed). `none`: all off. Empty: the estate's default.",
  },
  suspended: { kind: "bool", doc: "true or false. Empty: the estate's default (false)." },
  deletionPolicy: {
    kind: "text",
    doc: "terminate, suspend or retain. Empty: the estate's default (terminate).",
  },
  vmDelay: { kind: "int", doc: "Voicemail: seconds of ringing first, 0 to 120." },
  vmPin: { kind: "text", doc: "Voicemail: four-digit PIN." },
  vmEmail: { kind: "text", doc: "Voicemail: notification email." },
  vmNotify: { kind: "bool", doc: "Voicemail: email a notification (true/false)." },
  vmAttach: { kind: "bool", doc: "Voicemail: attach the recording (needs vmNotify true)." },
  recActive: { kind: "bool", doc: "Call recording: record calls (true/false)." },
  recOnDemand: { kind: "bool", doc: "Call recording: record on demand (true/false)." },
  recEmail: { kind: "text", doc: "Call recording: notification email." },
  recNotify: { kind: "bool", doc: "Call recording: email a notification (true/false)." },
  recAttach: { kind: "bool", doc: "Call recording: attach the recording (needs recNotify true)." },
} as const satisfies Record<string, ColumnSpec>;

export type InventoryColumn = keyof typeof INVENTORY_COLUMNS;
const COLUMN_NAMES = Object.keys(INVENTORY_COLUMNS) as InventoryColumn[];
const REQUIRED = COLUMN_NAMES.filter((c) => (INVENTORY_COLUMNS[c] as ColumnSpec).required === true);
const BY_LOWER = new Map(COLUMN_NAMES.map((c) => [c.toLowerCase(), c]));

const VOICEMAIL_COLUMNS = {
  delaySeconds: "vmDelay",
  pin: "vmPin",
  email: "vmEmail",
  notify: "vmNotify",
  attach: "vmAttach",
} as const satisfies Record<keyof VoicemailSettings, InventoryColumn>;

const RECORDING_COLUMNS = {
  active: "recActive",
  onDemand: "recOnDemand",
  email: "recEmail",
  notify: "recNotify",
  attach: "recAttach",
} as const satisfies Record<keyof RecordingSettings, InventoryColumn>;

/** The Sim input each column feeds (nested subscriber fields as paths). */
const SIM_PROPERTY_COLUMN: Record<string, InventoryColumn> = {
  iccid: "iccid",
  geoNumber: "number",
  subscriber: "name",
  "subscriber.name": "name",
  "subscriber.address": "address",
  "subscriber.postcode": "postcode",
  "subscriber.contactNumber": "contact",
  imei: "imei",
  services: "services",
  suspended: "suspended",
  deletionPolicy: "deletionPolicy",
};

// --- the model -----------------------------------------------------------------------------

/** One SIM of the estate, validated and normalised (number as digits, postcode upper case). */
export interface InventoryRow {
  /** Where the row is: its first line in the file, or the record's 1-based index. */
  line: number;
  iccid: string;
  geoNumber: string;
  subscriber: Subscriber;
  imei?: string;
  /** All seven settable services when the cell was given; absent: the estate's default. */
  services?: SimServices;
  /** Absent: the estate's default. */
  suspended?: boolean;
  /** Absent: the estate's default. */
  deletionPolicy?: DeletionPolicy;
  /** Present when any vm* cell is given. */
  voicemail?: VoicemailSettings;
  /** Present when any rec* cell is given. */
  recording?: RecordingSettings;
}

/** A cell from code: text as in the CSV, or the typed value (services as a list of names). */
export type InventoryCell = string | number | boolean | null | undefined | readonly string[];

/** A row from code: the CSV's columns as keys. */
export type InventoryRecord = { readonly [K in InventoryColumn]?: InventoryCell };

// --- entry points --------------------------------------------------------------------------

/**
 * Parse and validate CSV text. `file` names it in messages. The first record is the header;
 * blank lines and lines starting with `#` are skipped. Throws InventoryError listing every
 * problem; returns the rows in file order otherwise.
 */
export function parseInventoryCsv(text: string, file: string): InventoryRow[] {
  let records: { record: string[]; info: { lines: number; raw?: string } }[];
  try {
    records = parse(text, {
      info: true,
      raw: true,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      comment: "#",
      // An address may hold a "#": only a whole line is a comment.
      comment_no_infix: true,
    }) as unknown as typeof records;
  } catch (e) {
    throw new InventoryError([csvProblem(file, e)]);
  }
  const table = records.map((r) => ({
    // info.lines is the record's last line; a quoted cell may span several.
    line: r.info.lines - newlinesWithin(r.info.raw ?? ""),
    cells: r.record as InventoryCell[],
  }));
  const [head, ...rows] = table;
  if (head === undefined) {
    throw new InventoryError([
      {
        file,
        line: 1,
        column: 1,
        reason: `is empty: it needs a header row (${REQUIRED.join(",")})`,
      },
    ]);
  }
  const header = readHeader(file, head.line, head.cells);
  if (header.problems.length > 0) throw new InventoryError(nonEmpty(header.problems));
  return validateTable(file, header.columns, rows);
}

/**
 * Validate rows given from code, with the CSV's column names as keys. In messages, `line` is the
 * record's 1-based index and `column` the key's position in INVENTORY_COLUMNS (unknown keys
 * after those), and `source` stands for the file name.
 */
export function parseInventoryRecords(
  records: readonly InventoryRecord[],
  source = "inventory records",
): InventoryRow[] {
  const extra: string[] = [];
  for (const r of records) {
    for (const k of Object.keys(r)) {
      if (!(k in INVENTORY_COLUMNS) && !extra.includes(k)) extra.push(k);
    }
  }
  const names = [...COLUMN_NAMES, ...extra];
  const problems: InventoryProblem[] = [];
  const rows = records.map((r, i) => {
    const cells = names.map((n) => (r as Record<string, InventoryCell>)[n]);
    extra.forEach((k, j) => {
      if (cells[COLUMN_NAMES.length + j] === undefined) return;
      problems.push({
        file: source,
        line: i + 1,
        column: COLUMN_NAMES.length + j + 1,
        columnName: k,
        reason: unknownColumnReason(),
      });
    });
    return { line: i + 1, cells };
  });
  const columns = names.map((n) => (n in INVENTORY_COLUMNS ? (n as InventoryColumn) : undefined));
  let valid: InventoryRow[] = [];
  try {
    valid = validateTable(source, columns, rows);
  } catch (e) {
    if (!(e instanceof InventoryError)) throw e;
    problems.push(...e.problems);
  }
  if (problems.length > 0) throw new InventoryError(nonEmpty(sortProblems(problems)));
  return valid;
}

// --- the header ----------------------------------------------------------------------------

interface Header {
  /** The column of each field, by position. */
  columns: (InventoryColumn | undefined)[];
  problems: InventoryProblem[];
}

function readHeader(file: string, line: number, cells: readonly InventoryCell[]): Header {
  const problems: InventoryProblem[] = [];
  const at = (column: number, reason: string, columnName?: string): void => {
    problems.push({ file, line, column, reason, ...(columnName !== undefined && { columnName }) });
  };
  const seen = new Map<InventoryColumn, number>();
  const columns = cells.map((cell, i) => {
    const text = typeof cell === "string" ? cell.trim() : "";
    if (text === "") {
      at(
        i + 1,
        `the header's field ${i + 1} has no name; the columns are ${COLUMN_NAMES.join(", ")}`,
      );
      return undefined;
    }
    const col = BY_LOWER.get(text.toLowerCase());
    if (col === undefined) {
      at(i + 1, unknownColumnReason(), text);
      return undefined;
    }
    const first = seen.get(col);
    if (first !== undefined) {
      at(i + 1, `appears twice in the header (first as field ${first})`, col);
      return undefined;
    }
    seen.set(col, i + 1);
    return col;
  });
  const missing = REQUIRED.filter((c) => !seen.has(c));
  if (missing.length > 0) {
    at(
      cells.length + 1,
      `the header lacks the required column(s) ${missing.join(", ")} ` +
        `(required: ${REQUIRED.join(", ")})`,
    );
  }
  return { columns, problems };
}

function unknownColumnReason(): string {
  return `is not an inventory column; the columns are ${COLUMN_NAMES.join(", ")}`;
}

// --- the rows ------------------------------------------------------------------------------

interface TableRow {
  line: number;
  cells: readonly InventoryCell[];
}

function validateTable(
  file: string,
  columns: readonly (InventoryColumn | undefined)[],
  rows: readonly TableRow[],
): InventoryRow[] {
  const problems: InventoryProblem[] = [];
  const out: InventoryRow[] = [];
  const iccids = new Map<string, number>();
  const numbers = new Map<string, number>();
  const position = new Map<InventoryColumn, number>();
  columns.forEach((c, i) => {
    if (c !== undefined) position.set(c, i + 1);
  });

  for (const row of rows) {
    // One problem per cell: a cell already reported is not reported again by a schema.
    const reported = new Set<InventoryColumn>();
    const before = problems.length;
    const at = (col: InventoryColumn, reason: string): void => {
      if (reported.has(col)) return;
      reported.add(col);
      problems.push({
        file,
        line: row.line,
        column: position.get(col) ?? 1,
        columnName: col,
        reason,
      });
    };
    if (row.cells.length !== columns.length) {
      const n = row.cells.length;
      problems.push({
        file,
        line: row.line,
        column: Math.min(n, columns.length) + 1,
        reason: `the row has ${n} field(s) and the header ${columns.length}: check for a missing or extra comma`,
      });
      continue;
    }
    const cells = new Map<InventoryColumn, InventoryCell>();
    columns.forEach((c, i) => {
      if (c !== undefined) cells.set(c, row.cells[i]);
    });
    const checked = validateRow(cells, at);

    // Duplicates are looked for whenever the ICCID or number itself is valid.
    if (checked.iccid !== undefined) {
      const first = iccids.get(checked.iccid);
      if (first !== undefined) at("iccid", `repeats the ICCID on line ${first}`);
      else iccids.set(checked.iccid, row.line);
    }
    if (checked.geoNumber !== undefined) {
      const first = numbers.get(checked.geoNumber);
      if (first !== undefined) at("number", `repeats the number on line ${first}`);
      else numbers.set(checked.geoNumber, row.line);
    }
    if (checked.row !== undefined && problems.length === before) {
      out.push({ line: row.line, ...checked.row });
    }
  }
  if (problems.length > 0) throw new InventoryError(nonEmpty(sortProblems(problems)));
  return out;
}

type At = (col: InventoryColumn, reason: string) => void;

interface CheckedRow {
  /** The row, when every cell is valid. */
  row?: Omit<InventoryRow, "line">;
  /** The normalised ICCID and number when those cells are valid, to look for duplicates. */
  iccid?: string;
  geoNumber?: string;
}

/** One row's cells through the Sim, Voicemail and CallRecording schemas. */
function validateRow(cells: ReadonlyMap<InventoryColumn, InventoryCell>, at: At): CheckedRow {
  const read = new CellReader(cells, at);
  const raw: Record<string, unknown> = {
    iccid: read.text("iccid"),
    geoNumber: read.text("number"),
    subscriber: {
      name: read.text("name"),
      address: read.text("address"),
      postcode: read.text("postcode"),
      contactNumber: read.text("contact"),
    },
  };
  const optional = {
    imei: read.text("imei"),
    services: read.services("services"),
    suspended: read.bool("suspended"),
    deletionPolicy: read.text("deletionPolicy"),
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) raw[k] = v;
  const vm = read.settings(VOICEMAIL_COLUMNS, { delaySeconds: "int" });
  const rec = read.settings(RECORDING_COLUMNS, {});

  const sim = validateSim(raw);
  const badSim = new Set<string>();
  if (!sim.ok) {
    for (const f of sim.failures) {
      const top = f.property.startsWith("services.") ? "services" : f.property;
      badSim.add(top);
      at(SIM_PROPERTY_COLUMN[top] ?? "iccid", f.reason);
    }
  }
  const out: CheckedRow = {};
  if (typeof raw["iccid"] === "string" && !badSim.has("iccid")) out.iccid = raw["iccid"];
  if (typeof raw["geoNumber"] === "string" && !badSim.has("geoNumber")) {
    out.geoNumber = normaliseNumber(raw["geoNumber"]);
  }

  // A group with an unreadable cell is not checked further: its rules would mislead.
  const vmSettings =
    vm === undefined || read.failedIn(VOICEMAIL_COLUMNS)
      ? vm && null
      : validateSettings<VoicemailSettings, typeof voicemailInput.schema>(
          voicemailInput,
          vm,
          VOICEMAIL_COLUMNS,
          at,
        );
  const recSettings =
    rec === undefined || read.failedIn(RECORDING_COLUMNS)
      ? rec && null
      : validateSettings<RecordingSettings, typeof callRecordingInput.schema>(
          callRecordingInput,
          rec,
          RECORDING_COLUMNS,
          at,
        );
  if (!sim.ok || read.failed || vmSettings === null || recSettings === null) return out;

  const inputs = toSimInputs(raw);
  const row: Omit<InventoryRow, "line"> = {
    iccid: inputs.iccid,
    geoNumber: inputs.geoNumber,
    subscriber: inputs.subscriber,
  };
  if (inputs.imei !== undefined) row.imei = inputs.imei;
  if (inputs.services !== undefined) row.services = inputs.services;
  if (optional.suspended !== undefined) row.suspended = inputs.suspended;
  if (optional.deletionPolicy !== undefined) row.deletionPolicy = inputs.deletionPolicy;
  if (vmSettings !== undefined) row.voicemail = vmSettings;
  if (recSettings !== undefined) row.recording = recSettings;
  return { ...out, row };
}

/**
 * Voicemail or call recording settings through that resource's own schema (attach needs
 * notify, and so on). null after a problem; the number is the Sim's, checked there.
 */
function validateSettings<S extends object, Sch extends z.ZodObject>(
  spec: InputSpec<Sch>,
  given: Record<string, unknown>,
  columns: Readonly<Record<string, InventoryColumn>>,
  at: At,
): S | null {
  const v = validateProps(spec, { geoNumber: "441130000000", ...given });
  let failed = false;
  for (const f of v.failures) {
    const col = columns[f.property.split(".")[0]!];
    if (col === undefined) continue;
    at(col, f.reason);
    failed = true;
  }
  if (failed) return null;
  const { geoNumber: _n, ...settings } = v.values as Record<string, unknown>;
  return settings as S;
}

/** Reads cells by kind; a cell of the wrong kind is reported once and marks the row failed. */
class CellReader {
  private readonly failedColumns = new Set<InventoryColumn>();

  constructor(
    private readonly cells: ReadonlyMap<InventoryColumn, InventoryCell>,
    private readonly at: At,
  ) {}

  get failed(): boolean {
    return this.failedColumns.size > 0;
  }

  failedIn(columns: Readonly<Record<string, InventoryColumn>>): boolean {
    return Object.values(columns).some((c) => this.failedColumns.has(c));
  }

  private fail(col: InventoryColumn, reason: string): undefined {
    this.at(col, reason);
    this.failedColumns.add(col);
    return undefined;
  }

  /** Trimmed text; an empty cell is absent. */
  text(col: InventoryColumn): string | undefined {
    const v = this.cells.get(col);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string") {
      return this.fail(col, "must be text (a string), e.g. digits in quotes");
    }
    // The engine's unknown sentinel would pass the schemas as "not known yet".
    if (v.trim() === UNKNOWN) return this.fail(col, "is not a valid value");
    const t = v.trim();
    return t === "" ? undefined : t;
  }

  bool(col: InventoryColumn): boolean | undefined {
    const v = this.cells.get(col);
    if (typeof v === "boolean") return v;
    if (v !== undefined && v !== null && typeof v !== "string") {
      return this.fail(col, "must be true or false");
    }
    const t = this.text(col);
    if (t === undefined) return undefined;
    const lower = t.toLowerCase();
    if (lower === "true") return true;
    if (lower === "false") return false;
    return this.fail(col, "must be true or false");
  }

  /** A number when it looks like one; otherwise the value as it is, for the schema to explain. */
  int(col: InventoryColumn): unknown {
    const v = this.cells.get(col);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string") return v;
    const t = this.text(col);
    if (t === undefined) return undefined;
    return /^[+-]?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
  }

  /** Names of services to have on: all seven settable services become managed. */
  services(col: InventoryColumn): SimServices | undefined {
    const v = this.cells.get(col);
    let names: string[];
    if (Array.isArray(v)) {
      names = (v as readonly unknown[]).map(String);
    } else {
      const t = this.text(col);
      if (t === undefined) return undefined;
      names = t.split(/[\s,]+/).filter((n) => n !== "");
      if (names.length === 1 && names[0]!.toLowerCase() === "none") names = [];
      else if (names.some((n) => n.toLowerCase() === "none")) {
        return this.fail(col, "`none` means no service on and goes alone in the cell");
      }
    }
    const out: SimServices = {};
    for (const n of SERVICE_NAMES) out[n] = false;
    for (const n of names) {
      if (!isServiceName(n)) return this.fail(col, unknownServiceReason(n));
      out[n] = true;
    }
    return out;
  }

  /** The given cells of a group (vm*, rec*) keyed by setting, or undefined if none is given. */
  settings(
    columns: Readonly<Record<string, InventoryColumn>>,
    kinds: Readonly<Record<string, "int">>,
  ): Record<string, unknown> | undefined {
    const out: Record<string, unknown> = {};
    for (const [setting, col] of Object.entries(columns)) {
      const kind: Kind = kinds[setting] ?? INVENTORY_COLUMNS[col].kind;
      const v = kind === "bool" ? this.bool(col) : kind === "int" ? this.int(col) : this.text(col);
      if (v !== undefined) out[setting] = v;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
}

function isServiceName(n: string): n is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(n);
}

function unknownServiceReason(n: string): string {
  const camel = (Object.entries(GATEWAY_SERVICE) as [ServiceName, string][]).find(
    ([c, g]) => g === n || c.toLowerCase() === n.toLowerCase(),
  );
  const hint = camel === undefined ? "" : ` (did you mean ${camel[0]}?)`;
  return (
    `names "${n}", which is not a settable service${hint}; the services are ` +
    `${SERVICE_NAMES.join(", ")}, space-separated, or none`
  );
}

// --- helpers -------------------------------------------------------------------------------

/** A csv-parse error (unclosed quote, stray quote...) as a problem at its line and field. */
function csvProblem(file: string, e: unknown): InventoryProblem {
  const err = e as { message?: unknown; lines?: unknown; column?: unknown; code?: unknown };
  const line = typeof err.lines === "number" && err.lines > 0 ? err.lines : 1;
  const column = typeof err.column === "number" ? err.column + 1 : 1;
  const message = typeof err.message === "string" ? err.message : String(e);
  // csv-parse says e.g. "Invalid Opening Quote: a quote is found on field 1 at line 2, value is ..."
  const reason = message.replace(/,? value is .*$/s, "").replace(/ at line \d+/, "");
  return { file, line, column, reason: `is not valid CSV: ${reason}` };
}

/**
 * Newlines inside a raw record, not counting the one that ends it. The raw text starts with the
 * comment and blank lines skipped before the record: those are not part of it.
 */
function newlinesWithin(raw: string): number {
  const body = raw.replace(/^(?:(?:#[^\n]*)?\r?\n)*/, "").replace(/\r?\n$/, "");
  let n = 0;
  for (const ch of body) if (ch === "\n") n++;
  return n;
}

function sortProblems(problems: InventoryProblem[]): InventoryProblem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.column - b.column);
}

function nonEmpty(problems: InventoryProblem[]): [InventoryProblem, ...InventoryProblem[]] {
  const [first, ...rest] = problems;
  if (first === undefined) throw new Error("unreachable: no problem to report");
  return [first, ...rest];
}
