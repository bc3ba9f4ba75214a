// The benchmark's results as docs/BENCHMARKS.md, and the targets they are judged by. Pure.

export interface Machine {
  date: string;
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  loadAverage: readonly number[];
  node: string;
  pulumi: string;
  sdk: string;
  os: string;
}

/** CPU seconds of one `up` by process: engine (pulumi), program, provider, bench (+ simulator). */
export type CpuSeconds = Record<string, number>;

export interface SizeResult {
  n: number;
  /** undefined: the CLI's default (4 x cores). */
  parallel: number | undefined;
  /** Both stacks ran with PULUMI_SKIP_CHECKPOINTS (the final state saved only). */
  skipCheckpoints: boolean;
  /** The 1-minute load average when the size finished. */
  loadAverage: number;
  floor: {
    upMs: number;
    previewMs: number;
    stateBytesPer: number;
    providerPeakMb: number;
    cpuSeconds: CpuSeconds;
  };
  sims: {
    upMs: number;
    previewMs: number;
    noopUpMs: number;
    stateBytesPer: number;
    /** Whole exported deployment / N. */
    stateBytesPerTotal: number;
    providerPeakMb: number;
    cpuSeconds: CpuSeconds;
    /** Most two-step requests pending at once in the simulator (SIMs waiting together). */
    peakPending: number;
    /** Gateway calls during `up`, by command. */
    calls: Record<string, number>;
    /** Calls that may change a SIM (not queryiccid/checkstatus), and how many were expected. */
    changingCalls: number;
    expectedChangingCalls: number;
    twoStepRequests: number;
    maxChecksPerRequest: number;
    previewCalls: number;
    noopUpCalls: number;
    /** Every SIM active with its two services on, as the simulator reports. */
    converged: number;
  };
}

export interface BenchSettings {
  latencyMs: number;
  config: Record<string, string>;
}

export interface Target {
  name: string;
  met: boolean;
  detail: string;
  /** Timing targets depend on the machine's load; the smoke run reports them only. */
  timing: boolean;
}

const s = (ms: number) => (ms / 1000).toFixed(1);

function label(r: SizeResult): string {
  const p = r.parallel === undefined ? "default --parallel" : `--parallel ${r.parallel}`;
  return `N=${r.n}, ${p}${r.skipCheckpoints ? ", PULUMI_SKIP_CHECKPOINTS" : ""}`;
}

export function targets(results: readonly SizeResult[], settings: BenchSettings): Target[] {
  const L = settings.latencyMs;
  const out: Target[] = [];
  const atScale = results.filter((r) => r.parallel !== undefined);
  const largestN = Math.max(0, ...atScale.map((r) => r.n));
  const largest = atScale.filter((r) => r.n === largestN);
  for (const r of largest) {
    const limit = r.floor.upMs + 3 * L;
    out.push({
      name: `${label(r)}: SIMs up <= floor + 3 x L`,
      met: r.sims.upMs <= limit,
      detail: `${s(r.sims.upMs)} s vs ${s(r.floor.upMs)} + ${s(3 * L)} = ${s(limit)} s`,
      timing: true,
    });
  }
  const noWaste = results.every(
    (r) =>
      r.sims.changingCalls === r.sims.expectedChangingCalls &&
      r.sims.previewCalls === 0 &&
      r.sims.noopUpCalls === 0,
  );
  out.push({
    name: "no call that changes nothing",
    met: noWaste,
    detail:
      `changing calls ${results.map((r) => `${r.sims.changingCalls}/${r.sims.expectedChangingCalls}`).join(", ")}; ` +
      `in previews ${results.map((r) => r.sims.previewCalls).join(", ")}; ` +
      `in no-op ups ${results.map((r) => r.sims.noopUpCalls).join(", ")}`,
    timing: false,
  });
  const maxChecks = Math.max(...results.map((r) => r.sims.maxChecksPerRequest));
  out.push({
    name: "<= 3 status checks per two-step request",
    met: maxChecks <= 3,
    detail: `at most ${maxChecks}`,
    timing: false,
  });
  const ratios = atScale.map((r) => r.sims.previewMs / r.floor.previewMs);
  const worst = Math.max(0, ...ratios);
  out.push({
    name: "preview within 1.1 x the floor's",
    met: worst <= 1.1,
    detail: `ratios ${ratios.map((x) => x.toFixed(2)).join(", ")}`,
    timing: true,
  });
  const maxState = Math.max(...results.map((r) => r.sims.stateBytesPer));
  out.push({
    name: "<= 4 KB state per SIM",
    met: maxState <= 4096,
    detail: `${Math.round(maxState)} bytes`,
    timing: false,
  });
  if (largest.length > 0) {
    const peak = Math.max(...largest.map((r) => r.sims.providerPeakMb));
    out.push({
      name: `provider peak RSS < 300 MB at N=${largestN}`,
      met: peak < 300,
      detail: `${peak.toFixed(0)} MB`,
      timing: false,
    });
  }
  const converged = results.every((r) => r.sims.converged === r.n);
  out.push({
    name: "every SIM active with its services",
    met: converged,
    detail: results.map((r) => `${r.sims.converged}/${r.n}`).join(", "),
    timing: false,
  });
  return out;
}

const COMMANDS = ["queryiccid", "activate", "checkstatus", "addservice"];

