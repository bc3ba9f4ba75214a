import assert from "node:assert/strict";
import { parseCli, parseDuration } from "../../../simulator/cli";

describe("simulator CLI arguments", () => {
  it("parses durations", () => {
    assert.equal(parseDuration("2s"), 2000);
    assert.equal(parseDuration("150ms"), 150);
    assert.equal(parseDuration("1.5m"), 90000);
    assert.equal(parseDuration("1h"), 3_600_000);
    assert.equal(parseDuration("250"), 250);
    assert.throws(() => parseDuration("soon"), /not a duration/);
  });

  it("parses the documented example", () => {
    const c = parseCli([
      "--port",
      "8790",
      "--state",
      ".sim/state.json",
      "--latency",
      "2s",
      "--failure-rate",
      "0.05",
      "--seed",
      "1",
      "--fault",
      "congestion:0.2",
    ]);
    assert.equal(c.options.port, 8790);
    assert.equal(c.options.stateFile, ".sim/state.json");
    assert.equal(c.options.latencyMs, 2000);
    assert.equal(c.options.failureRate, 0.05);
    assert.equal(c.options.seed, 1);
    assert.deepEqual(c.options.faults, [{ kind: "congestion", rate: 0.2 }]);
    assert.deepEqual(
      c.options.accounts?.map((a) => a.username),
      ["demo"],
    );
  });

  it("parses accounts, inventory sizes, unsupported services, repeated faults", () => {
    const c = parseCli([
      "--vendor-example",
      "--account",
      "acme:s3:cret",
      "--iccids",
      "50",
      "--numbers",
      "60",
      "--unsupported",
      "int_roaming,int_call",
      "--fault",
      "drop,count=1",
      "--fault",
      "slow,delayMs=10",
      "--min-check-delay",
      "1s",
      "-v",
      "--show",
      "2",
    ]);
    assert.deepEqual(
      c.options.accounts?.map((a) => [a.username, a.password]),
      [
        ["demo", "demo-password"],
        ["myusername", "mypassword"],
        ["acme", "s3:cret"],
      ],
    );
    assert.equal(c.options.accounts?.[0]?.iccidCount, 50);
    assert.equal(c.options.accounts?.[0]?.numberCount, 60);
    assert.deepEqual(c.options.unsupportedServices, ["int_roaming", "int_call"]);
    assert.equal(c.options.faults?.length, 2);
    assert.equal(c.options.minCheckDelayMs, 1000);
    assert.equal(c.verbose, true);
    assert.equal(c.show, 2);
  });

  it("rejects bad values and unknown flags", () => {
    assert.throws(() => parseCli(["--failure-rate", "2"]), /failure-rate/);
    assert.throws(() => parseCli(["--port", "x"]), /port/);
    assert.throws(() => parseCli(["--unsupported", "premium"]), /unsupported/);
    assert.throws(() => parseCli(["--account", "nopass"]), /USER:PASSWORD/);
    assert.throws(() => parseCli(["--frobnicate"]), /Unknown option/);
  });
});
