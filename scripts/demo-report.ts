// What `npm run demo` prints after `pulumi up`: the estate from the stack's outputs, the
// gateway's own view from the simulator, whether the run changed anything, and what to try
// next. Pure: the demo script gathers the inputs.

export interface EstateSummaryOutput {
  total: number;
  byState: Record<string, number>;
  services: Record<string, number>;
  voicemail: number;
  callRecording: number;
  numbers: string[];
}

/** The parts of GET /_sim/state?account=demo the report uses. */
export interface GatewayAccountView {
  sims: { state: string }[];
  voicemail: Record<string, unknown>;
  recording: Record<string, unknown>;
}

/** Resource operation counts of one update, as `pulumi stack history --json` gives them. */
export type ResourceChanges = Record<string, number>;

/** True when the update created, updated, replaced or deleted nothing. */
export function unchanged(changes: ResourceChanges): boolean {
  return Object.entries(changes).every(([op, n]) => op === "same" || n === 0);
}

export function changesText(changes: ResourceChanges): string {
  const parts = Object.entries(changes)
    .filter(([, n]) => n > 0)
    .map(
      ([op, n]) => `${n} ${op === "same" ? "unchanged" : op === "create" ? "created" : `${op}d`}`,
    );
  return parts.length === 0 ? "no resources" : parts.join(", ");
}

/** "441134960000-441134960024" for consecutive numbers, comma-separated runs otherwise. */
export function numberRanges(numbers: readonly string[]): string {
  const sorted = [...numbers].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  const runs: string[] = [];
  let start: string | undefined;
  let prev: string | undefined;
  const close = () => {
    if (start === undefined || prev === undefined) return;
    runs.push(start === prev ? start : `${start}-${prev}`);
  };
  for (const n of sorted) {
    if (prev !== undefined && BigInt(n) === BigInt(prev) + 1n) {
      prev = n;
      continue;
    }
    close();
    start = n;
    prev = n;
  }
  close();
  return runs.join(", ");
}

function counts(byState: Record<string, number>): string {
  const order = ["active", "suspended", "pending", "unused", "terminated"];
  const keys = Object.keys(byState).sort((a, b) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
  return keys.map((k) => `${byState[k]} ${k}`).join(", ") || "none";
}

export interface ReportInput {
  summary: EstateSummaryOutput | undefined;
  gateway: GatewayAccountView | undefined;
  changes: ResourceChanges | undefined;
  /** Gateway calls the simulator answered during the run. */
  gatewayCalls: number | undefined;
  simulatorUrl: string;
  env: Record<string, string>;
}

export function report(r: ReportInput): string {
  const out: string[] = [""];
  const s = r.summary;
  if (s !== undefined) {
    out.push(
      `Estate (stack output "summary"): ${s.total} SIMs: ${counts(s.byState)}; ` +
        `voicemail on ${s.voicemail}, call recording on ${s.callRecording}`,
    );
    const services = Object.entries(s.services)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ");
    out.push(`  services on:  ${services}`);
    out.push(`  numbers:      ${numberRanges(s.numbers)}`);
  }
  if (r.gateway !== undefined) {
    const byState: Record<string, number> = {};
    for (const sim of r.gateway.sims) byState[sim.state] = (byState[sim.state] ?? 0) + 1;
    out.push(
      `Gateway (simulator ${r.simulatorUrl}): ${r.gateway.sims.length} SIMs in use: ` +
        `${counts(byState)}; ${Object.keys(r.gateway.voicemail).length} voicemail, ` +
        `${Object.keys(r.gateway.recording).length} call recording`,
    );
  }
  if (r.changes !== undefined) {
    const calls = r.gatewayCalls === undefined ? "" : `, ${r.gatewayCalls} gateway call(s)`;
    out.push(
      unchanged(r.changes)
        ? `This run: ${changesText(r.changes)}${calls}: the estate already matched the inventory.`
        : `This run: ${changesText(r.changes)}${calls}.`,
    );
  }
  out.push(
    "",
    "Try next:",
    "  1. Edit examples/estate/inventory.csv: change a row's services, add a row (free ICCIDs and",
    `     numbers: curl '${r.simulatorUrl}/_sim/inventory?n=5'), remove one, or break one.`,
    "  2. In the repository's root, with the environment below: pulumi preview   (then pulumi up)",
    "  3. npm run demo again: it converges the estate to the file and says what it did.",
    "  4. npm run demo -- --down: destroys the stack, stops the simulator, removes .demo/.",
    "",
    "To run pulumi by hand (from the repository's root):",
    ...Object.entries(r.env).map(([k, v]) => `  export ${k}=${shellQuote(v)}`),
    "",
  );
  return out.join("\n");
}

function shellQuote(v: string): string {
  // "$PATH" must expand in the user's shell.
  if (v.endsWith(":$PATH")) return `"${v}"`;
  return /^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}
