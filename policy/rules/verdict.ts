// What a rule returns: violations to report, and the resources it could not judge because a
// value is unknown until apply (at preview).

export interface Verdict {
  violations: string[];
  undecided: string[];
}

export const PASS: Verdict = { violations: [], undecided: [] };

export function violation(message: string): Verdict {
  return { violations: [message], undecided: [] };
}

export function undecided(what: string): Verdict {
  return { violations: [], undecided: [what] };
}

/** "1 SIM", "3 SIMs". */
export function sims(n: number): string {
  return `${n} SIM${n === 1 ? "" : "s"}`;
}
