// The preview's warning when a SimEstate has more SIMs to create or change than the engine runs
// at once. A Sim holds one of the engine's `--parallel` slots for its whole wait (at least the
// first-check delay per two-step request), so past that number the SIMs wait in rounds: 1000 new
// SIMs at the CLI's default of 8 on a two-core machine would take about 125 hours against the
// real gateway, with nothing said. Pure.

export interface PendingWork {
  /** SIMs the preview shows as created. */
  creates: number;
  /** SIMs the preview shows as changed (updated or replaced). */
  updates: number;
}

export interface ParallelismContext {
  estate: string;
  /** The engine's parallelism for this run (what the program was started with). */
  parallel: number;
  /** aql:firstCheckDelay in ms. */
  firstCheckDelayMs: number;
}

/**
 * A new SIM waits for its activation and then, usually, a service change: two first-check delays.
 * A changed SIM waits for one request.
 */
export function estimatedWallMs(work: PendingWork, ctx: ParallelismContext): number {
  const sims = work.creates + work.updates;
  if (sims === 0 || ctx.parallel <= 0) return 0;
  const rounds = Math.ceil(sims / ctx.parallel);
  const perSim = (work.creates > 0 ? 2 : 1) * ctx.firstCheckDelayMs;
  return rounds * perSim;
}

export function formatDuration(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes < 1) return `${Math.round(ms / 1000)} s`;
  if (minutes < 120) return `${Math.round(minutes)} min`;
  return `${Math.round(minutes / 60)} hours`;
}

/** The warning text, or undefined when every SIM that changes gets a slot at once. */
export function parallelismWarning(work: PendingWork, ctx: ParallelismContext): string | undefined {
  const sims = work.creates + work.updates;
  if (ctx.parallel <= 0 || sims <= ctx.parallel) return undefined;
  const wall = estimatedWallMs(work, ctx);
  const atOnce = estimatedWallMs(work, { ...ctx, parallel: sims });
  return (
    `SimEstate ${ctx.estate}: ${sims} SIMs to create or change (${work.creates} new, ` +
    `${work.updates} changed) but the engine runs ${ctx.parallel} operations at once: each SIM ` +
    `holds one for its whole wait, so this takes about ${formatDuration(wall)} at ` +
    `aql:firstCheckDelay ${formatDuration(ctx.firstCheckDelayMs)} instead of about ` +
    `${formatDuration(atOnce)}. Run \`pulumi up --parallel ${sims}\` ` +
    `(or set PULUMI_PARALLEL=${sims}; with aql-estate: --parallel ${sims}).`
  );
}
