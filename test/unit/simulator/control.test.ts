import assert from "node:assert/strict";
import { controlRequest, isLoopback, type ControlRequest } from "../../../simulator/control";
import { activeSim, engineFor, fakeClock } from "./helpers";

const hooks = { flush: async () => undefined, startedAt: 0 };
const req = (over: Partial<ControlRequest>): ControlRequest => ({
  method: "GET",
  path: "state",
  query: new URLSearchParams(),
  body: "",
  remoteAddress: "127.0.0.1",
  ...over,
});

describe("simulator control endpoint (without HTTP)", () => {
  it("knows loopback addresses", () => {
    for (const a of ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"])
      assert.ok(isLoopback(a), a);
    for (const a of [
      undefined,
      "10.0.0.5",
      "192.168.1.1",
      "::ffff:10.0.0.1",
      "fe80::1",
      "128.0.0.1",
    ]) {
      assert.ok(!isLoopback(a), String(a));
    }
  });

  it("refuses non-loopback clients with 403, whatever the path", async () => {
    const engine = engineFor(fakeClock());
    for (const path of ["state", "reset", "faults", "nope"]) {
      const r = await controlRequest(
        engine,
        req({ path, method: "POST", remoteAddress: "10.0.0.5" }),
        hooks,
      );
      assert.equal(r.status, 403);
    }
    assert.equal(engine.log.lastSeq, 0);
  });

  it("answers 404 / 405 / 400 for unknown paths, wrong methods, bad JSON", async () => {
    const engine = engineFor(fakeClock());
    assert.equal((await controlRequest(engine, req({ path: "nope" }), hooks)).status, 404);
    assert.equal((await controlRequest(engine, req({ path: "state/x/y" }), hooks)).status, 404);
    assert.equal((await controlRequest(engine, req({ path: "reset" }), hooks)).status, 405);
    const bad = await controlRequest(
      engine,
      req({ path: "faults", method: "POST", body: "{" }),
      hooks,
    );
    assert.deepEqual(bad, { status: 400, json: { error: "body is not JSON" } });
    const badRule = await controlRequest(
      engine,
      req({
        path: "faults",
        method: "POST",
        body: JSON.stringify([{ kind: "drop" }, { kind: "nope" }]),
      }),
      hooks,
    );
    assert.equal(badRule.status, 400);
    assert.equal(engine.faults.list().length, 0, "nothing added when one rule is bad");
    const badSettings = await controlRequest(
      engine,
      req({ path: "settings", method: "POST", body: JSON.stringify({ failureRate: 2 }) }),
      hooks,
    );
    assert.equal(badSettings.status, 400);
  });

  it("inventory, sims, requests, settle, reset", async () => {
    const clock = fakeClock();
    const engine = engineFor(clock);
    const { iccid } = activeSim(engine, clock);
    const inv = await controlRequest(
      engine,
      req({ path: "inventory", query: new URLSearchParams("n=3") }),
      hooks,
    );
    const body = inv.json as { iccids: string[]; numbers: string[] };
    assert.equal(body.iccids.length, 3);
    assert.ok(!body.iccids.includes(iccid));
    const sim = await controlRequest(engine, req({ path: `sims/${iccid}` }), hooks);
    assert.equal((sim.json as { state: string }).state, "active");
    const unused = await controlRequest(engine, req({ path: `sims/${body.iccids[0]!}` }), hooks);
    assert.equal((unused.json as { state: string }).state, "unused");
    assert.equal((await controlRequest(engine, req({ path: "sims/123" }), hooks)).status, 404);
    assert.equal(
      (await controlRequest(engine, req({ path: "requests/100001" }), hooks)).status,
      200,
    );
    assert.equal((await controlRequest(engine, req({ path: "requests/1" }), hooks)).status, 404);
    const acc = await controlRequest(engine, req({ path: "accounts" }), hooks);
    assert.ok(!JSON.stringify(acc.json).includes("password"));
    const reset = await controlRequest(engine, req({ path: "reset", method: "POST" }), hooks);
    assert.equal(reset.status, 200);
    assert.equal(engine.accounts.get("demo")!.state.sims.size, 0);
  });
});
