import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  loadPersisted,
  parsePersisted,
  StateWriter,
  toPersisted,
} from "../../../simulator/persistence";
import { activeSim, call, engineFor, fakeClock, SUBSCRIBER } from "./helpers";

describe("simulator persistence", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "aql-sim-unit-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("round-trips SIMs, numbers, VAS, crisp, requests (pending ones too), counters, PRNG", () => {
    const clock = fakeClock();
    const a = engineFor(clock, { failureRate: 0.5 });
    const { iccid, number } = activeSim(a, clock);
    call(a, { command: "config", geo_no: number, pin: "1234" }, "/services/vm.php");
    call(a, {
      command: "crisp",
      iccid,
      geo_nos: number,
      action: "enable-existing",
      "crisp-email": "a@b.co",
    });
    const [iccid2] = a.freeIccids(1);
    const [number2] = a.freeNumbers(1);
    const pending = call(a, {
      command: "activate",
      iccid: iccid2!,
      geo_nos: number2!,
      ...SUBSCRIBER,
    });
    const json = JSON.stringify(toPersisted(a));
    assert.ok(!json.includes("demo-password"), "no password in the state file");

    const b = engineFor(clock, { failureRate: 0.5 });
    loadPersisted(b, parsePersisted(json));
    assert.deepEqual(toPersisted(b), toPersisted(a));
    assert.equal(b.queue.pendingCount, 1);
    assert.equal(b.accounts.get("demo")!.state.numberOwner.get(number2!), iccid2);
    assert.equal(call(b, { command: "queryiccid", iccid: iccid2! }).fields.iccidstate, "pending");
    clock.advance(1000);
    const st = call(b, { command: "checkstatus", id: pending.fields.id! }).fields.requeststate;
    // The outcome was drawn when the request was queued, and the file keeps it.
    assert.equal(st, a.queue.get(pending.fields.id!)!.outcome);
    // the same PRNG state: both engines draw the same next outcome
    const next = (e: typeof a) => e.failurePrng.next();
    assert.equal(next(b), next(a));
    assert.equal(b.nextRequestId, a.nextRequestId);
  });

  it("rejects a corrupt or foreign file with the file's name and the problem", () => {
    assert.throws(() => parsePersisted("{", "x.json"), /x\.json: not JSON/);
    assert.throws(() => parsePersisted('{"version":2}', "x.json"), /x\.json: version/);
    const clock = fakeClock();
    const e = engineFor(clock);
    const p = toPersisted(e);
    (p.accounts as Record<string, unknown>)["demo"] = {
      sims: [{ iccid: 1 }],
      voicemail: {},
      recording: {},
    };
    assert.throws(
      () => loadPersisted(e, parsePersisted(JSON.stringify(p)), "y.json"),
      /y\.json: accounts\.demo\.sims/,
    );
  });

  it("keeps the state of accounts that are not configured", () => {
    const clock = fakeClock();
    const e = engineFor(clock);
    const p = toPersisted(e);
    (p.accounts as Record<string, unknown>)["ghost"] = { anything: 1 };
    loadPersisted(e, parsePersisted(JSON.stringify(p)));
    assert.deepEqual(toPersisted(e).accounts["ghost"], { anything: 1 });
  });

  it("the writer coalesces changes, writes atomically and leaves no temporary files", async () => {
    const file = join(dir, "sub", "state.json");
    let produced = 0;
    const w = new StateWriter(file, () => JSON.stringify({ n: ++produced }));
    for (let i = 0; i < 100; i++) w.schedule();
    await w.flush();
    assert.ok(w.writes >= 1 && w.writes <= 2, `writes: ${w.writes}`);
    assert.deepEqual(JSON.parse(readFileSync(file, "utf8")), { n: produced });
    w.schedule();
    await w.flush();
    await w.flush(true);
    assert.deepEqual(JSON.parse(readFileSync(file, "utf8")), { n: produced });
    assert.deepEqual(readdirSync(join(dir, "sub")), ["state.json"]);
    w.writeSync();
    assert.deepEqual(readdirSync(join(dir, "sub")), ["state.json"]);
  });

  it("reports a write error from flush", async () => {
    const w = new StateWriter(join(dir, "f", "state.json"), () => {
      throw new Error("boom");
    });
    w.schedule();
    await assert.rejects(w.flush(), /boom/);
  });
});
