// Test helpers: clocks that take no real time, and a MockAgent gateway that records the
// requests the client sends.

import { MockAgent } from "undici";
import type { AqlConfig } from "../../../provider/config";
import { parseConfig } from "../../../provider/config";
import type { GatewayClient, RequestEvent } from "../../../provider/gateway/client";
import { createGatewayClient } from "../../../provider/gateway/client";
import type { GatewayScript } from "../../../provider/gateway/params";
import { SCRIPT_PATHS } from "../../../provider/gateway/params";
import type { Clock } from "../../../provider/gateway/retry";

export const ORIGIN = "https://gw.test";
/** Holds characters that form encoding changes, so that encoded leaks are caught too. */
export const PASSWORD = "Pa55 w&rd=%+s3cret";
export const USERNAME = "acme";

export function testConfig(overrides: Record<string, unknown> = {}): AqlConfig {
  return parseConfig({
    username: USERNAME,
    password: PASSWORD,
    endpoint: ORIGIN,
    firstCheckDelay: 1000,
    pollBackoff: 2,
    maxPollInterval: 8000,
    waitDeadline: 60_000,
    congestionBackoff: 300_000,
    requestTimeout: 5000,
    maxRetries: 3,
    retryDelay: 1000,
    maxConcurrency: 4,
    requestsPerSecond: 1000,
    ...overrides,
  });
}

function aborted(signal: AbortSignal): unknown {
  return signal.reason ?? new Error("aborted");
}

/** Sequential code only: every sleep returns at once and moves the time on by its length. */
export class AutoClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(public t = 1_000_000) {}
  now(): number {
    return this.t;
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(aborted(signal));
    this.sleeps.push(ms);
    this.t += ms;
    return Promise.resolve();
  }
}

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

/** Concurrent code: time moves only through advance(), firing timers in order. */
export class FakeClock implements Clock {
  private timers: Timer[] = [];
  private seq = 0;
  constructor(public t = 0) {}
  now(): number {
    return this.t;
  }
  get pendingTimers(): number {
    return this.timers.length;
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(aborted(signal));
    return new Promise((resolve, reject) => {
      const timer: Timer = { at: this.t + ms, seq: this.seq++, resolve };
      this.timers.push(timer);
      signal?.addEventListener("abort", () => {
        this.timers = this.timers.filter((x) => x !== timer);
        reject(aborted(signal));
      });
    });
  }
  async advance(ms: number): Promise<void> {
    const target = this.t + ms;
    for (;;) {
      await flush();
      const due = this.timers
        .filter((x) => x.at <= target)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = due.at;
      due.resolve();
    }
    this.t = target;
    await flush();
  }
}

/** Let every pending promise callback and I/O callback run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

export type MockAnswer =
  string | { http: number; body?: string; headers?: Record<string, string> } | { error: Error };

export interface SentRequest {
  path: string;
  method: string;
  contentType: string | undefined;
  raw: string;
  form: [string, string][];
  fullUrl: string;
}

export interface MockGateway {
  agent: MockAgent;
  client: GatewayClient;
  clock: AutoClock;
  config: AqlConfig;
  events: RequestEvent[];
  /** Queue answers for a script, served in order, one request each. */
  answer(script: GatewayScript, ...answers: MockAnswer[]): void;
  sent(): SentRequest[];
}

export function mockGateway(overrides: Record<string, unknown> = {}): MockGateway {
  const agent = new MockAgent({ enableCallHistory: true });
  agent.disableNetConnect();
  const pool = agent.get(ORIGIN);
  const clock = new AutoClock();
  const config = testConfig(overrides);
  const events: RequestEvent[] = [];
  const client = createGatewayClient(config, {
    dispatcher: agent,
    clock,
    onRequest: (e) => events.push(e),
  });
  return {
    agent,
    client,
    clock,
    config,
    events,
    answer(script, ...answers) {
      for (const a of answers) {
        const scope = pool.intercept({ path: SCRIPT_PATHS[script], method: "POST" });
        if (typeof a === "string") scope.reply(200, a);
        else if ("error" in a) scope.replyWithError(a.error);
        else scope.reply(a.http, a.body ?? "", a.headers ? { headers: a.headers } : {});
      }
    },
    sent() {
      return (agent.getCallHistory()?.calls() ?? []).map((c) => {
        const raw = typeof c.body === "string" ? c.body : "";
        const headers = c.headers ?? {};
        const ct = headers["content-type"];
        return {
          path: c.path,
          method: c.method,
          contentType: Array.isArray(ct) ? ct[0] : ct,
          raw,
          form: [...new URLSearchParams(raw).entries()],
          fullUrl: c.fullUrl,
        };
      });
    },
  };
}

/** The fields the client sends before the command's own. */
export function credentialsAnd(command: string, ...fields: [string, string][]): [string, string][] {
  return [["username", USERNAME], ["password", PASSWORD], ["command", command], ...fields];
}

export function errorCode(err: unknown): string | undefined {
  return err instanceof Error && "code" in err
    ? String((err as { code: unknown }).code)
    : undefined;
}

/** Build an Error carrying a Node-style `code`. */
export function netError(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}
