// What an update does to each Sim, from the stack's state before it and the Sims the program
// declares now: removed, replaced (a new ICCID, or one not known until apply), newly suspended.
// Pure. The engine shows a stack policy only the resources that remain, so the removed ones are
// found by comparing with the state.

import type { DeletionPolicy, SimView } from "./resources";
import { isUnknown } from "./unknown";

/** A Sim in the stack's state before the update. */
export interface PriorSim extends SimView {
  /** The resource option: a delete leaves the SIM alone. */
  retainOnDelete: boolean;
}

export type SimChange =
  | { kind: "removed"; before: PriorSim }
  | { kind: "replaced"; before: PriorSim; after: SimView }
  | { kind: "kept"; before: PriorSim; after: SimView }
  | { kind: "added"; after: SimView };

export function simChanges(before: readonly PriorSim[], after: readonly SimView[]): SimChange[] {
  const now = new Map(after.map((s) => [s.urn, s]));
  const out: SimChange[] = [];
  for (const b of before) {
    const a = now.get(b.urn);
    if (a === undefined) out.push({ kind: "removed", before: b });
    else if (isUnknown(a.iccid) || a.iccid !== b.iccid)
      out.push({ kind: "replaced", before: b, after: a });
    else out.push({ kind: "kept", before: b, after: a });
    now.delete(b.urn);
  }
  for (const a of now.values()) out.push({ kind: "added", after: a });
  return out;
}

/** What deleting the old SIM does to it: the state keeps the policy among the outputs. */
export function effectOfDelete(b: PriorSim): DeletionPolicy {
  if (b.retainOnDelete) return "retain";
  const p = b.deletionPolicy;
  return p === undefined || isUnknown(p) ? "terminate" : p;
}
