// @pulumi/pulumi captures stack traces when a resource registers: one for the resource's
// source position and stack trace, which the engine stores in the state (about 600 bytes per
// resource, and its first frame is this package's resource.js, not the user's program), and one
// on four promises per property, for its promise-leak report (printed in full only with
// PULUMI_DEBUG_PROMISE_LEAKS). Under the source-map support that `pulumi` installs in the
// program, each trace costs tens of microseconds: a Sim has 18 properties, so 72 traces, about
// 7 ms of the program's CPU per Sim, 7 s per preview of 1000 SIMs (docs/BENCHMARKS.md). The
// resources register with no stack frames captured, unless that report was asked for.

import * as pulumi from "@pulumi/pulumi";

const DEBUG_LEAKS = "PULUMI_DEBUG_PROMISE_LEAKS";

/** The SDK's static helper behind sourcePosition/stackTrace (not in its typings). */
type TraceSource = { stackTrace?: (skip?: number) => unknown[] };

/** Capture no stack frames until the returned function is called (in a `finally`). */
export function suspendStackTraces(env: NodeJS.ProcessEnv = process.env): () => void {
  if (env[DEBUG_LEAKS] !== undefined && env[DEBUG_LEAKS] !== "") return () => undefined;
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  const resource = pulumi.Resource as unknown as TraceSource;
  const own = Object.prototype.hasOwnProperty.call(resource, "stackTrace");
  const original = resource.stackTrace;
  if (typeof original === "function") resource.stackTrace = () => [];
  return () => {
    Error.stackTraceLimit = limit;
    if (typeof original !== "function") return;
    if (own) resource.stackTrace = original;
    else delete resource.stackTrace;
  };
}
