// One send per intent, counted where it cannot be argued with: the requests the simulator
// RECEIVED, from its request log, whatever it answered (a refusal, an error, a dropped or garbled
// answer all count). A settled activation is not evidence: a second `terminate` refused with
// 63026, or a second `activate` that failed, changes nothing on the gateway yet is a duplicate.
//
// An intent is one (subject, command): the SIM's ICCID (or the number, for voicemail and call
// recording; despatch calls name neither) and the command as the counters key it (`activate`,
// `vm:config`). Within the window a test passes (take a mark before the operation), each intent
// is sent once. A resend is accepted only when it is listed, with the reason; the listings can be
// derived from evidence (`resendsAfterFailed`, `resendsAfterRefusal`) or written by the test.

import assert from "node:assert/strict";
import type { LogEntry, SimulatorHandle } from "../../simulator";

/** Commands that read and never change anything: not intents. */
export const READ_COMMANDS: ReadonlySet<string> = new Set([
  "queryiccid",
  "checkstatus",
  "vm:info",
  "rec:info",
  "despatch:querydespatch",
  "despatch:listbatches",
]);

/** The subject of an entry that names no ICCID and no number. */
export const NO_SUBJECT = "-";

export interface Intent {
  /** ICCID, number, or NO_SUBJECT. */
  subject: string;
  /** As the counters key it: `activate`, `vm:config`, `despatch:despatch`. */
  command: string;
}

export interface AllowedResend extends Intent {
  /** Sends allowed beyond the first (default 1). */
  extra?: number;
  /** Why this resend is not a duplicate; shown when the check fails. */
  reason: string;
  /** Covers only sends logged after this seq (the evidence); any send of the intent if absent. */
  afterSeq?: number;
}

export interface Sends extends Intent {
  /** The log entries received for this intent, oldest first. */
  entries: LogEntry[];
}

export interface OneSendOptions {
  /** Resends accepted, each with its reason. Several listings for one intent add up. */
  allow?: readonly AllowedResend[];
  /**
   * The intents the operation must have sent, each at least once; any other changing request
   * received is then a failure too. Without it, every changing request received is an intent.
   */
  intents?: readonly Intent[];
  /** Count only these commands (default: every command but READ_COMMANDS). */
  commands?: readonly string[];
}

/** The key of an entry's command, as the simulator's counters name it; null for no command. */
export function commandKey(e: Pick<LogEntry, "route" | "command">): string | null {
  if (e.command === null) return null;
  return e.route === "sim" ? e.command : `${e.route}:${e.command}`;
}

export function subjectOf(e: Pick<LogEntry, "iccid" | "number">): string {
  return e.iccid ?? e.number ?? NO_SUBJECT;
}

const keyOf = (i: Intent): string => `${i.subject} ${i.command}`;

/** The changing requests received, grouped per intent, in the order first seen. */
export function sendsReceived(entries: readonly LogEntry[], commands?: readonly string[]): Sends[] {
  const counted = (c: string): boolean =>
    commands === undefined ? !READ_COMMANDS.has(c) : commands.includes(c);
  const out = new Map<string, Sends>();
  for (const e of [...entries].sort((a, b) => a.seq - b.seq)) {
    const command = commandKey(e);
    if (command === null || !counted(command)) continue;
    const subject = subjectOf(e);
    const k = keyOf({ subject, command });
    let s = out.get(k);
    if (s === undefined) out.set(k, (s = { subject, command, entries: [] }));
    s.entries.push(e);
  }
  return [...out.values()];
}

function describe(e: LogEntry): string {
  const answer =
    e.httpStatus === 0
      ? "no answer"
      : e.codes.length > 0
        ? e.codes.join(",")
        : `http ${e.httpStatus}`;
  const extra = [e.requestId === null ? "" : `request ${e.requestId}`, e.fault ?? ""]
    .filter((x) => x !== "")
    .join(", ");
  return `#${e.seq} ${answer}${extra === "" ? "" : ` (${extra})`}`;
}

/** Every breach of one send per intent, one line each; empty when there is none. */
export function oneSendViolations(
  entries: readonly LogEntry[],
  options: OneSendOptions = {},
): string[] {
  const sends = sendsReceived(entries, options.commands);
  const allowed = new Map<string, { afterSeq: number; reason: string; used: boolean }[]>();
  for (const a of options.allow ?? []) {
    const extra = a.extra ?? 1;
    if (!Number.isInteger(extra) || extra < 1) {
      throw new Error(`allowed resend ${keyOf(a)}: extra ${extra}`);
    }
    if (a.reason.trim() === "") throw new Error(`allowed resend ${keyOf(a)} gives no reason`);
    const list = allowed.get(keyOf(a)) ?? [];
    for (let i = 0; i < extra; i++)
      list.push({ afterSeq: a.afterSeq ?? 0, reason: a.reason, used: false });
    allowed.set(keyOf(a), list);
  }
  const out: string[] = [];
  const expected = options.intents === undefined ? undefined : new Set(options.intents.map(keyOf));
  for (const s of sends) {
    const k = keyOf(s);
    const received = s.entries.map(describe).join("; ");
    if (expected !== undefined && !expected.has(k)) {
      out.push(`${k}: not an intent of this operation, received ${received}`);
      continue;
    }
    // Each send after the first takes one allowance whose evidence came before it; matching the
    // earliest evidence first finds a cover whenever one exists.
    const list = (allowed.get(k) ?? []).sort((x, y) => x.afterSeq - y.afterSeq);
    const uncovered = s.entries.slice(1).filter((e) => {
      const a = list.find((x) => !x.used && x.afterSeq < e.seq);
      if (a !== undefined) a.used = true;
      return a === undefined;
    });
    if (uncovered.length > 0) {
      const why =
        list.length === 0
          ? "no resend allowed"
          : `allowed ${1 + list.length}: ${[...new Set(list.map((x) => x.reason))].join("; ")}`;
      out.push(`${k}: received ${s.entries.length} times (${why}): ${received}`);
    }
  }
  if (expected !== undefined) {
    const seen = new Set(sends.map(keyOf));
    for (const i of options.intents ?? []) {
      if (!seen.has(keyOf(i))) out.push(`${keyOf(i)}: never received`);
    }
  }
  return out;
}

