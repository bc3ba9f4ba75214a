// The gateway's commands through the dispatch pipeline, with a fake clock (no HTTP).

import assert from "node:assert/strict";
import { applyOob } from "../../../simulator/oob";
import { activeSim, call, engineFor, fakeClock, SUBSCRIBER } from "./helpers";

describe("simulator commands (dispatch, fake clock)", () => {
  it("activate -> pending -> active once due, visible to queryiccid without checkstatus", () => {
    const clock = fakeClock();
    const engine = engineFor(clock);
    const [iccid] = engine.freeIccids(1);
    const [number] = engine.freeNumbers(1);
    const a = call(engine, { command: "activate", iccid: iccid!, geo_nos: number!, ...SUBSCRIBER });
    assert.deepEqual(a.codes, [200]);
    assert.match(a.fields.id!, /^\d+$/);
    assert.equal(
      call(engine, { command: "queryiccid", iccid: iccid! }).fields.iccidstate,
      "pending",
    );
    assert.equal(engine.freeIccids(1)[0] === iccid, false, "a pending SIM is not free");
    assert.equal(engine.freeNumbers(1)[0] === number, false, "its number is reserved");
    clock.advance(999);
    assert.equal(
      call(engine, { command: "checkstatus", id: a.fields.id! }).fields.requeststate,
      "pending",
    );
    clock.advance(1);
    const q = call(engine, { command: "queryiccid", iccid: iccid! });
    assert.equal(q.fields.iccidstate, "active");
    assert.equal(q.fields.geo_nos, number);
    assert.equal(q.fields.mo_voice, "1");
    assert.equal(q.fields.int_roaming, "0");
    assert.match(q.fields.imsi!, /^23420\d{10}$/);
    assert.deepEqual(call(engine, { command: "checkstatus", id: a.fields.id! }).fields, {
      requeststate: "success",
      iccid: iccid!,
    });
    assert.deepEqual(engine.counters.data.activations, { [iccid!]: 1 });
  });

  it("a failed activation returns the SIM to unused and frees the number", () => {
    const clock = fakeClock();
    const engine = engineFor(clock, { failureRate: 1 });
    const [iccid] = engine.freeIccids(1);
    const [number] = engine.freeNumbers(1);
    const a = call(engine, { command: "activate", iccid: iccid!, geo_nos: number!, ...SUBSCRIBER });
    clock.advance(1000);
    assert.equal(
      call(engine, { command: "checkstatus", id: a.fields.id! }).fields.requeststate,
      "failed",
    );
    assert.equal(
      call(engine, { command: "queryiccid", iccid: iccid! }).fields.iccidstate,
      "unused",
    );
    assert.equal(engine.freeNumbers(1)[0], number);
    assert.equal(engine.counters.data.activationsTotal, 0);
  });

  it("suspend, unsuspend, services, terminate take effect at their due time only", () => {
    const clock = fakeClock();
    const engine = engineFor(clock);
    const { iccid, number } = activeSim(engine, clock);
    const s = call(engine, { command: "suspend", iccid, geo_nos: number });
    assert.deepEqual(s.codes, [200]);
    assert.equal(call(engine, { command: "queryiccid", iccid }).fields.iccidstate, "active");
    assert.deepEqual(call(engine, { command: "unsuspend", iccid, geo_nos: number }).codes, [63026]);
    clock.advance(1000);
    assert.equal(call(engine, { command: "queryiccid", iccid }).fields.iccidstate, "suspended");
    assert.deepEqual(
      call(engine, { command: "addservice", iccid, geo_nos: number, "service[int_roaming]": "" })
        .codes,
      [63017],
    );
    call(engine, { command: "unsuspend", iccid, geo_nos: number });
    clock.advance(1000);
    const add = call(engine, {
      command: "addservice",
      iccid,
      geo_nos: number,
      "service[int_roaming]": "",
      "service[int_call]": "",
    });
    assert.deepEqual(add.codes, [200]);
    assert.deepEqual(
      call(engine, { command: "removeservice", iccid, geo_nos: number, "service[mo_sms]": "" })
        .codes,
      [63026],
      "one two-step request per SIM at a time",
    );
    clock.advance(1000);
    call(engine, { command: "removeservice", iccid, geo_nos: number, "service[mo_sms]": "" });
    clock.advance(1000);
    const q = call(engine, { command: "queryiccid", iccid }).fields;
    assert.equal(q.int_roaming, "1");
    assert.equal(q.int_call, "1");
    assert.equal(q.mo_sms, "0");
    call(engine, { command: "terminate", iccid, geo_nos: number });
    clock.advance(1000);
    assert.deepEqual(call(engine, { command: "queryiccid", iccid }).fields, {
      iccidstate: "terminated",
    });
    assert.equal(engine.freeNumbers(1)[0], number, "termination frees the number");
    assert.deepEqual(
      call(engine, { command: "activate", iccid, geo_nos: number, ...SUBSCRIBER }).codes,
      [63026],
    );
  });

  it("assigngeo and changegeo are one-step", () => {
    const clock = fakeClock();
    const engine = engineFor(clock);
    const { iccid, number } = activeSim(engine, clock);
    const [, other] = engine.freeNumbers(2);
    assert.deepEqual(call(engine, { command: "assigngeo", iccid, geo_nos: other! }).codes, [63203]);
    assert.deepEqual(call(engine, { command: "assigngeo", iccid, geo_nos: number }).codes, [200]);
    assert.deepEqual(
      call(engine, { command: "changegeo", iccid, geo_nos: number, new_geo_nos: other! }).codes,
      [200],
    );
    assert.equal(call(engine, { command: "queryiccid", iccid }).fields.geo_nos, other);
    assert.deepEqual(
      call(engine, { command: "changegeo", iccid, geo_nos: number, new_geo_nos: other! }).codes,
      [63202],
    );
    engine.accounts.get("demo")!.state.sims.get(iccid)!.geoNo = null;
    engine.reindex();
    assert.deepEqual(call(engine, { command: "assigngeo", iccid, geo_nos: number }).codes, [200]);
    assert.equal(call(engine, { command: "queryiccid", iccid }).fields.geo_nos, number);
  });

  it("checkstatus: 63025 for unknown ids and other accounts' ids, 63022 before minCheckDelay", () => {
    const clock = fakeClock();
    const engine = engineFor(clock, { minCheckDelayMs: 500 });
    const [iccid] = engine.freeIccids(1);
    const [number] = engine.freeNumbers(1);
    const a = call(engine, { command: "activate", iccid: iccid!, geo_nos: number!, ...SUBSCRIBER });
    assert.deepEqual(call(engine, { command: "checkstatus", id: a.fields.id! }).codes, [63022]);
    clock.advance(500);
    assert.deepEqual(call(engine, { command: "checkstatus", id: a.fields.id! }).codes, [200]);
    assert.deepEqual(call(engine, { command: "checkstatus", id: "999" }).codes, [63025]);
    assert.deepEqual(call(engine, { command: "checkstatus" }).codes, [63025]);
    const other = call(engine, {
      command: "checkstatus",
      id: a.fields.id!,
      username: "myusername",
      password: "mypassword",
    });
    assert.deepEqual(other.codes, [63025]);
  });

  it("crisp enable-new, enable-existing, disable, and its state on the SIM", () => {
    const clock = fakeClock();
    const engine = engineFor(clock);
    const { iccid, number } = activeSim(engine, clock);
    const base = { command: "crisp", iccid, geo_nos: number, "crisp-email": "kid@example.com" };
    assert.deepEqual(call(engine, { ...base, action: "disable" }).codes, [63212]);
    assert.deepEqual(
      call(engine, {
        ...base,
        action: "enable-new",
        "parent-sms-number": "447700900123",
        "crisp-password": "pa55word",
      }).codes,
      [200],
    );
    const sim = engine.findSim(iccid)!.sim!;
    assert.deepEqual(
      { enabled: sim.crisp?.enabled, mode: sim.crisp?.mode, email: sim.crisp?.email },
      { enabled: true, mode: "new", email: "kid@example.com" },
    );
    assert.ok(!JSON.stringify(sim).includes("pa55word"), "the Crisp password is not kept");
    assert.deepEqual(call(engine, { ...base, action: "disable" }).codes, [200]);
    assert.equal(engine.findSim(iccid)!.sim!.crisp?.enabled, false);
    assert.deepEqual(call(engine, { ...base, action: "enable-existing" }).codes, [200]);
    assert.equal(engine.findSim(iccid)!.sim!.crisp?.mode, "existing");
  });

  it("voicemail and recording: config needs a live SIM, info shows values, remove", () => {
    const clock = fakeClock();
    const engine = engineFor(clock);
    const { number } = activeSim(engine, clock);
    const [spare] = engine.freeNumbers(1);
    const vm = (p: Record<string, string>) => call(engine, p, "/services/vm.php");
    const rec = (p: Record<string, string>) => call(engine, p, "/services/rec.php");
    assert.deepEqual(vm({ command: "info", geo_no: number }).codes, [65002]);
    assert.deepEqual(vm({ command: "config", geo_no: spare!, delay: "20" }).codes, [63017]);
    assert.deepEqual(
      vm({
        command: "config",
        geo_no: number,
        delay: "20",
        pin: "1234",
        email: "support@uk.aql.com",
        notify: "1",
        attach: "1",
      }).codes,
      [200],
    );
    assert.equal(
      vm({ command: "info", geo_no: number }).body,
      "status: 200\ndelay: 20\npin: 1234\nemail: support@uk.aql.com\nnotify: 1\nattach: 1\n",
    );
    vm({ command: "config", geo_no: number, attach: "0" });
    assert.equal(vm({ command: "info", geo_no: number }).fields.attach, "0");
    assert.equal(vm({ command: "info", geo_no: number }).fields.pin, "1234", "other fields kept");
    assert.deepEqual(
      rec({
        command: "config",
        geo_no: number,
        active: "1",
        email: "support@uk.aql.com",
        notify: "1",
        attach: "1",
      }).codes,
      [200],
    );
    assert.equal(
      rec({ command: "info", geo_no: number }).body,
      "status: 200\nactive: 1\nemail: support@uk.aql.com\nondemand: 0\nnotify: 1\nattach: 1\n",
    );
    assert.deepEqual(vm({ command: "remove", geo_no: number }).codes, [200]);
    assert.deepEqual(vm({ command: "remove", geo_no: number }).codes, [65002]);
    assert.deepEqual(rec({ command: "info", geo_no: "441134999999" }).codes, [65001]);
  });

  it("out-of-band changes are seen by queryiccid", () => {
    const clock = fakeClock();
    const engine = engineFor(clock);
    const { iccid } = activeSim(engine, clock);
    applyOob(engine, { op: "suspend", iccid });
    assert.equal(call(engine, { command: "queryiccid", iccid }).fields.iccidstate, "suspended");
    applyOob(engine, { op: "service", iccid, service: "premium", on: true });
    assert.equal(call(engine, { command: "queryiccid", iccid }).fields.premium, "1");
    assert.throws(() => applyOob(engine, { op: "suspend", iccid }), /can't suspend/);
    assert.throws(() => applyOob(engine, { op: "bogus" }), /invalid out-of-band op/);
  });
});
