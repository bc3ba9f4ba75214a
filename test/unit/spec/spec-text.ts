// Reading the vendor text (spec/aql-usim-gateway.md) for the tests that hold the provider and
// the simulator to it: its tables, as they stand in the text.

import * as fs from "node:fs";
import * as path from "node:path";

export const SPEC_FILE = path.resolve(__dirname, "..", "..", "..", "spec", "aql-usim-gateway.md");

export function specText(): string {
  return fs.readFileSync(SPEC_FILE, "utf8");
}

/** The cells of a `| a | b |` line, trimmed; undefined for a line that is no table row. */
export function cells(line: string): string[] | undefined {
  const t = line.trim();
  if (!t.startsWith("|") || !t.endsWith("|") || /^\|[-| ]+\|$/.test(t)) return undefined;
  return t
    .slice(1, -1)
    .split("|")
    .map((c) => c.trim());
}

/** The error table: code -> description. */
export function errorTable(text: string): Map<number, string> {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => /This table lists all the error codes/.test(l));
  if (start < 0) throw new Error("no error table in the spec");
  const out = new Map<number, string>();
  for (const line of lines.slice(start + 1)) {
    const c = cells(line);
    if (c === undefined) {
      if (out.size > 0) break;
      continue;
    }
    if (/^\d+$/.test(c[0] ?? "")) out.set(Number(c[0]), c[1] ?? "");
  }
  return out;
}

/** The command table: command -> "one" | "two" step. */
export function commandTable(text: string): Map<string, "one" | "two"> {
  const out = new Map<string, "one" | "two">();
  for (const line of text.split("\n")) {
    const c = cells(line);
    if (c === undefined || c.length !== 3) continue;
    const m = /^(one|two) step/i.exec(c[2] ?? "");
    if (m && /^[a-z]+$/.test(c[1] ?? "")) out.set(c[1]!, m[1]!.toLowerCase() as "one" | "two");
  }
  return out;
}

/** The first cells of the two-column table after the line matching `heading`. */
export function valuesAfter(text: string, heading: RegExp): string[] {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => heading.test(l));
  if (start < 0) throw new Error(`no ${heading} in the spec`);
  const out: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const c = cells(line);
    if (c === undefined) break;
    out.push(c[0]!);
  }
  return out;
}

export interface RequestTable {
  command: string;
  mandatory: string[];
  optional: string[];
}

/** Each `Variable Name | Requirement | Value` table of configure_sim.php, by its command row. */
export function requestTables(text: string): RequestTable[] {
  const out: RequestTable[] = [];
  let cur: RequestTable | undefined;
  for (const line of text.split("\n")) {
    const c = cells(line);
    if (c !== undefined && /^variable name$/i.test(c[0] ?? "") && /^requirement$/i.test(c[1] ?? "")) {
      cur = { command: "", mandatory: [], optional: [] };
      out.push(cur);
      continue;
    }
    if (cur === undefined) continue;
    if (c === undefined) {
      if (!/^\|/.test(line.trim())) cur = undefined;
      continue;
    }
    const [name, requirement, value] = c as [string, string, string];
    if (name === "command") cur.command = value;
    else if (/^mandatory$/i.test(requirement)) cur.mandatory.push(name);
    else cur.optional.push(name);
  }
  return out;
}

/** The `key: <...>` lines queryiccid adds for an active or suspended SIM, in order. */
export function queryIccidFields(text: string): string[] {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => /additional data will also be returned/.test(l));
  const out: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const m = /^([a-z_0-9]+): </.exec(line);
    if (m === null) break;
    out.push(m[1]!);
  }
  return out;
}
