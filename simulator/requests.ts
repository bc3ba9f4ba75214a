// The two-step request queue. A request is `pending` until its due time (wall-clock epoch ms,
// so it survives a restart), then it settles: `success` applies its effect to the account's
// state, `failed` changes nothing (a failed activation returns the SIM to unused).
//
// The outcome is drawn when the request is queued (so the failure sequence depends on the
// order of submissions only, not on when anybody looks). A request whose effect has become
// impossible by its due time (the SIM was changed out of band) ends `failed`.

import type { RequestState, SettableService, TwoStepCommand } from "./vocabulary";
import {
  applyEvent,
  finishActivation,
  terminateSim,
  type AccountState,
  type SimRecord,
} from "./state";

export type FailureCause = "failure-rate" | "fault" | "state-changed";

export interface TwoStepRequest {
  id: string;
  account: string;
  command: TwoStepCommand;
  iccid: string;
  geoNo: string;
  /** For addservice/removeservice. */
  services: SettableService[];
  submittedAt: number;
  dueAt: number;
  state: RequestState;
  /** Decided when queued. */
  outcome: "success" | "failed";
  cause: FailureCause | null;
  settledAt: number | null;
}

/** All requests by id, and the pending ones in a min-heap ordered by due time. */
export class RequestQueue {
  private readonly byId = new Map<string, TwoStepRequest>();
  private heap: TwoStepRequest[] = [];

  get size(): number {
    return this.byId.size;
  }

  get pendingCount(): number {
    return this.heap.length;
  }

  get(id: string): TwoStepRequest | undefined {
    return this.byId.get(id);
  }

  all(): IterableIterator<TwoStepRequest> {
    return this.byId.values();
  }

  pending(): TwoStepRequest[] {
    return [...this.heap].sort(before);
  }

  clear(): void {
    this.byId.clear();
    this.heap = [];
  }

  add(request: TwoStepRequest): void {
    this.byId.set(request.id, request);
    if (request.state === "pending") this.push(request);
  }

  nextDueAt(): number | undefined {
    return this.heap[0]?.dueAt;
  }

  /** Remove and return the pending requests due at `now`, earliest first. */
  popDue(now: number): TwoStepRequest[] {
    const out: TwoStepRequest[] = [];
    for (;;) {
      const top = this.heap[0];
      if (top === undefined || top.dueAt > now) break;
      out.push(this.pop());
    }
    return out;
  }

  /** Remove and return every pending request, earliest first. */
  popAll(): TwoStepRequest[] {
    return this.popDue(Number.POSITIVE_INFINITY);
  }

  private push(r: TwoStepRequest): void {
    const h = this.heap;
    let i = h.length;
    h.push(r);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p];
      if (parent === undefined || before(parent, r) <= 0) break;
      h[i] = parent;
      i = p;
    }
    h[i] = r;
  }

  private pop(): TwoStepRequest {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (top === undefined || last === undefined) throw new Error("pop on an empty queue");
    if (h.length === 0) return top;
    let i = 0;
    for (;;) {
      let m = i;
      let best = last;
      for (const c of [2 * i + 1, 2 * i + 2]) {
        const child = h[c];
        if (child !== undefined && before(child, best) < 0) {
          m = c;
          best = child;
        }
      }
      if (m === i) break;
      h[i] = best;
      i = m;
    }
    h[i] = last;
    return top;
  }
}

function before(a: TwoStepRequest, b: TwoStepRequest): number {
  return a.dueAt - b.dueAt || Number(a.id) - Number(b.id) || (a.id < b.id ? -1 : 1);
}

/**
 * Settle one due request against its account's state, in place. Returns the final state.
 */
export function settleRequest(acc: AccountState, req: TwoStepRequest, now: number): RequestState {
  const sim = acc.sims.get(req.iccid);
  if (sim !== undefined && sim.pendingRequestId === req.id) sim.pendingRequestId = null;
  let applied = false;
  if (req.outcome === "success") applied = applyEffect(acc, sim, req, now);
  else if (req.command === "activate") finishActivation(acc, req.iccid, false, now);
  if (req.outcome === "success" && !applied) {
    if (req.command === "activate") finishActivation(acc, req.iccid, false, now);
    req.cause = "state-changed";
  }
  req.state = applied ? "success" : "failed";
  req.settledAt = now;
  return req.state;
}

function applyEffect(
  acc: AccountState,
  sim: SimRecord | undefined,
  req: TwoStepRequest,
  now: number,
): boolean {
  if (sim === undefined) return false;
  switch (req.command) {
    case "activate":
      return finishActivation(acc, req.iccid, true, now);
    case "terminate":
      return terminateSim(acc, req.iccid, now);
    case "suspend":
      return applyEvent(sim, "suspend", now);
    case "unsuspend":
      return applyEvent(sim, "unsuspend", now);
    case "addservice":
    case "removeservice": {
      if (sim.state !== "active") return false;
      for (const s of req.services) sim.services[s] = req.command === "addservice";
      sim.updatedAt = now;
      return true;
    }
  }
}
