// The simulator's despatch route, without HTTP: the same contract the client assumes.

import assert from "node:assert/strict";
import { parseDespatchAnswer, readBatches, readOrder } from "../../../provider/despatch/answer";
import { dispatch } from "../../../simulator/routes";
import { SimEngine } from "../../../simulator/engine";
import {
  cancelOrder,
  despatchAll,
  despatchOrder,
  despatchRoute,
  despatchStock,
  formatDespatchAnswer,
} from "../../../simulator/despatch";
import { parseParams } from "../../../simulator/params";

const AUTH = { username: "demo", password: "demo-password" };
const ORDER = {
  command: "despatch",
  orderref: "ORD-1",
  name: "Ann Example",
  address: "11-15 Hunslet Road, Leeds",
  postcode: "LS10 1JQ",
  contact_no: "441133203040",
  product_code: "AQL-USIM-DATA",
  quantity: "2",
};

function setup() {
  let t = 1_700_000_000_000;
  const engine = new SimEngine({ latencyMs: 1000, timers: false, now: () => t });
  const call = (params: Record<string, string>, auth = AUTH) => {
    const d = dispatch(
      engine,
      despatchRoute,
      parseParams("", new URLSearchParams({ ...auth, ...params }).toString()),
    );
    if (d.outcome.kind !== "answer") throw new Error(d.outcome.kind);
    return d.outcome.body;
  };
  return { engine, call, advance: (ms: number) => void (t += ms) };
}

function items(body: string) {
  const a = parseDespatchAnswer(body);
  assert.equal(a.kind, "ok", body);
  return (a as { items: readonly (readonly [string, string])[] }).items;
}

describe("simulator despatch route", () => {
  it("places an order (processing), then despatches it after the latency with ICCIDs", () => {
    const { engine, call, advance } = setup();
    const placed = readOrder(items(call(ORDER)));
    assert.deepEqual(placed, {
      status: "processing",
      iccids: [],
      name: "Ann Example",
      address: "11-15 Hunslet Road, Leeds",
      postcode: "LS10 1JQ",
      contactNumber: "441133203040",
    });
    advance(999);
    assert.equal(
      readOrder(items(call({ command: "querydespatch", orderref: "ORD-1" }))).status,
      "processing",
    );
    advance(1);
    const sent = readOrder(items(call({ command: "querydespatch", orderref: "ORD-1" })));
    assert.equal(sent.status, "despatched");
    assert.equal(sent.iccids.length, 2);
    assert.ok(sent.iccids.every((i) => engine.account("demo").inventory.ownsIccid(i)));
    // The same ICCIDs every time it is asked.
    assert.deepEqual(
      readOrder(items(call({ command: "querydespatch", orderref: "ORD-1" }))).iccids,
      sent.iccids,
    );
  });

  it("lists stock and takes an order's SIMs from it", () => {
    const { engine, call } = setup();
    call(ORDER);
    assert.deepEqual(readBatches(items(call({ command: "listbatches" }))), [
      { productCode: "AQL-USIM-STD", quantity: 2000 },
      { productCode: "AQL-USIM-DATA", quantity: 498 },
    ]);
    assert.equal(despatchStock(engine)["AQL-USIM-DATA"], 498);
  });

  it("answers errors as `<code>: <text>` lines", () => {
    const { call } = setup();
    call(ORDER);
    assert.equal(call(ORDER), "5: Order reference already used\n");
    assert.equal(
      call({ ...ORDER, orderref: "ORD-2", product_code: "X" }),
      "6: Unknown product code\n",
    );
    assert.equal(call({ ...ORDER, orderref: "ORD-3", quantity: "501" }), "7: Insufficient stock\n");
    assert.equal(
      call({ ...ORDER, orderref: "ORD-4", quantity: "0" }),
      "3: Missing or invalid variable\n",
    );
    assert.equal(
      call({ ...ORDER, orderref: "ORD-5", name: "" }),
      "3: Missing or invalid variable\n",
    );
    assert.equal(
      call({ command: "querydespatch", orderref: "NOPE" }),
      "4: Unknown order reference\n",
    );
    assert.equal(call({ command: "refund" }), "2: Invalid command\n");
    assert.equal(
      call({ command: "listbatches" }, { username: "demo", password: "x" }),
      "1: Authentication failed\n",
    );
  });

  it("formats success as the vendor text shows it", () => {
    assert.equal(
      formatDespatchAnswer({ codes: [200], fields: [["AQL-123", "2031"]] }),
      "0: Successful\nAQL-123:2031\n",
    );
    assert.equal(
      formatDespatchAnswer({ codes: [63027], fields: [] }),
      "8: Service busy, try again later\n",
    );
  });

  it("cancels an order still processing, returning its SIMs to stock; not one despatched", () => {
    const { engine, call, advance } = setup();
    call(ORDER);
    call({ ...ORDER, orderref: "ORD-2" });
    assert.equal(cancelOrder(engine, "ORD-1").status, "cancelled");
    assert.equal(despatchStock(engine)["AQL-USIM-DATA"], 498);
    advance(1000);
    assert.equal(
      readOrder(items(call({ command: "querydespatch", orderref: "ORD-1" }))).status,
      "cancelled",
    );
    assert.equal(despatchOrder(engine, "ORD-2")!.status, "despatched");
    assert.throws(() => cancelOrder(engine, "ORD-2"), /already despatched/);
    assert.throws(() => cancelOrder(engine, "NOPE"), /no order/);
  });

  it("despatchAll despatches every order still processing at once, not a cancelled one", () => {
    const { engine, call } = setup();
    call(ORDER);
    call({ ...ORDER, orderref: "ORD-2" });
    call({ ...ORDER, orderref: "ORD-3" });
    cancelOrder(engine, "ORD-3");
    assert.equal(despatchAll(engine), 2);
    const first = readOrder(items(call({ command: "querydespatch", orderref: "ORD-1" })));
    assert.equal(first.status, "despatched");
    assert.equal(first.iccids.length, 2);
    assert.equal(despatchOrder(engine, "ORD-2")!.iccids.length, 2);
    assert.notDeepEqual(despatchOrder(engine, "ORD-2")!.iccids, first.iccids);
    assert.equal(despatchOrder(engine, "ORD-3")!.status, "cancelled");
    assert.equal(despatchAll(engine), 0);
  });

  it("a reset forgets orders and restores stock", () => {
    const { engine, call } = setup();
    call(ORDER);
    engine.reset();
    assert.equal(despatchOrder(engine, "ORD-1"), undefined);
    assert.equal(despatchStock(engine)["AQL-USIM-DATA"], 500);
  });
});
