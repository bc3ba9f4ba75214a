// aql:* keys that are no setting are refused, naming the nearest; a password stored in clear is
// warned about, naming the command that fixes it.

import assert from "node:assert/strict";
import { checkConfigKeys, closestKey, CONFIG_KEYS } from "../../provider/config";
import { ConfigError } from "../../provider/errors";
import { configure, resetForTests, settings } from "../../provider/runtime/context";
import { configureRequestKeys, plaintextSecretWarnings } from "../../provider/runtime/stack-config";

describe("aql:* config keys", () => {
  afterEach(() => resetForTests());

  it("refuses aql:maxTerminationPerRun, naming aql:maxTerminationsPerRun and the fix", () => {
    assert.throws(
      () => checkConfigKeys(["aql:endpoint", "aql:maxTerminationPerRun"]),
      (e: unknown) =>
        e instanceof ConfigError &&
        e.key === "maxTerminationPerRun" &&
        /did you mean aql:maxTerminationsPerRun\?/.test(e.message) &&
        /pulumi config rm aql:maxTerminationPerRun/.test(e.message),
    );
  });

  it("names the nearest setting for other slips too", () => {
    assert.equal(closestKey("pasword"), "password");
    assert.equal(closestKey("EndPoint"), "endpoint");
    assert.equal(closestKey("waitdeadline"), "waitDeadline");
    assert.equal(closestKey("firstCheckDelays"), "firstCheckDelay");
  });

  it("accepts every known setting and leaves other namespaces alone", () => {
    checkConfigKeys([
      ...Object.keys(CONFIG_KEYS).map((k) => `aql:${k}`),
      "sims",
      "myproject:aql",
      "aws:region",
    ]);
  });

  it("the provider's configure refuses an unknown key in the stack config it gets", async () => {
    // The SDK's dynamic-provider Config: get() over rawConfig.
    const rawConfig: Record<string, string> = {
      "aql:endpoint": "http://127.0.0.1:1",
      "aql:maxTerminationPerRun": "50",
    };
    const req = { config: { rawConfig, get: (k: string) => rawConfig[k] } };
    await assert.rejects(configure(req as never), /did you mean aql:maxTerminationsPerRun/);
    delete rawConfig["aql:maxTerminationPerRun"];
    rawConfig["aql:maxTerminationsPerRun"] = "50";
    await configure(req as never);
    assert.equal(settings().maxTerminationsPerRun, 50);
  });

  it("reads no key from a config without rawConfig (nothing to refuse, nothing breaks)", () => {
    assert.deepEqual(configureRequestKeys({ get: () => undefined }), []);
    assert.deepEqual(configureRequestKeys(undefined), []);
    assert.deepEqual(configureRequestKeys({ rawConfig: { "aql:x": "1" } }), ["aql:x"]);
  });

  it("warns about aql:password stored in clear, naming pulumi config set --secret", () => {
    const keys = ["aql:username", "aql:password"];
    const w = plaintextSecretWarnings(keys, () => false);
    assert.equal(w.length, 1);
    assert.match(w[0]!, /aql:password is stored in clear/);
    assert.match(w[0]!, /pulumi config set --secret aql:password <value>/);
    assert.deepEqual(
      plaintextSecretWarnings(keys, (k) => k === "aql:password"),
      [],
    );
    assert.deepEqual(
      plaintextSecretWarnings(["aql:username"], () => false),
      [],
    );
  });
});
