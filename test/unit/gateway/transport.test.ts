import assert from "node:assert/strict";
import { MockAgent } from "undici";
import { classifyNetworkError, post } from "../../../provider/gateway/transport";
import { netError } from "./helpers";

const URL_ = new URL("https://gw.test/mobile/configure_sim.php");

function agentAnswering(status: number, body: string, headers: Record<string, string> = {}) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  agent
    .get("https://gw.test")
    .intercept({ path: URL_.pathname, method: "POST" })
    .reply(status, body, { headers });
  return agent;
}

describe("transport", () => {
  describe("classifyNetworkError", () => {
    it("calls connect failures not sent", () => {
      for (const code of [
        "ECONNREFUSED",
        "ENOTFOUND",
        "EAI_AGAIN",
        "EHOSTUNREACH",
        "ENETUNREACH",
        "UND_ERR_CONNECT_TIMEOUT",
      ]) {
        assert.equal(classifyNetworkError(netError(code)).kind, "not-sent", code);
      }
    });

    it("calls everything else lost", () => {
      for (const code of [
        "ECONNRESET",
        "EPIPE",
        "UND_ERR_SOCKET",
        "UND_ERR_HEADERS_TIMEOUT",
        "UND_ERR_BODY_TIMEOUT",
      ]) {
        assert.equal(classifyNetworkError(netError(code)).kind, "lost", code);
      }
      assert.equal(classifyNetworkError(new Error("no code")).kind, "lost");
      assert.equal(classifyNetworkError("a string").kind, "lost");
    });

    it("looks inside happy-eyeballs AggregateErrors", () => {
      const refused = new AggregateError([netError("ECONNREFUSED"), netError("ECONNREFUSED")]);
      assert.equal(classifyNetworkError(refused).kind, "not-sent");
      const mixed = new AggregateError([netError("ECONNREFUSED"), netError("ECONNRESET")]);
      assert.equal(classifyNetworkError(mixed).kind, "lost");
    });

    it("keeps the code in the reason", () => {
      assert.equal(classifyNetworkError(netError("ECONNRESET", "boom")).reason, "ECONNRESET: boom");
      assert.equal(
        classifyNetworkError(netError("ECONNRESET", "read ECONNRESET")).reason,
        "read ECONNRESET",
      );
    });
  });

  describe("post", () => {
    it("trusts the status line of a 4xx answer", async () => {
      const dispatcher = agentAnswering(400, "status: 400");
      const a = await post(URL_, "x=1", { requestTimeout: 1000, dispatcher });
      assert.equal(a.kind, "refused");
      assert.deepEqual((a as { codes: readonly number[] }).codes, [400]);
    });

    it("calls a 4xx page without a status line unreadable", async () => {
      const dispatcher = agentAnswering(404, "<h1>Not Found</h1>");
      const a = await post(URL_, "x=1", { requestTimeout: 1000, dispatcher });
      assert.equal(a.kind, "unreadable");
      assert.match((a as { reason: string }).reason, /HTTP 404/);
    });

    it("calls any 5xx lost, whatever its body", async () => {
      const dispatcher = agentAnswering(502, "status: 200");
      const a = await post(URL_, "x=1", { requestTimeout: 1000, dispatcher });
      assert.deepEqual(a, { kind: "lost", reason: "HTTP 502", httpStatus: 502 });
    });

    it("refuses a declared length over the cap without reading it", async () => {
      const dispatcher = agentAnswering(200, "status: 200", { "content-length": "999999999" });
      const a = await post(URL_, "x=1", { requestTimeout: 1000, dispatcher, maxBodyBytes: 100 });
      assert.equal(a.kind, "unreadable");
      assert.match((a as { reason: string }).reason, /larger than 100 bytes/);
    });

    it("stops reading a body that grows past the cap", async () => {
      const dispatcher = agentAnswering(200, "status: 200\n" + "a: b\n".repeat(100));
      const a = await post(URL_, "x=1", { requestTimeout: 1000, dispatcher, maxBodyBytes: 64 });
      assert.equal(a.kind, "unreadable");
    });

    it("throws the caller's abort reason instead of classifying it", async () => {
      const dispatcher = agentAnswering(200, "status: 200");
      await assert.rejects(
        post(URL_, "x=1", {
          requestTimeout: 1000,
          dispatcher,
          signal: AbortSignal.abort(new Error("cancelled by caller")),
        }),
        /cancelled by caller/,
      );
    });
  });
});
