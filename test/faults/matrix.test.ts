// The fault matrix: for each kind of gateway fault, injected into about 20% of the calls
// (seeded), `pulumi up` creates 50 SIMs with services on the real engine. After at most two
// runs the gateway must hold what the program says, no SIM may have been activated twice,
// the stack and the gateway must agree, and every failure the user saw must name the SIM,
// the command and the gateway's code or the transport's reason.
//
// Each run is `pulumi up --continue-on-error`, so that every SIM is attempted in every run:
// a plain `pulumi up` starts no new create after the first failure, and a SIM whose turn never
// came in a run would count against the provider. (RELIABILITY.md says what that means for
// users.)

import assert from "node:assert/strict";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import type { SimulatorHandle } from "../../simulator";
import type { FaultRuleInput } from "../../simulator/faults";
import { gatewayConfig, simulator, type SimSpec } from "../support/sim-fixture";
import { E2EStack } from "../support/stack";
import {
  duplicateActivations,
  FAST_SIMULATOR,
  fastSchedule,
  FAULTS_ROOT,
  fleet,
  forgotten,
  gatewayDifferences,
  inUseOnGateway,
  simErrors,
  simsConfig,
  stackIccids,
  unclear,
} from "./support";

const SIMS = 50;
const RATE = 0.2;
const TWO_STEP = ["activate", "terminate", "suspend", "unsuspend", "addservice", "removeservice"];

interface Scenario {
  fault: string;
  rule: FaultRuleInput;
  /** Runs allowed before the gateway must equal the program. */
  maxRuns: number;
  config?: Record<string, { value: string }>;
  note?: string;
}

const SCENARIOS: Scenario[] = [
  { fault: "congestion (63027)", rule: { kind: "congestion", rate: RATE }, maxRuns: 2 },
  // HTTP 500 and dropped connections hit queries and polls too (retried), and two-step commands
  // (lost answers: the SIM is queried and the plan decided again, never resent blindly).
  { fault: "HTTP 500", rule: { kind: "http500", rate: RATE }, maxRuns: 2 },
  { fault: "dropped connection", rule: { kind: "drop", rate: RATE }, maxRuns: 2 },
  {
    fault: "slow answer (600 ms > aql:requestTimeout 300 ms)",
    rule: { kind: "slow", rate: RATE, delayMs: 600 },
    config: { "aql:requestTimeout": { value: "300ms" } },
    maxRuns: 2,
  },
  {
    fault: "two-step request queued, answer lost",
    rule: { kind: "lost-answer", rate: RATE, commands: TWO_STEP },
    maxRuns: 2,
  },
  // The network's rejection changed nothing: the Sim queries and sends it again, up to
  // MAX_REJECTED_REQUESTS times in one run, then reports it; the next run tries again.
  { fault: "request ends `failed`", rule: { kind: "fail-request", rate: RATE }, maxRuns: 2 },
];

interface Row {
  fault: string;
  rate: number;
  runs: number;
  converged: boolean;
  calls: number;
  injected: number;
  failedSims: number[];
  duplicates: number;
  seconds: number;
}

const rows: Row[] = [];

