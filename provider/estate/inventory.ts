// The inventory of a SIM estate: a CSV file (or records from code) turned into validated rows,
// one per SIM. Pure: no file system, no Pulumi, no gateway. Everything wrong is reported at once,
// each with its file, line and column (InventoryError); what is accepted but unwise (a PIN in
// clear) comes back as warnings in the same form.
//
// The parts, in inventory/:
//   columns.ts  the columns    csv.ts  CSV syntax    header.ts  the header row
//   cells.ts    cell kinds     pin.ts  the vmPin cell
//   row.ts      one row through the resources' schemas    table.ts  rows together (duplicates)

import { InventoryError, type InventoryProblem } from "../errors";
import {
  COLUMN_NAMES,
  INVENTORY_COLUMNS,
  REQUIRED,
  unknownColumnReason,
} from "./inventory/columns";
import type { InventoryColumn } from "./inventory/columns";
import { readCsvTable } from "./inventory/csv";
import { readHeader } from "./inventory/header";
import type { Inventory, InventoryCell, InventoryRecord, InventoryRow } from "./inventory/model";
import { nonEmpty, sortProblems, validateTable } from "./inventory/table";

export { INVENTORY_COLUMNS, type InventoryColumn } from "./inventory/columns";
export type {
  Inventory,
  InventoryCell,
  InventoryRecord,
  InventoryRow,
  InventoryVoicemail,
} from "./inventory/model";
export { LITERAL_PIN_WARNING, PIN_REFERENCE_PREFIX } from "./inventory/pin";

/**
 * Parse and validate CSV text. `file` names it in messages. The first record is the header;
 * blank lines and lines starting with `#` are skipped. Throws InventoryError listing every
 * problem; returns the rows in file order and the warnings otherwise.
 */
export function readInventoryCsv(text: string, file: string): Inventory {
  const [head, ...rows] = readCsvTable(text, file);
  if (head === undefined) {
    throw new InventoryError([
      {
        file,
        line: 1,
        column: 1,
        reason: `is empty: it needs a header row (at least ${REQUIRED.join(",")})`,
      },
    ]);
  }
  const header = readHeader(file, head.line, head.cells);
  if (header.problems.length > 0) throw new InventoryError(nonEmpty(header.problems));
  return validateTable(file, header.columns, rows);
}

/** readInventoryCsv's rows alone. */
export function parseInventoryCsv(text: string, file: string): InventoryRow[] {
  return readInventoryCsv(text, file).rows;
}

/**
 * Validate rows given from code, with the CSV's column names as keys. In messages, `line` is the
 * record's 1-based index and `column` the key's position in INVENTORY_COLUMNS (unknown keys
 * after those), and `source` stands for the file name.
 */
export function readInventoryRecords(
  records: readonly InventoryRecord[],
  source = "inventory records",
): Inventory {
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
  let valid: Inventory = { rows: [], warnings: [], file: source, columns: {} };
  try {
    valid = validateTable(source, columns, rows);
  } catch (e) {
    if (!(e instanceof InventoryError)) throw e;
    problems.push(...e.problems);
  }
  if (problems.length > 0) throw new InventoryError(nonEmpty(sortProblems(problems)));
  return valid;
}

/** readInventoryRecords's rows alone. */
export function parseInventoryRecords(
  records: readonly InventoryRecord[],
  source = "inventory records",
): InventoryRow[] {
  return readInventoryRecords(records, source).rows;
}