export function markdown(
  machine: Machine,
  settings: BenchSettings,
  results: readonly SizeResult[],
  command: string,
): string {
  const L = settings.latencyMs;
  const par = (r: SizeResult) =>
    r.parallel === undefined ? `default (${machine.cpus * 4})` : String(r.parallel);
  const lines: string[] = [
    "# Benchmarks",
    "",
    `Produced by \`${command}\` (bench/run.ts) on ${machine.date}. Against the gateway simulator`,
    `with activation latency L = ${s(L)} s; each SIM is new and gets two services that are off`,
    "by default (intRoaming, intCall: one addservice after the activation). The floor is the",
    "same number of no-op dynamic resources (bench/programs/noop.js) at the same parallelism:",
    "what the engine costs with no gateway at all; its config holds one secret, as the SIMs' holds",
    "`aql:password`. What the numbers mean, and the settings to use at scale: [SCALE.md](SCALE.md).",
    "",
    "## Machine",
    "",
    `- ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGb.toFixed(1)} GB memory, ` +
      `load average at start ${machine.loadAverage.map((x) => x.toFixed(2)).join(" ")} ` +
      "(shared with other work)",
    `- ${machine.os}; Node ${machine.node}; Pulumi CLI ${machine.pulumi}, @pulumi/pulumi ${machine.sdk}`,
    "",
    "## Provider settings",
    "",
    ...Object.entries(settings.config).map(([k, v]) => `- \`${k}\`: ${v}`),
    "",
    "## up of N new SIMs vs the floor",
    "",
    "Checkpoints: `each step` is the file backend's default (the whole state rewritten at every",
    "step); `final only` is `PULUMI_SKIP_CHECKPOINTS=true` for both stacks. Load: the 1-minute",
    "load average after the size's runs (the machine is shared; 2 = both cores busy).",
    "",
    "| N | --parallel | checkpoints | floor up | SIMs up | SIMs - floor | floor + 3L | met | load |",
    "|---:|---:|:---|---:|---:|---:|---:|:---:|---:|",
    ...results.map((r) => {
      const limit = r.floor.upMs + 3 * L;
      const met = r.parallel === undefined ? "n/a" : r.sims.upMs <= limit ? "yes" : "no";
      return (
        `| ${r.n} | ${par(r)} | ${r.skipCheckpoints ? "final only" : "each step"} | ` +
        `${s(r.floor.upMs)} s | ${s(r.sims.upMs)} s | ${s(r.sims.upMs - r.floor.upMs)} s | ` +
        `${s(limit)} s | ${met} | ${r.loadAverage.toFixed(1)} |`
      );
    }),
    "",
    "## Gateway calls per created SIM (simulator counters)",
    "",
    `| N | ${COMMANDS.join(" | ")} | total | changing calls (expected) | checks per request (max) | requests pending at once (peak) |`,
    `|---:|${COMMANDS.map(() => "---:").join("|")}|---:|---:|---:|---:|`,
    ...results.map((r) => {
      const per = (c: string) => ((r.sims.calls[c] ?? 0) / r.n).toFixed(2);
      const total = Object.values(r.sims.calls).reduce((a, b) => a + b, 0) / r.n;
      return (
        `| ${r.n} | ${COMMANDS.map(per).join(" | ")} | ${total.toFixed(2)} | ` +
        `${r.sims.changingCalls} (${r.sims.expectedChangingCalls}) | ${r.sims.maxChecksPerRequest} | ${r.sims.peakPending} |`
      );
    }),
    "",
    "## preview of the unchanged estate, and a no-op up",
    "",
    "Median of three previews of each stack, taken in turn.",
    "",
    "| N | floor preview | SIMs preview | ratio | gateway calls in preview | no-op up | calls in no-op up |",
    "|---:|---:|---:|---:|---:|---:|---:|",
    ...results.map(
      (r) =>
        `| ${r.n} | ${s(r.floor.previewMs)} s | ${s(r.sims.previewMs)} s | ` +
        `${(r.sims.previewMs / r.floor.previewMs).toFixed(2)} | ${r.sims.previewCalls} | ` +
        `${s(r.sims.noopUpMs)} s | ${r.sims.noopUpCalls} |`,
    ),
    "",
    "## State and memory",
    "",
    "| N | state per Sim (stored, encrypted) | deployment / N | floor state per resource | provider peak RSS (SIMs) | provider peak RSS (floor) |",
    "|---:|---:|---:|---:|---:|---:|",
    ...results.map(
      (r) =>
        `| ${r.n} | ${Math.round(r.sims.stateBytesPer)} B | ${Math.round(r.sims.stateBytesPerTotal)} B | ` +
        `${Math.round(r.floor.stateBytesPer)} B | ${r.sims.providerPeakMb.toFixed(0)} MB | ` +
        `${r.floor.providerPeakMb.toFixed(0)} MB |`,
    ),
    "",
    "## Where the CPU goes during up",
    "",
    "CPU seconds by process, floor / SIMs: the engine (`pulumi`: steps, checkpoints, secrets), the",
    "program, the dynamic-provider process, and the bench process (which hosts the simulator).",
    "",
    "| N | --parallel | checkpoints | engine | program | provider | bench + simulator |",
    "|---:|---:|:---|---:|---:|---:|---:|",
    ...results.map((r) => {
      const c = (k: string) =>
        `${(r.floor.cpuSeconds[k] ?? 0).toFixed(1)} / ${(r.sims.cpuSeconds[k] ?? 0).toFixed(1)}`;
      return (
        `| ${r.n} | ${par(r)} | ${r.skipCheckpoints ? "final only" : "each step"} | ` +
        `${c("engine")} | ${c("program")} | ${c("provider")} | ${c("bench")} |`
      );
    }),
    "",
    "## Targets",
    "",
    ...targets(results, settings).map(
      (t) => `- ${t.met ? "met" : "**missed**"}: ${t.name} (${t.detail})`,
    ),
    "",
  ];
  return lines.join("\n");
}
