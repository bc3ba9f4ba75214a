// What the shard commands decide before touching a stack: names, the budget per shard, and
// whether a run with K shards may go ahead given what the stacks record.

import assert from "node:assert/strict";
import {
  checkShards,
  divideBudget,
  shardConfig,
  shardIndexOf,
  shardStackName,
  type FoundStack,
} from "../../../provider/shards/plan";

const stacks = (count: number, over: Partial<FoundStack> = {}): FoundStack[] =>
  [...Array(count).keys()].map((i) => ({
    name: shardStackName("estate", i),
    index: i,
    shard: `${i}/${count}`,
    ...over,
  }));

describe("shard plan", () => {
  it("names stacks <prefix>-<n> and reads them back, fully qualified or not", () => {
    assert.equal(shardStackName("estate", 2), "estate-2");
    assert.equal(shardIndexOf("estate", "organization/proj/estate-12"), 12);
    assert.equal(shardIndexOf("estate", "estate-x"), undefined);
    assert.equal(shardIndexOf("estate", "other-1"), undefined);
  });

  it("divides the gateway budget so that the shards together stay within it", () => {
    assert.deepEqual(divideBudget({ requestsPerSecond: 20, maxConcurrency: 16 }, 4), {
      requestsPerSecond: 5,
      maxConcurrency: 4,
    });
    assert.deepEqual(divideBudget({ requestsPerSecond: 20, maxConcurrency: 16 }, 3), {
      requestsPerSecond: 6.666,
      maxConcurrency: 5,
    });
    // One request in flight per shard at least: past that the total is exceeded, and said.
    assert.deepEqual(divideBudget({ requestsPerSecond: 2, maxConcurrency: 2 }, 4), {
      requestsPerSecond: 0.5,
      maxConcurrency: 1,
      overBy: 2,
    });
    assert.deepEqual(
      shardConfig({ index: 1, count: 4 }, { requestsPerSecond: 5, maxConcurrency: 4 }),
      {
        "aql-estate:shard": "1/4",
        "aql:requestsPerSecond": "5",
        "aql:maxConcurrency": "4",
      },
    );
  });

  it("lets a first run and a run with the recorded K go ahead", () => {
    assert.deepEqual(checkShards([], 3, { prefix: "estate" }), { ok: true, recorded: undefined });
    assert.deepEqual(checkShards(stacks(3), 3, { prefix: "estate" }), { ok: true, recorded: 3 });
  });

  it("refuses another K with the reshard command to run", () => {
    const r = checkShards(stacks(3), 4, { prefix: "estate", extraArgs: "--prefix estate" });
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.recorded, 3);
    assert.equal(r.command, "aql-estate reshard --shards 4 --prefix estate");
    assert.match(r.reason, /split into 3 stacks \(estate-0 \.\. estate-2\)/);
  });

  it("refuses while a reshard is unfinished, and stacks that disagree or are missing", () => {
    const marked = stacks(3);
    marked[1] = { ...marked[1]!, reshardTo: "4" };
    const r1 = checkShards(marked, 4, { prefix: "estate" });
    assert.ok(
      !r1.ok && r1.command === "aql-estate reshard --shards 4" && /unfinished/.test(r1.reason),
    );

    const mixed = [...stacks(3).slice(0, 2), { name: "estate-2", index: 2, shard: "2/4" }];
    const r2 = checkShards(mixed, 3, { prefix: "estate" });
    assert.ok(!r2.ok && /different shard counts/.test(r2.reason));

    const r3 = checkShards(stacks(3).slice(1), 3, { prefix: "estate" });
    assert.ok(!r3.ok && /estate-0 are missing/.test(r3.reason));

    const r4 = checkShards([{ name: "estate-0", index: 0 }], 1, { prefix: "estate" });
    assert.ok(!r4.ok && /no aql-estate:shard/.test(r4.reason));
  });
});
