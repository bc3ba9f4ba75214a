// The preview's parallelism warning: said when more SIMs change than the engine runs at once,
// with the estimated wall time and the exact flag; silent otherwise.

import assert from "node:assert/strict";
import { engineParallelism } from "../../../provider/estate/preview-work";
import { estimatedWallMs, parallelismWarning } from "../../../provider/estate/parallelism";

const HALF_HOUR = 30 * 60_000;

describe("parallelism warning", () => {
  it("warns of 1000 new SIMs at the default 8: about 125 hours, and says --parallel 1000", () => {
    const text = parallelismWarning(
      { creates: 1000, updates: 0 },
      { estate: "estate", parallel: 8, firstCheckDelayMs: HALF_HOUR },
    );
    assert.ok(text !== undefined);
    assert.match(text, /1000 SIMs to create or change/);
    assert.match(text, /runs 8 operations at once/);
    assert.match(text, /about 125 hours/);
    assert.match(text, /aql:firstCheckDelay 30 min/);
    assert.match(text, /pulumi up --parallel 1000/);
    assert.match(text, /PULUMI_PARALLEL=1000/);
  });

  it("counts changed SIMs as one wait each", () => {
    const ms = estimatedWallMs(
      { creates: 0, updates: 100 },
      { estate: "e", parallel: 10, firstCheckDelayMs: 60_000 },
    );
    assert.equal(ms, 10 * 60_000);
  });

  it("is silent when every changing SIM gets a slot, or nothing changes", () => {
    const ctx = { estate: "e", parallel: 100, firstCheckDelayMs: HALF_HOUR };
    assert.equal(parallelismWarning({ creates: 60, updates: 40 }, ctx), undefined);
    assert.equal(
      parallelismWarning({ creates: 0, updates: 0 }, { ...ctx, parallel: 0 }),
      undefined,
    );
    assert.ok(parallelismWarning({ creates: 60, updates: 41 }, ctx) !== undefined);
  });

  it("reads the engine's parallelism from what the language host passed", () => {
    assert.equal(engineParallelism({ PULUMI_NODEJS_PARALLEL: "8" }), 8);
    assert.equal(engineParallelism({}), undefined);
    assert.equal(engineParallelism({ PULUMI_NODEJS_PARALLEL: "-1" }), undefined);
  });
});