describe("faults: 50 SIMs converge under each gateway fault at a 20% rate", function () {
  this.timeout(15 * 60_000);

  after(() => {
    const table = [
      "| fault | rate | runs to converge | calls made | faults injected | SIMs failed per run | duplicates | time |",
      "| --- | --- | --- | --- | --- | --- | --- | --- |",
      ...rows.map(
        (r) =>
          `| ${r.fault} | ${r.rate} | ${r.converged ? r.runs : `not in ${r.runs}`} | ${r.calls} | ${r.injected} | ` +
          `${r.failedSims.join(", ")} | ${r.duplicates} | ${r.seconds} s |`,
      ),
    ].join("\n");
    console.log(`\n${table}\n`);
  });

  for (const sc of SCENARIOS) {
    describe(`${sc.fault} at ${sc.rule.rate ?? 1}`, () => {
      let sim: SimulatorHandle;
      let stack: E2EStack;
      let specs: SimSpec[];

      before(async () => {
        sim = await simulator(FAST_SIMULATOR);
        specs = fleet(sim, SIMS);
        stack = await E2EStack.create({
          program: "sims.js",
          installRoot: FAULTS_ROOT,
          config: {
            ...gatewayConfig(sim),
            ...fastSchedule(sc.config),
            ...simsConfig(specs),
          },
        });
      });

      after(async () => {
        await stack?.cleanup({ destroy: false });
        await sim?.close();
      });

      it("converges with no duplicate activation, nothing lost, every failure named", async () => {
        const started = Date.now();
        sim.addFault({ ...sc.rule });
        const failedSims: number[] = [];
        const trace: string[] = [];
        let runs = 0;
        let converged = false;
        while (runs < sc.maxRuns && !converged) {
          runs++;
          const r = await stack.attempt((s) => s.up({ parallel: SIMS, continueOnError: true }));
          const errors = simErrors(r.events, specs);
          failedSims.push(new Set(errors.map((e) => e.name)).size);
          const inStack = await stackIccids(stack);
          const differences = gatewayDifferences(sim, specs);
          trace.push(
            `run ${runs}: ${r.error === undefined ? "ok" : "failed"}, ` +
              `${JSON.stringify(r.changes)}, ${inStack.size} in the stack`,
            ...errors.map((e) => `  ${e.name}: ${e.message.replace(/\s+/g, " ")}`),
            ...differences.map((d) => `  differs: ${d}; ${operations(r.events, specs, d)}`),
          );
          if (r.error !== undefined) {
            assert.ok(errors.length > 0, `run ${runs} failed with no Sim error:\n${r.error}`);
            for (const e of errors) {
              const problems = unclear(e);
              assert.deepEqual(problems, [], `run ${runs}, ${e.name}: ${e.message}`);
              assert.ok(r.error.includes(e.iccid!), `the error text names ${e.iccid}`);
            }
          }
          // After every run, failed or not: no SIM is in use on the gateway but missing here.
          assert.deepEqual(forgotten(inUseOnGateway(sim, specs), inStack), [], `run ${runs}`);
          converged = r.error === undefined && differences.length === 0;
        }
        if (process.env.FAULTS_VERBOSE || !converged) console.log(indent(trace));
        const counters = sim.counters();
        const injected = Object.values(counters.byFault).reduce((a, b) => a + b, 0);
        const dups = duplicateActivations(sim);
        rows.push({
          fault: sc.fault,
          rate: sc.rule.rate ?? 1,
          runs,
          converged,
          calls: counters.requests,
          injected,
          failedSims,
          duplicates: dups.length,
          seconds: Math.round((Date.now() - started) / 1000),
        });

        assert.deepEqual(dups, [], "no ICCID activated twice");
        assert.deepEqual(gatewayDifferences(sim, specs), [], `not converged in ${runs} run(s)`);
        assert.ok(injected > 0, "the fault fired");
        const inStack = await stackIccids(stack);
        assert.deepEqual(
          [...inStack].sort(),
          specs.map((s) => s.iccid).sort(),
          "the stack holds exactly the program's SIMs",
        );
        // The state the provider recorded agrees with the gateway: nothing left to do.
        const preview = await stack.preview();
        assert.equal(preview.changes.update ?? 0, 0);
        assert.equal(preview.changes.create ?? 0, 0);
      });
    });
  }
});

function indent(lines: readonly string[]): string {
  return lines.map((l) => `      ${l}`).join("\n");
}

/** The engine's operations on the Sim a difference is about, and what the gateway saw. */
function operations(events: readonly EngineEvent[], specs: readonly SimSpec[], d: string): string {
  const spec = specs.find((s) => d.startsWith(`${s.iccid}:`));
  if (spec === undefined) return "";
  const ops = events
    .map((e) => e.resourcePreEvent?.metadata)
    .filter((m) => m !== undefined && m.urn.endsWith(`::${spec.name}`))
    .map((m) => m!.op);
  return `${spec.name}, engine: ${ops.join(",") || "nothing"}`;
}
