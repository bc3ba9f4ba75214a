// The fault matrix: for each kind of gateway fault, injected into about 20% of the calls
// (seeded), `pulumi up` creates 50 SIMs with services on the real engine. After at most two
// runs the gateway must hold what the program says, the stack and the gateway must agree, and
// every failure the user saw must name the SIM, the command and the gateway's code or the
// transport's reason.
//
// One send per intent: each SIM's activate, addservice and removeservice is counted from the
// requests the simulator RECEIVED (its log, whatever it answered), and each must arrive once,
// except a resend the evidence allows, listed per row: after the request ended `failed`, after
// the gateway said it did nothing (63027; and 63026 on a gateway that refuses a second request),
// or after a lost answer once aql:lostAnswerWindow has passed with no effect showing.
//
// The matrix runs against both readings of a second two-step request while one is pending
// (gateway-notes.md): a gateway that refuses it (63026, the simulator's default) and one that
// queues it; the second on 20 SIMs, to keep the suite's time.
//
// Each run is `pulumi up --continue-on-error`, so that every SIM is attempted in every run:
// a plain `pulumi up` starts no new create after the first failure, and a SIM whose turn never
// came in a run would count against the provider. (RELIABILITY.md says what that means for
// users.)

import assert from "node:assert/strict";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { parseConfig } from "../../provider/config";
import { lostAnswerWindow } from "../../provider/resources/sim/recovery";
import type { LogEntry, SimulatorHandle } from "../../simulator";
import type { WhilePending } from "../../simulator/engine";
import type { FaultRuleInput } from "../../simulator/faults";
import { answerLost, resendsAfterWindow } from "../support/lost-window";
import {
  assertOneSendPerIntent,
  failedRequestIds,
  resendsAfterFailed,
  resendsAfterRefusal,
  sendsReceived,
} from "../support/sends";
import { gatewayConfig, simulator, type SimSpec } from "../support/sim-fixture";
import { E2EStack } from "../support/stack";
import {
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

/** SIMs per run, by the gateway's reading of a second request while one is pending. */
const SIMS: Record<WhilePending, number> = { refuse: 50, queue: 20 };
const SETTINGS: readonly WhilePending[] = ["refuse", "queue"];
const RATE = 0.2;
const TWO_STEP = ["activate", "terminate", "suspend", "unsuspend", "addservice", "removeservice"];

interface Scenario {
  fault: string;
  rule: FaultRuleInput;
  /** Runs allowed before the gateway must equal the program. */
  maxRuns: number;
  config?: Record<string, { value: string }>;
  note?: string;
  /** Run against a gateway that queues a second request too (lost answers are what differ). */
  queue?: boolean;
}

const SCENARIOS: Scenario[] = [
  // 63027 says nothing was done: no lost answer, so the gateway's reading of a second request
  // while one is pending plays no part; refuse only.
  { fault: "congestion (63027)", rule: { kind: "congestion", rate: RATE }, maxRuns: 2 },
  // HTTP 500 and dropped connections hit queries and polls too (retried), and two-step commands
  // (lost answers: the SIM is queried and the plan decided again, never resent blindly).
  { fault: "HTTP 500", rule: { kind: "http500", rate: RATE }, maxRuns: 3, queue: true },
  { fault: "dropped connection", rule: { kind: "drop", rate: RATE }, maxRuns: 3, queue: true },
  {
    fault: "slow answer (600 ms > aql:requestTimeout 300 ms)",
    rule: { kind: "slow", rate: RATE, delayMs: 600 },
    config: { "aql:requestTimeout": { value: "300ms" } },
    maxRuns: 2,
    queue: true,
  },
  {
    fault: "two-step request queued, answer lost",
    rule: { kind: "lost-answer", rate: RATE, commands: TWO_STEP },
    maxRuns: 2,
    queue: true,
  },
  // The network's rejection changed nothing: the Sim queries and sends it again, up to
  // MAX_REJECTED_REQUESTS times in one run, then reports it; the next run tries again.
  // A failed request is no longer pending: the gateway's reading of a second one plays no part.
  { fault: "request ends `failed`", rule: { kind: "fail-request", rate: RATE }, maxRuns: 2 },
];

interface Row {
  fault: string;
  setting: WhilePending;
  rate: number;
  runs: number;
  converged: boolean;
  calls: number;
  injected: number;
  failedSims: number[];
  /** Resends received, by the evidence that allowed them. */
  resends: Record<string, number>;
  seconds: number;
}

/** The provider's aql:lostAnswerWindow under the matrix's stack config (its default). */
const WINDOW_MS = lostAnswerWindow(
  parseConfig(
    Object.fromEntries(Object.entries(fastSchedule()).map(([k, v]) => [k.slice(4), v.value])),
  ),
);

/** Each resend received, named by what came of the send before it. */
function resendReasons(log: readonly LogEntry[], failed: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const s of sendsReceived(log, TWO_STEP)) {
    s.entries.slice(1).forEach((e, i) => {
      const prev = s.entries[i]!;
      const gap = e.at - prev.at;
      out.push(
        prev.requestId !== null && failed.has(prev.requestId)
          ? "after failed"
          : prev.codes.includes(63027)
            ? "after 63027"
            : prev.codes.includes(63026)
              ? "after 63026"
              : answerLost(prev)
                ? `after window (${gap >= WINDOW_MS ? "ok" : `${gap} ms`})`
                : "other",
      );
    });
  }
  return out;
}

