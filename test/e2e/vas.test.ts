// Voicemail, CallRecording and Crisp on a Sim, on the real engine against the simulator: up,
// change each setting, refresh after an out-of-band change, destroy in the right order.

import assert from "node:assert/strict";
import type { SimulatorHandle } from "../../simulator";
import { E2EStack } from "../support/stack";
import { gatewayConfig, simulator, SUBSCRIBER } from "../support/sim-fixture";
import { assertSmallShim } from "../support/shim-state";

const VM_PIN = "7305";
const CRISP_PASSWORD = "Cr1sp-Secret!";
const SHIM_KINDS = {
  Sim: "sim",
  Voicemail: "voicemail",
  CallRecording: "call-recording",
  Crisp: "crisp",
};

describe("e2e: value-added services on a SIM", function () {
  let sim: SimulatorHandle;
  let stack: E2EStack;
  let iccid: string;
  let number: string;

  // Secret config: the engine stores the whole stack config in the state of the dynamic
  // providers' default provider, plaintext unless marked secret.
  const spec = (over: { voicemail?: object; recording?: object; crisp?: object | null } = {}) => ({
    vas: {
      secret: true,
      value: JSON.stringify({
        sim: { iccid, geoNumber: number, subscriber: SUBSCRIBER },
        voicemail: { delaySeconds: 20, pin: VM_PIN, email: "vm@example.com", notify: true },
        recording: { active: true, onDemand: false, email: "rec@example.com", notify: false },
        crisp: {
          mode: "new",
          email: "parent@example.com",
          password: CRISP_PASSWORD,
          parentSmsNumber: "447700900123",
        },
        ...over,
      }),
    },
  });

  const account = () => sim.snapshot().accounts["demo"]!;

  /** For each checkstatus logged (by seq), the state it reported for the request asked about. */
  const reported = new Map<number, string>();

  before(async () => {
    sim = await simulator({
      // Called as each answer is logged, before any other call is handled: the request's state
      // now is the one the answer carried.
      onLog: (e) => {
        if (e.command !== "checkstatus" || e.requestId === null) return;
        reported.set(e.seq, sim.request(e.requestId)?.state ?? "unknown");
      },
    });
    [iccid] = sim.freeIccids(1, { offset: 40 }) as [string];
    [number] = sim.freeNumbers(1, { offset: 40 }) as [string];
    stack = await E2EStack.create({
      program: "vas.js",
      config: { ...gatewayConfig(sim), ...spec() },
    });
  });

  after(async () => {
    await stack?.cleanup();
    await sim?.close();
  });

  it("creates the SIM, then voicemail, call recording and Crisp on it", async () => {
    const r = await stack.up();
    assert.equal(r.changes.create, 5);
    assert.equal(sim.sim(iccid)?.state, "active");
    assert.deepEqual(account().voicemail[number], {
      delay: 20,
      pin: VM_PIN,
      email: "vm@example.com",
      notify: true,
      attach: false,
    });
    const rec = account().recording[number]!;
    assert.equal(rec.active, true);
    assert.equal(rec.email, "rec@example.com");
    assert.equal(sim.sim(iccid)?.crisp?.enabled, true);
    assert.equal(sim.sim(iccid)?.crisp?.email, "parent@example.com");

    // The VAS calls came after the provider was told the activation succeeded, not racing it:
    // after the first checkstatus of the activate request that answered `success`.
    const log = sim.log();
    const activate = log.find((e) => e.command === "activate" && e.iccid === iccid);
    assert.ok(activate?.requestId, "no activate logged");
    const success = log.find(
      (e) =>
        e.command === "checkstatus" &&
        e.requestId === activate.requestId &&
        reported.get(e.seq) === "success",
    );
    assert.ok(success, `no checkstatus answered success for request ${activate.requestId}`);
    const firstVas = log.find((e) => e.route === "vm" || e.route === "rec");
    assert.ok(firstVas, "no voicemail or recording call");
    assert.ok(
      firstVas.seq > success.seq,
      `first VAS call #${firstVas.seq} before the activation was seen done (#${success.seq})`,
    );
  });

  it("stores each resource's provider as a small require() of its own shim module", async () => {
    for (const [type, kind] of Object.entries(SHIM_KINDS)) {
      const [res] = await stack.resources(`pulumi-nodejs:dynamic/aql:${type}`);
      assertSmallShim(res, kind);
    }
  });

  it("keeps the voicemail PIN and Crisp password encrypted in the state", async () => {
    const text = await stack.exportEncrypted();
    assert.ok(!text.includes(VM_PIN), "voicemail PIN in plaintext");
    assert.ok(!text.includes(CRISP_PASSWORD), "Crisp password in plaintext");
    assert.ok(!text.includes("demo-password"), "account password in plaintext");
  });

  it("changes each setting with one config call that carries only the change", async () => {
    const mark = sim.log().at(-1)!.seq;
    const r = await stack.up();
    assert.equal(r.changes.update ?? 0, 0, "unchanged program, no update");
    await stack.setConfig(
      spec({
        voicemail: {
          delaySeconds: 35,
          pin: VM_PIN,
          email: "vm@example.com",
          notify: true,
          attach: true,
        },
        recording: { active: true, onDemand: true, email: "rec@example.com", notify: false },
      }),
    );
    const u = await stack.up();
    assert.equal(u.changes.update, 2);
    assert.equal(account().voicemail[number]?.delay, 35);
    assert.equal(account().voicemail[number]?.attach, true);
    assert.equal(account().recording[number]?.ondemand, true);
    const changing = sim
      .log(mark)
      .filter((e) => e.command === "config")
      .map((e) => e.route);
    assert.deepEqual(changing.sort(), ["rec", "vm"]);
  });

  it("after a refresh, preview --diff names the settings that drifted, and only those", async () => {
    sim.oob({ op: "voicemail", number, settings: { delay: 90 } });
    sim.oob({ op: "recording", number, settings: { email: "other@example.com" } });
    const r = await stack.refresh();
    assert.equal(r.changes.update, 2, JSON.stringify(r.changes));

    // read returned the inputs as the gateway reports them: the diff is between those and the
    // program's, per setting. The recording's attach is not in the program: not shown.
    const p = await stack.preview();
    assert.equal(p.changes.update, 2, JSON.stringify(p.changes));
    assert.match(p.output, /~ delaySeconds\s*: 90 => 35/, p.output);
    assert.match(p.output, /~ email\s*: "other@example\.com" => "rec@example\.com"/, p.output);
    // The recording's block ends where the next resource's (in either order) or the summary begins.
    const recording = p.output.slice(p.output.indexOf("aql:CallRecording"));
    const end = recording.search(/\n\s*[~+-]? ?pulumi-nodejs:dynamic|\nResources:/);
    assert.ok(end > 0, p.output);
    assert.doesNotMatch(recording.slice(0, end), /attach/, p.output);
    assert.match(p.output, /pin\s*: \[secret\]/, p.output);

    // The PIN among the refreshed inputs stays encrypted.
    assert.ok(!(await stack.exportEncrypted()).includes(VM_PIN), "voicemail PIN in plaintext");
  });

  it("shows an out-of-band change on refresh and puts it back on up", async () => {
    sim.oob({ op: "voicemail", number, settings: { delay: 90 } });
    sim.oob({ op: "remove-recording", number });
    const r = await stack.refresh();
    assert.ok(
      (r.changes.update ?? 0) >= 1 || (r.changes.delete ?? 0) >= 1,
      JSON.stringify(r.changes),
    );
    await stack.up();
    assert.equal(account().voicemail[number]?.delay, 35);
    assert.equal(account().recording[number]?.active, true);
  });

  it("destroys in the right order: the services go before the SIM is terminated", async () => {
    const mark = sim.log().at(-1)!.seq;
    await stack.destroy();
    const log = sim.log(mark);
    const terminate = log.findIndex((e) => e.command === "terminate");
    const vasRemovals = log
      .map((e, i) => ({ e, i }))
      .filter(({ e }) => e.command === "remove" || (e.command === "crisp" && e.route === "sim"));
    assert.ok(terminate >= 0, "terminate sent");
    assert.ok(vasRemovals.length >= 3, "vm remove, rec remove, crisp disable");
    for (const { i } of vasRemovals) assert.ok(i < terminate, "a VAS call came after terminate");
    assert.equal(sim.sim(iccid)?.state, "terminated");
    assert.equal(account().voicemail[number], undefined);
    assert.equal(account().recording[number], undefined);
    assert.equal(sim.sim(iccid)?.crisp?.enabled ?? false, false);
  });
});
