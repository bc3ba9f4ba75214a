// Properties of the Sim's decisions (fast-check), on a model gateway that does exactly what each
// command says. From any gateway state (each of the five SIM states, any number or none, any
// flags) and any valid desired state, a create or an update driven by the recovery policy:
// - ends with the gateway as desired, or is refused with the documented error (a terminated SIM;
//   a SIM in use with another number that is neither ours nor adopted);
// - sends no step that changes nothing;
// - never terminates.
// And the planner alone: the planned steps, applied as the runner applies them, reach the desired state; none is a no-op.
// Bounded runs (numRuns below) keep the unit tier fast.

import assert from "node:assert/strict";
import fc from "fast-check";
import {
  ALL_SERVICE_FLAGS,
  SETTABLE_SERVICES,
  SIM_STATES,
  type ServiceFlags,
  type SimInfo,
  type SimState,
} from "../../../provider/gateway/types";
import {
  planUpdate,
  type CurrentSim,
  type DesiredSim,
  type ServiceSettings,
} from "../../../provider/resources/sim/plan";
import {
  next,
  startMemory,
  type Goal,
  type RecoveryEvent,
  type Send,
} from "../../../provider/resources/sim/recovery";
import { applyPlanned, ICCID, SCHEDULE } from "./helpers";

const RUNS = { numRuns: 300, seed: 20_241_202 };
const NUMBERS = ["441133203040", "441133203041", "441133203042"] as const;

const flagsArb: fc.Arbitrary<ServiceFlags> = fc.record(
  Object.fromEntries(ALL_SERVICE_FLAGS.map((f) => [f, fc.boolean()])) as {
    [K in keyof ServiceFlags]: fc.Arbitrary<boolean>;
  },
);
/** Any subset of the settable services, each on or off: only those listed are managed. */
const managedArb: fc.Arbitrary<ServiceSettings> = fc.record(
  Object.fromEntries(SETTABLE_SERVICES.map((s) => [s, fc.boolean()])) as {
    [K in keyof ServiceSettings]-?: fc.Arbitrary<boolean>;
  },
  { requiredKeys: [] },
);
const desiredArb: fc.Arbitrary<DesiredSim> = fc.record({
  geoNumber: fc.constantFrom(...NUMBERS),
  services: managedArb,
  suspended: fc.boolean(),
});
const numberArb = fc.option(fc.constantFrom(...NUMBERS), { nil: undefined });

/** A SIM as the gateway holds it. */
interface Model {
  state: SimState;
  geoNumber: string | undefined;
  services: ServiceFlags;
}

const modelArb: fc.Arbitrary<Model> = fc.record({
  state: fc.constantFrom(...SIM_STATES),
  geoNumber: numberArb,
  services: flagsArb,
});

function info(m: Model): SimInfo {
  if (m.state !== "active" && m.state !== "suspended") return { iccid: ICCID, state: m.state };
  const i: SimInfo = { iccid: ICCID, state: m.state, services: { ...m.services } };
  if (m.geoNumber !== undefined) i.geoNumber = m.geoNumber;
  return i;
}

/** What one command does on the model; a violation when it is not for this state. */
function perform(m: Model, step: Send): Model | string {
  const settled = m.state === "active" || m.state === "suspended";
  switch (step.command) {
    case "terminate":
      return "an update sent terminate";
    case "assigngeo":
      if (!settled || m.geoNumber !== undefined) return `assigngeo on ${m.state}/${m.geoNumber}`;
      return { ...m, geoNumber: step.geoNumber };
    case "changegeo":
      if (!settled || m.geoNumber !== step.from)
        return `changegeo from ${step.from} on ${m.geoNumber}`;
      return { ...m, geoNumber: step.to };
    case "suspend":
      return m.state === "active" ? { ...m, state: "suspended" } : `suspend on ${m.state}`;
    case "unsuspend":
      return m.state === "suspended" ? { ...m, state: "active" } : `unsuspend on ${m.state}`;
    case "addservice":
    case "removeservice": {
      if (m.state !== "active") return `${step.command} on ${m.state}`;
      const services = { ...m.services };
      for (const s of step.services) services[s] = step.command === "addservice";
      return { ...m, services };
    }
  }
}

function reached(m: Model, d: DesiredSim): boolean {
  if (m.state !== (d.suspended ? "suspended" : "active")) return false;
  if (m.geoNumber !== d.geoNumber) return false;
  return SETTABLE_SERVICES.every(
    (s) => d.services[s] === undefined || m.services[s] === d.services[s],
  );
}

interface Run {
  outcome: "finished" | "failed";
  error?: unknown;
  model: Model;
  violations: string[];
}

/**
 * One provider call (create, or an update from an accurate record) carried out on the model: the
 * runner's part, reduced to what each action does. `activation` is what an activation settles
 * as (the number and flags the gateway gives it); for a SIM found pending, its number may be
 * another one.
 */
