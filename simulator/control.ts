/*
 * The control endpoint: inspect and steer the simulator over HTTP. Same server as the gateway,
 * under /_sim/ only (never mixed into the gateway routes), JSON in and out, and refused with
 * 403 for any client whose address is not loopback (127.0.0.0/8, ::1, ::ffff:127.x.x.x).
 * Errors answer {"error": "<message>"} with 400 (bad input), 403, 404 (unknown path or object),
 * 405 (wrong method), 409 (out-of-band change not possible now) or 413 (body over 1 MiB).
 *
 *   GET    /_sim/health                   {"ok":true,"uptimeMs":N}
 *   GET    /_sim/state[?account=NAME]     the state dump: seed, settings, nextRequestId, per account
 *                                         inventory summary, free counts, SIMs that left `unused`
 *                                         (state, geoNo, services, subscriber, imei, crisp
 *                                         {enabled,email,mode,parentSmsNumber}, pendingRequestId,
 *                                         imsi, pin, pin2, puk, puk2), numbersInUse, voicemail,
 *                                         recording; pending requests; fault rules
 *   GET    /_sim/sims/ICCID               one SIM ({"iccid","state":"unused"} if it has no record);
 *                                         404 if no account owns the ICCID
 *   GET    /_sim/requests/ID              one two-step request (id, account, command, iccid,
 *                                         geoNo, services, submittedAt, dueAt, state, outcome,
 *                                         cause, settledAt); 404 if unknown
 *   GET    /_sim/log?since=N&limit=M      {"lastSeq":N,"entries":[...]} entries with seq > since
 *                                         (default 0), oldest first, at most limit (default
 *                                         10000); an entry: seq, at, method, route, path, account,
 *                                         command, iccid, number, requestId, codes, httpStatus,
 *                                         fault, durationMs
 *   GET    /_sim/counters                 {requests, byCommand{cmd{status}}, byStatus, byFault,
 *                                         settled{success,failed}, settledByCommand, activations
 *                                         {iccid:n}, activationsTotal}
 *   GET    /_sim/faults                   {"faults":[rule with id, matched, fired]}
 *   POST   /_sim/faults                   body: a rule, an array of rules or {"rules":[...]};
 *                                         201 {"faults":[the added rules]}. A rule:
 *                                         {kind, commands?, iccid?, number?, rate?, count?,
 *                                         times?, delayMs?, code?, garble?, bytes?} (faults.ts)
 *   DELETE /_sim/faults                   remove all rules: {"removed":true|false}
 *   DELETE /_sim/faults/ID                remove one: {"removed":true} or 404
 *   POST   /_sim/oob                      body: an out-of-band op (oob.ts), e.g.
 *                                         {"op":"suspend","iccid":"..."}; {"op",sim?,number?}
 *   GET    /_sim/settings                 {latencyMs, failureRate, minCheckDelayMs,
 *                                         unsupportedServices, whilePending}
 *   POST   /_sim/settings                 body: any of those fields; answers the new settings.
 *                                         Applies to requests queued from then on.
 *   GET    /_sim/inventory?n=10&offset=0&account=NAME
 *                                         {"account","iccids":[free],"numbers":[free],
 *                                         "inventory":{summary}} (n at most 10000)
 *   GET    /_sim/accounts                 {"accounts":[{"username","inventory"}]} (no passwords)
 *   POST   /_sim/settle                   settle every pending request and despatch every
 *                                         processing SIM order now: {"settled":N}
 *   POST   /_sim/flush                    write the state file now (if any): {"ok":true}
 *   POST   /_sim/reset                    back to the start-up state (no SIM used, no requests,
 *                                         empty log and counters, start-up faults and
 *                                         settings): {"ok":true}
 */

import { settleEverything } from "./despatch";
import type { SimEngine } from "./engine";
import { parseFaultRule } from "./faults";
import { OobError, applyOob } from "./oob";

export const CONTROL_PREFIX = "/_sim/";
export const MAX_CONTROL_BODY = 1024 * 1024;

export interface ControlRequest {
  method: string;
  /** The path after /_sim/, e.g. "state", "faults/f1". */
  path: string;
  query: URLSearchParams;
  /** The raw body (JSON expected for POST). */
  body: string;
  remoteAddress: string | undefined;
}

export interface ControlResponse {
  status: number;
  json: unknown;
}

export interface ControlHooks {
  /** Write the state file now (no-op without one). */
  flush(): Promise<void>;
  startedAt: number;
}

export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const a = address.startsWith("::ffff:") ? address.slice(7) : address;
  return a === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function parseJson(body: string): unknown {
  if (body.trim() === "") return {};
  try {
    return JSON.parse(body);
  } catch {
    throw new ControlError(400, "body is not JSON");
  }
}

function intParam(q: URLSearchParams, name: string, dflt: number, max: number): number {
  const raw = q.get(name);
  if (raw === null || raw === "") return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new ControlError(400, `${name} must be a whole number`);
  return Math.min(n, max);
}