/**
 * Fails, listing every breach, unless each intent was received once (or as allowed). Then shows
 * that it could have failed: for each intent in this very log, duplicates planted beyond what
 * is allowed must be caught. Returns the number of intents checked.
 */
export function assertOneSendPerIntent(
  entries: readonly LogEntry[],
  options: OneSendOptions = {},
): number {
  const v = oneSendViolations(entries, options);
  assert.deepEqual(v, [], `one send per intent:\n  ${v.join("\n  ")}`);
  const sends = sendsReceived(entries, options.commands);
  for (const s of sends) {
    const allowances = (options.allow ?? [])
      .filter((a) => keyOf(a) === keyOf(s))
      .reduce((n, a) => n + (a.extra ?? 1), 0);
    const planted = plantDuplicates(entries, s, allowances + 1);
    assert.notDeepEqual(
      oneSendViolations(planted, options),
      [],
      `a duplicate ${keyOf(s)} planted in this log is not caught: the check proves nothing`,
    );
  }
  return sends.length;
}

/** The log with `copies` more sends of the intent's first request, received after the rest. */
export function plantDuplicates(
  entries: readonly LogEntry[],
  s: Sends,
  copies: number,
): LogEntry[] {
  const first = s.entries[0];
  if (first === undefined) return [...entries];
  let seq = entries.reduce((m, e) => Math.max(m, e.seq), 0);
  const out = [...entries];
  for (let i = 0; i < copies; i++) out.push({ ...first, seq: ++seq, requestId: null });
  return out;
}

/**
 * A resend allowed after each request that ended `failed` on the gateway (its effect did not
 * happen, so asking again is a new attempt, not a duplicate). `ids` are the failed requests'
 * ids; see failedRequestIds.
 */
export function resendsAfterFailed(
  entries: readonly LogEntry[],
  ids: ReadonlySet<string>,
): AllowedResend[] {
  const out: AllowedResend[] = [];
  for (const e of entries) {
    const command = commandKey(e);
    if (command === null || e.requestId === null || !ids.has(e.requestId)) continue;
    out.push({
      subject: subjectOf(e),
      command,
      reason: `request ${e.requestId} ended failed`,
      afterSeq: e.seq,
    });
  }
  return out;
}

/** The ids of the simulator's two-step requests that ended `failed`. */
export function failedRequestIds(sim: SimulatorHandle): Set<string> {
  const out = new Set<string>();
  for (const r of sim.engine.queue.all()) if (r.state === "failed") out.add(r.id);
  return out;
}

/**
 * A resend allowed after each request answered with one of `codes` — only codes by which the
 * gateway says it did nothing (63027 congested, for one), so asking again cannot do it twice.
 */
export function resendsAfterRefusal(
  entries: readonly LogEntry[],
  codes: readonly number[],
): AllowedResend[] {
  const out: AllowedResend[] = [];
  for (const e of entries) {
    const command = commandKey(e);
    if (command === null || e.httpStatus === 0) continue;
    const code = e.codes.find((c) => codes.includes(c));
    if (code === undefined) continue;
    out.push({
      subject: subjectOf(e),
      command,
      reason: `#${e.seq} refused with ${code}`,
      afterSeq: e.seq,
    });
  }
  return out;
}

/**
 * Faults with which the simulator answers before it handles the call (simulator/routes.ts), so
 * the gateway did nothing and a resend cannot do anything twice. `lost-answer` and `slow` are
 * not among them: those calls are performed.
 */
export const UNPERFORMED_FAULTS: readonly string[] = [
  "congestion",
  "error",
  "http500",
  "drop",
  "garbled",
];

/** A resend allowed after each request the simulator answered with a fault and did not perform. */
export function resendsAfterUnperformed(entries: readonly LogEntry[]): AllowedResend[] {
  const out: AllowedResend[] = [];
  for (const e of entries) {
    const command = commandKey(e);
    if (command === null || e.fault === null || !UNPERFORMED_FAULTS.includes(e.fault)) continue;
    out.push({
      subject: subjectOf(e),
      command,
      reason: `#${e.seq} answered with a ${e.fault} fault, not performed`,
      afterSeq: e.seq,
    });
  }
  return out;
}
