// The simulator's HTTP server (node:http, 127.0.0.1 only) and its programmatic API.
//
//   const sim = await startSimulator({ latencyMs: 100, seed: 7 });
//   sim.url                    // http://127.0.0.1:<port>
//   const [iccid] = sim.freeIccids(1); const [number] = sim.freeNumbers(1);
//   ... drive sim.url + "/mobile/configure_sim.php" ...
//   sim.snapshot(); sim.log(); sim.counters(); sim.addFault({ kind: "congestion", count: 1 });
//   await sim.close();
//
// Gateway answers are HTTP 200 with text/plain `key: value` lines (faults aside); an unknown
// path is 404; a method other than GET/POST on a gateway route is 405. /_sim/ is the control
// endpoint (control.ts).

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { controlRequest, CONTROL_PREFIX, MAX_CONTROL_BODY } from "./control";
import { settleEverything } from "./despatch";
import {
  SimEngine,
  type EngineOptions,
  type PickOptions,
  type Settings,
  type SettingsPatch,
  type SimView,
  type StateSnapshot,
} from "./engine";
import type { FaultRule, FaultRuleInput } from "./faults";
import type { CountersData, LogEntry } from "./log";
import { applyOob, type OobOp, type OobResult } from "./oob";
import { parseParams } from "./params";
import { loadPersisted, readStateFile, StateWriter, toPersisted } from "./persistence";
import type { TwoStepRequest } from "./requests";
import { dispatch, GARBLED_HTML_PAGE, HTML, ROUTES, TEXT, type RouteModule } from "./routes";

export const HOST = "127.0.0.1";
const MAX_GATEWAY_BODY = 64 * 1024;

export interface SimulatorOptions extends Omit<EngineOptions, "now" | "timers"> {
  /** TCP port on 127.0.0.1 (default 0: any free port). */
  port?: number;
  /** Persist the state to this JSON file (loaded at start when it exists). */
  stateFile?: string;
  /** Most simultaneous connections (default 10000). */
  maxConnections?: number;
  /** Idle keep-alive connections are closed after this long (default 10000 ms). */
  keepAliveTimeoutMs?: number;
  /** Routes besides the built-in ones (ROUTES). */
  routes?: readonly RouteModule[];
  /** Called for every gateway call logged. */
  onLog?: (entry: LogEntry) => void;
  /** Called with warnings (e.g. a state file's seed wins over the seed option). */
  onWarning?: (message: string) => void;
}

export interface SimulatorHandle {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  readonly stateFile: string | undefined;
  /** What was loaded from the state file, or null. */
  readonly loaded: { sims: number; pendingRequests: number } | null;
  /** The core, for tests that need more than the methods below. */
  readonly engine: SimEngine;
  /** Stop: close connections, stop timers, write the state file one last time. */
  close(): Promise<void>;
  /** Log entries with seq > since, oldest first. */
  log(since?: number, limit?: number): LogEntry[];
  counters(): CountersData;
  addFault(rule: FaultRuleInput | readonly FaultRuleInput[]): FaultRule[];
  /** Remove one rule, or all without an id. */
  clearFaults(id?: string): boolean;
  faults(): FaultRule[];
  oob(op: OobOp): OobResult;
  /** Read the settings, or change some of them. */
  settings(patch?: SettingsPatch): Settings;
  freeIccids(n: number, opts?: PickOptions): string[];
  freeNumbers(n: number, opts?: PickOptions): string[];
  snapshot(opts?: { account?: string }): StateSnapshot;
  /** One SIM (undefined while unused or when no account owns it). */
  sim(iccid: string): SimView | undefined;
  request(id: string): TwoStepRequest | undefined;
  /** Settle every pending two-step request and despatch every processing SIM order, now. */
  settleAll(): number;
  reset(): void;
  /** Wait until the state file holds every change so far. */
  flush(): Promise<void>;
  /** Usernames and passwords of the accounts (for tests and the CLI's banner). */
  accounts(): { username: string; password: string }[];
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const startedAt = Date.now();
  const stateFile = options.stateFile;
  const persisted = stateFile === undefined ? undefined : readStateFile(stateFile);
  let seed = options.seed ?? 1;
  if (persisted !== undefined && persisted.seed !== seed) {
    if (options.seed !== undefined) {
      options.onWarning?.(
        `state file ${stateFile ?? ""} was made with seed ${persisted.seed}; using it instead of ${seed}`,
      );
    }
    seed = persisted.seed;
  }
  const {
    port: _port,
    stateFile: _sf,
    maxConnections,
    keepAliveTimeoutMs,
    routes,
    onLog,
    onWarning,
    ...engineOptions
  } = options;
  const engine = new SimEngine({ ...engineOptions, seed });
  let loaded: SimulatorHandle["loaded"] = null;
  if (persisted !== undefined && stateFile !== undefined) {
    loadPersisted(engine, persisted, stateFile);
    let sims = 0;
    for (const a of engine.accounts.values()) sims += a.state.sims.size;
    loaded = { sims, pendingRequests: engine.queue.pendingCount };
    for (const name of Object.keys(engine.foreignAccounts)) {
      onWarning?.(`state file has account ${name}, which is not configured: kept as it is`);
    }
  }
  const writer =
    stateFile === undefined
      ? undefined
      : new StateWriter(
          stateFile,
          () => JSON.stringify(toPersisted(engine)),
          (e) => onWarning?.(`could not write ${stateFile}: ${e.message}`),
        );
  if (writer !== undefined) {
    engine.onChange = () => writer.schedule();
    writer.schedule(); // the file exists from the start
  }
  engine.settle();

