import assert from "node:assert/strict";
import type { CurrentSim, DesiredSim, SimStep } from "../../../provider/resources/sim/plan";
import { planUpdate } from "../../../provider/resources/sim/plan";
import { applyPlanned, NUMBER, OTHER_NUMBER } from "./helpers";

const ON = { mo_voice: true, mt_voice: true, mo_sms: true, mt_sms: true, internet: true };
const OFF = { int_roaming: false, int_call: false };

function current(over: Partial<CurrentSim> = {}): CurrentSim {
  return { state: "active", geoNumber: NUMBER, services: { ...ON, ...OFF }, ...over };
}
function desired(over: Partial<DesiredSim> = {}): DesiredSim {
  return { geoNumber: NUMBER, services: {}, suspended: false, ...over };
}
const commands = (steps: SimStep[]) => steps.map((s) => s.command);

describe("Sim planUpdate", () => {
  describe("sends nothing that would not change something", () => {
    const SAME: [string, Partial<CurrentSim>, Partial<DesiredSim>][] = [
      ["active, nothing asked", {}, {}],
      ["suspended stays suspended", { state: "suspended" }, { suspended: true }],
      [
        "managed services already as wanted",
        {},
        { services: { internet: true, int_roaming: false } },
      ],
      [
        "suspended, services as wanted",
        { state: "suspended" },
        { suspended: true, services: { mo_sms: true } },
      ],
      ["unmanaged services differ from anything", { services: {} }, {}],
    ];
    for (const [what, c, d] of SAME) {
      it(what, () => assert.deepEqual(planUpdate(current(c), desired(d)), []));
    }
  });

  it("number change: changegeo from the current to the new number", () => {
    assert.deepEqual(planUpdate(current(), desired({ geoNumber: OTHER_NUMBER })), [
      { command: "changegeo", from: NUMBER, to: OTHER_NUMBER },
    ]);
  });

  it("no number: assigngeo", () => {
    const c = current();
    delete c.geoNumber;
    assert.deepEqual(planUpdate(c, desired()), [{ command: "assigngeo", geoNumber: NUMBER }]);
  });

  it("all additions in one addservice, all removals in one removeservice", () => {
    const steps = planUpdate(
      current(),
      desired({
        services: {
          int_roaming: true,
          int_call: true,
          internet: false,
          mo_sms: false,
          mo_voice: true,
        },
      }),
    );
    assert.deepEqual(steps, [
      { command: "addservice", services: ["int_roaming", "int_call"] },
      { command: "removeservice", services: ["mo_sms", "internet"] },
    ]);
  });

  it("suspend an active SIM", () => {
    assert.deepEqual(commands(planUpdate(current(), desired({ suspended: true }))), ["suspend"]);
  });

  it("unsuspend a suspended SIM", () => {
    assert.deepEqual(commands(planUpdate(current({ state: "suspended" }), desired())), [
      "unsuspend",
    ]);
  });

  it("services on a SIM that should stay suspended: unsuspend, change, suspend", () => {
    const steps = planUpdate(
      current({ state: "suspended" }),
      desired({ suspended: true, services: { int_roaming: true } }),
    );
    assert.deepEqual(commands(steps), ["unsuspend", "addservice", "suspend"]);
  });

  it("services on a suspended SIM to be resumed: unsuspend, then change", () => {
    const steps = planUpdate(
      current({ state: "suspended" }),
      desired({ services: { int_roaming: true, internet: false } }),
    );
    assert.deepEqual(commands(steps), ["unsuspend", "addservice", "removeservice"]);
  });

  it("services on an active SIM to be suspended: change, then suspend", () => {
    const steps = planUpdate(
      current(),
      desired({ suspended: true, services: { internet: false } }),
    );
    assert.deepEqual(commands(steps), ["removeservice", "suspend"]);
  });

  it("everything at once, in the safe order", () => {
    const steps = planUpdate(
      current({ state: "suspended" }),
      desired({
        geoNumber: OTHER_NUMBER,
        suspended: true,
        services: { int_call: true, mt_voice: false },
      }),
    );
    assert.deepEqual(steps, [
      { command: "changegeo", from: NUMBER, to: OTHER_NUMBER },
      { command: "unsuspend" },
      { command: "addservice", services: ["int_call"] },
      { command: "removeservice", services: ["mt_voice"] },
      { command: "suspend" },
    ]);
  });

  it("a service whose current value is not known is planned", () => {
    const steps = planUpdate(current({ services: {} }), desired({ services: { internet: true } }));
    assert.deepEqual(steps, [{ command: "addservice", services: ["internet"] }]);
  });

  it("every combination: plan applied reaches the goal, and a second plan is empty", () => {
    const states = ["active", "suspended"] as const;
    const numbers = [NUMBER, OTHER_NUMBER, undefined];
    const flagSets = [{}, { internet: true }, { internet: false, int_roaming: true }];
    let cases = 0;
    for (const state of states)
      for (const num of numbers)
        for (const cur of [
          { ...ON, ...OFF },
          { ...ON, internet: false, int_roaming: true },
        ])
          for (const wantSuspended of [false, true])
            for (const services of flagSets) {
              const c: CurrentSim = { state, services: cur };
              if (num !== undefined) c.geoNumber = num;
              const d = desired({ suspended: wantSuspended, services });
              const steps = planUpdate(c, d);
              // Services go to an active SIM only, and each command at most once (but unsuspend).
              let s = c;
              for (const step of steps) {
                if (step.command === "addservice" || step.command === "removeservice") {
                  assert.equal(s.state, "active", JSON.stringify({ c, d, steps }));
                  assert.ok(step.services.length > 0);
                }
                s = applyPlanned(s, step);
              }
              assert.deepEqual(planUpdate(s, d), [], JSON.stringify({ c, d, steps }));
              assert.equal(s.geoNumber, d.geoNumber);
              assert.equal(s.state, wantSuspended ? "suspended" : "active");
              const byCommand = commands(steps).filter((x) => x !== "unsuspend" && x !== "suspend");
              assert.equal(new Set(byCommand).size, byCommand.length);
              assert.ok(steps.length <= 5);
              cases++;
            }
    assert.equal(cases, 72);
  });
});
