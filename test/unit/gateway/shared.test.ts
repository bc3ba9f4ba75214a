import assert from "node:assert/strict";
import { resetSharedGateways, sharedGateway } from "../../../provider/gateway/shared";
import { testConfig } from "./helpers";

describe("shared gateway client", () => {
  afterEach(() => resetSharedGateways());

  it("is one client per endpoint and username", () => {
    const a = sharedGateway(testConfig());
    const b = sharedGateway(testConfig());
    assert.equal(a, b);
    assert.notEqual(sharedGateway(testConfig({ username: "other" })), a);
    assert.notEqual(sharedGateway(testConfig({ endpoint: "https://other.test" })), a);
  });

  it("makes a new client for a changed config but keeps the account's limiter", () => {
    const a = sharedGateway(testConfig());
    const b = sharedGateway(testConfig({ requestTimeout: 1234 }));
    assert.notEqual(a, b);
    assert.equal(a.limiter, b.limiter);
    assert.equal(sharedGateway(testConfig({ requestTimeout: 1234 })), b);
  });

  it("makes a new client for another log hook, on the same limiter", () => {
    const hook = () => undefined;
    const a = sharedGateway(testConfig());
    const b = sharedGateway(testConfig(), { onRequest: hook });
    assert.notEqual(a, b);
    assert.equal(a.limiter, b.limiter);
    assert.equal(sharedGateway(testConfig(), { onRequest: hook }), b);
  });

  it("forgets everything on reset", () => {
    const a = sharedGateway(testConfig());
    resetSharedGateways();
    const b = sharedGateway(testConfig());
    assert.notEqual(a, b);
    assert.notEqual(a.limiter, b.limiter);
  });
});