  const table = new Map<string, RouteModule>();
  for (const r of [...ROUTES, ...(routes ?? [])]) {
    if (table.has(r.path)) throw new Error(`two routes for ${r.path}`);
    table.set(r.path, r);
  }

  const pendingTimers = new Set<NodeJS.Timeout>();
  const flush = async (): Promise<void> => {
    if (writer !== undefined) await writer.flush(true);
  };

  const record = (
    entry: Omit<LogEntry, "seq" | "durationMs" | "at">,
    commandKey: string,
    t0: number,
  ): void => {
    const e = engine.log.append({
      ...entry,
      at: Date.now(),
      durationMs: Math.round((performance.now() - t0) * 10) / 10,
    });
    engine.counters.record(commandKey, e);
    onLog?.(e);
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const t0 = performance.now();
    const method = req.method ?? "GET";
    let url: URL;
    try {
      url = new URL(req.url ?? "/", `http://${HOST}`);
    } catch {
      send(res, 400, TEXT, "Bad Request\n");
      return;
    }
    const path = url.pathname;
    if (path === "/_sim" || path.startsWith(CONTROL_PREFIX)) {
      const body =
        method === "POST" || method === "PUT" ? await readBody(req, MAX_CONTROL_BODY) : "";
      if (body === undefined) {
        send(res, 413, "application/json", JSON.stringify({ error: "body too large" }));
        return;
      }
      const r = await controlRequest(
        engine,
        {
          method,
          path: path.slice(CONTROL_PREFIX.length),
          query: url.searchParams,
          body,
          remoteAddress: req.socket.remoteAddress,
        },
        { flush, startedAt },
      );
      send(res, r.status, "application/json", JSON.stringify(r.json) + "\n");
      return;
    }
    const route = table.get(path);
    const base = {
      method,
      path,
      account: null,
      command: null,
      iccid: null,
      number: null,
      requestId: null,
      codes: [],
      fault: null,
    };
    if (route === undefined) {
      send(res, 404, TEXT, "Not Found\n");
      record({ ...base, route: "unknown", httpStatus: 404 }, "(no-route)", t0);
      return;
    }
    if (method !== "GET" && method !== "POST") {
      res.setHeader("Allow", "GET, POST");
      send(res, 405, TEXT, "Method Not Allowed\n");
      record({ ...base, route: route.name, httpStatus: 405 }, "(bad-method)", t0);
      return;
    }
    let body = "";
    if (method === "POST") {
      const raw = await readBody(req, MAX_GATEWAY_BODY);
      if (raw === undefined) {
        send(res, 413, TEXT, "status: 400\n");
        record({ ...base, route: route.name, httpStatus: 413 }, "(too-large)", t0);
        return;
      }
      const type = (req.headers["content-type"] ?? "").toLowerCase();
      if (type === "" || type.startsWith("application/x-www-form-urlencoded")) body = raw;
    }
    const d = dispatch(engine, route, parseParams(url.search, body));
    const entry = { ...d.log, method, path };
    const o = d.outcome;
    switch (o.kind) {
      case "drop":
        destroy(req.socket);
        record(entry, d.commandKey, t0);
        return;
      case "garbled":
        if (o.variant === "huge") sendHuge(res, o.bytes);
        else if (o.variant === "empty") send(res, 200, TEXT, "");
        else send(res, 200, HTML, GARBLED_HTML_PAGE);
        record(entry, d.commandKey, t0);
        return;
      case "answer": {
        const finish = (): void => {
          if (o.dropAfter) destroy(req.socket);
          else send(res, o.httpStatus, o.contentType, o.body);
          record(entry, d.commandKey, t0);
        };
        if (o.delayMs <= 0) {
          finish();
          return;
        }
        const timer = setTimeout(() => {
          pendingTimers.delete(timer);
          finish();
        }, o.delayMs);
        pendingTimers.add(timer);
        res.once("close", () => {
          if (pendingTimers.delete(timer)) {
            clearTimeout(timer);
            record({ ...entry, httpStatus: 0 }, d.commandKey, t0);
          }
        });
        return;
      }
    }
  };

