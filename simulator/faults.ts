// Fault injection. A rule says what goes wrong, for which calls, and how often.
//
// Kinds (what happens to a call the rule fires on):
// - congestion    answer `status: 63027`; nothing done
// - http500       HTTP 500 with an HTML body; nothing done
// - drop          the socket is destroyed without an answer; nothing done
// - slow          the call is performed, the answer is sent after delayMs (default 1000)
// - lost-answer   the call is performed (a two-step request is queued), then the socket is
//                 destroyed without an answer
// - fail-request  the two-step request queued by this call will end `failed` (only matches
//                 two-step commands; the answer itself is normal)
// - error         answer `status: <code>` (code, default 63033); nothing done
// - garbled       answer HTTP 200 with garble = html (an HTML error page, default) | empty (an
//                 empty body) | huge (bytes of junk, default 8 MiB, no status line); nothing done
//
// Which calls: `commands` (default all) lists command names (`activate`), route-qualified
// names (`vm:info`, `rec:config`, `sim:queryiccid`) or whole routes (`vm`, `rec`, `sim`);
// `iccid` and `number` (geo_nos / geo_no) narrow it further.
// How often: a call that matches is counted (`matched`). With `count`, only the first `count`
// matches are candidates; with `rate`, a candidate fires with that probability (seeded PRNG;
// default 1); with `times`, the rule fires at most that many times in all. The first rule (in
// the order added) that fires decides the answer; fail-request rules are evaluated separately,
// when a two-step request is queued.

import { z } from "zod";
import { isTwoStep } from "./vocabulary";
import type { Prng } from "./random";

export const FAULT_KINDS = [
  "congestion",
  "http500",
  "drop",
  "slow",
  "lost-answer",
  "fail-request",
  "error",
  "garbled",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const GARBLE_VARIANTS = ["html", "empty", "huge"] as const;
export type GarbleVariant = (typeof GARBLE_VARIANTS)[number];

export const faultRuleSchema = z.strictObject({
  kind: z.enum(FAULT_KINDS),
  commands: z.array(z.string().min(1)).optional(),
  iccid: z.string().min(1).optional(),
  number: z.string().min(1).optional(),
  rate: z.number().min(0).max(1).optional(),
  count: z.number().int().min(0).optional(),
  times: z.number().int().min(0).optional(),
  delayMs: z.number().int().min(0).max(600_000).optional(),
  code: z.number().int().min(1).max(99999).optional(),
  garble: z.enum(GARBLE_VARIANTS).optional(),
  bytes: z
    .number()
    .int()
    .min(1)
    .max(256 * 1024 * 1024)
    .optional(),
});

/** A rule as given (options, CLI, control endpoint). */
export type FaultRuleInput = z.input<typeof faultRuleSchema>;

/** A rule as kept, with its counters. */
export interface FaultRule {
  id: string;
  kind: FaultKind;
  commands: string[] | null;
  iccid: string | null;
  number: string | null;
  rate: number | null;
  count: number | null;
  times: number | null;
  delayMs: number;
  code: number;
  garble: GarbleVariant;
  bytes: number;
  matched: number;
  fired: number;
}

/** What a fault rule is matched against. */
export interface FaultCall {
  route: string;
  command: string;
  iccid: string | null;
  number: string | null;
}

export const DEFAULT_SLOW_MS = 1000;
export const DEFAULT_ERROR_CODE = 63033;
export const DEFAULT_HUGE_BYTES = 8 * 1024 * 1024;

/** Validate a rule; throws an Error naming the bad field. */
export function parseFaultRule(input: unknown): FaultRuleInput {
  const r = faultRuleSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue === undefined ? "" : issue.path.map(String).join(".");
    throw new Error(`invalid fault rule${where ? ` (${where})` : ""}: ${issue?.message ?? ""}`);
  }
  return r.data;
}

/**
 * The CLI form: `kind[:rate][,key=value...]`, e.g. `congestion:0.2`,
 * `error,code=63033,commands=activate+suspend,count=2`, `slow,delayMs=3000`,
 * `garbled:0.1,garble=huge`. A spec starting with `{` is read as JSON.
 */
export function parseFaultSpec(spec: string): FaultRuleInput {
  const s = spec.trim();
  if (s.startsWith("{")) return parseFaultRule(JSON.parse(s));
  const [head = "", ...rest] = s.split(",");
  const [kind, rate] = head.split(":");
  const out: Record<string, unknown> = { kind };
  if (rate !== undefined) out["rate"] = Number(rate);
  for (const part of rest) {
    const eq = part.indexOf("=");
    if (eq <= 0) throw new Error(`invalid fault spec "${spec}": expected key=value, got "${part}"`);
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "commands") out[key] = value.split(/[+|]/).filter((c) => c !== "");
    else if (key === "iccid" || key === "number" || key === "garble") out[key] = value;
    else out[key] = Number(value);
  }
  return parseFaultRule(out);
}

export class FaultSet {
  private rules: FaultRule[] = [];
  private nextId = 1;

  constructor(private readonly prng: Prng) {}

  add(input: FaultRuleInput): FaultRule {
    const r = parseFaultRule(input);
    const rule: FaultRule = {
      id: `f${this.nextId++}`,
      kind: r.kind,
      commands: r.commands ?? null,
      iccid: r.iccid ?? null,
      number: r.number ?? null,
      rate: r.rate ?? null,
      count: r.count ?? null,
      times: r.times ?? null,
      delayMs: r.delayMs ?? DEFAULT_SLOW_MS,
      code: r.code ?? DEFAULT_ERROR_CODE,
      garble: r.garble ?? "html",
      bytes: r.bytes ?? DEFAULT_HUGE_BYTES,
      matched: 0,
      fired: 0,
    };
    this.rules.push(rule);
    return rule;
  }

  /** Remove one rule (true if it existed) or, without an id, all of them. */
  clear(id?: string): boolean {
    if (id === undefined) {
      const had = this.rules.length > 0;
      this.rules = [];
      return had;
    }
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r, commands: r.commands && [...r.commands] }));
  }

  /** The first answer-changing rule (anything but fail-request) that fires on this call. */
  answerFault(call: FaultCall): FaultRule | undefined {
    for (const rule of this.rules) {
      if (rule.kind !== "fail-request" && this.fires(rule, call)) return rule;
    }
    return undefined;
  }

  /** Whether a fail-request rule fires on this call (asked when a request is queued). */
  failRequest(call: FaultCall): FaultRule | undefined {
    if (call.route !== "sim" || !isTwoStep(call.command)) return undefined;
    for (const rule of this.rules) {
      if (rule.kind === "fail-request" && this.fires(rule, call)) return rule;
    }
    return undefined;
  }

  private fires(rule: FaultRule, call: FaultCall): boolean {
    if (!matches(rule, call)) return false;
    rule.matched++;
    if (rule.count !== null && rule.matched > rule.count) return false;
    if (rule.times !== null && rule.fired >= rule.times) return false;
    if (rule.rate !== null && !this.prng.chance(rule.rate)) return false;
    rule.fired++;
    return true;
  }
}

export function matches(rule: FaultRule, call: FaultCall): boolean {
  if (rule.iccid !== null && rule.iccid !== call.iccid) return false;
  if (rule.number !== null && rule.number !== call.number) return false;
  if (rule.commands === null) return true;
  return rule.commands.some(
    (c) =>
      c === "*" || c === call.command || c === call.route || c === `${call.route}:${call.command}`,
  );
}
