// Progress of long waits, shown while `pulumi up` runs ("Sim 894...: waiting for activate
// request 117234 (1800s, 3 checks)").
//
// A dynamic provider has no logging channel of its own: its methods run in the dynamic-provider
// host, which Pulumi starts as `node .../cmd/dynamic-provider/index.js <engine address>`. So the
// messages go straight to the engine's Log RPC, through @pulumi/pulumi's generated gRPC stubs,
// as ephemeral info messages (they update a status line rather than pile up in the log). With
// no engine (unit tests, scripts) they go nowhere. One client per process, fire-and-forget,
// throttled per subject: progress must never slow provisioning down or fail it.

import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";

export type ProgressSender = (message: string) => void;

/** Report progress about `subject` (e.g. one SIM); throttled, never throws. */
export type ProgressReporter = (subject: string, message: string) => void;

export interface ThrottleOptions {
  send: ProgressSender;
  now: () => number;
  /** Least time between two messages about the same subject. */
  minIntervalMs: number;
  /** Subjects remembered at most; the oldest are forgotten first. */
  maxSubjects?: number;
}

/** Drops a message that follows another about the same subject too closely. */
export function throttled(o: ThrottleOptions): ProgressReporter {
  const last = new Map<string, number>();
  const max = o.maxSubjects ?? 10_000;
  return (subject, message) => {
    const t = o.now();
    const prev = last.get(subject);
    if (prev !== undefined && t - prev < o.minIntervalMs) return;
    last.delete(subject);
    last.set(subject, t);
    if (last.size > max) last.delete(last.keys().next().value!);
    try {
      o.send(message);
    } catch {
      // Progress is best effort.
    }
  };
}

/** The engine's address when this process is Pulumi's dynamic-provider host, else undefined. */
export function engineAddress(argv: readonly string[] = process.argv): string | undefined {
  const [, script, address] = argv;
  if (script === undefined || address === undefined) return undefined;
  if (!/dynamic-provider/.test(script)) return undefined;
  return /^[\w.\-[\]:]+:\d+$/.test(address) ? address : undefined;
}

type GrpcModule = typeof import("@grpc/grpc-js");
type EngineStubs = typeof import("@pulumi/pulumi/proto/engine_grpc_pb");
type EngineMessages = typeof import("@pulumi/pulumi/proto/engine_pb");

/** Most Log RPCs in flight; beyond that messages are dropped rather than queued. */
const MAX_IN_FLIGHT = 64;

/** How a sender's messages show: progress is an ephemeral info line, a warning stays. */
export interface SenderOptions {
  severity?: "info" | "warning";
  ephemeral?: boolean;
}

/** A sender to the engine's Log RPC, or undefined when it cannot be set up. */
export function engineSender(
  address: string,
  options: SenderOptions = {},
): ProgressSender | undefined {
  try {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const stubs: EngineStubs = require("@pulumi/pulumi/proto/engine_grpc_pb");
    const messages: EngineMessages = require("@pulumi/pulumi/proto/engine_pb");
    // The grpc-js that @pulumi/pulumi's stubs were built with, not whichever is nearest to us.
    const protoDir = path.dirname(require.resolve("@pulumi/pulumi/proto/engine_grpc_pb"));
    const grpc: GrpcModule = require(require.resolve("@grpc/grpc-js", { paths: [protoDir] }));
    /* eslint-enable @typescript-eslint/no-require-imports */
    // Internals of @pulumi/pulumi: without the shape used below, no progress rather than errors.
    if (!hasEngineLogShape(stubs, messages)) return undefined;
    const client = new stubs.EngineClient(address, grpc.credentials.createInsecure());
    let inFlight = 0;
    return (message) => {
      if (inFlight >= MAX_IN_FLIGHT) return;
      const req = new messages.LogRequest();
      req.setSeverity(
        options.severity === "warning" ? messages.LogSeverity.WARNING : messages.LogSeverity.INFO,
      );
      req.setMessage(message);
      req.setUrn("");
      req.setStreamid(0);
      req.setEphemeral(options.ephemeral ?? true);
      inFlight++;
      client.log(req, () => {
        inFlight--;
      });
    };
  } catch {
    return undefined;
  }
}

const LOG_REQUEST_SETTERS = [
  "setSeverity",
  "setMessage",
  "setUrn",
  "setStreamid",
  "setEphemeral",
] as const;

/** The engine's Log RPC as engineSender uses it: the client, the request and its severities. */
export function hasEngineLogShape(stubs: unknown, messages: unknown): boolean {
  const s = stubs as Partial<EngineStubs> | undefined;
  const m = messages as Partial<EngineMessages> | undefined;
  if (typeof s?.EngineClient?.prototype?.log !== "function") return false;
  const proto = m?.LogRequest?.prototype as unknown as Record<string, unknown> | undefined;
  if (proto === undefined || !LOG_REQUEST_SETTERS.every((k) => typeof proto[k] === "function")) {
    return false;
  }
  return m?.LogSeverity?.INFO !== undefined && m.LogSeverity.WARNING !== undefined;
}

/** How often one subject may report; polls are minutes apart against the real gateway. */
export const PROGRESS_MIN_INTERVAL_MS = 2000;

let shared: ProgressReporter | undefined;
let warnings: ProgressSender | undefined;

/**
 * A warning for the user, from a provider method (check's Luhn warning, for one). In the
 * dynamic-provider host `pulumi.log.warn` has no engine to talk to and falls back to the
 * process's stderr, which the CLI does not show; so it goes to the engine's Log RPC as a
 * warning, as progress does. Without an engine (tests, scripts): pulumi.log.warn.
 */
export function warn(message: string): void {
  if (warnings === undefined) {
    const address = engineAddress();
    const send =
      address === undefined
        ? undefined
        : engineSender(address, { severity: "warning", ephemeral: false });
    warnings = send ?? ((m) => void pulumi.log.warn(m));
  }
  try {
    warnings(message);
  } catch {
    // A warning must never fail the operation.
  }
}

/** The process-wide reporter: to the engine when there is one, else nowhere. */
export function progress(subject: string, message: string): void {
  if (shared === undefined) {
    const address = engineAddress();
    const send = address === undefined ? undefined : engineSender(address);
    shared = throttled({
      send: send ?? (() => undefined),
      now: () => Date.now(),
      minIntervalMs: PROGRESS_MIN_INTERVAL_MS,
    });
  }
  shared(subject, message);
}
