import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { suspendStackTraces } from "../../../provider/resources/dynamic/stack-traces";

describe("suspendStackTraces", () => {
  it("captures no frames until restored, then the previous limit again", () => {
    const before = Error.stackTraceLimit;
    const restore = suspendStackTraces({});
    assert.equal(Error.stackTraceLimit, 0);
    assert.equal(new Error("x").stack, "Error: x");
    restore();
    assert.equal(Error.stackTraceLimit, before);
  });

  it("leaves stack traces alone when Pulumi's promise-leak report is asked for", () => {
    const before = Error.stackTraceLimit;
    const restore = suspendStackTraces({ PULUMI_DEBUG_PROMISE_LEAKS: "true" });
    assert.equal(Error.stackTraceLimit, before);
    restore();
    assert.equal(Error.stackTraceLimit, before);
  });

  it("records no source position or stack trace in the state while suspended", () => {
    const sdk = pulumi.Resource as unknown as { stackTrace: (skip?: number) => unknown[] };
    assert.ok(sdk.stackTrace(0).length > 0);
    const restore = suspendStackTraces({});
    assert.deepEqual(sdk.stackTrace(0), []);
    restore();
    assert.ok(sdk.stackTrace(0).length > 0);
  });
});
