// Progress of a long command: on a terminal, one line redrawn in place with a bar; otherwise
// (CI logs, files) a plain line every `everyMs`, so a log neither floods nor goes silent. The
// rate and time left are from the work done in this run.

import type { CliStream } from "./io";

export interface ProgressView {
  done: number;
  total: number;
  /** e.g. "adoptable 120, skipped 3". */
  detail: string;
}

export interface ProgressOptions {
  label: string;
  now: () => number;
  /** Between plain lines (default 10 s). */
  everyMs?: number;
}

const BAR_WIDTH = 24;
/** Between redraws on a terminal. */
const REDRAW_MS = 100;

export class Progress {
  private readonly startedAt: number;
  private lastAt = -Infinity;
  private drawn = false;
  private lastDrawn: string | undefined;

  constructor(
    private readonly stream: CliStream,
    private readonly options: ProgressOptions,
  ) {
    this.startedAt = options.now();
  }

  update(v: ProgressView): void {
    const now = this.options.now();
    const every = this.stream.isTTY ? REDRAW_MS : (this.options.everyMs ?? 10_000);
    if (now - this.lastAt < every && v.done < v.total) return;
    this.lastAt = now;
    this.draw(v, now);
  }

  /** The last state, then a newline on a terminal so that what follows starts clean. */
  finish(v: ProgressView): void {
    if (!(this.lastDrawn === `${v.done}/${v.total} ${v.detail}`)) this.draw(v, this.options.now());
    if (this.stream.isTTY && this.drawn) this.stream.write("\n");
    this.drawn = false;
  }

  private draw(v: ProgressView, now: number): void {
    this.lastDrawn = `${v.done}/${v.total} ${v.detail}`;
    const text = progressText(v, now - this.startedAt);
    if (this.stream.isTTY) {
      this.stream.write(`\r\x1b[K${this.options.label} ${bar(v)} ${text}`);
      this.drawn = true;
    } else {
      this.stream.write(`${this.options.label}: ${text}\n`);
    }
  }
}

export function progressText(v: ProgressView, elapsedMs: number): string {
  const pct = v.total === 0 ? 100 : Math.floor((100 * v.done) / v.total);
  const rate = elapsedMs > 0 ? (v.done * 1000) / elapsedMs : 0;
  const left =
    rate > 0 && v.done < v.total
      ? `, about ${duration(((v.total - v.done) / rate) * 1000)} left`
      : "";
  return `${v.done}/${v.total} (${pct}%), ${rate.toFixed(1)}/s${left}; ${v.detail}`;
}

function bar(v: ProgressView): string {
  const filled = v.total === 0 ? BAR_WIDTH : Math.round((BAR_WIDTH * v.done) / v.total);
  return `[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}]`;
}

/** 75s -> "1m15s", 3.2s -> "3s", 2h -> "2h00m". */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}
