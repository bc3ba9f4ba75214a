import assert from "node:assert/strict";
import { createDespatchClient, sharedDespatch } from "../../../provider/despatch/client";
import { DespatchRefusedError } from "../../../provider/errors";
import { DESPATCH_PATH } from "../../../provider/despatch/names";
import { parseConfig } from "../../../provider/config";
import order from "../../../provider/resources/sim-order/provider";
import { cancelOrder, despatchOrder, despatchStock } from "../../../simulator/despatch";
import { control } from "../simulator/helpers";
import { PROVIDER, start, type Harness } from "./helpers";

type Props = Record<string, unknown>;

const raw = (over: Props = {}): Props => ({
  orderRef: "ORD-1",
  name: "Ann Example",
  company: "Example Ltd",
  address: "11-15 Hunslet Road, Leeds",
  postcode: "LS10 1JQ",
  contactNumber: "441133203040",
  productCode: "AQL-USIM-STD",
  quantity: 3,
  ...over,
});

async function checked(r: Props): Promise<Props> {
  const c = await order.check({}, { ...r, __provider: PROVIDER });
  assert.equal(c.failures, undefined, JSON.stringify(c.failures));
  return c.inputs!;
}

describe("SimOrder and listSimBatches against the simulator", () => {
  let h: Harness;
  before(async () => {
    // Orders stay processing until a test despatches them (h.sim.settleAll()): no outcome
    // depends on how long a step took on a busy machine.
    h = await start({ latencyMs: 600_000 });
  });
  after(async () => {
    await h.close();
  });

  it("lists the account's SIM batches", async () => {
    assert.deepEqual(await sharedDespatch(h.config).listBatches(), [
      { productCode: "AQL-USIM-STD", quantity: 2000 },
      { productCode: "AQL-USIM-DATA", quantity: 500 },
    ]);
  });

  it("create places the order (processing); refresh sees it despatched with its ICCIDs", async () => {
    const created = await order.create(await checked(raw()));
    assert.equal(created.id, "ORD-1");
    assert.equal(created.outs!["status"], "processing");
    assert.deepEqual(created.outs!["iccids"], []);
    const held = despatchOrder(h.sim.engine, "ORD-1")!;
    assert.equal(held.status, "processing");
    assert.equal(held.name, "Ann Example");
    assert.equal(held.contactNumber, "441133203040");
    assert.equal(despatchStock(h.sim.engine)["AQL-USIM-STD"], 1997);

    // Still processing on a read before despatch; despatched (with its ICCIDs) after it.
    const before = await order.read("ORD-1", { ...created.outs, __provider: PROVIDER });
    assert.equal(before.props!["status"], "processing");
    assert.deepEqual(before.props!["iccids"], []);
    assert.ok(h.sim.settleAll() >= 1);
    const read = await order.read("ORD-1", { ...created.outs, __provider: PROVIDER });
    assert.equal(read.props!["status"], "despatched");
    const iccids = read.props!["iccids"] as string[];
    assert.equal(iccids.length, 3);
    assert.deepEqual(iccids, despatchOrder(h.sim.engine, "ORD-1")!.iccids);
    // The ICCIDs sent are the account's: a Sim can be declared with them.
    assert.equal(h.sim.engine.accountOfIccid(iccids[0]!)?.username, "demo");
    assert.equal(read.props!["name"], "Ann Example");

    // delete undoes nothing and sends nothing.
    const seq = h.sim.log().at(-1)!.seq;
    await order.delete("ORD-1", read.props!);
    assert.equal(h.sim.log(seq).length, 0);
    assert.equal(despatchOrder(h.sim.engine, "ORD-1")!.status, "despatched");
  });

  it("an order cancelled by aql reads as cancelled, and its SIMs go back to stock", async () => {
    const created = await order.create(await checked(raw({ orderRef: "ORD-2", quantity: 10 })));
    assert.equal(despatchStock(h.sim.engine)["AQL-USIM-STD"], 1987);
    cancelOrder(h.sim.engine, "ORD-2");
    const read = await order.read("ORD-2", created.outs!);
    assert.equal(read.props!["status"], "cancelled");
    assert.equal(despatchStock(h.sim.engine)["AQL-USIM-STD"], 1997);
    // A cancelled order is not despatched by settling, and its stock stays returned.
    h.sim.settleAll();
    assert.equal((await order.read("ORD-2", created.outs!)).props!["status"], "cancelled");
    assert.equal(despatchOrder(h.sim.engine, "ORD-2")!.iccids.length, 0);
    assert.equal(despatchStock(h.sim.engine)["AQL-USIM-STD"], 1997);
  });

  it("POST /_sim/settle despatches an order still processing, and only that one", async () => {
    const created = await order.create(await checked(raw({ orderRef: "ORD-5", quantity: 2 })));
    assert.equal(created.outs!["status"], "processing");
    assert.deepEqual(await control(h.sim, "POST", "settle"), { status: 200, json: { settled: 1 } });
    const read = await order.read("ORD-5", created.outs!);
    assert.equal(read.props!["status"], "despatched");
    assert.equal((read.props!["iccids"] as string[]).length, 2);
    assert.deepEqual(await control(h.sim, "POST", "settle"), { status: 200, json: { settled: 0 } });
  });

  it("refusals carry the API's exit code: a reused reference, an unknown product, too many", async () => {
    const refused = async (r: Props, code: number) =>
      assert.rejects(order.create(await checked(r)), (e: unknown) => {
        assert.ok(e instanceof DespatchRefusedError, String(e));
        assert.equal(e.exitCode, code);
        return true;
      });
    await refused(raw({ orderRef: "ORD-1" }), 5);
    await refused(raw({ orderRef: "ORD-3", productCode: "NOPE-1" }), 6);
    await refused(raw({ orderRef: "ORD-4", productCode: "AQL-USIM-DATA", quantity: 501 }), 7);
    await assert.rejects(order.read("ORD-404", {}), (e: unknown) => {
      assert.ok(e instanceof DespatchRefusedError);
      assert.equal(e.exitCode, 4);
      return true;
    });
  });

  it("wrong credentials are refused with the authentication exit code", async () => {
    const client = createDespatchClient(
      parseConfig({
        username: "demo",
        password: "wrong",
        despatchEndpoint: `${h.sim.url}${DESPATCH_PATH}`,
      }),
    );
    await assert.rejects(client.listBatches(), (e: unknown) => {
      assert.ok(e instanceof DespatchRefusedError);
      assert.equal(e.exitCode, 1);
      assert.ok(!e.message.includes("wrong"));
      return true;
    });
  });
});
