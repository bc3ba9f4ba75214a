// Fixtures for the estate tests: a full header and rows written the way a spreadsheet exports
// them (quoted where needed).

import { INVENTORY_COLUMNS, type InventoryColumn } from "../../../provider/estate/inventory";

export const COLUMNS = Object.keys(INVENTORY_COLUMNS) as InventoryColumn[];
export const HEADER = COLUMNS.join(",");

/** 1-based position of a column in HEADER. */
export function col(name: InventoryColumn): number {
  return COLUMNS.indexOf(name) + 1;
}

/** Pass Luhn; free in the simulator's demo account is irrelevant here. */
export const ICCIDS = ["8944200000000000001", "8944200000000000019", "8944200000000000027"];
export const NUMBERS = ["441134960000", "441134960001", "441134960002"];

export type Cells = Partial<Record<InventoryColumn, string>>;

export function cells(i: number, over: Cells = {}): Cells {
  return {
    iccid: ICCIDS[i]!,
    number: NUMBERS[i]!,
    name: `Subscriber ${i + 1}`,
    address: "11-15 Hunslet Road, Leeds",
    postcode: "LS10 1JQ",
    contact: "+44 113 320 3040",
    ...over,
  };
}

function quote(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** One CSV line in HEADER's order. */
export function line(c: Cells): string {
  return COLUMNS.map((k) => quote(c[k] ?? "")).join(",");
}

/** A whole file: HEADER, then the rows. */
export function csv(...rows: Cells[]): string {
  return [HEADER, ...rows.map(line)].join("\n") + "\n";
}
