import assert from "node:assert/strict";
import {
  AnswerLostError,
  BadAnswerError,
  GatewayError,
  TransportError,
} from "../../../provider/errors";
import type { GatewayClient } from "../../../provider/gateway/client";
import type { MockAnswer } from "./helpers";
import { mockGateway, netError } from "./helpers";

const ICCID = "8944110000000000001";
const GEO = "441133203040";
const SUBSCRIBER = { name: "My Name", address: "1 Road", postcode: "LS10 1JQ", contactNumber: GEO };
const ACTIVE = "status: 200\niccidstate: unused";

const TWO_STEP: [string, (c: GatewayClient) => Promise<unknown>][] = [
  ["activate", (c) => c.activate({ iccid: ICCID, geoNumber: GEO, subscriber: SUBSCRIBER })],
  ["terminate", (c) => c.terminate({ iccid: ICCID, geoNumber: GEO })],
  ["suspend", (c) => c.suspend({ iccid: ICCID, geoNumber: GEO })],
  ["unsuspend", (c) => c.unsuspend({ iccid: ICCID, geoNumber: GEO })],
  ["addservice", (c) => c.addService({ iccid: ICCID, geoNumber: GEO, services: ["mo_sms"] })],
  ["removeservice", (c) => c.removeService({ iccid: ICCID, geoNumber: GEO, services: ["mo_sms"] })],
];

const ONCE: [string, (c: GatewayClient) => Promise<unknown>][] = [
  ["assigngeo", (c) => c.assignGeo({ iccid: ICCID, geoNumber: GEO })],
  ["changegeo", (c) => c.changeGeo({ iccid: ICCID, geoNumber: GEO, newGeoNumber: "441133203041" })],
  [
    "crisp",
    (c) =>
      c.crisp({ iccid: ICCID, geoNumber: GEO, action: "enable-existing", email: "a@example.com" }),
  ],
];

const LOSSES: [string, MockAnswer][] = [
  ["a reset connection", { error: netError("ECONNRESET", "read ECONNRESET") }],
  ["a closed socket", { error: netError("UND_ERR_SOCKET", "other side closed") }],
  ["a time-out", { error: netError("UND_ERR_HEADERS_TIMEOUT", "Headers Timeout Error") }],
  ["HTTP 503", { http: 503, body: "Service Unavailable" }],
  ["HTTP 500 with a status line", { http: 500, body: "status: 200\nid: 1" }],
  ["an HTML page", "<html><body>Oops</body></html>"],
];

