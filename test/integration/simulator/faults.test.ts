// Every fault kind over HTTP, and the rule options (count, rate, times, commands, iccid).

import assert from "node:assert/strict";
import { request } from "undici";
import { startSimulator, type SimulatorHandle } from "../../../simulator/server";
import { activate, control, gw, SUBSCRIBER, VM_PATH, waitFor } from "./helpers";

describe("simulator faults (over HTTP)", function () {
  this.timeout(15000);
  let sim: SimulatorHandle;
  beforeEach(async () => {
    // Requests stay pending until a test settles them (sim.settleAll()): no outcome depends on
    // how long a sleep took on a busy machine.
    sim = await startSimulator({ latencyMs: 600_000, seed: 11 });
  });
  afterEach(async () => sim.close());

  const freeActivation = (offset = 0) => {
    const iccid = sim.freeIccids(1, { offset })[0]!;
    const number = sim.freeNumbers(1, { offset })[0]!;
    return {
      iccid,
      number,
      params: { command: "activate", iccid, geo_nos: number, ...SUBSCRIBER },
    };
  };
  const nothingDone = (iccid: string) => {
    assert.equal(sim.sim(iccid), undefined, "the SIM is still unused");
    assert.equal(sim.snapshot().requests.total, 0, "no request queued");
  };
  const lastLog = () => sim.log().at(-1)!;

  it("congestion: status 63027, nothing done", async () => {
    sim.addFault({ kind: "congestion" });
    const a = freeActivation();
    const r = await gw(sim, a.params);
    assert.equal(r.body, "status: 63027\n");
    nothingDone(a.iccid);
    assert.equal(lastLog().fault, "congestion");
  });

  it("http500: HTTP 500 with an HTML page, nothing done", async () => {
    sim.addFault({ kind: "http500" });
    const a = freeActivation();
    const r = await gw(sim, a.params);
    assert.equal(r.httpStatus, 500);
    assert.match(r.body, /<html>/);
    assert.deepEqual(r.codes, []);
    nothingDone(a.iccid);
    assert.equal(sim.counters().byStatus["http-500"], 1);
  });

  it("drop: the connection is destroyed without an answer, nothing done", async () => {
    sim.addFault({ kind: "drop" });
    const a = freeActivation();
    await assert.rejects(gw(sim, a.params), (e: Error & { code?: string }) => {
      assert.match(`${e.code ?? ""} ${e.message}`, /UND_ERR_SOCKET|ECONNRESET|other side closed/);
      return true;
    });
    nothingDone(a.iccid);
    assert.equal(lastLog().httpStatus, 0);
    assert.equal(sim.counters().byStatus["no-answer"], 1);
  });

  it("slow: performed at once, answered after delayMs", async () => {
    sim.addFault({ kind: "slow", delayMs: 300, commands: ["activate"] });
    const a = freeActivation();
    const t0 = Date.now();
    const answer = gw(sim, a.params);
    // Performed as soon as it is received: wait for that, not for a guessed time.
    await waitFor(async () => sim.sim(a.iccid));
    assert.equal(sim.sim(a.iccid)?.state, "pending", "performed before the answer");
    assert.equal(sim.log().length, 0, "and not yet answered");
    const r = await answer;
    assert.ok(Date.now() - t0 >= 290, `answered after ${Date.now() - t0} ms`);
    assert.match(r.body, /^status: 200\nid: \d+\n$/);
    assert.equal(lastLog().fault, "slow");
  });

  it("lost-answer: the request is queued, then the connection is destroyed", async () => {
    sim.addFault({ kind: "lost-answer", commands: ["activate"], count: 1 });
    const a = freeActivation();
    await assert.rejects(gw(sim, a.params));
    const q = await gw(sim, { command: "queryiccid", iccid: a.iccid });
    assert.equal(q.fields.iccidstate, "pending");
    const pending = sim.snapshot().requests.pending;
    assert.equal(pending.length, 1);
    assert.equal(pending[0]!.iccid, a.iccid);
    sim.settleAll();
    assert.equal(
      (await gw(sim, { command: "queryiccid", iccid: a.iccid })).fields.iccidstate,
      "active",
    );
    assert.equal(sim.log().find((e) => e.command === "activate")!.requestId, pending[0]!.id);
  });

  it("fail-request: answered normally, the request ends failed, the SIM stays unused", async () => {
    sim.addFault({ kind: "fail-request", iccid: sim.freeIccids(1)[0]! });
    const a = freeActivation();
    const r = await gw(sim, a.params);
    assert.deepEqual(r.codes, [200]);
    sim.settleAll();
    const c = await gw(sim, { command: "checkstatus", id: r.fields.id! });
    assert.equal(c.fields.requeststate, "failed");
    assert.equal(sim.request(r.fields.id!)?.cause, "fault");
    assert.equal(
      (await gw(sim, { command: "queryiccid", iccid: a.iccid })).fields.iccidstate,
      "unused",
    );
    // another SIM is not affected (the first is free again: take the next one)
    const b = freeActivation(1);
    const rb = await gw(sim, b.params);
    sim.settleAll();
    assert.equal(
      (await gw(sim, { command: "checkstatus", id: rb.fields.id! })).fields.requeststate,
      "success",
    );
  });

  it("error: the chosen code, nothing done", async () => {
    sim.addFault({ kind: "error", code: 63033, commands: ["activate"] });
    const a = freeActivation();
    assert.equal((await gw(sim, a.params)).body, "status: 63033\n");
    nothingDone(a.iccid);
  });

  for (const variant of ["html", "empty", "huge"] as const) {
    it(`garbled (${variant}): HTTP 200 without a status line, nothing done`, async () => {
      sim.addFault({ kind: "garbled", garble: variant, bytes: 3 * 1024 * 1024 + 7 });
      const a = freeActivation();
      const r = await gw(sim, a.params);
      assert.equal(r.httpStatus, 200);
      assert.deepEqual(r.codes, []);
      assert.doesNotMatch(r.body, /^status:/m);
      if (variant === "empty") assert.equal(r.body, "");
      if (variant === "html") assert.match(r.body, /<html>/);
      if (variant === "huge") assert.equal(Buffer.byteLength(r.body), 3 * 1024 * 1024 + 7);
      nothingDone(a.iccid);
      assert.equal(sim.counters().byFault["garbled"], 1);
    });
  }

  it("count: only the first n matching calls", async () => {
    sim.addFault({ kind: "congestion", commands: ["queryiccid"], count: 2 });
    const iccid = sim.freeIccids(1)[0]!;
    const codes = [];
    for (let i = 0; i < 4; i++)
      codes.push((await gw(sim, { command: "queryiccid", iccid })).codes[0]);
    assert.deepEqual(codes, [63027, 63027, 200, 200]);
    assert.deepEqual(
      (await gw(sim, { command: "checkstatus", id: "1" })).codes,
      [63025],
      "other commands",
    );
  });

  it("rate: seeded, the same seed gives the same sequence", async () => {
    const run = async () => {
      const s = await startSimulator({ seed: 5, faults: [{ kind: "congestion", rate: 0.5 }] });
      try {
        const iccid = s.freeIccids(1)[0]!;
        const out: number[] = [];
        for (let i = 0; i < 30; i++)
          out.push((await gw(s, { command: "queryiccid", iccid })).codes[0]!);
        return out;
      } finally {
        await s.close();
      }
    };
    const a = await run();
    assert.deepEqual(a, await run());
    assert.ok(a.includes(63027) && a.includes(200));
  });

  it("times and iccid narrow a rule; route names work in commands", async () => {
    const { iccid, number } = await activate(sim);
    const other = sim.freeIccids(1)[0]!;
    sim.addFault({ kind: "error", code: 500, iccid, times: 1 });
    sim.addFault({ kind: "congestion", commands: ["vm"] });
    assert.deepEqual((await gw(sim, { command: "queryiccid", iccid: other })).codes, [200]);
    assert.deepEqual((await gw(sim, { command: "queryiccid", iccid })).codes, [500]);
    assert.deepEqual((await gw(sim, { command: "queryiccid", iccid })).codes, [200]);
    assert.deepEqual(
      (await gw(sim, { command: "info", geo_no: number }, { path: VM_PATH })).codes,
      [63027],
    );
    const rules = sim.faults();
    assert.deepEqual(
      rules.map((r) => [r.kind, r.fired]),
      [
        ["error", 1],
        ["congestion", 1],
      ],
    );
  });

  it("faults given at start-up, added and removed through the control endpoint", async () => {
    await sim.close();
    sim = await startSimulator({ faults: [{ kind: "congestion", commands: ["queryiccid"] }] });
    const iccid = sim.freeIccids(1)[0]!;
    assert.deepEqual((await gw(sim, { command: "queryiccid", iccid })).codes, [63027]);
    const del = await control(sim, "DELETE", "faults");
    assert.deepEqual(del, { status: 200, json: { removed: true } });
    assert.deepEqual((await gw(sim, { command: "queryiccid", iccid })).codes, [200]);
    const add = await control(sim, "POST", "faults", { rules: [{ kind: "http500", count: 1 }] });
    assert.equal(add.status, 201);
    const id = (add.json as { faults: { id: string }[] }).faults[0]!.id;
    assert.equal((await gw(sim, { command: "queryiccid", iccid })).httpStatus, 500);
    assert.equal((await gw(sim, { command: "queryiccid", iccid })).httpStatus, 200);
    const listed = await control(sim, "GET", "faults");
    assert.equal((listed.json as { faults: { fired: number }[] }).faults[0]!.fired, 1);
    assert.equal((await control(sim, "DELETE", `faults/${id}`)).status, 200);
    assert.equal((await control(sim, "DELETE", `faults/${id}`)).status, 404);
  });

  it("faults never touch the control endpoint", async () => {
    sim.addFault({ kind: "drop" });
    const res = await request(`${sim.url}/_sim/health`);
    assert.equal(res.statusCode, 200);
    await res.body.text();
  });
});
