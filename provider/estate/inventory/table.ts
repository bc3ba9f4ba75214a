// The rows of a table, validated together: each row's cells, then what only the whole table
// shows (a repeated ICCID or number). Every problem is collected; none stops the others.

import { InventoryError, type InventoryProblem } from "../../errors";
import type { InventoryColumn } from "./columns";
import type { Inventory, InventoryRow, TableRow } from "./model";
import { validateRow } from "./row";

export function validateTable(
  file: string,
  columns: readonly (InventoryColumn | undefined)[],
  rows: readonly TableRow[],
): Inventory {
  const problems: InventoryProblem[] = [];
  const warnings: InventoryProblem[] = [];
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
    const where = (col: InventoryColumn, reason: string): InventoryProblem => ({
      file,
      line: row.line,
      column: position.get(col) ?? 1,
      columnName: col,
      reason,
    });
    const at = (col: InventoryColumn, reason: string): void => {
      if (reported.has(col)) return;
      reported.add(col);
      problems.push(where(col, reason));
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
    const cells = new Map<InventoryColumn, (typeof row.cells)[number]>();
    columns.forEach((c, i) => {
      if (c !== undefined) cells.set(c, row.cells[i]);
    });
    const checked = validateRow(cells, at, (col, reason) => warnings.push(where(col, reason)));

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
  return { rows: out, warnings, file, columns: Object.fromEntries(position) };
}

export function sortProblems(problems: InventoryProblem[]): InventoryProblem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.column - b.column);
}

export function nonEmpty(problems: InventoryProblem[]): [InventoryProblem, ...InventoryProblem[]] {
  const [first, ...rest] = problems;
  if (first === undefined) throw new Error("unreachable: no problem to report");
  return [first, ...rest];
}
