// The client over real HTTP against a small fake gateway on 127.0.0.1: keep-alive, time-outs,
// dropped connections, huge and HTML answers, refused connections.

import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { parseConfig } from "../../../provider/config";
import { AnswerLostError, BadAnswerError, TransportError } from "../../../provider/errors";
import { createGatewayClient } from "../../../provider/gateway/client";
import type { GatewayClient, RequestEvent } from "../../../provider/gateway/client";
import { closeSharedPools } from "../../../provider/gateway/transport";

const ICCID = "8944110000000000001";
const GEO = "441133203040";
const PASSWORD = "integration-secret";
const SUBSCRIBER = { name: "My Name", address: "1 Road", postcode: "LS10 1JQ", contactNumber: GEO };

interface Seen {
  method: string;
  url: string;
  contentType: string | undefined;
  form: URLSearchParams;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void;

interface FakeGateway {
  endpoint: string;
  seen: Seen[];
  connections: number;
  maxInFlight: number;
  close(): Promise<void>;
}

async function fakeGateway(handler: Handler): Promise<FakeGateway> {
  const seen: Seen[] = [];
  let inFlight = 0;
  const state = { connections: 0, maxInFlight: 0 };
  const server = http.createServer((req, res) => {
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    const done = () => inFlight--;
    res.on("close", done);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      seen.push({
        method: req.method ?? "",
        url: req.url ?? "",
        contentType: req.headers["content-type"],
        form: new URLSearchParams(Buffer.concat(chunks).toString("utf8")),
      });
      handler(req, res, seen.length);
    });
  });
  server.keepAliveTimeout = 5000;
  server.on("connection", () => state.connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    seen,
    get connections() {
      return state.connections;
    },
    get maxInFlight() {
      return state.maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function clientFor(endpoint: string, overrides: Record<string, unknown> = {}) {
  const events: RequestEvent[] = [];
  const client: GatewayClient = createGatewayClient(
    parseConfig({
      username: "acme",
      password: PASSWORD,
      endpoint,
      requestTimeout: 2000,
      maxRetries: 2,
      retryDelay: 10,
      congestionBackoff: 10,
      maxConcurrency: 4,
      requestsPerSecond: 1000,
      ...overrides,
    }),
    { onRequest: (e) => events.push(e) },
  );
  return { client, events };
}

const UNUSED = "status: 200\niccidstate: unused\n";

describe("gateway client over HTTP (integration)", function () {
  this.timeout(10_000);
  let gw: FakeGateway | undefined;

  afterEach(async () => {
    await closeSharedPools();
    await gw?.close();
    gw = undefined;
  });

  it("POSTs a form to the script path, credentials in the body only", async () => {
    gw = await fakeGateway((_req, res) => res.end(UNUSED));
    const { client } = clientFor(gw.endpoint);
    assert.equal((await client.queryIccid(ICCID)).state, "unused");
    const s = gw.seen[0]!;
    assert.equal(s.method, "POST");
    assert.equal(s.url, "/mobile/configure_sim.php");
    assert.equal(s.contentType, "application/x-www-form-urlencoded");
    assert.equal(s.form.get("password"), PASSWORD);
    assert.equal(s.form.get("command"), "queryiccid");
    assert.equal(s.form.get("iccid"), ICCID);
  });

  it("keeps the connection alive across requests", async () => {
    gw = await fakeGateway((_req, res) => res.end(UNUSED));
    const { client } = clientFor(gw.endpoint);
    for (let i = 0; i < 10; i++) await client.queryIccid(ICCID);
    assert.equal(gw.seen.length, 10);
    // undici frees a socket a tick after the body ends, so back-to-back requests may
    // alternate between two sockets; what matters is that sockets are reused.
    assert.ok(gw.connections <= 2, `${gw.connections} connections for 10 requests`);
  });

  it("never has more than maxConcurrency requests at the gateway", async () => {
    gw = await fakeGateway((_req, res) => setTimeout(() => res.end(UNUSED), 20));
    const { client } = clientFor(gw.endpoint, { maxConcurrency: 2 });
    await Promise.all(Array.from({ length: 10 }, () => client.queryIccid(ICCID)));
    assert.equal(gw.seen.length, 10);
    assert.equal(gw.maxInFlight, 2);
    assert.ok(gw.connections <= 2);
  });

  describe("time-out", () => {
    it("retries a read-only command, then fails with a TransportError", async () => {
      gw = await fakeGateway(() => {
        /* never answers */
      });
      const { client } = clientFor(gw.endpoint, { requestTimeout: 200, maxRetries: 1 });
      const err = await client.queryIccid(ICCID).catch((e: unknown) => e);
      assert.ok(err instanceof TransportError, `got ${String(err)}`);
      assert.match(err.message, /no answer within 200 ms/);
      assert.equal(gw.seen.length, 2);
    });

    it("does not resend activate: AnswerLostError after one request", async () => {
      gw = await fakeGateway(() => {
        /* never answers */
      });
      const { client } = clientFor(gw.endpoint, { requestTimeout: 200 });
      const err = await client
        .activate({ iccid: ICCID, geoNumber: GEO, subscriber: SUBSCRIBER })
        .catch((e: unknown) => e);
      assert.ok(err instanceof AnswerLostError, `got ${String(err)}`);
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(gw.seen.length, 1);
    });

    it("covers the whole body, not just the gap between chunks", async () => {
      gw = await fakeGateway((_req, res) => {
        res.writeHead(200, { "content-type": "text/plain" });
        res.write("status: 200\n");
        const drip = setInterval(() => res.write("x: y\n"), 30);
        res.on("close", () => clearInterval(drip));
      });
      const { client } = clientFor(gw.endpoint, { requestTimeout: 300, maxRetries: 0 });
      const started = Date.now();
      await assert.rejects(client.queryIccid(ICCID), /no answer within 300 ms/);
      assert.ok(Date.now() - started < 2000);
    });
  });

  describe("dropped connection", () => {
    it("does not resend a two-step command", async () => {
      gw = await fakeGateway((req) => req.socket.destroy());
      const { client } = clientFor(gw.endpoint);
      const err = await client.suspend({ iccid: ICCID, geoNumber: GEO }).catch((e: unknown) => e);
      assert.ok(err instanceof AnswerLostError, `got ${String(err)}`);
      assert.equal(gw.seen.length, 1);
    });

    it("resends a read-only command", async () => {
      gw = await fakeGateway((req, res, n) => (n === 1 ? req.socket.destroy() : res.end(UNUSED)));
      const { client, events } = clientFor(gw.endpoint);
      assert.equal((await client.queryIccid(ICCID)).state, "unused");
      assert.equal(gw.seen.length, 2);
      assert.equal(events[0]!.outcome, "lost");
    });
  });

  it("retries HTTP 500 for a read-only command", async () => {
    gw = await fakeGateway((_req, res, n) => {
      res.statusCode = n === 1 ? 500 : 200;
      res.end(n === 1 ? "Internal Server Error" : UNUSED);
    });
    const { client } = clientFor(gw.endpoint);
    assert.equal((await client.queryIccid(ICCID)).state, "unused");
    assert.equal(gw.seen.length, 2);
  });

  it("refuses a huge answer without reading it all", async () => {
    let written = 0;
    gw = await fakeGateway((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write(UNUSED);
      const block = Buffer.alloc(64 * 1024, "a");
      const pump = () => {
        while (written < 50 * 1024 * 1024) {
          written += block.length;
          if (!res.write(block)) return void res.once("drain", pump);
        }
        res.end();
      };
      res.on("close", () => (written = Infinity));
      pump();
    });
    const { client } = clientFor(gw.endpoint);
    const err = await client.queryIccid(ICCID).catch((e: unknown) => e);
    assert.ok(err instanceof BadAnswerError, `got ${String(err)}`);
    assert.match(err.message, /larger than 65536 bytes/);
    assert.equal(gw.seen.length, 1);
  });

  it("calls an HTML page a bad answer", async () => {
    gw = await fakeGateway((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<!doctype html><html><body><h1>Maintenance</h1></body></html>");
    });
    const { client } = clientFor(gw.endpoint);
    const err = await client.queryIccid(ICCID).catch((e: unknown) => e);
    assert.ok(err instanceof BadAnswerError, `got ${String(err)}`);
    assert.match(err.message, /<!doctype html>/);
    assert.equal(gw.seen.length, 1);
  });

  it("calls an empty answer a bad answer", async () => {
    gw = await fakeGateway((_req, res) => res.end(""));
    const { client } = clientFor(gw.endpoint);
    await assert.rejects(client.queryIccid(ICCID), /empty answer/);
  });

  it("resends even activate when the connection is refused, and ends in a TransportError", async () => {
    // A port that was just free: nothing listens there.
    const probe = await fakeGateway(() => undefined);
    const endpoint = probe.endpoint;
    await probe.close();
    const { client, events } = clientFor(endpoint, { maxRetries: 2 });
    const err = await client
      .activate({ iccid: ICCID, geoNumber: GEO, subscriber: SUBSCRIBER })
      .catch((e: unknown) => e);
    assert.ok(err instanceof TransportError, `got ${String(err)}`);
    assert.match(err.message, /ECONNREFUSED/);
    assert.deepEqual(
      events.map((e) => e.outcome),
      ["not-sent", "not-sent", "not-sent"],
    );
    assert.ok(!err.message.includes(PASSWORD));
  });
});
