// The despatch API client: SIM orders and stock, over the gateway client's transport, limiter
// and retry table (../gateway): a form POST (credentials never in a URL) over the process-wide
// keep-alive pool, a time-out, a cap on the answer's size, read-only commands resent after
// transport failures, an order never resent blindly (its reference tells whether it arrived). The address comes from
// `aql:despatchEndpoint`; every assumed name is in names.ts.

import type { Dispatcher } from "undici";
import type { AqlConfig } from "../config";
import { checkEndpoint, requireCredentials } from "../config";
import type { CallSubject } from "../errors";
import { BadAnswerError, ConfigError, TransportError } from "../errors";
import { describeAttempt, scrubSecrets } from "../gateway/failure";
import { configuredLimiter, Limiter } from "../gateway/limiter";
import { validate } from "../gateway/params";
import type { Clock, CommandClass } from "../gateway/retry";
import { systemClock } from "../gateway/retry";
import { send } from "../gateway/sender";
import { sharedLimiter } from "../gateway/shared";
import { exchange } from "../gateway/transport";
import type { DespatchAnswer, OrderInfo, SimBatch } from "./answer";
import { parseDespatchAnswer, readBatches, readOrder, UnreadableItems } from "./answer";
import { DespatchRefusedError, OrderAnswerLostError } from "../errors";
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
  /** Default: a new limiter from the config; sharedDespatch passes the account's shared one. */
  limiter?: Limiter;
}

/** Largest answer read, in bytes: a stock list can be long. */
const MAX_BODY_BYTES = 256 * 1024;

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

/** read-only: resent after any transport failure; once: only when it provably never left. */
type Safety = Extract<CommandClass, "read-only" | "once">;

class DespatchClient implements DespatchApi {
  private readonly url: URL;
  private readonly clock: Clock;
  private readonly limiter: Limiter;

  constructor(
    private readonly config: AqlConfig,
    private readonly options: DespatchClientOptions,
  ) {
    this.url = despatchUrl(config);
    this.clock = options.clock ?? systemClock;
    this.limiter = options.limiter ?? configuredLimiter(config, this.clock);
  }

  async submit(order: DespatchOrder): Promise<OrderInfo> {
    const v = validate(orderSchema, order);
    const command = DESPATCH_COMMANDS.despatch;
    let text: string;
    try {
      text = await this.exchange(command, orderFields(v), "once");
    } catch (err) {
      if (!(err instanceof LostOnce)) throw err;
      // The order may have arrived: its reference tells.
      const found = await this.query(v.orderRef).catch(() => undefined);
      if (found !== undefined) return found;
      throw new OrderAnswerLostError(v.orderRef, err.reason);
    }
    const items = this.items(command, v.orderRef, text);
    // The vendor's example answer describes the order; if this one does not, ask for it.
    const hasStatus = items.some(([k]) => k.toLowerCase() === DESPATCH_FIELDS.status);
    return hasStatus
      ? this.read(command, v.orderRef, () => readOrder(items))
      : this.query(v.orderRef);
  }

  async query(orderRef: string): Promise<OrderInfo> {
    const ref = validate(orderRefRule, orderRef);
    const command = DESPATCH_COMMANDS.query;
    const text = await this.exchange(command, [[DESPATCH_FIELDS.orderRef, ref]], "read-only");
    const items = this.items(command, ref, text);
    return this.read(command, ref, () => readOrder(items));
  }

  async listBatches(): Promise<SimBatch[]> {
    const command = DESPATCH_COMMANDS.listBatches;
    const text = await this.exchange(command, [], "read-only");
    const items = this.items(command, undefined, text);
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

  /** Send until an answer comes or the retry table (../gateway/retry.ts) says stop. */
  private async exchange(
    command: DespatchCommand,
    fields: readonly (readonly [string, string])[],
    safety: Safety,
  ): Promise<string> {
    const credentials = requireCredentials(this.config);
    const form = new URLSearchParams();
    form.append(DESPATCH_FIELDS.username, credentials.username);
    form.append(DESPATCH_FIELDS.password, credentials.password);
    form.append(DESPATCH_FIELDS.command, command);
    for (const [k, v] of fields) form.append(k, v);
    const body = form.toString();
    const about = subject(command, fields.find(([k]) => k === DESPATCH_FIELDS.orderRef)?.[1]);

    const sent = await send<string>({
      cls: safety,
      policy: this.config,
      limiter: this.limiter,
      clock: this.clock,
      attempt: async () => {
        const r = await exchange(this.url, body, {
          requestTimeout: this.config.requestTimeout,
          connections: this.config.maxConcurrency,
          maxBodyBytes: MAX_BODY_BYTES,
          ...(this.options.dispatcher !== undefined && { dispatcher: this.options.dispatcher }),
        });
        // The API's own answer format is read by the caller: any answer is one.
        return r.kind === "answer" ? { kind: "ok", answer: r.text } : r;
      },
    });
    if (sent.ok) return sent.answer;
    const { attempt, history } = sent;
    const reason = this.scrub(attempt.kind === "ok" ? "" : describeAttempt(attempt));
    // An answer too large to read is no answer of this API, whatever was sent.
    if (attempt.kind === "unreadable") throw new BadAnswerError(about, reason);
    if (sent.error === "lost") throw new LostOnce(reason);
    const tried = history.retries > 0 ? ` (after ${history.retries} resend(s))` : "";
    throw new TransportError(
      about,
      reason + tried,
      attempt.kind === "lost" ? attempt.httpStatus : undefined,
    );
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
  const client = createDespatchClient(config, {
    limiter: sharedLimiter(despatchUrl(config).href, config),
  });
  shared.set(key, { config, client });
  return client;
}
