import assert from "node:assert/strict";
import { applyOob, OobError } from "../../../simulator/oob";
import { activeSim, call, engineFor, fakeClock } from "./helpers";

describe("simulator out-of-band changes", () => {
  it("every op, as queryiccid and the VAS info see it", () => {
    const clock = fakeClock();
    const engine = engineFor(clock);
    const { iccid, number } = activeSim(engine, clock);
    const q = () => call(engine, { command: "queryiccid", iccid }).fields;
    applyOob(engine, { op: "suspend", iccid });
    assert.equal(q().iccidstate, "suspended");
    applyOob(engine, { op: "unsuspend", iccid });
    assert.equal(q().iccidstate, "active");
    applyOob(engine, { op: "service", iccid, service: "mo_voice", on: false });
    assert.equal(q().mo_voice, "0");
    const [other] = engine.freeNumbers(1);
    applyOob(engine, { op: "number", iccid, number: other! });
    assert.equal(q().geo_nos, other);
    applyOob(engine, { op: "number", iccid, number: null });
    assert.equal(q().geo_nos, "");
    applyOob(engine, { op: "number", iccid, number });
    applyOob(engine, { op: "voicemail", number, settings: { delay: 15, pin: "4321" } });
    const vm = call(engine, { command: "info", geo_no: number }, "/services/vm.php").fields;
    assert.equal(vm.delay, "15");
    assert.equal(vm.pin, "4321");
    applyOob(engine, { op: "remove-voicemail", number });
    assert.deepEqual(
      call(engine, { command: "info", geo_no: number }, "/services/vm.php").codes,
      [65002],
    );
    applyOob(engine, { op: "recording", number, settings: { active: true } });
    assert.equal(
      call(engine, { command: "info", geo_no: number }, "/services/rec.php").fields.active,
      "1",
    );
    applyOob(engine, { op: "remove-recording", number });
    assert.deepEqual(
      call(engine, { command: "info", geo_no: number }, "/services/rec.php").codes,
      [65002],
    );
    const c = applyOob(engine, { op: "crisp", iccid, enabled: true, email: "a@b.co" });
    assert.equal(c.sim?.crisp?.enabled, true);
    applyOob(engine, { op: "terminate", iccid });
    assert.deepEqual(q(), { iccidstate: "terminated" });
  });

  it("activate puts an unused SIM straight into active (for adoption tests)", () => {
    const clock = fakeClock();
    const engine = engineFor(clock);
    const [iccid] = engine.freeIccids(1);
    const [number] = engine.freeNumbers(1);
    applyOob(engine, {
      op: "activate",
      iccid: iccid!,
      number: number!,
      services: { int_roaming: true },
    });
    const f = call(engine, { command: "queryiccid", iccid: iccid! }).fields;
    assert.equal(f.iccidstate, "active");
    assert.equal(f.geo_nos, number);
    assert.equal(f.int_roaming, "1");
    assert.equal(f.mo_voice, "1");
    assert.equal(engine.counters.data.activationsTotal, 0, "not counted as a gateway activation");
  });

  it("refuses impossible changes with a status", () => {
    const clock = fakeClock();
    const engine = engineFor(clock);
    const { iccid, number } = activeSim(engine, clock);
    const { iccid: iccid2 } = activeSim(engine, clock, 0);
    const status = (op: unknown): number => {
      try {
        applyOob(engine, op);
        return 200;
      } catch (e) {
        assert.ok(e instanceof OobError);
        return e.status;
      }
    };
    assert.equal(status({ op: "unsuspend", iccid }), 409);
    assert.equal(status({ op: "number", iccid: iccid2, number }), 409, "in use");
    assert.equal(status({ op: "number", iccid, number: "441139999999" }), 409, "not allocated");
    assert.equal(status({ op: "suspend", iccid: "8944000000000000000" }), 404);
    assert.equal(status({ op: "suspend", iccid: engine.freeIccids(1)[0] }), 409, "unused");
    assert.equal(status({ op: "remove-voicemail", number }), 404);
    assert.equal(status({ op: "activate", iccid, number: engine.freeNumbers(1)[0] }), 409);
    assert.equal(status({ op: "service", iccid, service: "nope", on: true }), 400);
  });

  it("a request in flight whose effect became impossible ends failed", () => {
    const clock = fakeClock();
    const engine = engineFor(clock);
    const { iccid, number } = activeSim(engine, clock);
    const r = call(engine, {
      command: "addservice",
      iccid,
      geo_nos: number,
      "service[int_call]": "",
    });
    applyOob(engine, { op: "suspend", iccid });
    clock.advance(1000);
    assert.equal(
      call(engine, { command: "checkstatus", id: r.fields.id! }).fields.requeststate,
      "failed",
    );
    assert.equal(engine.queue.get(r.fields.id!)?.cause, "state-changed");
  });
});