const rows: Row[] = [];

describe("faults: SIMs converge under each gateway fault at a 20% rate, one send per intent", function () {
  this.timeout(15 * 60_000);

  after(() => {
    const table = [
      "| fault | second request | SIMs | rate | runs to converge | calls made | faults injected | SIMs failed per run | resends received (allowed by) | time |",
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
      ...rows.map(
        (r) =>
          `| ${r.fault} | ${r.setting} | ${SIMS[r.setting]} | ${r.rate} | ${r.converged ? r.runs : `not in ${r.runs}`} | ` +
          `${r.calls} | ${r.injected} | ${r.failedSims.join(", ")} | ` +
          `${
            Object.entries(r.resends)
              .map(([k, n]) => `${n} ${k}`)
              .join(", ") || "0"
          } | ${r.seconds} s |`,
      ),
    ].join("\n");
    console.log(`\n${table}\n`);
  });

  for (const setting of SETTINGS)
    for (const sc of SCENARIOS.filter((x) => setting === "refuse" || x.queue === true)) {
      describe(`${sc.fault} at ${sc.rule.rate ?? 1}, a second request ${setting === "refuse" ? "refused" : "queued"}`, () => {
        let sim: SimulatorHandle;
        let stack: E2EStack;
        let specs: SimSpec[];

        before(async () => {
          sim = await simulator({ ...FAST_SIMULATOR, whilePending: setting });
          specs = fleet(sim, SIMS[setting]);
          stack = await E2EStack.create({
            program: "sims.js",
            installRoot: FAULTS_ROOT,
            config: {
              ...gatewayConfig(sim),
              ...fastSchedule({
                ...sc.config,
                // A test-only switch that plants the defect the count must catch: resend a lost
                // command as soon as the SIM shows no effect (no window).
                ...(process.env.FAULTS_PLANT_EARLY_RESEND === "1" && {
                  "aql:lostAnswerWindow": { value: "0ms" },
                }),
              }),
              ...simsConfig(specs),
            },
          });
        });

        after(async () => {
          await stack?.cleanup({ destroy: false });
          await sim?.close();
        });

        it("converges, one send per intent, nothing lost, every failure named", async () => {
          const started = Date.now();
          sim.addFault({ ...sc.rule });
          const failedSims: number[] = [];
          const trace: string[] = [];
          let runs = 0;
          let converged = false;
          while (runs < sc.maxRuns && !converged) {
            runs++;
            const r = await stack.attempt((s) =>
              s.up({ parallel: SIMS[setting], continueOnError: true }),
            );
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
          const log = sim.log();
          const failed = failedRequestIds(sim);
          const resends: Record<string, number> = {};
          for (const why of resendReasons(log, failed)) resends[why] = (resends[why] ?? 0) + 1;
          if (process.env.FAULTS_VERBOSE) console.log(`      resends: ${JSON.stringify(resends)}`);
          rows.push({
            fault: sc.fault,
            setting,
            rate: sc.rule.rate ?? 1,
            runs,
            converged,
            calls: counters.requests,
            injected,
            failedSims,
            resends,
            seconds: Math.round((Date.now() - started) / 1000),
          });

          assertOneSendPerIntent(log, {
            commands: TWO_STEP,
            intents: specs.flatMap((s) =>
              ["activate", "addservice", "removeservice"].map((command) => ({
                subject: s.iccid,
                command,
              })),
            ),
            allow: [
              ...resendsAfterFailed(log, failed),
              ...resendsAfterRefusal(log, setting === "refuse" ? [63027, 63026] : [63027]),
              ...resendsAfterWindow(log, WINDOW_MS),
            ],
          });
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
