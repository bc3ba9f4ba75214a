// The @pulumi/pulumi internals this package relies on, beyond its typed API. Each is
// feature-detected where it is used (the package degrades rather than fails); these tests fail
// when an SDK in the peer range changes the shape, so that the loss is seen before release.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import * as engineRpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineProto from "@pulumi/pulumi/proto/engine_pb";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import { hasEngineLogShape } from "../../provider/runtime/progress";
import { configureRequestKeys } from "../../provider/runtime/stack-config";

const HOST = require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js");

describe("@pulumi/pulumi internals", () => {
  it("progress: the engine's Log RPC has the client, request setters and severities used", () => {
    assert.equal(hasEngineLogShape(engineRpc, engineProto), true);
    assert.equal(hasEngineLogShape({}, engineProto), false, "the check itself can say no");
  });

  it("progress: the dynamic-provider host is started as cmd/dynamic-provider/index.js", () => {
    // runtime/progress.ts recognises the host by that script name in process.argv.
    assert.ok(fs.existsSync(HOST));
  });

  it("stack traces: Resource has the static stackTrace helper that registration calls", () => {
    const sdk = pulumi.Resource as unknown as { stackTrace?: unknown };
    assert.equal(typeof sdk.stackTrace, "function");
  });

  it("errors: an error marked __pulumiRunError is printed as a RunError (no stack)", () => {
    const e = new Error("inventory.csv:2:1: iccid is required");
    Object.defineProperty(e, "__pulumiRunError", { value: true });
    assert.equal(pulumi.RunError.isInstance(e), true);
  });

  it("the host records a partial state from an error's id, properties and reasons", () => {
    const host = fs.readFileSync(HOST, "utf8");
    for (const used of ["e.id", "e.properties", "e.reasons", "ErrorResourceInitFailed"]) {
      assert.ok(host.includes(used), `the dynamic-provider host no longer reads ${used}`);
    }
  });

  it("the host passes read's inputs on to the engine (refresh shows drift in the inputs)", () => {
    assert.ok(fs.readFileSync(HOST, "utf8").includes("result.inputs"));
  });

  it("config: the dynamic-provider host's Config keeps the stack config in rawConfig", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const host = require("@pulumi/pulumi/cmd/dynamic-provider/config") as {
      Config: new (raw: Record<string, string>, project: string) => unknown;
    };
    const config = new host.Config({ "aql:endpoint": "https://x.test" }, "proj");
    assert.deepEqual(configureRequestKeys(config), ["aql:endpoint"]);
  });

  it("config: the SDK says which stack config keys are secrets (isConfigSecret)", () => {
    const f = (runtimeConfig as unknown as { isConfigSecret?: unknown }).isConfigSecret;
    assert.equal(typeof f, "function");
  });
});