describe("gateway client: retries", () => {
  it("retries 5xx for queryiccid with a doubling delay", async () => {
    const g = mockGateway();
    g.answer("sim", { http: 503 }, { http: 502 }, ACTIVE);
    assert.equal((await g.client.queryIccid(ICCID)).state, "unused");
    assert.equal(g.sent().length, 3);
    assert.deepEqual(g.clock.sleeps, [1000, 2000]);
    assert.deepEqual(
      g.events.map((e) => [e.attempt, e.outcome, e.decision]),
      [
        [1, "lost", "retry"],
        [2, "lost", "retry"],
        [3, "ok", "done"],
      ],
    );
  });

  it("retries resets and time-outs for checkstatus and vm/rec info", async () => {
    const g = mockGateway();
    g.answer(
      "sim",
      { error: netError("ECONNRESET") },
      "status: 200\nrequeststate: pending\niccid: " + ICCID,
    );
    g.answer("vm", { error: netError("UND_ERR_BODY_TIMEOUT") }, "status: 200\ndelay: 20");
    g.answer("rec", { http: 504 }, "status: 200\nactive: 1");
    assert.equal((await g.client.checkStatus("5")).state, "pending");
    assert.deepEqual(await g.client.voicemail.info(GEO), { delaySeconds: 20 });
    assert.deepEqual(await g.client.recording.info(GEO), { active: true });
    assert.equal(g.sent().length, 6);
  });

  it("retries vm/rec config and remove, which are safe to repeat", async () => {
    const g = mockGateway();
    g.answer("vm", { http: 503 }, "status: 200");
    g.answer("rec", { error: netError("ECONNRESET") }, "status: 65002");
    await g.client.voicemail.config(GEO, { delaySeconds: 10 });
    await g.client.recording.remove(GEO);
    const sent = g.sent();
    assert.equal(sent.length, 4);
    assert.equal(sent[0]!.raw, sent[1]!.raw);
  });

  it("gives up after maxRetries with a TransportError", async () => {
    const g = mockGateway({ maxRetries: 3 });
    g.answer("sim", { http: 503 }, { http: 503 }, { http: 503 }, { http: 503 });
    const err = await g.client.queryIccid(ICCID).catch((e: unknown) => e);
    assert.ok(err instanceof TransportError);
    assert.equal(err.httpStatus, 503);
    assert.match(err.message, /HTTP 503 \(after 3 resend\(s\)\)/);
    assert.match(err.message, new RegExp(`ICCID ${ICCID}`));
    assert.equal(g.sent().length, 4);
    assert.deepEqual(g.clock.sleeps, [1000, 2000, 4000]);
  });

  it("does not retry an unreadable answer to a read-only command", async () => {
    const g = mockGateway();
    g.answer("sim", "<html>proxy error</html>");
    const err = await g.client.queryIccid(ICCID).catch((e: unknown) => e);
    assert.ok(err instanceof BadAnswerError);
    assert.match(err.message, /HTTP 200, no status line first: "<html>proxy error<\/html>"/);
    assert.equal(g.sent().length, 1);
  });

  it("calls an oversized answer unreadable", async () => {
    const g = mockGateway();
    g.answer("sim", "status: 200\niccidstate: unused\n" + "x: y\n".repeat(20_000));
    await assert.rejects(g.client.queryIccid(ICCID), /larger than 65536 bytes/);
  });

  describe("63027 congestion", () => {
    it("waits congestionBackoff and resends the same activate", async () => {
      const g = mockGateway();
      g.answer("sim", "status: 63027", "status: 200\nid: 99");
      const q = await g.client.activate({ iccid: ICCID, geoNumber: GEO, subscriber: SUBSCRIBER });
      assert.equal(q.id, "99");
      const sent = g.sent();
      assert.equal(sent.length, 2);
      assert.equal(sent[0]!.raw, sent[1]!.raw);
      assert.deepEqual(g.clock.sleeps, [300_000]);
      assert.equal(g.events[0]!.retryInMs, 300_000);
    });

    for (const [name, call] of [...TWO_STEP, ...ONCE]) {
      it(`resends ${name} after 63027`, async () => {
        const g = mockGateway();
        g.answer("sim", "status: 63027", "status: 200\nid: 7");
        await call(g.client);
        assert.equal(g.sent().length, 2);
      });
    }

    it("gives up after maxRetries with the 63027 GatewayError", async () => {
      const g = mockGateway({ maxRetries: 2 });
      g.answer("sim", "status: 63027", "status: 63027", "status: 63027");
      const err = await g.client
        .terminate({ iccid: ICCID, geoNumber: GEO })
        .catch((e: unknown) => e);
      assert.ok(err instanceof GatewayError);
      assert.ok(err.has(63027));
      assert.match(err.message, /still congested \(after 2 resend\(s\)\)/);
      assert.equal(g.sent().length, 3);
      assert.deepEqual(g.clock.sleeps, [300_000, 300_000]);
    });
  });

  describe("two-step commands are never resent once they may have arrived", () => {
    for (const [name, call] of TWO_STEP) {
      for (const [loss, answer] of LOSSES) {
        it(`${name} after ${loss}: AnswerLostError, one request`, async () => {
          const g = mockGateway();
          g.answer("sim", answer, "status: 200\nid: 1");
          const err = await call(g.client).catch((e: unknown) => e);
          assert.ok(err instanceof AnswerLostError, `got ${String(err)}`);
          assert.equal(err.subject.command, name);
          assert.equal(err.subject.iccid, ICCID);
          assert.match(err.message, /not resent/);
          assert.equal(g.sent().length, 1);
          assert.deepEqual(g.clock.sleeps, []);
        });
      }
    }
  });

  describe("one-step commands that are unsafe to repeat are not resent either", () => {
    for (const [name, call] of ONCE) {
      it(`${name} after a reset: AnswerLostError, one request`, async () => {
        const g = mockGateway();
        g.answer("sim", { error: netError("ECONNRESET") }, "status: 200");
        await assert.rejects(call(g.client), AnswerLostError);
        assert.equal(g.sent().length, 1);
      });
    }
  });

  describe("a refused connection never reached the gateway", () => {
    it("is resent even for activate", async () => {
      const g = mockGateway();
      g.answer(
        "sim",
        { error: netError("ECONNREFUSED", "connect ECONNREFUSED 10.0.0.1:443") },
        { error: netError("UND_ERR_CONNECT_TIMEOUT", "Connect Timeout Error") },
        "status: 200\nid: 5",
      );
      const q = await g.client.activate({ iccid: ICCID, geoNumber: GEO, subscriber: SUBSCRIBER });
      assert.equal(q.id, "5");
      assert.equal(g.sent().length, 3);
      assert.deepEqual(g.clock.sleeps, [1000, 2000]);
    });

    it("ends in a TransportError, not a lost answer, when it stays refused", async () => {
      const g = mockGateway({ maxRetries: 1 });
      g.answer("sim", { error: netError("ECONNREFUSED") }, { error: netError("ECONNREFUSED") });
      const err = await g.client
        .terminate({ iccid: ICCID, geoNumber: GEO })
        .catch((e: unknown) => e);
      assert.ok(err instanceof TransportError);
      assert.equal(g.sent().length, 2);
    });
  });

  it("stops waiting between retries when aborted", async () => {
    const g = mockGateway();
    g.answer("sim", { http: 503 });
    const controller = new AbortController();
    controller.abort(new Error("cancelled"));
    await assert.rejects(g.client.checkStatus("5", controller.signal), /cancelled/);
    assert.equal(g.sent().length, 0);
  });
});
