// The files discover writes: the inventory (DISCOVERED_COLUMNS) and the report of skipped
// ICCIDs (iccid, reason, detail). Both are appended a line at a time, so an interruption loses
// at most the line being written; on resume the ICCIDs already in either file are not read
// again, and a last line cut short is dropped.

import * as fs from "node:fs";
import { DISCOVERED_COLUMNS, SKIP_REASONS, type Outcome, type SkipReason } from "./classify";

export const SKIPPED_COLUMNS = ["iccid", "reason", "detail"] as const;

function quote(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvLine(cells: readonly string[]): string {
  return cells.map(quote).join(",") + "\n";
}

/** The line an outcome adds to its file. */
export function outcomeLine(o: Outcome): string {
  if (o.kind === "row") return csvLine(DISCOVERED_COLUMNS.map((c) => o.row[c] ?? ""));
  return csvLine([o.iccid, o.reason, o.detail ?? SKIPPED_REASON_TEXT[o.reason]]);
}

const SKIPPED_REASON_TEXT: Record<SkipReason, string> = SKIP_REASONS;

/**
 * Open a file for appending: create it with its header, or (resume) keep what it holds up to
 * its last complete line and return the ICCIDs (first cell) already there.
 */
export function openAppend(
  path: string,
  header: readonly string[],
  resume: boolean,
): { done: string[] } {
  const head = csvLine(header);
  if (!resume || !fs.existsSync(path)) {
    fs.writeFileSync(path, head);
    return { done: [] };
  }
  let text = fs.readFileSync(path, "utf8");
  if (!text.startsWith(head)) {
    throw new Error(
      `${path} exists but was not written by aql-estate discover (its header differs): ` +
        `remove it, or give --restart to overwrite it`,
    );
  }
  const end = text.lastIndexOf("\n") + 1;
  if (end < text.length) {
    text = text.slice(0, end);
    fs.truncateSync(path, Buffer.byteLength(text));
  }
  const done = text
    .slice(head.length)
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => l.slice(0, l.indexOf(",") < 0 ? l.length : l.indexOf(",")));
  return { done };
}

export const INVENTORY_HEADER: readonly string[] = DISCOVERED_COLUMNS;
export const SKIPPED_HEADER: readonly string[] = SKIPPED_COLUMNS;
