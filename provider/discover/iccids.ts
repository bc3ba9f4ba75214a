// Which ICCIDs to discover: a list (one a line) or a range of a batch. A batch's ICCIDs are
// consecutive in their body (all digits but the last), each ending in its own Luhn check digit,
// so a range steps the body and computes the digit. Pure.

import { luhnValid } from "../validation";

/** Past this, a range is more likely a typo than a batch. */
export const MAX_RANGE = 1_000_000;

const ICCID = /^\d{18,22}$/;

export class IccidInputError extends Error {
  override get name(): string {
    return "IccidInputError";
  }
}

export function luhnCheckDigit(body: string): string {
  for (let d = 0; d <= 9; d++) {
    if (luhnValid(body + String(d))) return String(d);
  }
  throw new Error("unreachable: some digit always completes a Luhn sum");
}

/** "FIRST..LAST", both whole ICCIDs of the same length with valid check digits. */
export function iccidRange(spec: string): string[] {
  const m = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(spec);
  if (m === null) {
    throw new IccidInputError(
      "--range must be FIRST..LAST, two ICCIDs (check digit included), e.g. " +
        "8944200000000000001..8944200000000000993",
    );
  }
  const [first, last] = [m[1]!, m[2]!];
  for (const [what, v] of [
    ["FIRST", first],
    ["LAST", last],
  ] as const) {
    if (!ICCID.test(v)) throw new IccidInputError(`--range: ${what} must be 18 to 22 digits`);
    if (!luhnValid(v)) {
      throw new IccidInputError(
        `--range: ${what} fails the Luhn check its last digit should carry: check it for a typo ` +
          `(for ICCIDs without Luhn digits, list them with --iccids FILE)`,
      );
    }
  }
  if (first.length !== last.length) {
    throw new IccidInputError("--range: FIRST and LAST must have the same number of digits");
  }
  const from = BigInt(first.slice(0, -1));
  const to = BigInt(last.slice(0, -1));
  if (to < from) throw new IccidInputError("--range: LAST comes before FIRST");
  const count = to - from + 1n;
  if (count > BigInt(MAX_RANGE)) {
    throw new IccidInputError(
      `--range spans ${count} ICCIDs, more than ${MAX_RANGE}: split it into batches`,
    );
  }
  const width = first.length - 1;
  const out: string[] = [];
  for (let b = from; b <= to; b++) {
    const body = b.toString().padStart(width, "0");
    out.push(body + luhnCheckDigit(body));
  }
  return out;
}

/**
 * An ICCID list file: one a line; blank lines and `#` comments skipped; a repeat is dropped.
 * Every bad line is reported at once as `file:line: reason`.
 */
export function parseIccidList(text: string, file: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    if (!ICCID.test(line)) {
      problems.push(`${file}:${i + 1}: must be an ICCID, 18 to 22 digits`);
      return;
    }
    if (seen.has(line)) return;
    seen.add(line);
    out.push(line);
  });
  if (problems.length > 0) {
    const shown = problems.slice(0, 20);
    const rest = problems.length - shown.length;
    throw new IccidInputError(shown.join("\n") + (rest > 0 ? `\n... and ${rest} more` : ""));
  }
  return out;
}
