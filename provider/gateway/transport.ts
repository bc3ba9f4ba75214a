// One HTTP exchange with aql (the gateway's scripts, and the despatch API): a form POST
// (credentials never in a URL) over a keep-alive pool shared by the whole process, with a
// time-out and a cap on the answer's size. It returns what happened and never throws for
// network trouble, so that the retry rules (retry.ts) see every outcome.

import { Pool, type Dispatcher } from "undici";
import { parseAnswer } from "./response";
import type { Attempt } from "./retry";
import { abortReason } from "./retry";

/** The gateway's answers are a few lines; anything bigger is not one of them. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

export interface TransportOptions {
  /** Whole exchange, connect to last byte, in ms. */
  requestTimeout: number;
  maxBodyBytes?: number;
  /** Tests inject a MockAgent here; otherwise the process-wide pool of the URL's origin. */
  dispatcher?: Dispatcher;
  /** Sockets per origin when the shared pool is created (the first caller's value wins). */
  connections?: number;
  signal?: AbortSignal;
}

// --- shared pools --------------------------------------------------------------------------

const pools = new Map<string, Pool>();

/** One keep-alive pool per origin for the whole process: every resource shares its sockets. */
export function sharedPool(origin: string, connections = 16): Pool {
  let pool = pools.get(origin);
  if (pool === undefined) {
    pool = new Pool(origin, {
      connections,
      pipelining: 1,
      keepAliveTimeout: 4_000,
      connectTimeout: 10_000,
    });
    pools.set(origin, pool);
  }
  return pool;
}

/** For tests and orderly shutdown. */
export async function closeSharedPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.close().catch(() => undefined)));
}

// --- classifying failures ------------------------------------------------------------------

/**
 * Errors raised before a connection existed, or before the TLS handshake let anything through:
 * the request provably never left this process.
 */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
  // TLS: the certificate was refused during the handshake, before a byte of the request.
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_REVOKED",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "CERT_SIGNATURE_FAILURE",
  "INVALID_CA",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

function errorCode(err: unknown): string | undefined {
  if (typeof err === "object" && err !== null && "code" in err) {
    const code = (err as { code: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A network error as "not-sent" (safe to resend anything) or "lost" (may have arrived). */
export function classifyNetworkError(err: unknown): Attempt & { kind: "not-sent" | "lost" } {
  const code = errorCode(err);
  // Happy-eyeballs connects fail with an AggregateError of one error per address tried.
  const inner =
    err instanceof AggregateError && err.errors.length > 0 ? err.errors.map(errorCode) : [code];
  const message = errorMessage(err);
  const reason = code !== undefined && !message.includes(code) ? `${code}: ${message}` : message;
  if (inner.every((c) => c !== undefined && NOT_SENT_CODES.has(c))) {
    return { kind: "not-sent", reason };
  }
  return { kind: "lost", reason };
}

// --- the exchange --------------------------------------------------------------------------

/** What one HTTP exchange came to, before anyone reads the answer's text. */
export type Exchange =
  | { kind: "answer"; text: string; httpStatus: number }
  | Extract<Attempt, { kind: "not-sent" | "lost" | "unreadable" }>;

class TimedOut {}

/**
 * One form POST: the text of an answer below HTTP 500, or what went wrong. Never throws for
 * network trouble (only when `signal` aborts).
 */
export async function exchange(url: URL, body: string, opts: TransportOptions): Promise<Exchange> {
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const dispatcher = opts.dispatcher ?? sharedPool(url.origin, opts.connections);
  const controller = new AbortController();
  const timedOut = new TimedOut();
  const timer = setTimeout(() => controller.abort(timedOut), opts.requestTimeout);
  const onAbort = () => controller.abort(abortReason(opts.signal!));
  if (opts.signal?.aborted) onAbort();
  opts.signal?.addEventListener("abort", onAbort, { once: true });

  try {
    const res = await dispatcher.request({
      origin: url.origin,
      path: url.pathname,
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        accept: "text/plain",
        "user-agent": "pulumi-aql-mvno",
      },
      body,
      headersTimeout: opts.requestTimeout,
      bodyTimeout: opts.requestTimeout,
      signal: controller.signal,
    });
    const text = await readCapped(res.body, res.headers["content-length"], maxBody);
    if (res.statusCode >= 500) {
      return { kind: "lost", reason: `HTTP ${res.statusCode}`, httpStatus: res.statusCode };
    }
    if (text === undefined) {
      return {
        kind: "unreadable",
        reason: `answer larger than ${maxBody} bytes`,
        httpStatus: res.statusCode,
      };
    }
    return { kind: "answer", text, httpStatus: res.statusCode };
  } catch (err) {
    if (controller.signal.reason === timedOut) {
      return { kind: "lost", reason: `no answer within ${opts.requestTimeout} ms` };
    }
    if (opts.signal?.aborted) throw abortReason(opts.signal);
    if (errorCode(err) === "UND_ERR_RES_EXCEEDED_MAX_SIZE") {
      return { kind: "unreadable", reason: `answer larger than ${maxBody} bytes` };
    }
    return classifyNetworkError(err);
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener("abort", onAbort);
  }
}

/** One exchange with the gateway, its answer read: the status line decides. */
export async function post(url: URL, body: string, opts: TransportOptions): Promise<Attempt> {
  const r = await exchange(url, body, opts);
  return r.kind === "answer" ? readAnswer(r.httpStatus, r.text) : r;
}

/** The status line decides, not the HTTP status (below 500): see gateway-notes.md. */
function readAnswer(httpStatus: number, text: string): Attempt {
  const answer = parseAnswer(text);
  switch (answer.status.kind) {
    case "ok":
      return { kind: "ok", answer };
    case "refused":
      return { kind: "refused", codes: answer.status.codes, answer };
    case "unreadable":
      return {
        kind: "unreadable",
        reason: `HTTP ${httpStatus}, ${answer.status.reason}`,
        httpStatus,
      };
  }
}

/** The body as text, or undefined once it passes `max` bytes (the rest is not read). */
async function readCapped(
  body: Dispatcher.ResponseData["body"],
  contentLength: string | string[] | undefined,
  max: number,
): Promise<string | undefined> {
  if (typeof contentLength === "string" && Number(contentLength) > max) {
    body.destroy();
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buf.length;
    if (size > max) {
      body.destroy();
      return undefined;
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString("utf8");
}
