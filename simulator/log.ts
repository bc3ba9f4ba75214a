// Observability: a request log in a ring buffer (bounded memory) and exact counters.
// Entries carry safe fields only: never a password, a Crisp password or subscriber details.

export interface LogEntry {
  seq: number;
  /** Epoch ms when the answer was decided. */
  at: number;
  method: string;
  /** Route name: sim, vm, rec, control is not logged, unknown for a 404. */
  route: string;
  path: string;
  account: string | null;
  command: string | null;
  iccid: string | null;
  number: string | null;
  requestId: string | null;
  /** Codes of the `status:` line; empty when no gateway answer was sent. */
  codes: number[];
  /** 0 when the socket was destroyed without an answer. */
  httpStatus: number;
  /** The fault applied (kind), if any. */
  fault: string | null;
  durationMs: number;
}

export type LogInput = Omit<LogEntry, "seq">;

export const DEFAULT_LOG_CAPACITY = 200_000;

export class RequestLog {
  private readonly ring: (LogEntry | undefined)[];
  private seq = 0;

  constructor(readonly capacity: number = DEFAULT_LOG_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error("log capacity must be >= 1");
    this.ring = new Array<LogEntry | undefined>(capacity);
  }

  /** The seq of the latest entry (0 before any). */
  get lastSeq(): number {
    return this.seq;
  }

  append(input: LogInput): LogEntry {
    const entry: LogEntry = { seq: ++this.seq, ...input };
    this.ring[entry.seq % this.capacity] = entry;
    return entry;
  }

  /** Entries with seq > since, oldest first, at most limit of them (the oldest kept first). */
  since(since = 0, limit = Number.POSITIVE_INFINITY): LogEntry[] {
    const first = Math.max(since + 1, this.seq - this.capacity + 1, 1);
    const out: LogEntry[] = [];
    for (let s = first; s <= this.seq && out.length < limit; s++) {
      const e = this.ring[s % this.capacity];
      if (e !== undefined && e.seq === s) out.push(e);
    }
    return out;
  }

  clear(): void {
    this.ring.fill(undefined);
    this.seq = 0;
  }
}

export interface CountersData {
  /** Every call answered or dropped on a gateway route (404s included). */
  requests: number;
  /** command -> status key -> count. The status key is the `status:` line's codes ("200",
   *  "63028,63030"), or "http-500", "http-404", "http-405", "no-answer", "garbled". */
  byCommand: Record<string, Record<string, number>>;
  byStatus: Record<string, number>;
  byFault: Record<string, number>;
  /** Two-step requests by how they settled. */
  settled: { success: number; failed: number };
  settledByCommand: Record<string, { success: number; failed: number }>;
  /** Successful activations by ICCID (more than 1 for an ICCID would be a bug somewhere). */
  activations: Record<string, number>;
  activationsTotal: number;
}

export function emptyCounters(): CountersData {
  return {
    requests: 0,
    byCommand: {},
    byStatus: {},
    byFault: {},
    settled: { success: 0, failed: 0 },
    settledByCommand: {},
    activations: {},
    activationsTotal: 0,
  };
}

export function statusKey(entry: Pick<LogEntry, "codes" | "httpStatus" | "fault">): string {
  if (entry.httpStatus === 0) return "no-answer";
  if (entry.fault === "garbled") return "garbled";
  if (entry.codes.length > 0) return entry.codes.join(",");
  return `http-${entry.httpStatus}`;
}

function bump(rec: Record<string, number>, key: string): void {
  rec[key] = (rec[key] ?? 0) + 1;
}

export class Counters {
  data: CountersData = emptyCounters();

  /** Count one call. `commandKey` is bounded by the caller (unknown commands share a key). */
  record(commandKey: string, entry: Pick<LogEntry, "codes" | "httpStatus" | "fault">): void {
    const d = this.data;
    d.requests++;
    const key = statusKey(entry);
    bump((d.byCommand[commandKey] ??= {}), key);
    bump(d.byStatus, key);
    if (entry.fault !== null) bump(d.byFault, entry.fault);
  }

  settled(command: string, iccid: string, state: "success" | "failed"): void {
    const d = this.data;
    d.settled[state]++;
    (d.settledByCommand[command] ??= { success: 0, failed: 0 })[state]++;
    if (command === "activate" && state === "success") {
      bump(d.activations, iccid);
      d.activationsTotal++;
    }
  }

  snapshot(): CountersData {
    return structuredClone(this.data);
  }

  reset(): void {
    this.data = emptyCounters();
  }
}
