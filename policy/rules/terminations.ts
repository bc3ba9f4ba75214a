// At most `max` SIMs terminated by one update: removed Sims whose deletionPolicy terminates, and
// replaced ones (a new ICCID deletes the old SIM first, per its policy). Stack-level: the engine
// gives no resource-level look at deletes. A replacement whose new ICCID is unknown at preview
// is counted: the engine has planned it, and nothing checks again before it runs.

import type { SimChange } from "../changes";
import { effectOfDelete } from "../changes";
import { describeSim } from "../resources";
import { isUnknown } from "../unknown";
import type { Verdict } from "./verdict";
import { PASS, sims, violation } from "./verdict";

export const TERMINATIONS = "aql-sim-max-terminations";

export interface TerminationsConfig {
  max: number;
}

export const TERMINATIONS_DEFAULTS: TerminationsConfig = { max: 10 };

export function terminationsVerdict(changes: readonly SimChange[], c: TerminationsConfig): Verdict {
  const lines: string[] = [];
  for (const ch of changes) {
    if (ch.kind === "removed" && effectOfDelete(ch.before) === "terminate") {
      lines.push(`${describeSim(ch.before)} removed from the program`);
    }
    if (ch.kind === "replaced" && effectOfDelete(ch.before) === "terminate") {
      const next = isUnknown(ch.after.iccid) ? "an ICCID not known until apply" : ch.after.iccid;
      lines.push(`${describeSim(ch.before)} replaced by ${next}`);
    }
  }
  if (lines.length <= c.max) return PASS;
  return violation(
    `this update terminates ${sims(lines.length)}, more than the ${c.max} allowed ` +
      `(termination is irreversible): ${lines.join("; ")}. ` +
      `Split the change into updates of at most ${c.max} terminations, set deletionPolicy ` +
      `"suspend" or "retain" on the SIMs to keep, or raise "max" of ${TERMINATIONS} in the ` +
      `policy pack config if this is intended.`,
  );
}
