// No more than `maxPercent` of the estate (the Sims in the state before the update) suspended
// by one update, beyond `allowAtLeast` SIMs that are always allowed. Suspending counts a kept
// Sim turning suspended, and removed or replaced Sims whose deletionPolicy is "suspend". An
// unknown `suspended` at preview counts: the engine has planned the change, and this
// stack-level rule does not run again before it.

import type { SimChange } from "../changes";
import { effectOfDelete } from "../changes";
import { describeSim } from "../resources";
import { isUnknown } from "../unknown";
import type { Verdict } from "./verdict";
import { PASS, sims, violation } from "./verdict";

export const SUSPENSIONS = "aql-sim-max-suspended-share";

export interface SuspensionsConfig {
  maxPercent: number;
  allowAtLeast: number;
}

export const SUSPENSIONS_DEFAULTS: SuspensionsConfig = { maxPercent: 10, allowAtLeast: 1 };

export function suspensionsVerdict(changes: readonly SimChange[], c: SuspensionsConfig): Verdict {
  let estate = 0;
  const lines: string[] = [];
  for (const ch of changes) {
    if (ch.kind === "added") continue;
    estate++;
    if (ch.kind === "kept") {
      const was = ch.before.suspended === true;
      if (was) continue;
      if (isUnknown(ch.after.suspended)) {
        lines.push(`${describeSim(ch.before)} (suspended is not known until apply)`);
      } else if (ch.after.suspended) {
        lines.push(`${describeSim(ch.before)} suspended`);
      }
    } else if (effectOfDelete(ch.before) === "suspend" && ch.before.suspended !== true) {
      const how = ch.kind === "removed" ? "removed" : "replaced";
      lines.push(`${describeSim(ch.before)} ${how} with deletionPolicy "suspend"`);
    }
  }
  const n = lines.length;
  if (estate === 0 || n <= c.allowAtLeast) return PASS;
  const percent = (100 * n) / estate;
  if (percent <= c.maxPercent) return PASS;
  return violation(
    `this update suspends ${sims(n)} of an estate of ${estate} (${round(percent)}%), more than ` +
      `the ${c.maxPercent}% allowed: ${lines.join("; ")}. Suspend them over several updates, ` +
      `or raise "maxPercent" of ${SUSPENSIONS} in the policy pack config if this is intended.`,
  );
}

function round(p: number): string {
  return Number.isInteger(p) ? String(p) : p.toFixed(1);
}
