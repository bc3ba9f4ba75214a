// The combined progress of K stacks running at once, from their engine events: how many SIMs
// each shard has finished (by operation) and how many failed, as one line. Pure (the caller
// feeds events and prints).

import type { EngineEvent } from "@pulumi/pulumi/automation";

export const SIM_TYPE = "pulumi-nodejs:dynamic/aql:Sim";

export interface ShardCounts {
  /** SIMs whose step finished, by operation (create, update, same, delete...). */
  done: Record<string, number>;
  /** SIMs whose step failed. */
  failed: number;
  /** SIMs whose step started and has not finished. */
  running: number;
  finished: boolean;
}

export class ShardProgress {
  readonly shards: ShardCounts[];

  constructor(count: number) {
    this.shards = Array.from({ length: count }, () => ({
      done: {},
      failed: 0,
      running: 0,
      finished: false,
    }));
  }

  onEvent(index: number, e: EngineEvent): void {
    const s = this.shards[index];
    if (s === undefined) return;
    const pre = e.resourcePreEvent?.metadata;
    if (pre !== undefined && pre.type === SIM_TYPE && pre.op !== "same") s.running++;
    const out = e.resOutputsEvent?.metadata;
    if (out !== undefined && out.type === SIM_TYPE) {
      if (out.op !== "same") s.running = Math.max(0, s.running - 1);
      s.done[out.op] = (s.done[out.op] ?? 0) + 1;
    }
    const failed = e.resOpFailedEvent?.metadata;
    if (failed !== undefined && failed.type === SIM_TYPE) {
      s.running = Math.max(0, s.running - 1);
      s.failed++;
    }
  }

  finish(index: number): void {
    const s = this.shards[index];
    if (s !== undefined) s.finished = true;
  }

  /** "12 s: 3120 SIMs done (create 3000, same 120), 40 waiting, 2 failed; shards 0: 800 ..." */
  line(elapsedMs: number): string {
    const total: Record<string, number> = {};
    let failed = 0;
    let running = 0;
    for (const s of this.shards) {
      for (const [op, n] of Object.entries(s.done)) total[op] = (total[op] ?? 0) + n;
      failed += s.failed;
      running += s.running;
    }
    const sum = (d: Record<string, number>) => Object.values(d).reduce((a, b) => a + b, 0);
    const ops = Object.entries(total)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([op, n]) => `${op} ${n}`)
      .join(", ");
    const per = this.shards
      .map(
        (s, i) =>
          `${i}: ${sum(s.done)}${s.failed > 0 ? ` (${s.failed} failed)` : ""}${s.finished ? " done" : ""}`,
      )
      .join(", ");
    return (
      `${Math.round(elapsedMs / 1000)} s: ${sum(total)} SIMs done${ops ? ` (${ops})` : ""}, ` +
      `${running} in progress, ${failed} failed; shards ${per}`
    );
  }
}
