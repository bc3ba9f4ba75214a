// A SIM's whole life over HTTP, GET and POST, routes, and what the log keeps.

import assert from "node:assert/strict";
import { request } from "undici";
import { startSimulator, type SimulatorHandle } from "../../../simulator/server";
import { activate, DEMO, gw, REC_PATH, SUBSCRIBER, VM_PATH } from "./helpers";

describe("simulator lifecycle (over HTTP)", function () {
  this.timeout(15000);
  let sim: SimulatorHandle;
  beforeEach(async () => {
    // Pending until settled through the control (settle below): never by the clock.
    sim = await startSimulator({ latencyMs: 600_000 });
  });
  afterEach(async () => sim.close());

  const settle = async (): Promise<void> => void sim.settleAll();

  it("activate, services, suspend, unsuspend, change number, VAS, terminate; GET and POST alike", async () => {
    const iccid = sim.freeIccids(1)[0]!;
    const [number, number2] = sim.freeNumbers(2) as [string, string];
    const a = await gw(
      sim,
      { command: "activate", iccid, geo_nos: number, imei: "490154203237518", ...SUBSCRIBER },
      { method: "GET" },
    );
    assert.match(a.body, /^status: 200\nid: \d+\n$/);
    assert.equal(
      (await gw(sim, { command: "queryiccid", iccid }, { method: "GET" })).body,
      "status: 200\niccidstate: pending\n",
    );
    await settle();
    const q = await gw(sim, { command: "queryiccid", iccid });
    assert.equal(q.fields.iccidstate, "active");
    assert.equal(sim.sim(iccid)?.imei, "490154203237518");
    assert.deepEqual(sim.sim(iccid)?.subscriber, {
      name: SUBSCRIBER.subname,
      address: SUBSCRIBER.subaddress,
      postcode: SUBSCRIBER.subpostcode,
      contactNumber: SUBSCRIBER.subcontactno,
    });

    const add = await gw(sim, {
      command: "addservice",
      iccid,
      geo_nos: number,
      "service[int_roaming]": "",
      "service[int_call]": "",
    });
    assert.match(add.body, /^status: 200\nid: \d+\n$/);
    await settle();
    const rm = await gw(
      sim,
      { command: "removeservice", iccid, geo_nos: number, "service[internet]": "" },
      { method: "GET" },
    );
    assert.deepEqual(rm.codes, [200]);
    await settle();
    let f = (await gw(sim, { command: "queryiccid", iccid })).fields;
    assert.deepEqual(
      [f.int_roaming, f.int_call, f.internet, f.mo_voice, f.premium],
      ["1", "1", "0", "1", "0"],
    );

    await gw(sim, { command: "suspend", iccid, geo_nos: number });
    await settle();
    f = (await gw(sim, { command: "queryiccid", iccid })).fields;
    assert.equal(f.iccidstate, "suspended");
    assert.equal(f.geo_nos, number, "a suspended SIM still reports its number and services");
    await gw(sim, { command: "unsuspend", iccid, geo_nos: number });
    await settle();

    assert.deepEqual(
      (await gw(sim, { command: "changegeo", iccid, geo_nos: number, new_geo_nos: number2 })).body,
      "status: 200\n",
    );
    assert.equal((await gw(sim, { command: "queryiccid", iccid })).fields.geo_nos, number2);
    assert.deepEqual(
      (await gw(sim, { command: "config", geo_no: number2, delay: "25" }, { path: VM_PATH })).codes,
      [200],
    );
    assert.deepEqual(
      (
        await gw(
          sim,
          { command: "config", geo_no: number2, active: "1" },
          { path: REC_PATH, method: "GET" },
        )
      ).codes,
      [200],
    );

    const t = await gw(sim, { command: "terminate", iccid, geo_nos: number2 });
    assert.match(t.body, /^status: 200\nid: \d+\n$/);
    await settle();
    assert.equal(
      (await gw(sim, { command: "queryiccid", iccid })).body,
      "status: 200\niccidstate: terminated\n",
    );
    assert.deepEqual(
      (await gw(sim, { command: "info", geo_no: number2 }, { path: VM_PATH })).codes,
      [65002],
      "termination removes the voicemail",
    );
    const counters = sim.counters();
    assert.equal(counters.settledByCommand["terminate"]?.success, 1);
    assert.equal(counters.activationsTotal, 1);
  });

  it("unknown paths are 404, other methods 405, a non-form POST body is ignored", async () => {
    const res = await request(`${sim.url}/mobile/nope.php`);
    assert.equal(res.statusCode, 404);
    await res.body.text();
    const put = await request(`${sim.url}/mobile/configure_sim.php`, { method: "PUT", body: "x" });
    assert.equal(put.statusCode, 405);
    await put.body.text();
    const json = await request(`${sim.url}/mobile/configure_sim.php`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...DEMO, command: "queryiccid" }),
    });
    assert.equal(await json.body.text(), "status: 401\n");
    assert.equal(sim.counters().byStatus["http-404"], 1);
  });

  it("the query string and the form body merge, the body wins", async () => {
    const iccid = sim.freeIccids(1)[0]!;
    const res = await request(
      `${sim.url}/mobile/configure_sim.php?username=demo&password=wrong&command=queryiccid`,
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ password: DEMO.password, iccid }).toString(),
      },
    );
    assert.equal(await res.body.text(), "status: 200\niccidstate: unused\n");
  });

  it("passwords are never logged, nor kept in counters or the state dump", async () => {
    const { iccid, number } = await activate(sim);
    await gw(sim, { command: "queryiccid", iccid, password: "Wr0ng-Secret" });
    await gw(sim, {
      command: "crisp",
      iccid,
      geo_nos: number,
      action: "enable-new",
      "crisp-email": "a@b.co",
      "parent-sms-number": "447700900123",
      "crisp-password": "Crisp-Secret-1",
    });
    await gw(sim, { command: "queryiccid", iccid }, { method: "GET" });
    const everything = JSON.stringify([sim.log(), sim.counters(), sim.snapshot()]);
    for (const secret of [DEMO.password, "Wr0ng-Secret", "Crisp-Secret-1"]) {
      assert.ok(!everything.includes(secret), `${secret} leaked`);
    }
    const entries = sim.log();
    assert.ok(entries.length >= 4);
    for (const e of entries) {
      assert.deepEqual(Object.keys(e).sort(), [
        "account",
        "at",
        "codes",
        "command",
        "durationMs",
        "fault",
        "httpStatus",
        "iccid",
        "method",
        "number",
        "path",
        "requestId",
        "route",
        "seq",
      ]);
    }
    const bad = entries.find((e) => e.codes[0] === 401)!;
    assert.equal(bad.account, null);
  });

  it("the log records route, command, iccid, number, request id, codes, fault", async () => {
    const iccid = sim.freeIccids(1)[0]!;
    const number = sim.freeNumbers(1)[0]!;
    const a = await gw(sim, { command: "activate", iccid, geo_nos: number, ...SUBSCRIBER });
    await gw(sim, { command: "info", geo_no: number }, { path: VM_PATH });
    const [e1, e2] = sim.log();
    assert.deepEqual(
      {
        route: e1!.route,
        command: e1!.command,
        iccid: e1!.iccid,
        number: e1!.number,
        requestId: e1!.requestId,
        codes: e1!.codes,
        account: e1!.account,
        method: e1!.method,
      },
      {
        route: "sim",
        command: "activate",
        iccid,
        number,
        requestId: a.fields.id,
        codes: [200],
        account: "demo",
        method: "POST",
      },
    );
    assert.deepEqual([e2!.route, e2!.command, e2!.codes], ["vm", "info", [65002]]);
    assert.deepEqual(sim.counters().byCommand["vm:info"], { "65002": 1 });
  });

  it("the log is a ring buffer; counters stay exact", async () => {
    await sim.close();
    sim = await startSimulator({ logCapacity: 5 });
    for (let i = 0; i < 12; i++) await gw(sim, { command: "checkstatus", id: "1" });
    assert.deepEqual(
      sim.log().map((e) => e.seq),
      [8, 9, 10, 11, 12],
    );
    assert.equal(sim.counters().byCommand["checkstatus"]?.["63025"], 12);
  });
});
