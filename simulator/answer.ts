// What a route's handler returns, and the gateway's text format for it.

import type { Account, SimEngine } from "./engine";
import type { Params } from "./params";

/** A gateway answer before formatting: `status: <codes>` then `key: value` fields. */
export interface Answer {
  /** [200] on success, else the error codes (several at once when several fields are wrong). */
  codes: number[];
  fields: [string, string][];
  /** The two-step request queued by this call (for checkstatus: the one asked about). */
  requestId: string | null;
  /** Whether state changed (then it is persisted). */
  changed: boolean;
}

/** What a handler gets for one authenticated call with a known command. */
export interface CallContext {
  engine: SimEngine;
  account: Account;
  params: Params;
  command: string;
  now: number;
  /** Asked when a two-step request is queued: does a fail-request fault fire on this call? */
  failRequest(): boolean;
}

export function ok(fields: [string, string][] = [], changed = false, requestId?: string): Answer {
  return { codes: [200], fields, requestId: requestId ?? null, changed };
}

/** An error answer: the codes, de-duplicated and in ascending order. */
export function fail(...codes: number[]): Answer {
  return {
    codes: [...new Set(codes)].sort((a, b) => a - b),
    fields: [],
    requestId: null,
    changed: false,
  };
}

/** Keep the non-null codes of a check stage. */
export function codesOf(...codes: (number | null | readonly number[])[]): number[] {
  const out: number[] = [];
  for (const c of codes) {
    if (c === null) continue;
    if (typeof c === "number") out.push(c);
    else out.push(...c);
  }
  return out;
}

/** The gateway's text: `status: 200` or `status: 63028,63030`, then one `key: value` a line. */
export function formatAnswer(answer: Pick<Answer, "codes" | "fields">): string {
  const lines = [`status: ${answer.codes.join(",")}`];
  for (const [k, v] of answer.fields) lines.push(`${k}: ${v}`);
  return lines.join("\n") + "\n";
}

export const flag = (b: boolean): string => (b ? "1" : "0");
