import assert from "node:assert/strict";
import { luhnValid } from "../../../provider/validation";
import {
  DEMO_ACCOUNT,
  Inventory,
  luhnCheckDigit,
  resolveAccounts,
  simSecrets,
  VENDOR_EXAMPLE_ACCOUNT,
} from "../../../simulator/seed";

describe("simulator inventory (seed)", () => {
  it("the demo account: 20000 Luhn-valid 19-digit ICCIDs starting 8944, 20000 numbers", () => {
    const [demo] = resolveAccounts([DEMO_ACCOUNT], 1);
    const inv = demo!.inventory;
    assert.equal(inv.iccidTotal, 20000);
    assert.equal(inv.numberTotal, 20000);
    const seen = new Set<string>();
    for (let i = 0; i < inv.iccidTotal; i++) {
      const iccid = inv.iccidAt(i);
      assert.match(iccid, /^8944\d{15}$/);
      assert.ok(luhnValid(iccid), iccid);
      assert.ok(inv.ownsIccid(iccid));
      seen.add(iccid);
    }
    assert.equal(seen.size, 20000);
    assert.equal(inv.numberAt(0), "441134960000");
    assert.equal(inv.numberAt(19999), "441134979999");
    assert.ok(inv.ownsNumber("441134979999"));
    assert.ok(!inv.ownsNumber("441134980000"));
    assert.ok(!inv.ownsNumber("441134959999"));
  });

  it("ownership is exact: neighbours, a wrong check digit and other lengths are not owned", () => {
    const [demo] = resolveAccounts([DEMO_ACCOUNT], 1);
    const inv = demo!.inventory;
    const last = inv.iccidAt(19999);
    const wrongCheck = last.slice(0, -1) + String((Number(last.at(-1)) + 1) % 10);
    assert.ok(!inv.ownsIccid(wrongCheck));
    const body = inv.iccidPrefix + "00020000";
    const beyond = body + luhnCheckDigit(body);
    assert.ok(luhnValid(beyond));
    assert.ok(!inv.ownsIccid(beyond), "index 20000 is past the inventory");
    assert.ok(!inv.ownsIccid(last + "0"));
    assert.ok(!inv.ownsIccid("1111111111000000001"));
  });

  it("is deterministic per seed and differs between seeds", () => {
    const a = resolveAccounts([DEMO_ACCOUNT], 1)[0]!.inventory.iccidAt(0);
    const b = resolveAccounts([DEMO_ACCOUNT], 1)[0]!.inventory.iccidAt(0);
    const c = resolveAccounts([DEMO_ACCOUNT], 2)[0]!.inventory.iccidAt(0);
    assert.equal(a, b);
    assert.notEqual(a, c);
  });

  it("the vendor example account owns the example ICCID and number, and 20-digit ICCIDs", () => {
    const [, ex] = resolveAccounts([DEMO_ACCOUNT, VENDOR_EXAMPLE_ACCOUNT], 1);
    const inv = ex!.inventory;
    assert.ok(inv.ownsIccid("1111111111000000001"));
    assert.ok(inv.ownsNumber("44113000000"));
    assert.match(inv.iccidAt(0), /^8944\d{16}$/);
    assert.ok(luhnValid(inv.iccidAt(99)));
    assert.equal(inv.iccidAt(100), "1111111111000000001");
    assert.equal(inv.numberAt(100), "44113000000");
  });

  it("refuses duplicate usernames and overlapping inventories", () => {
    assert.throws(() => resolveAccounts([DEMO_ACCOUNT, DEMO_ACCOUNT], 1), /duplicate account/);
    assert.throws(
      () =>
        resolveAccounts(
          [
            DEMO_ACCOUNT,
            { username: "b", password: "p", numberPrefix: "44113", numberStart: 4970000 },
          ],
          1,
        ),
      /both own numbers/,
    );
    assert.throws(
      () =>
        resolveAccounts(
          [DEMO_ACCOUNT, { username: "c", password: "p", extraNumbers: ["441134960005"] }],
          1,
        ),
      /both own 441134960005/,
    );
    const many = resolveAccounts(
      [DEMO_ACCOUNT, { username: "x", password: "p" }, { username: "y", password: "p" }],
      1,
    );
    assert.equal(many.length, 3);
  });

  it("picks free ones lazily, with an offset", () => {
    const inv = new Inventory(
      { username: "t", password: "p", iccidCount: 5, numberCount: 5 },
      1,
      0,
    );
    const used = new Set([inv.iccidAt(0), inv.iccidAt(2)]);
    assert.deepEqual(
      inv.pickIccids(2, (i) => !used.has(i)),
      [inv.iccidAt(1), inv.iccidAt(3)],
    );
    assert.deepEqual(
      inv.pickIccids(9, (i) => !used.has(i), 1),
      [inv.iccidAt(3), inv.iccidAt(4)],
    );
    assert.deepEqual(
      inv.pickNumbers(2, () => true),
      ["441140000000", "441140000001"],
    );
  });

  it("builds a 20000-SIM account in well under a second", () => {
    const t0 = performance.now();
    resolveAccounts([DEMO_ACCOUNT], 1);
    assert.ok(performance.now() - t0 < 100);
  });

  it("SIM secrets are fixed per ICCID and well formed", () => {
    const s = simSecrets("8944200000000000001");
    assert.deepEqual(s, simSecrets("8944200000000000001"));
    assert.notDeepEqual(s, simSecrets("8944200000000000002"));
    assert.match(s.imsi, /^23420\d{10}$/);
    assert.match(s.pin, /^\d{4}$/);
    assert.match(s.pin2, /^\d{4}$/);
    assert.match(s.puk, /^\d{8}$/);
    assert.match(s.puk2, /^\d{8}$/);
  });
});
