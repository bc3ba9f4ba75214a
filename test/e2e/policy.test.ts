// The policy pack on the real engine: `preview --policy-pack` with thresholds from a
// `--policy-pack-config` file. Refusals are judged by what the engine reported (the policy
// events and the failed preview) and by the gateway, which must be untouched by a preview.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { PolicyEvent } from "@pulumi/pulumi/automation";
import type { SimulatorHandle } from "../../simulator";
import { findEngine } from "../support/engine";
import { callsSince, changingCalls, mark } from "../support/gateway-calls";
import { E2E_ROOT } from "../support/installed-package";
import { gatewayConfig, simsConfig, simulator, type SimSpec } from "../support/sim-fixture";
import { E2EStack, type RunResult } from "../support/stack";

/**
 * The installed package's pack folder. On the engine `npm run engine` builds, whose Node.js
 * language host cannot start a `runtime: nodejs` pack, the same pack through the aql-nodejs
 * launcher; on a Pulumi CLI that can, the pack as users run it.
 */
function packDir(): string {
  const pack = path.join(E2E_ROOT, "node_modules", "pulumi-aql-mvno", "policy");
  const launcher = path.join(findEngine().binDir, "pulumi-analyzer-policy-aql-nodejs");
  return fs.existsSync(launcher) ? path.join(pack, "aql-engine") : pack;
}

function policyEvents(r: RunResult): PolicyEvent[] {
  return r.events.flatMap((e) => (e.policyEvent ? [e.policyEvent] : []));
}

describe("e2e: the policy pack refuses a preview that breaks a rule", function () {
  let sim: SimulatorHandle;
  let stack: E2EStack;
  let specs: SimSpec[];
  let configFile: (levels: { terminations: string }) => string;

  const preview = (config: string) =>
    stack.attempt((s) => s.preview({ policyPacks: [packDir()], policyPackConfigs: [config] }));

  before(async () => {
    sim = await simulator({ latencyMs: 50 });
    stack = await E2EStack.create({
      program: "sims.js",
      config: { ...gatewayConfig(sim), ...simsConfig([]) },
    });
    const iccids = sim.freeIccids(4);
    const numbers = sim.freeNumbers(4);
    specs = ["a", "b", "c", "d"].map((name, i) => ({
      name,
      iccid: iccids[i]!,
      geoNumber: numbers[i]!,
      services: { intRoaming: name === "a" },
    }));
    configFile = ({ terminations }) => {
      const file = path.join(stack.dir, `policy-${terminations}.json`);
      fs.writeFileSync(
        file,
        JSON.stringify({
          "aql-sim-max-terminations": { enforcementLevel: terminations, max: 2 },
          "aql-sim-cost-services": { iccids: [specs[0]!.iccid] },
          "aql-sim-number-ranges": { prefixes: [...new Set(numbers.map((n) => n.slice(0, 6)))] },
          "aql-sim-max-suspended-share": { maxPercent: 50 },
        }),
      );
      return file;
    };
  });

  after(async () => {
    await stack?.cleanup({ destroy: false });
    await sim?.close();
  });

  it("passes changes inside all rules: an up of 4 SIMs, then 1 termination and 1 suspension", async () => {
    const mandatory = configFile({ terminations: "mandatory" });
    await stack.setConfig(simsConfig(specs));
    const up = await stack.up({ policyPacks: [packDir()], policyPackConfigs: [mandatory] });
    assert.equal(up.changes.create, 5);
    assert.deepEqual(policyEvents(up), []);
    for (const s of specs) assert.equal(sim.sim(s.iccid)?.state, "active");

    const [a, b, c] = specs as [SimSpec, SimSpec, SimSpec];
    await stack.setConfig(simsConfig([a, b, { ...c, suspended: true }]));
    const r = await preview(mandatory);
    assert.equal(r.error, undefined, r.output);
    assert.deepEqual(policyEvents(r), []);
    assert.equal(r.changes.delete, 1);
    assert.equal(r.changes.update, 1);
  });

  it("refuses more terminations than the config file's max, naming the rule and the SIMs", async () => {
    const since = mark(sim);
    await stack.setConfig(simsConfig([specs[0]!]));
    const r = await preview(configFile({ terminations: "mandatory" }));
    assert.ok(r.error, "the preview must fail");
    const events = policyEvents(r).filter((e) => e.policyName === "aql-sim-max-terminations");
    assert.equal(events.length, 1, r.output);
    assert.equal(events[0]!.enforcementLevel, "mandatory");
    const m = events[0]!.message;
    assert.match(m, /terminates 3 SIMs, more than the 2 allowed/);
    for (const s of specs.slice(1)) assert.match(m, new RegExp(`${s.name} \\(${s.iccid}\\)`));
    assert.match(r.output, /aql-sim-max-terminations/);
    assert.deepEqual(changingCalls(callsSince(sim, since)), []);
    for (const s of specs) assert.equal(sim.sim(s.iccid)?.state, "active");
  });

  it("lets the same preview pass with the rule advisory, showing the message as a warning", async () => {
    const r = await preview(configFile({ terminations: "advisory" }));
    assert.equal(r.error, undefined, r.output);
    assert.equal(r.changes.delete, 3);
    const events = policyEvents(r).filter((e) => e.policyName === "aql-sim-max-terminations");
    assert.equal(events.length, 1);
    // The engine reports "advisory" (the SDK's type says "warning").
    assert.equal(String(events[0]!.enforcementLevel), "advisory");
    assert.match(events[0]!.message, /terminates 3 SIMs/);
    assert.match(r.output, /advisory/);
  });

  it("refuses roaming turned on for a SIM outside the approved list", async () => {
    const [a, b, c, d] = specs as [SimSpec, SimSpec, SimSpec, SimSpec];
    await stack.setConfig(simsConfig([a, { ...b, services: { intRoaming: true } }, c, d]));
    const r = await preview(configFile({ terminations: "mandatory" }));
    assert.ok(r.error, "the preview must fail");
    const events = policyEvents(r);
    assert.deepEqual(
      events.map((e) => [e.policyName, e.enforcementLevel]),
      [["aql-sim-cost-services", "mandatory"]],
    );
    assert.match(events[0]!.message, new RegExp(`Sim b \\(${b.iccid}\\) turns on intRoaming`));
    assert.equal(sim.sim(b.iccid)?.services["int_roaming"], false);
  });

  it("in an up without preview, counts against the state before the run, and reports after", async () => {
    // The Automation API's up skips the preview: the deletes happen, then the stack rule runs.
    // It still counts them because the pack read the state at the run's first resource.
    await stack.setConfig(simsConfig([specs[0]!]));
    const r = await stack.attempt((s) =>
      s.up({
        policyPacks: [packDir()],
        policyPackConfigs: [configFile({ terminations: "mandatory" })],
      }),
    );
    assert.ok(r.error, "the up must be reported as failed");
    const events = policyEvents(r).filter((e) => e.policyName === "aql-sim-max-terminations");
    assert.equal(events.length, 1, r.output);
    assert.match(events[0]!.message, /terminates 3 SIMs, more than the 2 allowed/);
    for (const s of specs.slice(1)) assert.equal(sim.sim(s.iccid)?.state, "terminated");
  });
});

