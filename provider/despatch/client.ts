// The despatch API client: SIM orders and stock. Same transport rules as the gateway client:
// a form POST (credentials never in a URL) over the process-wide keep-alive pool, a time-out, a
// cap on the answer's size, read-only commands resent after transport failures, an order never
// resent blindly (its reference tells whether it arrived). The address comes from
// `aql:despatchEndpoint`; every assumed name is in names.ts.

import type { Dispatcher } from "undici";
import type { AqlConfig } from "../config";
import { checkEndpoint, requireCredentials } from "../config";
import type { CallSubject } from "../errors";
import { BadAnswerError, ConfigError, TransportError } from "../errors";
import { scrubSecrets } from "../gateway/client";
import { validate } from "../gateway/params";
import type { Clock } from "../gateway/retry";
import { systemClock, transportDelay } from "../gateway/retry";
import { classifyNetworkError, sharedPool } from "../gateway/transport";
import type { DespatchAnswer, OrderInfo, SimBatch } from "./answer";
import { parseDespatchAnswer, readBatches, readOrder, UnreadableItems } from "./answer";
import { DespatchRefusedError, OrderAnswerLostError } from "./errors";
import type { DespatchCommand } from "./names";
import { DESPATCH_COMMANDS, DESPATCH_FIELDS, DESPATCH_PATH } from "./names";
import type { DespatchOrder } from "./params";
import { orderFields, orderRef as orderRefRule, orderSchema } from "./params";

export interface DespatchApi {
  /** Place an order; resolves with its status (processing, normally). */
  submit(order: DespatchOrder): Promise<OrderInfo>;
  query(orderRef: string): Promise<OrderInfo>;
  listBatches(): Promise<SimBatch[]>;
}

export interface DespatchClientOptions {
  /** An undici dispatcher (MockAgent in tests); default: the process-wide pool per origin. */
  dispatcher?: Dispatcher;
  clock?: Clock;
  /** Largest answer read, in bytes (default 256 KiB: a stock list can be long). */
  maxBodyBytes?: number;
}

const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

/**
 * The despatch URL: `aql:despatchEndpoint` as given when it has a path, else with the assumed
 * DESPATCH_PATH appended (so a bare host such as the simulator's URL works too).
 */
export function despatchUrl(config: AqlConfig): URL {
  if (config.despatchEndpoint === undefined) {
    throw new ConfigError(
      "despatchEndpoint",
      "is not set: the vendor text does not give the despatch API's address; " +
        "pulumi config set aql:despatchEndpoint https://...",
    );
  }
  const url = checkEndpoint("despatchEndpoint", config.despatchEndpoint);
  if (url.pathname === "" || url.pathname === "/") url.pathname = DESPATCH_PATH;
  return url;
}

/** What one HTTP exchange came to. */
type Exchange =
  | { kind: "answer"; text: string }
  | { kind: "not-sent"; reason: string }
  | { kind: "lost"; reason: string; httpStatus?: number }
  | { kind: "too-large"; reason: string };

/** read-only: resent after any transport failure; once: only when it provably never left. */
type Safety = "read-only" | "once";

class DespatchClient implements DespatchApi {
  private readonly url: URL;
  private readonly clock: Clock;

  constructor(
    private readonly config: AqlConfig,
    private readonly options: DespatchClientOptions,
  ) {
    this.url = despatchUrl(config);
    this.clock = options.clock ?? systemClock;
  }

  async submit(order: DespatchOrder): Promise<OrderInfo> {
    const v = validate(orderSchema, order);
    const command = DESPATCH_COMMANDS.despatch;
    let answer: Exchange & { kind: "answer" };
    try {
      answer = await this.exchange(command, orderFields(v), "once");
    } catch (err) {
      if (!(err instanceof LostOnce)) throw err;
      // The order may have arrived: its reference tells.
      const found = await this.query(v.orderRef).catch(() => undefined);
      if (found !== undefined) return found;
      throw new OrderAnswerLostError(v.orderRef, err.reason);
    }
    const items = this.items(command, v.orderRef, answer.text);
    // The vendor's example answer describes the order; if this one does not, ask for it.
    const hasStatus = items.some(([k]) => k.toLowerCase() === DESPATCH_FIELDS.status);
    return hasStatus
      ? this.read(command, v.orderRef, () => readOrder(items))
      : this.query(v.orderRef);
  }

  async query(orderRef: string): Promise<OrderInfo> {
    const ref = validate(orderRefRule, orderRef);
    const command = DESPATCH_COMMANDS.query;
    const answer = await this.exchange(command, [[DESPATCH_FIELDS.orderRef, ref]], "read-only");
    const items = this.items(command, ref, answer.text);
    return this.read(command, ref, () => readOrder(items));
  }

