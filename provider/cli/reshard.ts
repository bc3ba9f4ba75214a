// `aql-estate reshard --shards K`: move the SIMs of an estate's stacks so that each is in the
// stack its ICCID hashes to among K (provider/shards/reshard.ts does the work: state only, no
// deployment, no gateway call). Exit 0 when every SIM ends in exactly one stack, its own.

import { ReshardRefused } from "../shards/reshard-plan";
import { reshard } from "../shards/reshard";
import { CliError, EXIT, defineCommand } from "./command";
import { writeLine } from "./io";
import type { ShardCommonOptions } from "./shard-options";
import { budgetFrom, projectFrom, withShardOptions } from "./shard-options";

export const reshardCommand = defineCommand<ShardCommonOptions>(
  "reshard",
  (cmd) =>
    withShardOptions(
      cmd.description(
        "Split the estate into K stacks instead: move SIMs between the stacks' states " +
          "(no gateway call, no SIM changed). Safe to run again after an interruption.",
      ),
    ),
  async ({ opts, io }) => {
    let report;
    try {
      report = await reshard({
        ...(await projectFrom(opts, io)),
        prefix: opts.prefix,
        count: opts.shards,
        budget: budgetFrom(opts, io.env),
        log: (l) => writeLine(io.stdout, l),
      });
    } catch (e) {
      if (e instanceof ReshardRefused) throw new CliError(`refused: ${e.message}`);
      throw e;
    }
    const pairs = new Map<string, number>();
    for (const m of report.moves) {
      const k = `${opts.prefix}-${m.from} -> ${opts.prefix}-${m.to}`;
      pairs.set(k, (pairs.get(k) ?? 0) + 1);
    }
    writeLine(
      io.stdout,
      `${report.from ?? "?"} -> ${report.to} shards: moved ${report.moves.length} SIM(s)` +
        (pairs.size > 0 ? ` (${[...pairs].map(([k, n]) => `${k}: ${n}`).join(", ")})` : "") +
        (report.duplicatesDropped > 0
          ? `; dropped ${report.duplicatesDropped} copies left by an interrupted reshard`
          : "") +
        (report.removedStacks.length > 0 ? `; removed ${report.removedStacks.join(", ")}` : ""),
    );
    writeLine(
      io.stdout,
      `SIMs per stack: ${Object.entries(report.simsPerStack)
        .map(([s, n]) => `${s} ${n}`)
        .join(", ")}`,
    );
    if (report.misplaced.length > 0) {
      for (const m of report.misplaced) writeLine(io.stderr, `not in exactly its own stack: ${m}`);
      return EXIT.failed;
    }
    writeLine(io.stdout, "every SIM is in exactly one stack, its own");
    return EXIT.ok;
  },
);
