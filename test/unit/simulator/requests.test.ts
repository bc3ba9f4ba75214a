import assert from "node:assert/strict";
import { RequestQueue, settleRequest, type TwoStepRequest } from "../../../simulator/requests";
import { emptyAccountState, newPendingSim, rebuildNumberOwners } from "../../../simulator/state";

const req = (id: number, dueAt: number, over: Partial<TwoStepRequest> = {}): TwoStepRequest => ({
  id: String(id),
  account: "demo",
  command: "activate",
  iccid: "1",
  geoNo: "441134960000",
  services: [],
  submittedAt: 0,
  dueAt,
  state: "pending",
  outcome: "success",
  cause: null,
  settledAt: null,
  ...over,
});

const SUB = { name: "A", address: "B", postcode: "LS10 1JQ", contactNumber: "441133203040" };

describe("simulator two-step queue", () => {
  it("pops due requests in due order (ties by id), keeps them all by id", () => {
    const q = new RequestQueue();
    const dues = [50, 10, 30, 10, 70, 20, 60, 40, 0, 30];
    dues.forEach((d, i) => q.add(req(i + 1, d)));
    assert.equal(q.nextDueAt(), 0);
    assert.deepEqual(
      q.popDue(30).map((r) => r.id),
      ["9", "2", "4", "6", "3", "10"],
    );
    assert.equal(q.pendingCount, 4);
    assert.deepEqual(
      q.popAll().map((r) => r.dueAt),
      [40, 50, 60, 70],
    );
    assert.equal(q.size, 10);
    assert.equal(q.get("5")?.dueAt, 70);
    q.add(req(11, 0, { state: "success" }));
    assert.equal(q.pendingCount, 0, "a settled request is not queued");
  });

  it("handles a large random load in order", () => {
    const q = new RequestQueue();
    let x = 12345;
    for (let i = 0; i < 5000; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      q.add(req(i, x % 1000));
    }
    const out = q.popAll().map((r) => r.dueAt);
    assert.deepEqual(
      out,
      [...out].sort((a, b) => a - b),
    );
  });

  it("settles an activation: success -> active, failure -> unused", () => {
    const acc = emptyAccountState();
    acc.sims.set("1", newPendingSim("1", "441134960000", SUB, null, "1", 0));
    acc.sims.set("2", newPendingSim("2", "441134960001", SUB, null, "2", 0));
    rebuildNumberOwners(acc);
    assert.equal(settleRequest(acc, req(1, 0), 5), "success");
    assert.equal(acc.sims.get("1")?.state, "active");
    assert.equal(acc.sims.get("1")?.pendingRequestId, null);
    const failed = req(2, 0, {
      iccid: "2",
      geoNo: "441134960001",
      outcome: "failed",
      cause: "failure-rate",
    });
    assert.equal(settleRequest(acc, failed, 5), "failed");
    assert.equal(acc.sims.has("2"), false);
    assert.equal(acc.numberOwner.has("441134960001"), false);
    assert.equal(failed.settledAt, 5);
  });

  it("a request whose effect became impossible ends failed (state-changed)", () => {
    const acc = emptyAccountState();
    const sim = newPendingSim("1", "441134960000", SUB, null, "1", 0);
    sim.state = "suspended";
    acc.sims.set("1", sim);
    const r = req(9, 0, { command: "addservice", services: ["int_roaming"] });
    assert.equal(settleRequest(acc, r, 1), "failed");
    assert.equal(r.cause, "state-changed");
    assert.equal(sim.services.int_roaming, false);
    const u = req(10, 0, { command: "unsuspend" });
    assert.equal(settleRequest(acc, u, 2), "success");
    assert.equal(sim.state, "active");
    const add = req(11, 0, { command: "addservice", services: ["int_roaming", "int_call"] });
    assert.equal(settleRequest(acc, add, 3), "success");
    assert.ok(sim.services.int_roaming && sim.services.int_call);
    const rm = req(12, 0, { command: "removeservice", services: ["int_call"] });
    settleRequest(acc, rm, 4);
    assert.equal(sim.services.int_call, false);
  });
});
