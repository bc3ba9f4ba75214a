import assert from "node:assert/strict";
import * as grpc from "@grpc/grpc-js";
import * as engineRpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import type * as engineProto from "@pulumi/pulumi/proto/engine_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import {
  engineAddress,
  engineSender,
  progress,
  throttled,
  warn,
} from "../../../provider/runtime/progress";

describe("progress", () => {
  describe("throttled", () => {
    it("drops a message that follows another about the same subject too closely", () => {
      const sent: string[] = [];
      let t = 0;
      const report = throttled({ send: (m) => sent.push(m), now: () => t, minIntervalMs: 1000 });
      report("a", "a1");
      report("a", "a2");
      report("b", "b1");
      t = 999;
      report("a", "a3");
      t = 1000;
      report("a", "a4");
      assert.deepEqual(sent, ["a1", "b1", "a4"]);
    });

    it("never throws, even if sending does", () => {
      const report = throttled({
        send: () => {
          throw new Error("engine gone");
        },
        now: () => 0,
        minIntervalMs: 0,
      });
      assert.doesNotThrow(() => report("a", "x"));
    });

    it("forgets the oldest subjects beyond its limit", () => {
      const sent: string[] = [];
      const report = throttled({
        send: (m) => sent.push(m),
        now: () => 0,
        minIntervalMs: 1000,
        maxSubjects: 2,
      });
      report("a", "a1");
      report("b", "b1");
      report("c", "c1");
      report("a", "a2");
      assert.deepEqual(sent, ["a1", "b1", "c1", "a2"]);
    });
  });

  describe("engineAddress", () => {
    const host = "/x/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js";
    it("is the dynamic-provider host's first argument", () => {
      assert.equal(engineAddress(["node", host, "127.0.0.1:40123"]), "127.0.0.1:40123");
      assert.equal(engineAddress(["node", host, "localhost:1"]), "localhost:1");
    });
    it("is undefined in any other process", () => {
      assert.equal(engineAddress(["node", "/usr/bin/mocha", "127.0.0.1:40123"]), undefined);
      assert.equal(engineAddress(["node", host]), undefined);
      assert.equal(engineAddress(["node", host, "--flag"]), undefined);
      assert.equal(engineAddress(["node"]), undefined);
    });
  });

  it("sends ephemeral info messages with an empty urn to the engine's Log RPC", async () => {
    const received: engineProto.LogRequest[] = [];
    const server = new grpc.Server();
    let gotOne: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (gotOne = resolve));
    server.addService(engineRpc.EngineService, {
      log: (
        call: grpc.ServerUnaryCall<engineProto.LogRequest, Empty>,
        cb: grpc.sendUnaryData<Empty>,
      ) => {
        received.push(call.request);
        cb(null, new Empty());
        gotOne();
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
        err ? reject(err) : resolve(p),
      ),
    );
    try {
      const send = engineSender(`127.0.0.1:${port}`);
      assert.ok(send);
      send("Sim 1: waiting");
      await arrived;
      assert.equal(received.length, 1);
      const m = received[0]!;
      assert.equal(m.getMessage(), "Sim 1: waiting");
      assert.equal(m.getUrn(), "");
      assert.equal(m.getEphemeral(), true);
      assert.equal(m.getSeverity(), 1 /* INFO */);
    } finally {
      server.forceShutdown();
    }
  });

  it("sends warnings (not ephemeral) when asked to", async () => {
    const received: engineProto.LogRequest[] = [];
    const server = new grpc.Server();
    let gotOne: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (gotOne = resolve));
    server.addService(engineRpc.EngineService, {
      log: (
        call: grpc.ServerUnaryCall<engineProto.LogRequest, Empty>,
        cb: grpc.sendUnaryData<Empty>,
      ) => {
        received.push(call.request);
        cb(null, new Empty());
        gotOne();
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
        err ? reject(err) : resolve(p),
      ),
    );
    try {
      const send = engineSender(`127.0.0.1:${port}`, { severity: "warning", ephemeral: false });
      send!("iccid 1 fails the Luhn check");
      await arrived;
      assert.equal(received[0]!.getSeverity(), 2 /* WARNING */);
      assert.equal(received[0]!.getEphemeral(), false);
    } finally {
      server.forceShutdown();
    }
  });

  it("with no engine (this process), warnings go to pulumi.log and never throw", () => {
    assert.doesNotThrow(() => warn("nobody listens"));
  });

  it("with no engine (this process), reports go nowhere and never throw", () => {
    assert.doesNotThrow(() => progress("x", "nobody listens"));
  });
});
