// The gateway's routes and the pipeline every gateway call goes through:
//   settle due requests -> authenticate (401) -> known command (600) -> faults -> handler.
// A route module names its path and commands and handles one authenticated call. To add a
// route (the despatch API, later), write its module and add it to ROUTES: one line.

import { formatAnswer, fail, type Answer, type CallContext } from "./answer";
import { configureSimRoute } from "./commands";
import { despatchRoute } from "./despatch";
import type { SimEngine } from "./engine";
import type { GarbleVariant } from "./faults";
import type { LogInput } from "./log";
import type { Params } from "./params";
import { recordingRoute, voicemailRoute } from "./vas";

export interface RouteModule {
  /** Short name, used in the log, the counters (`vm:info`) and fault rules (`commands`). */
  name: string;
  /** The URL path, e.g. /mobile/configure_sim.php. */
  path: string;
  /** Values of `command` the route knows; anything else answers 600. */
  commands: readonly string[];
  /** The ICCID and number a call is about, for the log and fault rules. */
  subject(params: Params): { iccid: string | null; number: string | null };
  handle(ctx: CallContext): Answer;
  /** The text of an answer (default: the gateway's `status: ...` lines). */
  format?(answer: Answer): string;
}

/** The gateway routes, in the order they are matched. */
export const ROUTES: readonly RouteModule[] = [
  configureSimRoute,
  voicemailRoute,
  recordingRoute,
  despatchRoute,
];

/** What the server must do with a call. */
export type Outcome =
  | {
      kind: "answer";
      httpStatus: number;
      contentType: string;
      body: string;
      /** Answer after this long (a `slow` fault). */
      delayMs: number;
      /** Destroy the socket instead of answering (a `lost-answer` fault). */
      dropAfter: boolean;
    }
  | { kind: "drop" }
  | { kind: "garbled"; variant: GarbleVariant; bytes: number };

export type DispatchLog = Omit<LogInput, "at" | "method" | "path" | "durationMs">;

export interface Dispatched {
  outcome: Outcome;
  log: DispatchLog;
  /** Key for the counters: the command for configure_sim, `route:command` for others. */
  commandKey: string;
}

export const TEXT = "text/plain; charset=utf-8";
export const HTML = "text/html; charset=utf-8";

export const HTTP_500_PAGE =
  "<!DOCTYPE html>\n<html><head><title>500 Internal Server Error</title></head>\n" +
  "<body><h1>Internal Server Error</h1><p>The server encountered an internal error and was " +
  "unable to complete your request.</p></body></html>\n";

export const GARBLED_HTML_PAGE =
  "<!DOCTYPE html>\n<html><head><title>Service temporarily unavailable</title></head>\n" +
  "<body><h1>We'll be back soon</h1><p>The gateway is undergoing maintenance.</p>\n" +
  "<br />\n<b>Warning</b>: mysqli_connect(): (HY000/2002) in <b>/var/www/configure_sim.php</b>" +
  "</body></html>\n";

const MAX_LOGGED = 40;
const clip = (v: string | null): string | null => (v === null ? null : v.slice(0, MAX_LOGGED));

/** Run one gateway call through the pipeline. Synchronous: state changes happen here. */
export function dispatch(engine: SimEngine, route: RouteModule, params: Params): Dispatched {
  const now = engine.now();
  engine.settle(now);
  const subject = route.subject(params);
  const log: DispatchLog = {
    route: route.name,
    account: null,
    command: null,
    iccid: clip(subject.iccid),
    number: clip(subject.number),
    requestId: null,
    codes: [],
    httpStatus: 200,
    fault: null,
  };
  const format = (a: Answer): string => (route.format ?? formatAnswer)(a);
  const answer = (a: Answer, delayMs = 0, dropAfter = false): Outcome => {
    log.codes = a.codes;
    log.requestId = a.requestId;
    return {
      kind: "answer",
      httpStatus: 200,
      contentType: TEXT,
      body: format(a),
      delayMs,
      dropAfter,
    };
  };
  const rawCommand = params.get("command");
  const known = rawCommand !== undefined && route.commands.includes(rawCommand);
  const key = (c: string): string => (route.name === "sim" ? c : `${route.name}:${c}`);
  const commandKey = key(known ? rawCommand : "(invalid)");
  if (known) log.command = rawCommand;

  const account = engine.authenticate(params.get("username"), params.get("password"));
  if (account === undefined) return { outcome: answer(fail(401)), log, commandKey };
  log.account = account.username;
  if (!known) return { outcome: answer(fail(600)), log, commandKey };
  const command = rawCommand;

  const call = { route: route.name, command, iccid: subject.iccid, number: subject.number };
  const fault = engine.faults.answerFault(call);
  if (fault !== undefined) log.fault = fault.kind;
  switch (fault?.kind) {
    case "congestion":
      return { outcome: answer(fail(63027)), log, commandKey };
    case "error":
      return { outcome: answer(fail(fault.code)), log, commandKey };
    case "http500":
      log.httpStatus = 500;
      return {
        outcome: {
          kind: "answer",
          httpStatus: 500,
          contentType: HTML,
          body: HTTP_500_PAGE,
          delayMs: 0,
          dropAfter: false,
        },
        log,
        commandKey,
      };
    case "drop":
      log.httpStatus = 0;
      return { outcome: { kind: "drop" }, log, commandKey };
    case "garbled":
      return {
        outcome: { kind: "garbled", variant: fault.garble, bytes: fault.bytes },
        log,
        commandKey,
      };
    default:
      break;
  }

  let failFault: string | null = null;
  const ctx: CallContext = {
    engine,
    account,
    params,
    command,
    now,
    failRequest: () => {
      const rule = engine.faults.failRequest(call);
      if (rule !== undefined) failFault = rule.kind;
      return rule !== undefined;
    },
  };
  const result = route.handle(ctx);
  if (result.changed) engine.changed();
  if (failFault !== null && log.fault === null) log.fault = failFault;
  if (fault?.kind === "lost-answer") {
    const outcome = answer(result, 0, true);
    log.httpStatus = 0;
    return { outcome, log, commandKey };
  }
  return { outcome: answer(result, fault?.kind === "slow" ? fault.delayMs : 0), log, commandKey };
}
