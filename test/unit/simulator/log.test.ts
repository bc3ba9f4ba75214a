import assert from "node:assert/strict";
import { Counters, RequestLog, statusKey, type LogInput } from "../../../simulator/log";

const entry = (over: Partial<LogInput> = {}): LogInput => ({
  at: 0,
  method: "GET",
  route: "sim",
  path: "/mobile/configure_sim.php",
  account: "demo",
  command: "queryiccid",
  iccid: null,
  number: null,
  requestId: null,
  codes: [200],
  httpStatus: 200,
  fault: null,
  durationMs: 0,
  ...over,
});

describe("simulator request log and counters", () => {
  it("keeps the last `capacity` entries in a ring, with increasing seq", () => {
    const log = new RequestLog(3);
    for (let i = 0; i < 5; i++) log.append(entry({ at: i }));
    assert.equal(log.lastSeq, 5);
    assert.deepEqual(
      log.since(0).map((e) => e.seq),
      [3, 4, 5],
    );
    assert.deepEqual(
      log.since(3).map((e) => e.seq),
      [4, 5],
    );
    assert.deepEqual(
      log.since(0, 1).map((e) => e.seq),
      [3],
    );
    assert.deepEqual(log.since(5), []);
    log.clear();
    assert.equal(log.lastSeq, 0);
    assert.deepEqual(log.since(0), []);
  });

  it("counts exactly whatever the ring keeps", () => {
    const log = new RequestLog(2);
    const c = new Counters();
    for (let i = 0; i < 1000; i++) {
      const e = log.append(entry({ codes: i % 2 ? [200] : [63028, 63030], command: "activate" }));
      c.record("activate", e);
    }
    assert.equal(c.data.requests, 1000);
    assert.deepEqual(c.data.byCommand, { activate: { "200": 500, "63028,63030": 500 } });
    assert.equal(log.since(0).length, 2);
  });

  it("status keys for answers, faults and HTTP errors", () => {
    assert.equal(statusKey({ codes: [63027], httpStatus: 200, fault: "congestion" }), "63027");
    assert.equal(statusKey({ codes: [], httpStatus: 0, fault: "drop" }), "no-answer");
    assert.equal(statusKey({ codes: [], httpStatus: 500, fault: "http500" }), "http-500");
    assert.equal(statusKey({ codes: [], httpStatus: 200, fault: "garbled" }), "garbled");
    assert.equal(statusKey({ codes: [], httpStatus: 404, fault: null }), "http-404");
  });

  it("counts settled requests and successful activations by ICCID", () => {
    const c = new Counters();
    c.settled("activate", "1", "success");
    c.settled("activate", "2", "failed");
    c.settled("suspend", "1", "success");
    assert.deepEqual(c.data.settled, { success: 2, failed: 1 });
    assert.deepEqual(c.data.activations, { "1": 1 });
    assert.equal(c.data.activationsTotal, 1);
    assert.deepEqual(c.data.settledByCommand.activate, { success: 1, failed: 1 });
    const snap = c.snapshot();
    c.reset();
    assert.equal(snap.activationsTotal, 1, "a snapshot is a copy");
  });
});
