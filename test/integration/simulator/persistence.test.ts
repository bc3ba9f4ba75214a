// The state file: stop and start between two runs and still agree.

import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSimulator, type SimulatorHandle } from "../../../simulator/server";
import { activate, control, gw, sleep, SUBSCRIBER, VM_PATH } from "./helpers";

describe("simulator state file (over HTTP)", function () {
  this.timeout(15000);
  let dir: string;
  let file: string;
  let sim: SimulatorHandle | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "aql-sim-"));
    file = join(dir, ".sim", "state.json");
  });
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it("an active SIM is still active after a restart, with its number, services, VAS and crisp", async () => {
    sim = await startSimulator({ stateFile: file, latencyMs: 60 });
    assert.equal(sim.loaded, null);
    const { iccid, number, id } = await activate(sim);
    await gw(sim, { command: "config", geo_no: number, pin: "2468" }, { path: VM_PATH });
    await gw(sim, {
      command: "crisp",
      iccid,
      geo_nos: number,
      action: "enable-existing",
      "crisp-email": "a@b.co",
    });
    const before = (await gw(sim, { command: "queryiccid", iccid })).body;
    await sim.close();
    assert.deepEqual(readdirSync(join(dir, ".sim")), ["state.json"], "no temporary file left");
    const text = readFileSync(file, "utf8");
    assert.ok(!text.includes("demo-password"), "no password in the state file");

    sim = await startSimulator({ stateFile: file, latencyMs: 60 });
    assert.deepEqual(sim.loaded, { sims: 1, pendingRequests: 0 });
    assert.equal((await gw(sim, { command: "queryiccid", iccid })).body, before);
    assert.match(before, /iccidstate: active/);
    assert.equal((await gw(sim, { command: "checkstatus", id })).fields.requeststate, "success");
    assert.equal(
      (await gw(sim, { command: "info", geo_no: number }, { path: VM_PATH })).fields.pin,
      "2468",
    );
    assert.equal(sim.sim(iccid)?.crisp?.enabled, true);
    assert.equal(sim.counters().activations[iccid], 1, "counters survive too");
    assert.notEqual(sim.freeNumbers(1)[0], number, "the number is still in use");
    const next = await gw(sim, { command: "suspend", iccid, geo_nos: number });
    assert.equal(Number(next.fields.id), Number(id) + 1, "request ids continue");
  });

  it("a pending request survives a restart and settles at its due time", async () => {
    sim = await startSimulator({ stateFile: file, latencyMs: 400 });
    const iccid = sim.freeIccids(1)[0]!;
    const number = sim.freeNumbers(1)[0]!;
    const a = await gw(sim, { command: "activate", iccid, geo_nos: number, ...SUBSCRIBER });
    await sim.close();

    sim = await startSimulator({ stateFile: file, latencyMs: 400 });
    assert.deepEqual(sim.loaded, { sims: 1, pendingRequests: 1 });
    assert.equal(
      (await gw(sim, { command: "checkstatus", id: a.fields.id! })).fields.requeststate,
      "pending",
    );
    assert.equal((await gw(sim, { command: "queryiccid", iccid })).fields.iccidstate, "pending");
    await sleep(450);
    assert.equal((await gw(sim, { command: "queryiccid", iccid })).fields.iccidstate, "active");
    assert.equal(
      (await gw(sim, { command: "checkstatus", id: a.fields.id! })).fields.requeststate,
      "success",
    );
  });

  it("a request that fell due while the simulator was down settles at start", async () => {
    sim = await startSimulator({ stateFile: file, latencyMs: 100 });
    const { iccid, number } = await activate(sim);
    const s = await gw(sim, { command: "suspend", iccid, geo_nos: number });
    await sim.close();
    await sleep(150);
    sim = await startSimulator({ stateFile: file });
    assert.equal(sim.snapshot().requests.pending.length, 0);
    assert.equal(sim.request(s.fields.id!)?.state, "success");
    assert.equal(sim.sim(iccid)?.state, "suspended");
  });

  it("the file is written after changes without close, by timers as well", async () => {
    sim = await startSimulator({ stateFile: file, latencyMs: 50 });
    const iccid = sim.freeIccids(1)[0]!;
    await gw(sim, { command: "activate", iccid, geo_nos: sim.freeNumbers(1)[0]!, ...SUBSCRIBER });
    await sleep(150); // nobody asks; the settle timer fires and the writer writes
    const saved = JSON.parse(readFileSync(file, "utf8")) as {
      accounts: { demo: { sims: { iccid: string; state: string }[] } };
    };
    assert.deepEqual(
      saved.accounts.demo.sims.map((s) => [s.iccid, s.state]),
      [[iccid, "active"]],
    );
  });

  it("the state file's seed wins over a different seed option (with a warning)", async () => {
    sim = await startSimulator({ stateFile: file, seed: 1 });
    const first = sim.freeIccids(1)[0]!;
    await sim.close();
    const warnings: string[] = [];
    sim = await startSimulator({ stateFile: file, seed: 2, onWarning: (m) => warnings.push(m) });
    assert.equal(sim.freeIccids(1)[0], first);
    assert.match(warnings.join("\n"), /seed 1/);
  });

  it("reset through the control endpoint empties the file too", async () => {
    sim = await startSimulator({ stateFile: file, latencyMs: 30 });
    await activate(sim);
    assert.deepEqual(await control(sim, "POST", "reset"), { status: 200, json: { ok: true } });
    assert.deepEqual(await control(sim, "POST", "flush"), { status: 200, json: { ok: true } });
    const saved = JSON.parse(readFileSync(file, "utf8")) as {
      accounts: { demo: { sims: unknown[] } };
    };
    assert.deepEqual(saved.accounts.demo.sims, []);
  });

  it("refuses to start on a corrupt state file, naming it", async () => {
    mkdirSync(join(dir, ".sim"), { recursive: true });
    writeFileSync(file, "{ not json");
    await assert.rejects(startSimulator({ stateFile: file }), /state\.json: not JSON/);
  });
});
