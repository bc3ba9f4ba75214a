import assert from "node:assert/strict";
import type { OrderInfo, SimBatch } from "../../../provider/despatch/answer";
import type { DespatchApi } from "../../../provider/despatch/client";
import type { DespatchOrder } from "../../../provider/despatch/params";
import { checkSimOrder, diffSimOrder } from "../../../provider/resources/sim-order/check";
import { simOrderProvider } from "../../../provider/resources/sim-order/runtime";
import { PROVIDER, UNKNOWN, failedProperties } from "./helpers";

const raw = (over: Record<string, unknown> = {}) => ({
  orderRef: "ORD-2024-001",
  name: "Ann Example",
  company: "Example Ltd",
  address: "11-15 Hunslet Road, Leeds",
  postcode: "ls10 1jq",
  contactNumber: "+44 113 320 3040",
  productCode: "AQL-123",
  quantity: 5,
  __provider: PROVIDER,
  ...over,
});

/** [what, input overrides, the property the failure must name] */
const INVALID: [string, Record<string, unknown>, string][] = [
  ["orderRef missing", { orderRef: undefined }, "orderRef"],
  ["orderRef with a space", { orderRef: "ORD 1" }, "orderRef"],
  ["orderRef too long", { orderRef: "O".repeat(41) }, "orderRef"],
  ["name missing", { name: undefined }, "name"],
  ["name with markup", { name: "<b>Ann</b>" }, "name"],
  ["company empty", { company: "  " }, "company"],
  ["address missing", { address: undefined }, "address"],
  ["postcode not UK", { postcode: "90210" }, "postcode"],
  ["contactNumber text", { contactNumber: "ring me" }, "contactNumber"],
  ["productCode with a space", { productCode: "AQL 123" }, "productCode"],
  ["quantity zero", { quantity: 0 }, "quantity"],
  ["quantity fractional", { quantity: 1.5 }, "quantity"],
  ["quantity a string", { quantity: "5" }, "quantity"],
  ["an unknown property", { status: "processing" }, "status"],
];

describe("SimOrder check", () => {
  for (const [what, over, property] of INVALID) {
    it(`refuses ${what}, naming ${property}`, () => {
      assert.deepEqual(failedProperties(checkSimOrder({}, raw(over))), [property]);
    });
  }

  it("normalises and fills in the default quantity", () => {
    const r = checkSimOrder({}, raw({ quantity: undefined, company: undefined }));
    assert.equal(r.failures, undefined);
    assert.deepEqual(r.inputs, {
      orderRef: "ORD-2024-001",
      name: "Ann Example",
      address: "11-15 Hunslet Road, Leeds",
      postcode: "LS10 1JQ",
      contactNumber: "441133203040",
      productCode: "AQL-123",
      quantity: 1,
      __provider: PROVIDER,
    });
  });

  it("refuses a change to an order placed under the same reference", () => {
    const olds = checkSimOrder({}, raw()).inputs!;
    const r = checkSimOrder(olds, raw({ address: "1 Other Street, York", quantity: 6 }));
    assert.deepEqual(failedProperties(r), ["address", "quantity"]);
    assert.match(r.failures![0]!.reason, /new orderRef/);
  });

  it("accepts the change with a new reference, and the same order unchanged", () => {
    const olds = checkSimOrder({}, raw()).inputs!;
    assert.equal(checkSimOrder(olds, raw({ orderRef: "ORD-2", quantity: 6 })).failures, undefined);
    assert.equal(checkSimOrder(olds, raw()).failures, undefined);
  });

  it("lets unknowns through, and judges no change on an unknown", () => {
    const olds = checkSimOrder({}, raw()).inputs!;
    assert.equal(
      checkSimOrder(olds, raw({ name: UNKNOWN, orderRef: UNKNOWN })).failures,
      undefined,
    );
    assert.equal(checkSimOrder(olds, raw({ address: UNKNOWN })).failures, undefined);
  });
});

