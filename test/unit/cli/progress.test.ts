import assert from "node:assert/strict";
import { Progress, duration, progressText } from "../../../provider/cli/progress";
import { memoryStream } from "./memory-io";

describe("aql-estate progress", () => {
  it("off a terminal: a plain line at most every everyMs, and the last state once", () => {
    let now = 0;
    const out = memoryStream(false);
    const p = new Progress(out, { label: "discover", now: () => now, everyMs: 10_000 });
    for (let done = 1; done <= 10; done++) {
      now = done * 3000;
      p.update({ done, total: 10, detail: `adoptable ${done}` });
    }
    p.finish({ done: 10, total: 10, detail: "adoptable 10" });
    const lines = out.text().trim().split("\n");
    assert.deepEqual(
      lines.map((l) => l.split(" (")[0]),
      ["discover: 1/10", "discover: 5/10", "discover: 9/10", "discover: 10/10"],
    );
    assert.ok(lines.every((l) => !l.includes("\r")));
  });

  it("on a terminal: one line redrawn with a bar, ended by a newline", () => {
    let now = 0;
    const out = memoryStream(true);
    const p = new Progress(out, { label: "discover", now: () => now });
    p.update({ done: 1, total: 4, detail: "x" });
    now = 1000;
    p.update({ done: 2, total: 4, detail: "x" });
    p.finish({ done: 4, total: 4, detail: "x" });
    const text = out.text();
    assert.equal(text.split("\n").length, 2);
    assert.ok(text.startsWith("\r\u001b[Kdiscover [######------------------] 1/4"), text);
    assert.match(text, /\[########################\] 4\/4 \(100%\)/);
  });

  it("says the rate and the time left", () => {
    assert.equal(
      progressText({ done: 100, total: 400, detail: "d" }, 10_000),
      "100/400 (25%), 10.0/s, about 30s left; d",
    );
    assert.equal(duration(75_000), "1m15s");
    assert.equal(duration(2 * 3600_000), "2h00m");
  });
});
