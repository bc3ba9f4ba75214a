// `aql-estate up --shards K`: run the K stacks of a sharded estate at once (provider/shards/up.ts
// does the work). Combined progress while they run, a report per shard at the end. Exit 0 when
// every shard succeeded, 1 when one failed (the others still ran; running again resumes) or the
// run was refused (the stacks record another K: nothing touched, the command to run printed).

import { formatDuration } from "../estate/parallelism";
import { ShardProgress } from "../shards/progress";
import type { ShardReport } from "../shards/up";
import { shardsUp } from "../shards/up";
import { CliError, EXIT, defineCommand } from "./command";
import { writeLine } from "./io";
import { intOption } from "./options";
import type { ShardCommonOptions } from "./shard-options";
import { budgetFrom, projectFrom, repeatArgs, withShardOptions } from "./shard-options";

interface UpOptions extends ShardCommonOptions {
  parallel?: number;
  preview?: boolean;
  progressEvery: number;
}

function changes(r: ShardReport): string {
  const parts = Object.entries(r.changes)
    .filter(([, n]) => n > 0)
    .map(([op, n]) => `${op} ${n}`);
  return parts.length > 0 ? parts.join(", ") : "-";
}

export const upCommand = defineCommand<UpOptions>(
  "up",
  (cmd) =>
    withShardOptions(
      cmd.description(
        "Run the stacks of an estate split into K shards at once (pulumi up of each), " +
          "with the gateway budget divided among them.",
      ),
    )
      .option(
        "--parallel <n>",
        "the engine's --parallel for each stack (at least its SIMs that change)",
        intOption(1, 1_000_000),
      )
      .option("--preview", "preview each stack instead (changes nothing)")
      .option("--progress-every <s>", "seconds between progress lines", intOption(1, 3600), 10),
  async ({ opts, io }) => {
    const progress = new ShardProgress(opts.shards);
    const start = performance.now();
    const timer = setInterval(
      () => writeLine(io.stdout, progress.line(performance.now() - start)),
      opts.progressEvery * 1000,
    );
    let result;
    try {
      const extraArgs = repeatArgs(opts);
      result = await shardsUp({
        ...(await projectFrom(opts, io)),
        prefix: opts.prefix,
        count: opts.shards,
        budget: budgetFrom(opts, io.env),
        ...(opts.parallel !== undefined ? { parallel: opts.parallel } : {}),
        ...(opts.preview === true ? { preview: true } : {}),
        ...(extraArgs !== undefined ? { extraArgs } : {}),
        signal: io.signal,
        onEvent: (i, e) => progress.onEvent(i, e),
        onShardEnd: (r) => {
          progress.finish(r.index);
          writeLine(
            io.stdout,
            `${r.stack}: ${r.ok ? "done" : "FAILED"} in ${formatDuration(r.ms)}`,
          );
        },
      });
    } finally {
      clearInterval(timer);
    }
    if (result.refused) {
      throw new CliError(
        `refused, nothing was run: ${result.check.reason}.\nrun: ${result.check.command}`,
      );
    }
    writeLine(io.stdout, progress.line(performance.now() - start));
    const b = result.budget;
    writeLine(
      io.stdout,
      `each shard: aql:requestsPerSecond ${b.requestsPerSecond}, aql:maxConcurrency ${b.maxConcurrency}` +
        (b.overBy !== undefined
          ? ` (${b.overBy} more in flight than the total: one per shard at least)`
          : ""),
    );
    writeLine(io.stdout, "shard  stack  result  time  changes");
    for (const r of result.reports) {
      writeLine(
        io.stdout,
        `${r.index}  ${r.stack}  ${r.ok ? "ok" : "FAILED"}  ${formatDuration(r.ms)}  ${changes(r)}`,
      );
      if (r.error !== undefined) {
        for (const l of r.error.split("\n")) writeLine(io.stderr, `  ${r.stack}: ${l}`);
      }
    }
    const failed = result.reports.filter((r) => !r.ok);
    if (failed.length === 0) return EXIT.ok;
    if (io.signal.aborted) return EXIT.interrupted;
    writeLine(
      io.stderr,
      `${failed.length} of ${opts.shards} shard(s) failed (${failed.map((r) => r.stack).join(", ")}); ` +
        "the others ran to the end. Run the same command again to resume: a finished shard " +
        "is a no-op (no gateway call).",
    );
    return EXIT.failed;
  },
);
