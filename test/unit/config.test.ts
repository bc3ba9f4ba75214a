import assert from "node:assert/strict";
import { ConfigError } from "../../provider/errors";
import { checkEndpoint, loadConfig, parseConfig, parseDuration } from "../../provider/config";

describe("config", () => {
  it("parses durations in ms, s, m, h and plain milliseconds", () => {
    assert.equal(parseDuration("500ms"), 500);
    assert.equal(parseDuration("2s"), 2000);
    assert.equal(parseDuration("30m"), 1_800_000);
    assert.equal(parseDuration("1h"), 3_600_000);
    assert.equal(parseDuration("250"), 250);
    assert.equal(parseDuration(1500), 1500);
    assert.equal(parseDuration("soon"), undefined);
    assert.equal(parseDuration(-1), undefined);
  });

  it("applies the documented defaults", () => {
    const c = parseConfig({});
    assert.equal(c.endpoint, "https://mvno.aql.com");
    assert.equal(c.firstCheckDelay, 30 * 60_000);
    assert.equal(c.congestionBackoff, 5 * 60_000);
    assert.equal(c.maxTerminationsPerRun, 10);
  });

  it("takes stack config over environment variables", () => {
    const c = loadConfig((k) => (k === "username" ? "from-config" : undefined), {
      AQL_USERNAME: "from-env",
      AQL_FIRST_CHECK_DELAY: "2s",
    });
    assert.equal(c.username, "from-config");
    assert.equal(c.firstCheckDelay, 2000);
  });

  it("refuses a bad value naming the key and the reason", () => {
    assert.throws(
      () => parseConfig({ firstCheckDelay: "later" }),
      (e: unknown) =>
        e instanceof ConfigError &&
        e.code === "INVALID_CONFIG" &&
        e.key === "firstCheckDelay" &&
        /not a duration/.test(e.message),
    );
    assert.throws(
      () => parseConfig({ maxConcurrency: "0" }),
      (e: unknown) => e instanceof ConfigError && e.key === "maxConcurrency",
    );
    assert.throws(
      () => parseConfig({ colour: "blue" }),
      (e: unknown) => e instanceof ConfigError && e.key === "(config)" && /colour/.test(e.message),
    );
  });

  it("accepts http:// only for loopback hosts", () => {
    assert.equal(checkEndpoint("endpoint", "http://127.0.0.1:8790").port, "8790");
    assert.equal(checkEndpoint("endpoint", "http://localhost:1").hostname, "localhost");
    assert.equal(checkEndpoint("endpoint", "http://[::1]:1").hostname, "[::1]");
    assert.throws(() => checkEndpoint("endpoint", "http://mvno.aql.com"), /https:\/\//);
    assert.throws(() => checkEndpoint("endpoint", "http://10.0.0.1"), /loopback/);
    assert.throws(() => checkEndpoint("endpoint", "ftp://127.0.0.1"), /https/);
    assert.throws(() => checkEndpoint("endpoint", "https://u:p@mvno.aql.com"), /credentials/);
    assert.throws(() => checkEndpoint("endpoint", "not a url"), /not a URL/);
  });
});