function run(
  start: Model,
  goal: Goal & { kind: "converge" },
  recorded: boolean,
  activation: { number: string; flags: ServiceFlags },
): Run {
  let model = start;
  const violations: string[] = [];
  const settled = start.state === "active" || start.state === "suspended";
  let event: RecoveryEvent =
    recorded && settled ? { kind: "start", info: info(start) } : { kind: "start" };
  let memory = startMemory(ICCID, goal);
  for (let i = 0, now = 1_700_000_000_000; i < 60; i++, now += 1000) {
    const step = next(memory, event, { now, schedule: SCHEDULE, lostAnswerWindow: 0 });
    memory = step.memory;
    const a = step.action;
    switch (a.do) {
      case "query":
        event = { kind: "observed", info: info(model) };
        break;
      case "activate":
        if (model.state !== "unused") violations.push(`activate on ${model.state}`);
        model = {
          state: "active",
          geoNumber: goal.desired.geoNumber,
          services: { ...activation.flags },
        };
        event = { kind: "sent" };
        break;
      case "await-activation":
        if (model.state === "pending") {
          model = {
            state: "active",
            geoNumber: activation.number,
            services: { ...activation.flags },
          };
        }
        event = { kind: "awaited", info: info(model) };
        break;
      case "send":
        for (const s of a.steps) {
          const after = perform(model, s);
          if (typeof after === "string") violations.push(after);
          else {
            if (JSON.stringify(after) === JSON.stringify(model)) {
              violations.push(`${s.command} changed nothing`);
            }
            model = after;
          }
        }
        event = { kind: "sent" };
        break;
      case "resume":
        event = { kind: "resumed" };
        break;
      case "wait":
        event = { kind: "waited" };
        break;
      case "finish":
        return { outcome: "finished", model, violations };
      case "fail":
        return { outcome: "failed", error: a.error, model, violations };
    }
  }
  violations.push("no decision after 60 actions");
  return { outcome: "failed", model, violations };
}

/** The documented refusals, and when each is the right answer. */
function expectedRefusal(start: Model, goal: Goal & { kind: "converge" }, pendingNumber: string) {
  if (start.state === "terminated") return /terminated, which cannot be undone/;
  if (goal.owned || goal.adopt) return undefined;
  const number = start.state === "pending" ? pendingNumber : start.geoNumber;
  if (
    (start.state === "active" || start.state === "suspended" || start.state === "pending") &&
    number !== goal.desired.geoNumber
  ) {
    return /set `adopt: true`/;
  }
  return undefined;
}

describe("Sim properties (fast-check)", () => {
  it("planned steps, applied, reach the desired state; no step changes nothing; none terminates", () => {
    const currentArb: fc.Arbitrary<CurrentSim> = fc
      .record({
        state: fc.constantFrom("active" as const, "suspended" as const),
        geoNumber: numberArb,
        services: managedArb,
      })
      .map(({ state, geoNumber, services }): CurrentSim =>
        geoNumber === undefined ? { state, services } : { state, geoNumber, services },
      );
    fc.assert(
      fc.property(currentArb, desiredArb, (current, desired) => {
        let s = current;
        for (const step of planUpdate(current, desired)) {
          assert.notEqual((step as { command: string }).command, "terminate");
          const after = applyPlanned(s, step);
          assert.notDeepEqual(after, s, `${step.command} changes nothing`);
          if (step.command === "addservice" || step.command === "removeservice") {
            assert.equal(s.state, "active", `${step.command} on a suspended SIM`);
          }
          s = after;
        }
        assert.equal(s.state, desired.suspended ? "suspended" : "active");
        assert.equal(s.geoNumber, desired.geoNumber);
        for (const svc of SETTABLE_SERVICES) {
          const want = desired.services[svc];
          if (want !== undefined) assert.equal(s.services[svc], want, svc);
        }
      }),
      RUNS,
    );
  });

  it("from each of the five states, a create or update converges or is refused as documented", () => {
    const goalArb = fc.record({
      kind: fc.constant("converge" as const),
      desired: desiredArb,
      adopt: fc.boolean(),
      owned: fc.boolean(),
      canActivate: fc.constant(true),
    });
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        modelArb,
        goalArb,
        fc.boolean(),
        fc.constantFrom(...NUMBERS),
        flagsArb,
        (start, goal, recorded, pendingNumber, flags) => {
          const r = run(start, goal, recorded && goal.owned, { number: pendingNumber, flags });
          assert.deepEqual(r.violations, []);
          const refusal = expectedRefusal(start, goal, pendingNumber);
          seen.add(`${start.state}:${r.outcome}`);
          if (refusal === undefined) {
            assert.equal(r.outcome, "finished", `failed: ${String(r.error)}`);
            assert.ok(reached(r.model, goal.desired), JSON.stringify({ model: r.model, goal }));
          } else {
            assert.equal(r.outcome, "failed", "should have been refused");
            assert.match(String((r.error as Error).message), refusal);
          }
        },
      ),
      RUNS,
    );
    // Not vacuous: every state was drawn, and both outcomes happened.
    for (const s of SIM_STATES)
      assert.ok(
        [...seen].some((k) => k.startsWith(`${s}:`)),
        s,
      );
    assert.ok(seen.has("active:finished") && seen.has("active:failed"));
  });
});