  async listBatches(): Promise<SimBatch[]> {
    const command = DESPATCH_COMMANDS.listBatches;
    const answer = await this.exchange(command, [], "read-only");
    const items = this.items(command, undefined, answer.text);
    return this.read(command, undefined, () => readBatches(items));
  }

  // --- answers -------------------------------------------------------------------------------

  private items(command: DespatchCommand, ref: string | undefined, text: string) {
    const answer: DespatchAnswer = parseDespatchAnswer(text);
    switch (answer.kind) {
      case "ok":
        return answer.items;
      case "refused":
        throw new DespatchRefusedError(command, ref, answer.code, this.scrub(answer.text));
      case "unreadable":
        throw new BadAnswerError(subject(command, ref), this.scrub(answer.reason));
    }
  }

  private read<T>(command: DespatchCommand, ref: string | undefined, reader: () => T): T {
    try {
      return reader();
    } catch (err) {
      if (err instanceof UnreadableItems) {
        throw new BadAnswerError(subject(command, ref), this.scrub(err.message));
      }
      throw err;
    }
  }

  private scrub(text: string): string {
    return scrubSecrets(text, [this.config.password ?? ""]);
  }

  // --- transport -----------------------------------------------------------------------------

  /** Send until an answer comes or the rules say stop. */
  private async exchange(
    command: DespatchCommand,
    fields: readonly (readonly [string, string])[],
    safety: Safety,
  ): Promise<Exchange & { kind: "answer" }> {
    const credentials = requireCredentials(this.config);
    const form = new URLSearchParams();
    form.append(DESPATCH_FIELDS.username, credentials.username);
    form.append(DESPATCH_FIELDS.password, credentials.password);
    form.append(DESPATCH_FIELDS.command, command);
    for (const [k, v] of fields) form.append(k, v);
    const body = form.toString();
    const about = subject(command, fields.find(([k]) => k === DESPATCH_FIELDS.orderRef)?.[1]);

    for (let retries = 0; ; retries++) {
      const r = await this.post(body);
      if (r.kind === "answer") return r;
      if (r.kind === "too-large") throw new BadAnswerError(about, r.reason);
      const resendable = r.kind === "not-sent" || safety === "read-only";
      if (resendable && retries < this.config.maxRetries) {
        await this.clock.sleep(transportDelay(this.config, retries));
        continue;
      }
      if (r.kind === "lost" && safety === "once") throw new LostOnce(this.scrub(r.reason));
      throw new TransportError(
        about,
        this.scrub(r.reason) + (retries > 0 ? ` (after ${retries} resend(s))` : ""),
        r.kind === "lost" ? r.httpStatus : undefined,
      );
    }
  }

  private async post(body: string): Promise<Exchange> {
    const timeout = this.config.requestTimeout;
    const max = this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const dispatcher =
      this.options.dispatcher ?? sharedPool(this.url.origin, this.config.maxConcurrency);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeout);
    try {
      const res = await dispatcher.request({
        origin: this.url.origin,
        path: this.url.pathname,
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          accept: "text/plain",
          "user-agent": "pulumi-aql-mvno",
        },
        body,
        headersTimeout: timeout,
        bodyTimeout: timeout,
        signal: controller.signal,
      });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
        size += buf.length;
        if (size > max) {
          res.body.destroy();
          return { kind: "too-large", reason: `answer larger than ${max} bytes` };
        }
        chunks.push(buf);
      }
      if (res.statusCode >= 500) {
        return { kind: "lost", reason: `HTTP ${res.statusCode}`, httpStatus: res.statusCode };
      }
      return { kind: "answer", text: Buffer.concat(chunks).toString("utf8") };
    } catch (err) {
      if (controller.signal.aborted)
        return { kind: "lost", reason: `no answer within ${timeout} ms` };
      return classifyNetworkError(err);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Internal: an order's answer was lost (submit then asks querydespatch). */
class LostOnce extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

function subject(command: DespatchCommand, orderRef: string | undefined): CallSubject {
  return { command: `despatch ${command}${orderRef === undefined ? "" : ` (order ${orderRef})`}` };
}

export function createDespatchClient(
  config: AqlConfig,
  options: DespatchClientOptions = {},
): DespatchApi {
  return new DespatchClient(config, options);
}

const shared = new Map<string, { config: AqlConfig; client: DespatchApi }>();

/** One client per despatch endpoint and account in the process (sockets: the shared pools). */
export function sharedDespatch(config: AqlConfig): DespatchApi {
  const key = `${config.despatchEndpoint ?? ""}\n${config.username ?? ""}`;
  const cached = shared.get(key);
  if (cached !== undefined && cached.config === config) return cached.client;
  const client = createDespatchClient(config);
  shared.set(key, { config, client });
  return client;
}
