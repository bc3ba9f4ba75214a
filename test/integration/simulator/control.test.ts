// The control endpoint over HTTP.

import assert from "node:assert/strict";
import { request } from "undici";
import type { CountersData, LogEntry } from "../../../simulator/log";
import type { Settings, StateSnapshot } from "../../../simulator/engine";
import { startSimulator, type SimulatorHandle } from "../../../simulator/server";
import { activate, control, gw, SUBSCRIBER } from "./helpers";

describe("simulator control endpoint (over HTTP)", function () {
  this.timeout(15000);
  let sim: SimulatorHandle;
  beforeEach(async () => {
    sim = await startSimulator({ latencyMs: 50 });
  });
  afterEach(async () => sim.close());

  it("GET state, sims/ICCID, requests/ID", async () => {
    const { iccid, number, id } = await activate(sim);
    const state = (await control(sim, "GET", "state")).json as StateSnapshot;
    const demo = state.accounts["demo"]!;
    assert.equal(demo.sims.length, 1);
    assert.equal(demo.sims[0]!.state, "active");
    assert.equal(demo.numbersInUse[number], iccid);
    assert.equal(demo.freeIccids, 19999);
    assert.equal(demo.inventory.iccids, 20000);
    assert.equal(state.settings.latencyMs, 50);
    const one = await control(sim, "GET", `sims/${iccid}`);
    assert.equal((one.json as { geoNo: string }).geoNo, number);
    const req = await control(sim, "GET", `requests/${id}`);
    assert.equal((req.json as { state: string }).state, "success");
  });

  it("GET log?since=N and counters", async () => {
    const iccid = sim.freeIccids(1)[0]!;
    await gw(sim, { command: "queryiccid", iccid });
    await gw(sim, { command: "queryiccid", iccid: "x" });
    const all = (await control(sim, "GET", "log")).json as { lastSeq: number; entries: LogEntry[] };
    assert.equal(all.lastSeq, 2);
    assert.deepEqual(
      all.entries.map((e) => [e.command, e.iccid, e.codes, e.httpStatus]),
      [
        ["queryiccid", iccid, [200], 200],
        ["queryiccid", "x", [63001], 200],
      ],
    );
    const since = (await control(sim, "GET", "log?since=1")).json as { entries: LogEntry[] };
    assert.deepEqual(
      since.entries.map((e) => e.seq),
      [2],
    );
    const counters = (await control(sim, "GET", "counters")).json as CountersData;
    assert.deepEqual(counters.byCommand["queryiccid"], { "200": 1, "63001": 1 });
    assert.equal(counters.requests, 2);
  });

  it("POST settings changes latency, failure rate and min check delay for new requests", async () => {
    const s = (
      await control(sim, "POST", "settings", {
        latencyMs: 5000,
        failureRate: 1,
        minCheckDelayMs: 10,
      })
    ).json as Settings;
    assert.deepEqual(s, {
      latencyMs: 5000,
      failureRate: 1,
      minCheckDelayMs: 10,
      unsupportedServices: [],
      whilePending: "refuse",
    });
    const iccid = sim.freeIccids(1)[0]!;
    const a = await gw(sim, {
      command: "activate",
      iccid,
      geo_nos: sim.freeNumbers(1)[0]!,
      ...SUBSCRIBER,
    });
    const r = sim.request(a.fields.id!)!;
    assert.equal(r.dueAt - r.submittedAt, 5000);
    assert.equal(r.outcome, "failed");
    assert.equal((await control(sim, "POST", "settings", { latencyMs: -1 })).status, 400);
    assert.equal((await control(sim, "GET", "settings")).json && true, true);
  });

  it("POST settle settles everything pending now", async () => {
    sim.settings({ latencyMs: 60_000 });
    const iccid = sim.freeIccids(1)[0]!;
    await gw(sim, { command: "activate", iccid, geo_nos: sim.freeNumbers(1)[0]!, ...SUBSCRIBER });
    assert.deepEqual(await control(sim, "POST", "settle"), { status: 200, json: { settled: 1 } });
    assert.equal((await gw(sim, { command: "queryiccid", iccid })).fields.iccidstate, "active");
  });

  it("GET inventory and accounts (no passwords)", async () => {
    const inv = (await control(sim, "GET", "inventory?n=3&offset=2")).json as {
      account: string;
      iccids: string[];
      numbers: string[];
    };
    assert.equal(inv.account, "demo");
    assert.deepEqual(inv.iccids, sim.freeIccids(5).slice(2));
    assert.deepEqual(inv.numbers, ["441134960002", "441134960003", "441134960004"]);
    const accounts = await control(sim, "GET", "accounts");
    assert.ok(!JSON.stringify(accounts.json).includes("demo-password"));
    assert.equal((await control(sim, "GET", "inventory?account=nobody")).status, 404);
  });

  it("POST oob: drift visible through the gateway", async () => {
    const { iccid, number } = await activate(sim);
    const r = await control(sim, "POST", "oob", {
      op: "service",
      iccid,
      service: "int_roaming",
      on: true,
    });
    assert.equal(r.status, 200);
    assert.equal((await gw(sim, { command: "queryiccid", iccid })).fields.int_roaming, "1");
    assert.equal((await control(sim, "POST", "oob", { op: "unsuspend", iccid })).status, 409);
    assert.equal((await control(sim, "POST", "oob", { op: "nope" })).status, 400);
    await control(sim, "POST", "oob", { op: "terminate", iccid });
    assert.equal((await gw(sim, { command: "queryiccid", iccid })).fields.iccidstate, "terminated");
    assert.equal(sim.freeNumbers(1)[0], number);
  });

  it("unknown control paths are 404 JSON, and /_sim/ never reaches the gateway routes", async () => {
    const r = await control(sim, "GET", "mobile/configure_sim.php");
    assert.equal(r.status, 404);
    assert.equal(sim.log().length, 0, "control calls are not gateway calls");
    const res = await request(`${sim.url}/_sim/health`);
    assert.equal(res.headers["content-type"], "application/json");
    assert.equal((JSON.parse(await res.body.text()) as { ok: boolean }).ok, true);
  });
});