describe("SimOrder diff", () => {
  const olds = {
    ...checkSimOrder({}, raw()).inputs!,
    status: "despatched",
    iccids: ["1"],
    __provider: "old",
  };
  const news = (over: Record<string, unknown> = {}) => ({
    ...checkSimOrder({}, raw()).inputs!,
    ...over,
  });

  it("ignores __provider and the outputs status and iccids", () => {
    assert.equal(diffSimOrder(olds, news()).changes, false);
  });

  it("replaces on any input change", () => {
    assert.deepEqual(diffSimOrder(olds, news({ orderRef: "ORD-2", quantity: 6 })), {
      changes: true,
      replaces: ["orderRef", "quantity"],
      deleteBeforeReplace: false,
    });
    assert.deepEqual(diffSimOrder(olds, news({ company: undefined })).replaces, ["company"]);
  });
});

class FakeDespatch implements DespatchApi {
  readonly submitted: DespatchOrder[] = [];
  readonly queried: string[] = [];
  status: OrderInfo = { status: "processing", iccids: [] };
  async submit(order: DespatchOrder): Promise<OrderInfo> {
    this.submitted.push(order);
    return this.status;
  }
  async query(orderRef: string): Promise<OrderInfo> {
    this.queried.push(orderRef);
    return this.status;
  }
  async listBatches(): Promise<SimBatch[]> {
    return [];
  }
}

describe("SimOrder provider", () => {
  const checked = () => checkSimOrder({}, raw()).inputs!;
  const setup = () => {
    const d = new FakeDespatch();
    return { d, p: simOrderProvider({ despatch: () => d, configure: async () => undefined }) };
  };

  it("create submits the order; id is the reference; outputs add status and ICCIDs", async () => {
    const { d, p } = setup();
    const r = await p.create(checked());
    assert.equal(r.id, "ORD-2024-001");
    assert.equal(d.submitted.length, 1);
    assert.equal(d.submitted[0]!.postcode, "LS10 1JQ");
    const { __provider: _p, ...inputs } = checked();
    assert.deepEqual(r.outs, { ...inputs, status: "processing", iccids: [] });
  });

  it("read shows the order's status and ICCIDs", async () => {
    const { d, p } = setup();
    const created = await p.create(checked());
    d.status = { status: "despatched", iccids: ["8944200000000000001"] };
    const r = await p.read(created.id, { ...created.outs, __provider: PROVIDER });
    assert.deepEqual(d.queried, ["ORD-2024-001"]);
    assert.equal(r.id, "ORD-2024-001");
    assert.equal(r.props!["status"], "despatched");
    assert.deepEqual(r.props!["iccids"], ["8944200000000000001"]);
    assert.equal(r.props!["name"], "Ann Example");
  });

  it("delete sends nothing (an order cannot be withdrawn)", async () => {
    const { d, p } = setup();
    await p.delete("ORD-2024-001", checked());
    assert.equal(d.submitted.length + d.queried.length, 0);
  });
});

describe("SimOrder check as the engine gets it: the recipient's details never in clear", () => {
  const p = simOrderProvider({
    despatch: () => {
      throw new Error("check makes no call");
    },
    configure: async () => undefined,
  });
  // Each personal field, made invalid with a value that must not reach the engine's message.
  const BAD: [string, string][] = [
    ["name", "<b>Quintessa Marchbanks</b>"],
    ["company", "<i>Marchbanks Holdings</i>"],
    ["address", "77 Zephyrine Lane <script>"],
    ["postcode", "ZZ99 9ZZZ"],
    ["contactNumber", "ring 07700 900461"],
  ];
  for (const [property, value] of BAD) {
    it(`a bad ${property}: the failure names it in the reason, with no property for the engine to print`, async () => {
      const r = await p.check({}, raw({ [property]: value }));
      assert.equal(r.failures?.length, 1, JSON.stringify(r.failures));
      const f = r.failures![0]!;
      assert.equal(f.property, "", "a property would make the engine print its value");
      assert.match(f.reason, new RegExp(`^${property}: `));
      assert.ok(!f.reason.includes(value), f.reason);
    });
  }

  it("a bad non-personal property is still named as the property", async () => {
    const r = await p.check({}, raw({ productCode: "AQL 123" }));
    assert.deepEqual(
      r.failures?.map((f) => f.property),
      ["productCode"],
    );
  });
});