  const server = createServer((req, res) => {
    onRequest(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, TEXT, `simulator error: ${(e as Error).message}\n`);
      else res.destroy();
    });
  });
  server.maxConnections = maxConnections ?? 10000;
  server.keepAliveTimeout = keepAliveTimeoutMs ?? 10000;
  server.headersTimeout = Math.max(server.keepAliveTimeout + 1000, 15000);
  server.requestTimeout = 60000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port: options.port ?? 0, host: HOST, backlog: 4096 }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  const port = address.port;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      engine.dispose();
      for (const t of pendingTimers) clearTimeout(t);
      pendingTimers.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await flush();
    })();
    return closing;
  };

  return {
    url: `http://${HOST}:${port}`,
    port,
    stateFile,
    loaded,
    engine,
    close,
    log: (since = 0, limit) => engine.log.since(since, limit),
    counters: () => engine.counters.snapshot(),
    addFault: (rule) => {
      const rules: readonly FaultRuleInput[] = isRuleList(rule) ? rule : [rule];
      return rules.map((r) => engine.faults.add(r));
    },
    clearFaults: (id) => engine.faults.clear(id),
    faults: () => engine.faults.list(),
    oob: (op) => applyOob(engine, op),
    settings: (patch) => {
      if (patch === undefined) {
        return {
          ...engine.settings,
          unsupportedServices: [...engine.settings.unsupportedServices],
        };
      }
      return engine.updateSettings(patch);
    },
    freeIccids: (n, opts) => engine.freeIccids(n, opts),
    freeNumbers: (n, opts) => engine.freeNumbers(n, opts),
    snapshot: (opts) => {
      engine.settle();
      return engine.snapshot(opts);
    },
    sim: (iccid) => {
      engine.settle();
      const found = engine.findSim(iccid);
      return found?.sim === undefined ? undefined : engine.simView(found.account, found.sim);
    },
    request: (id) => {
      engine.settle();
      const r = engine.queue.get(id);
      return r === undefined ? undefined : { ...r, services: [...r.services] };
    },
    settleAll: () => settleEverything(engine),
    reset: () => engine.reset(),
    flush,
    accounts: () =>
      [...engine.accounts.values()].map((a) => ({ username: a.username, password: a.password })),
  };
}

function isRuleList(r: FaultRuleInput | readonly FaultRuleInput[]): r is readonly FaultRuleInput[] {
  return Array.isArray(r);
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  if (res.destroyed) return;
  res.writeHead(status, {
    "Content-Type": type,
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
  });
  res.end(body);
}

function destroy(socket: Socket): void {
  // an RST where the platform allows it, like a gateway or proxy that gave up
  if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
  else socket.destroy();
}

const JUNK = Buffer.from(
  '<div class="row">&nbsp;&#9608;&#9608; session expired &#9608;&#9608;</div>\n'.repeat(1024),
);

function sendHuge(res: ServerResponse, bytes: number): void {
  res.writeHead(200, { "Content-Type": HTML, "Content-Length": bytes });
  let left = bytes;
  const pump = (): void => {
    while (left > 0) {
      if (res.destroyed) return;
      const n = Math.min(left, JUNK.length);
      left -= n;
      if (!res.write(n === JUNK.length ? JUNK : JUNK.subarray(0, n))) {
        res.once("drain", pump);
        return;
      }
    }
    res.end();
  };
  pump();
}

/** The body as text, or undefined when it is longer than max bytes. */
function readBody(req: IncomingMessage, max: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > max) over = true;
      else chunks.push(c);
    });
    req.on("end", () => resolve(over ? undefined : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
