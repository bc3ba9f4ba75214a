// `aql-estate discover`: read ICCIDs from the gateway and write what is there as an inventory
// that SimEstate takes over with reads only (docs/ONBOARDING.md). ICCIDs that cannot be adopted
// go to a report with the reason. The gateway's PINs never leave the classifier: nothing of them
// reaches the files, the screen or a log. Interrupted (Ctrl-C), it stops cleanly; run again, it
// resumes after what is written.

import * as fs from "node:fs";
import { createGatewayClient } from "../gateway/client";
import { SKIP_REASONS, type Outcome, type SkipReason } from "../discover/classify";
import { INVENTORY_HEADER, SKIPPED_HEADER, openAppend, outcomeLine } from "../discover/files";
import { IccidInputError, iccidRange, parseIccidList } from "../discover/iccids";
import { DiscoverStoppedError, discover, type DiscoverCounts } from "../discover/run";
import { CliError, EXIT, defineCommand } from "./command";
import { addGatewayOptions, gatewayConfig, type GatewayFlags } from "./gateway-options";
import { resolvePath, writeLine, type CliIo } from "./io";
import { intOption } from "./options";
import { Progress, duration } from "./progress";

interface DiscoverOptions extends GatewayFlags {
  iccids?: string;
  range?: string;
  out: string;
  skipped?: string;
  restart?: boolean;
  concurrency?: number;
  progressEvery: number;
}

export const discoverCommand = defineCommand<DiscoverOptions>(
  "discover",
  (cmd) =>
    addGatewayOptions(
      cmd
        .description(
          "Read SIMs from the gateway and write them as an inventory to take over with reads only.",
        )
        .option("--iccids <file>", "the ICCIDs to read, one a line")
        .option("--range <first..last>", "a batch: from FIRST to LAST ICCID, check digits computed")
        .option("--out <file>", "the inventory to write", "inventory.csv")
        .option("--skipped <file>", "the report of ICCIDs not adopted (default: <out>.skipped.csv)")
        .option("--restart", "overwrite --out and --skipped instead of resuming after them")
        .option(
          "--concurrency <n>",
          "ICCIDs read at once (default: the gateway's max concurrency)",
          intOption(1, 1000),
        )
        .option(
          "--progress-every <seconds>",
          "seconds between progress lines when not on a terminal",
          intOption(1, 3600),
          10,
        ),
    ),
  async ({ opts, io }) => {
    const iccids = readIccids(opts, io);
    const config = gatewayConfig(opts, io);
    const outPath = resolvePath(io, opts.out);
    const skippedName = opts.skipped ?? opts.out.replace(/(\.csv)?$/i, ".skipped.csv");
    const skippedPath = resolvePath(io, skippedName);
    const resume = opts.restart !== true;
    const done = new Set([
      ...openAppend(outPath, INVENTORY_HEADER, resume).done,
      ...openAppend(skippedPath, SKIPPED_HEADER, resume).done,
    ]);
    const todo = iccids.filter((i) => !done.has(i));
    if (done.size > 0) {
      writeLine(
        io.stderr,
        `discover: resuming: ${iccids.length - todo.length} ICCID(s) already in ${opts.out} or ` +
          `${skippedName} are not read again (--restart to read all)`,
      );
    }

    const calls = new Map<string, number>();
    const client = createGatewayClient(config, {
      onRequest: (e) => calls.set(e.command, (calls.get(e.command) ?? 0) + 1),
    });
    const startedAt = Date.now();
    const progress = new Progress(io.stderr, {
      label: "discover",
      now: () => Date.now(),
      everyMs: opts.progressEvery * 1000,
    });
    const view = (c: Readonly<DiscoverCounts>) => ({
      done: c.written,
      total: c.total,
      detail: `adoptable ${c.adoptable}, skipped ${sum(c.skipped)}`,
    });
    const write = (o: Outcome): void => {
      fs.appendFileSync(o.kind === "row" ? outPath : skippedPath, outcomeLine(o));
    };

    let counts: DiscoverCounts;
    let stopped: unknown;
    try {
      counts = await discover({
        gateway: client,
        iccids: todo,
        concurrency: opts.concurrency ?? config.maxConcurrency,
        signal: io.signal,
        write,
        progress: (c) => progress.update(view(c)),
      });
    } catch (e) {
      if (!(e instanceof DiscoverStoppedError)) throw e;
      counts = e.counts;
      stopped = e.cause;
    }
    progress.finish(view(counts));

    const summary = summaryLines({
      counts,
      earlier: iccids.length - todo.length,
      out: opts.out,
      skipped: skippedName,
      calls,
      elapsedMs: Date.now() - startedAt,
    });
    for (const line of summary) writeLine(io.stdout, line);
    if (stopped !== undefined) {
      throw new CliError(
        `${stopped instanceof Error ? stopped.message : String(stopped)}\n` +
          `discover stopped after ${counts.written} of ${counts.total}; what was read is written: ` +
          `run the same command again to resume`,
      );
    }
    if (counts.written < counts.total) {
      writeLine(
        io.stderr,
        `discover: interrupted after ${counts.written} of ${counts.total}; what was read is ` +
          `written: run the same command again to resume`,
      );
      return EXIT.interrupted;
    }
    return EXIT.ok;
  },
);

function readIccids(opts: DiscoverOptions, io: CliIo): string[] {
  if ((opts.iccids === undefined) === (opts.range === undefined)) {
    throw new CliError("give either --iccids FILE or --range FIRST..LAST", EXIT.usage);
  }
  try {
    if (opts.range !== undefined) return iccidRange(opts.range);
    const file = opts.iccids!;
    let text: string;
    try {
      text = fs.readFileSync(resolvePath(io, file), "utf8");
    } catch (e) {
      const reason = (e as NodeJS.ErrnoException).code ?? "unreadable";
      throw new CliError(`--iccids ${file} cannot be read (${reason})`, EXIT.usage);
    }
    return parseIccidList(text, file);
  } catch (e) {
    if (e instanceof IccidInputError) throw new CliError(e.message, EXIT.usage);
    throw e;
  }
}

function sum(r: Readonly<Record<string, number>>): number {
  return Object.values(r).reduce((a, b) => a + b, 0);
}

interface SummaryInput {
  counts: DiscoverCounts;
  earlier: number;
  out: string;
  skipped: string;
  calls: ReadonlyMap<string, number>;
  elapsedMs: number;
}

/** The closing summary: read, adoptable, skipped by reason, calls made, time. */
export function summaryLines(s: SummaryInput): string[] {
  const c = s.counts;
  const skipped = sum(c.skipped);
  const lines = [
    `discover: read ${c.written} ICCID(s)` +
      (s.earlier > 0 ? ` (and ${s.earlier} from an earlier run)` : "") +
      `: ${c.adoptable} adoptable (in ${s.out}), ${skipped} skipped (in ${s.skipped})`,
  ];
  for (const [reason, n] of Object.entries(c.skipped)) {
    if (n > 0) lines.push(`  skipped ${n}: ${SKIP_REASONS[reason as SkipReason]}`);
  }
  const total = [...s.calls.values()].reduce((a, b) => a + b, 0);
  const by = [...s.calls.entries()].map(([k, n]) => `${k} ${n}`).join(", ");
  lines.push(
    `  gateway calls: ${total}${by === "" ? "" : ` (${by})`}, reads only; ` +
      `time ${duration(s.elapsedMs)} (${(s.elapsedMs / 1000).toFixed(1)} s)`,
  );
  return lines;
}
