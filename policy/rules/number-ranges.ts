// Geographic numbers only from the ranges (first and last number, inclusive) or prefixes the
// business owns. With neither configured the rule has nothing to check against and says so.
// An unknown number at preview is left undecided; the engine checks again before the change.

import type { SimView } from "../resources";
import { describeSim, digitsOf } from "../resources";
import { isUnknown } from "../unknown";
import type { Verdict } from "./verdict";
import { PASS, undecided, violation } from "./verdict";

export const NUMBER_RANGES = "aql-sim-number-ranges";

export interface NumberRange {
  from: string;
  to: string;
}

export interface NumberRangesConfig {
  ranges: NumberRange[];
  prefixes: string[];
}

export const NUMBER_RANGES_DEFAULTS: NumberRangesConfig = { ranges: [], prefixes: [] };

export function isConfigured(c: NumberRangesConfig): boolean {
  return c.ranges.length > 0 || c.prefixes.length > 0;
}

export function numberRangesVerdict(sim: SimView, c: NumberRangesConfig): Verdict {
  if (isUnknown(sim.geoNumber)) return undecided(`${describeSim(sim)}: geoNumber`);
  const n = sim.geoNumber;
  if (c.prefixes.some((p) => n.startsWith(digitsOf(p)))) return PASS;
  if (c.ranges.some((r) => inRange(n, r))) return PASS;
  const owned = [
    ...c.ranges.map((r) => `${digitsOf(r.from)}-${digitsOf(r.to)}`),
    ...c.prefixes.map((p) => `${digitsOf(p)}*`),
  ].join(", ");
  return violation(
    `Sim ${describeSim(sim)} has the number ${n}, which is outside the ranges the business ` +
      `owns (${owned}). Use a number from those ranges, or add its range to "ranges" or ` +
      `"prefixes" of ${NUMBER_RANGES} in the policy pack config.`,
  );
}

/** Numbers of the same length compare as digit strings; other lengths are outside. */
export function inRange(n: string, r: NumberRange): boolean {
  const from = digitsOf(r.from);
  const to = digitsOf(r.to);
  if (n.length !== from.length || n.length !== to.length) return false;
  return n >= from && n <= to;
}
