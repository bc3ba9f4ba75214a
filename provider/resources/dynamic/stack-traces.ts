// @pulumi/pulumi keeps a stack trace on four promises per property of every resource it
// registers, for its promise-leak report (printed in full only with
// PULUMI_DEBUG_PROMISE_LEAKS). Under the source-map support that `pulumi` installs in the
// program, each trace costs tens of microseconds: a Sim has 18 properties, so 72 traces, about
// 7 ms of the program's CPU per Sim, 7 s per preview of 1000 SIMs (docs/BENCHMARKS.md). The
// resources register with no stack frames captured, unless that report was asked for.

const DEBUG_LEAKS = "PULUMI_DEBUG_PROMISE_LEAKS";

/** Capture no stack frames until the returned function is called (in a `finally`). */
export function suspendStackTraces(env: NodeJS.ProcessEnv = process.env): () => void {
  if (env[DEBUG_LEAKS] !== undefined && env[DEBUG_LEAKS] !== "") return () => undefined;
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  return () => {
    Error.stackTraceLimit = limit;
  };
}
