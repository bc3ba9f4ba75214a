#!/usr/bin/env node
// aql-estate: the package's second bin. Commands: see commands.ts, or `aql-estate help`.

import { runCli } from "./program";
import type { CliIo } from "./io";

function processIo(): CliIo {
  const controller = new AbortController();
  const stop = (): void => {
    if (controller.signal.aborted) process.exit(130); // a second interrupt: leave now
    controller.abort();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  return {
    stdout: { write: (s) => void process.stdout.write(s), isTTY: process.stdout.isTTY === true },
    stderr: { write: (s) => void process.stderr.write(s), isTTY: process.stderr.isTTY === true },
    env: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
  };
}

runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`error: ${String(e)}\n`);
    process.exitCode = 1;
  },
);
