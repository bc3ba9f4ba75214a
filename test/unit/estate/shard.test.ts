// Sharding an estate by ICCID: every SIM in exactly one shard, the same one on every run, and
// growing K to K + 1 moves SIMs only onto the new shard.

import assert from "node:assert/strict";
import { ValidationError } from "../../../provider/errors";
import { estateMembers, shardRows } from "../../../provider/estate/members";
import { checkShard, parseShard, resolveShard, shardOf } from "../../../provider/estate/shard";
import type { InventoryRow } from "../../../provider/estate/inventory";

/** Consecutive ICCIDs, as a batch has them (the check digit does not matter to the hash). */
function iccids(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `89442000000${String(i).padStart(8, "0")}`);
}

function row(iccid: string): InventoryRow {
  return {
    iccid,
    geoNumber: "441134960000",
    subscriber: { name: "A", address: "B", postcode: "LS10 1JQ", contactNumber: "441133203040" },
  } as InventoryRow;
}

describe("shardOf", () => {
  const all = iccids(4000);

  it("gives the same index for the same ICCID and count (fixed values, any machine)", () => {
    // Pinned: a change here would move SIMs between the stacks of every sharded estate.
    assert.deepEqual(
      all.slice(0, 12).map((i) => shardOf(i, 4)),
      [3, 3, 2, 0, 3, 3, 1, 1, 1, 0, 0, 2],
    );
  });

  it("spreads consecutive ICCIDs evenly (within 10% of N/K for every K up to 8)", () => {
    for (let k = 1; k <= 8; k++) {
      const counts = new Array<number>(k).fill(0);
      for (const i of all) counts[shardOf(i, k)]!++;
      for (const c of counts) {
        assert.ok(
          Math.abs(c - all.length / k) <= (0.1 * all.length) / k,
          `K=${k}: ${counts.join()}`,
        );
      }
    }
  });

  it("moves SIMs only onto the new shard when K grows by one (about 1 in K + 1)", () => {
    for (let k = 1; k <= 7; k++) {
      let moved = 0;
      for (const i of all) {
        const before = shardOf(i, k);
        const after = shardOf(i, k + 1);
        if (before !== after) {
          assert.equal(after, k, `${i}: ${before} -> ${after} at ${k} -> ${k + 1}`);
          moved++;
        }
      }
      const expected = all.length / (k + 1);
      assert.ok(Math.abs(moved - expected) <= 0.15 * expected, `K=${k}: moved ${moved}`);
    }
  });

  it("puts every row in exactly one shard's members", () => {
    const rows = all.slice(0, 500).map(row);
    const seen = new Map<string, number>();
    for (let index = 0; index < 3; index++) {
      for (const m of estateMembers(rows, {}, { index, count: 3 })) {
        seen.set(m.iccid, (seen.get(m.iccid) ?? 0) + 1);
      }
    }
    assert.equal(seen.size, rows.length);
    assert.ok([...seen.values()].every((n) => n === 1));
    assert.equal(shardRows(rows, undefined).length, rows.length);
  });
});

describe("shard settings", () => {
  it("accepts { index, count } and index/count text", () => {
    assert.deepEqual(checkShard({ index: 2, count: 4 }), { index: 2, count: 4 });
    assert.deepEqual(parseShard(" 0 / 1 ", "aql-estate:shard"), { index: 0, count: 1 });
  });

  it("names the property and the reason when wrong", () => {
    const fails = (f: () => unknown, property: string, reason: RegExp) =>
      assert.throws(f, (e: unknown) => {
        assert.ok(e instanceof ValidationError);
        assert.equal(e.property, property);
        assert.match(e.reason, reason);
        return true;
      });
    fails(() => checkShard({ index: 4, count: 4 }), "shard.index", /0 to 3/);
    fails(() => checkShard({ index: 0, count: 0 }), "shard.count", /1 to/);
    fails(() => checkShard({ index: 0.5, count: 2 }), "shard.index", /whole number/);
    fails(() => checkShard(3), "shard", /index, count/);
    fails(() => parseShard("2 of 4", "aql-estate:shard"), "aql-estate:shard", /0\/4/);
  });

  it("takes code over nothing, config over nothing, and refuses the two disagreeing", () => {
    assert.equal(resolveShard(undefined, undefined), undefined);
    assert.deepEqual(resolveShard(undefined, "1/3"), { index: 1, count: 3 });
    assert.deepEqual(resolveShard({ index: 1, count: 3 }, "1/3"), { index: 1, count: 3 });
    assert.throws(() => resolveShard({ index: 1, count: 4 }, "1/3"), /remove one of them/);
  });
});
