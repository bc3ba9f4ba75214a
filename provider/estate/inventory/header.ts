// The header row: which column each field is. Unknown, nameless and repeated names are
// problems, and so are a missing required column and a partial set of subscriber columns.

import type { InventoryProblem } from "../../errors";
import {
  BY_LOWER,
  COLUMN_NAMES,
  REQUIRED,
  SUBSCRIBER_COLUMNS,
  unknownColumnReason,
  type InventoryColumn,
} from "./columns";
import type { InventoryCell } from "./model";

export interface Header {
  /** The column of each field, by position. */
  columns: (InventoryColumn | undefined)[];
  problems: InventoryProblem[];
}

export function readHeader(file: string, line: number, cells: readonly InventoryCell[]): Header {
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
  const subscriber = Object.values(SUBSCRIBER_COLUMNS);
  const absent = subscriber.filter((c) => !seen.has(c));
  if (absent.length > 0 && absent.length < subscriber.length) {
    at(
      cells.length + 1,
      `the header lacks the subscriber column(s) ${absent.join(", ")}: the subscriber columns ` +
        `(${subscriber.join(", ")}) go together, or leave all of them out for SIMs already active`,
    );
  }
  return { columns, problems };
}
