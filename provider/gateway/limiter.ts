// How many requests may be in flight, and how many may start per second: one limiter per
// gateway account in the process, so a thousand SIMs in one deployment do not flood it.
// Waiters queue first-in first-out; at most one timer runs, and only while someone waits for
// a token, so thousands of waiters cost an array slot each.

import type { AqlConfig } from "../config";
import type { Clock } from "./retry";
import { abortReason, systemClock } from "./retry";

export interface LimiterOptions {
  maxConcurrency: number;
  /** Token bucket: up to this many start at once after a quiet spell, then this many a second. */
  requestsPerSecond: number;
  clock?: Clock;
}

/** The limits the configuration sets (aql:maxConcurrency, aql:requestsPerSecond). */
export function configuredLimiter(config: AqlConfig, clock?: Clock): Limiter {
  const { maxConcurrency, requestsPerSecond } = config;
  return new Limiter({ maxConcurrency, requestsPerSecond, ...(clock && { clock }) });
}

/** Give the slot back; calling it more than once is harmless. */
export type Release = () => void;

interface Waiter {
  resolve: (release: Release) => void;
  reject: (reason: unknown) => void;
  settled: boolean;
  signal?: AbortSignal;
  onAbort?: () => void;
}

// Tokens are fractions of a request; a hair under 1 after float arithmetic still counts as 1.
const EPSILON = 1e-9;

export class Limiter {
  private readonly clock: Clock;
  private readonly maxConcurrency: number;
  private readonly rate: number;
  private readonly burst: number;
  private tokens: number;
  private refilledAt: number;
  private inFlight = 0;
  private queue: Waiter[] = [];
  private head = 0;
  private live = 0;
  private timerPending = false;

  constructor(opts: LimiterOptions) {
    if (!(opts.maxConcurrency >= 1)) throw new RangeError("maxConcurrency must be at least 1");
    if (!(opts.requestsPerSecond > 0)) throw new RangeError("requestsPerSecond must be positive");
    this.clock = opts.clock ?? systemClock;
    this.maxConcurrency = Math.floor(opts.maxConcurrency);
    this.rate = opts.requestsPerSecond;
    this.burst = Math.max(1, opts.requestsPerSecond);
    this.tokens = this.burst;
    this.refilledAt = this.clock.now();
  }

  /** Requests holding a slot now. */
  get active(): number {
    return this.inFlight;
  }

  /** Requests queued for a slot. */
  get waiting(): number {
    return this.live;
  }

  /** Wait for a slot and a token; resolves with the function that gives the slot back. */
  acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<Release>((resolve, reject) => {
      const w: Waiter = { resolve, reject, settled: false };
      if (signal !== undefined) {
        w.signal = signal;
        w.onAbort = () => {
          if (w.settled) return;
          w.settled = true;
          this.live--;
          reject(abortReason(signal));
          this.pump(); // the waiter behind may now be first
        };
        signal.addEventListener("abort", w.onAbort, { once: true });
      }
      this.queue.push(w);
      this.live++;
      this.pump();
    });
  }

  /** Run `fn` inside a slot. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.refilledAt);
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.rate) / 1000);
    this.refilledAt = now;
  }

  private pump(): void {
    this.refill();
    while (this.head < this.queue.length) {
      const w = this.queue[this.head]!;
      if (w.settled) {
        this.head++;
        continue;
      }
      if (this.inFlight >= this.maxConcurrency) break; // a release will pump again
      if (this.tokens < 1 - EPSILON) {
        this.wakeForToken();
        break;
      }
      this.head++;
      this.grant(w);
    }
    // Drop the consumed front of the queue now and then, not on every grant.
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  private grant(w: Waiter): void {
    w.settled = true;
    this.live--;
    if (w.signal !== undefined && w.onAbort !== undefined) {
      w.signal.removeEventListener("abort", w.onAbort);
    }
    this.tokens = Math.max(0, this.tokens - 1);
    this.inFlight++;
    let released = false;
    w.resolve(() => {
      if (released) return;
      released = true;
      this.inFlight--;
      this.pump();
    });
  }

  /** One timer at a time, for when the next token is due. */
  private wakeForToken(): void {
    if (this.timerPending) return;
    this.timerPending = true;
    const ms = Math.max(1, Math.ceil(((1 - this.tokens) * 1000) / this.rate));
    void this.clock.sleep(ms).then(() => {
      this.timerPending = false;
      this.pump();
    });
  }
}
