// CSV text to a table of cells, each row with the line it starts on. Only the syntax is judged
// here (quotes); what the cells mean is the header's and the rows' business.

import { parse } from "csv-parse/sync";
import { InventoryError, type InventoryProblem } from "../../errors";
import type { InventoryCell, TableRow } from "./model";

/** The records of a CSV file, header included; blank lines and `#` lines skipped. */
export function readCsvTable(text: string, file: string): TableRow[] {
  let records: { record: string[]; info: { lines: number; raw: string } }[];
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
  return records.map((r) => ({
    // info.lines is the record's last line; a quoted cell may span several.
    line: r.info.lines - newlinesWithin(r.info.raw),
    cells: r.record as InventoryCell[],
  }));
}

/** A csv-parse error (unclosed quote, stray quote...) as a problem at its line and field. */
function csvProblem(file: string, e: unknown): InventoryProblem {
  const err = e as { message?: unknown; lines?: unknown; column?: unknown; code?: unknown };
  const line = typeof err.lines === "number" && err.lines > 0 ? err.lines : 1;
  const column = typeof err.column === "number" ? err.column + 1 : 1;
  const message = typeof err.message === "string" ? err.message : String(e);
  // Cut: the value (may be personal), the line and the 0-based field (file:line:col say where).
  const reason = message.replace(/ on field \d+| at line \d+|,? value is .*$/gs, "");
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
