// Reading the gateway's answers: `key: value` lines, the first of which is `status: ...`.
// The parser never throws: odd input is reported in `problems`, and an answer without a
// readable status line is `unreadable`, which the client turns into a BadAnswerError.

import { CODE_OK } from "./codes";

export type AnswerStatus =
  /** `status: 200`. */
  | { kind: "ok" }
  /** `status: <code>,<code>,...`: every code the gateway gave, in its order. */
  | { kind: "refused"; codes: readonly number[] }
  /** No status line first, or one with no code in it. */
  | { kind: "unreadable"; reason: string };

export interface ParsedAnswer {
  status: AnswerStatus;
  /** Every other `key: value` line; keys lower-cased, values trimmed; the first of duplicates. */
  fields: ReadonlyMap<string, string>;
  /** What was odd about the text (for logs); none of it changes the status. */
  problems: readonly string[];
}

const BOM = "\uFEFF";
const MAX_PROBLEMS = 20;

/** How much of an unreadable answer to quote in an error: enough to tell HTML from garbage. */
export function excerpt(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat === "") return "(empty)";
  return JSON.stringify(flat.length > max ? `${flat.slice(0, max)}…` : flat);
}

/** `200` → ok; `63028,63030` → refused with both; anything else is unreadable. */
export function parseStatusValue(value: string): { status: AnswerStatus; problems: string[] } {
  const problems: string[] = [];
  const tokens = value
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t !== "");
  const codes: number[] = [];
  for (const t of tokens) {
    if (/^\d{1,9}$/.test(t)) codes.push(Number(t));
    else problems.push(`status holds ${excerpt(t, 20)}, which is not a code`);
  }
  if (codes.length === 0) {
    return { status: { kind: "unreadable", reason: `status line ${excerpt(value)}` }, problems };
  }
  const failures = codes.filter((c) => c !== CODE_OK);
  if (failures.length === 0) {
    if (codes.length > 1) problems.push("status repeats 200");
    return { status: { kind: "ok" }, problems };
  }
  // 200 next to real codes means nothing useful; the real codes are what the user must see.
  if (failures.length < codes.length) problems.push("status mixes 200 with error codes");
  return { status: { kind: "refused", codes: failures }, problems };
}

export function parseAnswer(text: string): ParsedAnswer {
  const problems: string[] = [];
  const note = (p: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  const body = text.startsWith(BOM) ? text.slice(BOM.length) : text;
  const fields = new Map<string, string>();
  let status: AnswerStatus | undefined;
  let firstLine = true;

  const lines = body.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    const colon = line.indexOf(":");
    // Split at the first colon only: values such as emails or URLs may hold more.
    const key = colon < 0 ? "" : line.slice(0, colon).trim().toLowerCase();
    const value = colon < 0 ? "" : line.slice(colon + 1).trim();
    const wasFirst = firstLine;
    firstLine = false;

    if (colon < 0 || key === "") {
      note(`line ${i + 1} is not "key: value": ${excerpt(line, 40)}`);
      continue;
    }
    if (key === "status") {
      if (!wasFirst || status !== undefined) {
        // Only a status that opens the answer counts: an HTML error page may contain one.
        note(`line ${i + 1}: a status line that is not the first line is ignored`);
        continue;
      }
      const parsed = parseStatusValue(value);
      status = parsed.status;
      for (const p of parsed.problems) note(p);
      continue;
    }
    if (fields.has(key)) {
      note(`line ${i + 1}: "${key}" repeated; the first value is kept`);
      continue;
    }
    fields.set(key, value);
  }

  if (status === undefined) {
    const reason = body.trim() === "" ? "empty answer" : `no status line first: ${excerpt(body)}`;
    status = { kind: "unreadable", reason };
  }
  return { status, fields, problems };
}