describe("e2e: the policy pack on a SimEstate", function () {
  let sim: SimulatorHandle;
  let stack: E2EStack;

  before(async () => {
    sim = await simulator({ latencyMs: 50 });
    stack = await E2EStack.create({ program: "estate.js", config: gatewayConfig(sim) });
  });

  after(async () => {
    await stack?.cleanup({ destroy: false });
    await sim?.close();
  });

  it("judges the estate's Sims and voicemail: a literal PIN refused, a config:NAME one passes", async () => {
    const [i1, i2] = sim.freeIccids(2) as [string, string];
    const [n1, n2] = sim.freeNumbers(2) as [string, string];
    const inventory = path.join(stack.dir, "inventory.csv");
    fs.writeFileSync(
      inventory,
      [
        "iccid,number,name,address,postcode,contact,services,vmPin,vmEmail",
        `${i1},${n1},Ada Lovelace,"11-15 Hunslet Road, Leeds",LS10 1JQ,441133203040,intRoaming,config:vmPin,a@example.com`,
        `${i2},${n2},Alan Turing,"1 Bletchley Park",MK3 6EB,441133203041,moVoice,4821,b@example.com`,
      ].join("\n"),
    );
    await stack.setConfig({
      inventory: { value: inventory },
      vmPin: { value: "2468", secret: true },
    });
    const config = path.join(stack.dir, "policy.json");
    fs.writeFileSync(
      config,
      JSON.stringify({
        "aql-sim-cost-services": { iccids: [] },
        "aql-sim-explicit-deletion-policy": "advisory",
      }),
    );
    const r = await stack.attempt((s) =>
      s.preview({ policyPacks: [packDir()], policyPackConfigs: [config] }),
    );
    assert.ok(r.error, "the preview must fail");
    const seen = policyEvents(r).map((e) => [e.policyName, e.resourceUrn?.split("::").pop()]);
    assert.deepEqual(
      seen.sort(),
      [
        ["aql-secret-credentials", `vm-${i2}`],
        ["aql-sim-cost-services", `sim-${i1}`],
        ["aql-sim-explicit-deletion-policy", `sim-${i1}`],
        ["aql-sim-explicit-deletion-policy", `sim-${i2}`],
      ].sort(),
    );
  });
});
