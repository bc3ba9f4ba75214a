// Reading the simulator's request log in e2e tests: the calls made since a mark, per ICCID, by
// command, and the ones that change something as opposed to queries and polls.

import type { LogEntry, SimulatorHandle } from "../../simulator";

/** Commands that read and never change a SIM. */
export const READ_ONLY_COMMANDS: ReadonlySet<string> = new Set(["queryiccid", "checkstatus"]);

/** The seq of the latest log entry: take it before an operation, pass it to callsSince. */
export function mark(sim: SimulatorHandle): number {
  return sim.engine.log.lastSeq;
}

/** The gateway calls logged after `since`, oldest first. */
export function callsSince(sim: SimulatorHandle, since: number): LogEntry[] {
  return sim.log(since);
}

/** The commands sent about one ICCID, in order (checkstatus names no ICCID: see countOf). */
export function commandsFor(calls: readonly LogEntry[], iccid: string): string[] {
  return calls.filter((e) => e.iccid === iccid).map((e) => e.command ?? "(none)");
}

/** The calls that may change a SIM (everything but queryiccid and checkstatus). */
export function changingCalls(calls: readonly LogEntry[]): LogEntry[] {
  return calls.filter((e) => e.command === null || !READ_ONLY_COMMANDS.has(e.command));
}

export function countOf(calls: readonly LogEntry[], command: string, iccid?: string): number {
  return calls.filter((e) => e.command === command && (iccid === undefined || e.iccid === iccid))
    .length;
}

/** command -> number of calls. */
export function countByCommand(calls: readonly LogEntry[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of calls) {
    const k = e.command ?? "(none)";
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

/** The calls whose answer was not `status: 200`, shown for a failing assertion. */
export function unsuccessful(calls: readonly LogEntry[]): string[] {
  return calls
    .filter((e) => e.codes.length !== 1 || e.codes[0] !== 200)
    .map((e) => `${e.command ?? "?"} ${e.iccid ?? e.number ?? ""}: ${e.codes.join(",")}`);
}
