import assert from "node:assert/strict";
import { kindOf, memoryOf, parseStat } from "../../../bench/procs";
import { markdown, targets, type SizeResult } from "../../../bench/report";

function result(over: Partial<SizeResult["sims"]> = {}, n = 1000): SizeResult {
  return {
    n,
    parallel: n,
    skipCheckpoints: false,
    loadAverage: 2,
    floor: {
      upMs: 100_000,
      previewMs: 10_000,
      stateBytesPer: 4800,
      providerPeakMb: 140,
      cpuSeconds: {},
    },
    sims: {
      upMs: 105_000,
      previewMs: 10_500,
      noopUpMs: 20_000,
      stateBytesPer: 1900,
      stateBytesPerTotal: 1910,
      providerPeakMb: 210,
      cpuSeconds: {},
      peakPending: 900,
      calls: { queryiccid: 2 * n, activate: n, checkstatus: 2 * n, addservice: n },
      changingCalls: 2 * n,
      expectedChangingCalls: 2 * n,
      twoStepRequests: 2 * n,
      maxChecksPerRequest: 1,
      previewCalls: 0,
      noopUpCalls: 0,
      converged: n,
      ...over,
    },
  };
}

const settings = { latencyMs: 2000, config: {} };

describe("bench: targets", () => {
  it("are all met by a run within them", () => {
    const t = targets([result()], settings);
    assert.ok(
      t.every((x) => x.met),
      JSON.stringify(t.filter((x) => !x.met)),
    );
  });

  it("miss on time, wasted calls, checks, preview, state, memory and convergence", () => {
    const missed = (over: Partial<SizeResult["sims"]>) =>
      targets([result(over)], settings)
        .filter((x) => !x.met)
        .map((x) => x.name);
    assert.match(missed({ upMs: 106_001 }).join(), /SIMs up <= floor \+ 3 x L/);
    assert.deepEqual(missed({ changingCalls: 2001 }), ["no call that changes nothing"]);
    assert.deepEqual(missed({ previewCalls: 1 }), ["no call that changes nothing"]);
    assert.deepEqual(missed({ maxChecksPerRequest: 4 }), [
      "<= 3 status checks per two-step request",
    ]);
    assert.deepEqual(missed({ previewMs: 11_001 }), ["N=1000: preview within 1.1 x the floor's"]);
    assert.deepEqual(missed({ stateBytesPer: 2049 }), [
      "<= 2 KB state per SIM (stored, encrypted)",
    ]);
    assert.deepEqual(
      missed({ calls: { queryiccid: 3000, activate: 1000, checkstatus: 2000, addservice: 1000 } }),
      ["<= 6 gateway calls per new SIM with one service change"],
    );
    assert.deepEqual(missed({ providerPeakMb: 300 }), [
      "N=1000, --parallel 1000: provider peak RSS < 300 MB",
    ]);
    assert.deepEqual(missed({ converged: 999 }), ["every SIM active with its services"]);
  });

  it("hold 10,000 in one stack to 1 GB, and shard stacks to their floor + 3L", () => {
    const big = { ...result({ providerPeakMb: 1100 }, 10_000), skipCheckpoints: true };
    const sharded = { ...result({ upMs: 107_000 }, 20_000), shards: 4, parallel: 5100 };
    const missed = targets([big, sharded], settings)
      .filter((x) => !x.met)
      .map((x) => x.name);
    assert.ok(
      missed.includes(
        "N=10000, --parallel 10000, PULUMI_SKIP_CHECKPOINTS: provider peak RSS < 1024 MB",
      ),
      missed.join(),
    );
    assert.ok(
      missed.includes("N=20000 as 4 shard stacks: SIMs up <= floor + 3 x L"),
      missed.join(),
    );
  });

  it("renders a report with every table", () => {
    const text = markdown(
      {
        date: "2026-01-01 00:00 UTC",
        cpus: 2,
        cpuModel: "cpu",
        memoryGb: 8,
        loadAverage: [1, 1, 1],
        node: "v20",
        pulumi: "v3.248.0",
        sdk: "3.248.0",
        os: "Linux",
      },
      settings,
      [result()],
      "npm run bench",
    );
    for (const h of [
      "## up of N new SIMs",
      "## Gateway calls",
      "## preview",
      "## State and memory",
      "## Targets",
    ]) {
      assert.ok(text.includes(h), h);
    }
  });
});

describe("bench: /proc parsing", () => {
  it("reads the parent and CPU ticks from a stat line whose command has spaces", () => {
    const stat = "1234 (node dynamic) S 1000 1234 1234 0 -1 4194560 100 0 0 0 250 50 0 0 20 0";
    assert.deepEqual(parseStat(stat), { ppid: 1000, ticks: 300 });
  });

  it("reads VmRSS and VmHWM", () => {
    assert.deepEqual(memoryOf("Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n"), {
      rssKb: 102400,
      hwmKb: 204800,
    });
  });

  it("tells the processes of a run apart", () => {
    assert.equal(
      kindOf("node\0/x/@pulumi/pulumi/cmd/dynamic-provider/index.js\x00127.0.0.1:1\0"),
      "provider",
    );
    assert.equal(
      kindOf("/usr/bin/node\0/x/@pulumi/pulumi/cmd/run/index.js\0--monitor\0"),
      "program",
    );
    assert.equal(kindOf("/repo/.engine/bin/pulumi\0up\0--yes\0"), "engine");
    assert.equal(kindOf("/repo/.engine/bin/pulumi-language-nodejs\0"), "langhost");
    assert.equal(kindOf("/usr/bin/node\0mocha\0"), undefined);
  });
});