function accountParam(engine: SimEngine, q: URLSearchParams): string | undefined {
  const a = q.get("account");
  if (a === null || a === "") return undefined;
  if (!engine.accounts.has(a)) throw new ControlError(404, `no account ${a}`);
  return a;
}

/** Answer one control call. Never throws: errors become {"error"} answers. */
export async function controlRequest(
  engine: SimEngine,
  req: ControlRequest,
  hooks: ControlHooks,
): Promise<ControlResponse> {
  if (!isLoopback(req.remoteAddress)) {
    return { status: 403, json: { error: "the control endpoint answers loopback clients only" } };
  }
  try {
    return await route(engine, req, hooks);
  } catch (e) {
    if (e instanceof ControlError || e instanceof OobError) {
      return { status: e.status, json: { error: e.message } };
    }
    return { status: 400, json: { error: (e as Error).message } };
  }
}

async function route(
  engine: SimEngine,
  req: ControlRequest,
  hooks: ControlHooks,
): Promise<ControlResponse> {
  const { method, query: q } = req;
  const [head = "", arg, ...extra] = req.path.split("/").filter((p) => p !== "");
  if (extra.length > 0) throw new ControlError(404, `no control path /_sim/${req.path}`);
  const want = (...methods: string[]): void => {
    if (!methods.includes(method)) {
      throw new ControlError(405, `${method} not allowed on /_sim/${req.path}`);
    }
  };
  const single = arg === undefined;
  const okJson = (json: unknown, status = 200): ControlResponse => ({ status, json });

  engine.settle();
  switch (head) {
    case "health":
      want("GET");
      return okJson({ ok: true, uptimeMs: Date.now() - hooks.startedAt });
    case "state": {
      want("GET");
      if (!single) break;
      const account = accountParam(engine, q);
      return okJson(engine.snapshot(account === undefined ? {} : { account }));
    }
    case "sims": {
      want("GET");
      if (arg === undefined) break;
      const found = engine.findSim(arg);
      if (found === undefined) throw new ControlError(404, `ICCID ${arg} is on no account`);
      return okJson(
        found.sim === undefined
          ? { iccid: arg, state: "unused", account: found.account.username }
          : engine.simView(found.account, found.sim),
      );
    }
    case "requests": {
      want("GET");
      if (arg === undefined) break;
      const r = engine.queue.get(arg);
      if (r === undefined) throw new ControlError(404, `no request ${arg}`);
      return okJson(r);
    }
    case "log": {
      want("GET");
      if (!single) break;
      const since = intParam(q, "since", 0, Number.MAX_SAFE_INTEGER);
      const limit = intParam(q, "limit", 10000, engine.log.capacity);
      return okJson({ lastSeq: engine.log.lastSeq, entries: engine.log.since(since, limit) });
    }
    case "counters":
      want("GET");
      if (!single) break;
      return okJson(engine.counters.snapshot());
    case "faults": {
      want("GET", "POST", "DELETE");
      if (method === "GET" && single) return okJson({ faults: engine.faults.list() });
      if (method === "DELETE") {
        if (single) return okJson({ removed: engine.faults.clear() });
        if (!engine.faults.clear(arg)) throw new ControlError(404, `no fault rule ${arg}`);
        return okJson({ removed: true });
      }
      if (method === "POST" && single) {
        const body = parseJson(req.body);
        const rules: unknown[] = Array.isArray(body)
          ? body
          : typeof body === "object" &&
              body !== null &&
              "rules" in body &&
              Array.isArray(body.rules)
            ? (body.rules as unknown[])
            : [body];
        const parsed = rules.map((r) => parseFaultRule(r));
        // all were checked before any is added
        return okJson({ faults: parsed.map((r) => engine.faults.add(r)) }, 201);
      }
      break;
    }
    case "oob":
      want("POST");
      if (!single) break;
      return okJson(applyOob(engine, parseJson(req.body)));
    case "settings":
      want("GET", "POST");
      if (!single) break;
      if (method === "GET") return okJson(engine.settings);
      return okJson(engine.updateSettings(parseJson(req.body)));
    case "inventory": {
      want("GET");
      if (!single) break;
      const account = accountParam(engine, q) ?? engine.account().username;
      const n = intParam(q, "n", 10, 10000);
      const offset = intParam(q, "offset", 0, Number.MAX_SAFE_INTEGER);
      return okJson({
        account,
        iccids: engine.freeIccids(n, { account, offset }),
        numbers: engine.freeNumbers(n, { account, offset }),
        inventory: engine.account(account).inventory.describe(),
      });
    }
    case "accounts":
      want("GET");
      if (!single) break;
      return okJson({
        accounts: [...engine.accounts.values()].map((a) => ({
          username: a.username,
          inventory: a.inventory.describe(),
        })),
      });
    case "settle":
      want("POST");
      if (!single) break;
      return okJson({ settled: settleEverything(engine) });
    case "flush":
      want("POST");
      if (!single) break;
      await hooks.flush();
      return okJson({ ok: true });
    case "reset":
      want("POST");
      if (!single) break;
      engine.reset();
      return okJson({ ok: true });
    default:
      break;
  }
  throw new ControlError(404, `no control path /_sim/${req.path}`);
}
