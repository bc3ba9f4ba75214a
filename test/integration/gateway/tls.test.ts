// The gateway client speaks HTTPS with certificate checks: an endpoint whose certificate the
// system does not trust (a self-signed one, made here with openssl) is refused before any
// request is sent, so the password never reaches it; the same server is reached once its
// certificate is trusted. Plain http:// is refused by configuration unless the host is a
// loopback address.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { Pool } from "undici";
import { parseConfig } from "../../../provider/config";
import { ConfigError, TransportError } from "../../../provider/errors";
import { createGatewayClient, type RequestEvent } from "../../../provider/gateway/client";
import { closeSharedPools } from "../../../provider/gateway/transport";

const ICCID = "8944110000000000001";
const PASSWORD = "tls-test-secret";
const SUBSCRIBER = {
  name: "My Name",
  address: "1 Road",
  postcode: "LS10 1JQ",
  contactNumber: "441133203040",
};

function config(endpoint: string) {
  return parseConfig({
    username: "acme",
    password: PASSWORD,
    endpoint,
    requestTimeout: 2000,
    maxRetries: 1,
    retryDelay: 10,
  });
}

/** A self-signed certificate for 127.0.0.1, or undefined when openssl is not there. */
function selfSigned(dir: string): { key: string; cert: string } | undefined {
  const key = path.join(dir, "key.pem");
  const cert = path.join(dir, "cert.pem");
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        key,
        "-out",
        cert,
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
      ],
      { stdio: "ignore" },
    );
  } catch {
    return undefined;
  }
  return { key: fs.readFileSync(key, "utf8"), cert: fs.readFileSync(cert, "utf8") };
}

describe("gateway client over TLS (integration)", function () {
  this.timeout(20_000);
  let dir: string;
  let tls: { key: string; cert: string } | undefined;
  let server: https.Server | undefined;
  let endpoint: string;
  let requests = 0;

  before(async function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "aql-tls-"));
    tls = selfSigned(dir);
    if (tls === undefined) {
      console.log("      (skipped: no openssl to make a self-signed certificate with)");
      this.skip();
    }
    server = https.createServer({ key: tls.key, cert: tls.cert }, (_req, res) => {
      requests++;
      res.end("status: 200\niccidstate: unused\n");
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await closeSharedPools();
  });

  after(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a self-signed certificate: a TransportError, no request reaches the server", async () => {
    const events: RequestEvent[] = [];
    const client = createGatewayClient(config(endpoint), { onRequest: (e) => events.push(e) });
    const err = await client.queryIccid(ICCID).catch((e: unknown) => e);
    assert.ok(err instanceof TransportError, `got ${String(err)}`);
    assert.match(err.message, /self[- ]signed certificate|DEPTH_ZERO_SELF_SIGNED_CERT/);
    assert.match(err.message, /queryiccid, ICCID 8944110000000000001/);
    assert.ok(!err.message.includes(PASSWORD));
    assert.equal(requests, 0, "the server never saw a request");
    assert.ok(
      events.every((e) => e.outcome === "not-sent"),
      JSON.stringify(events),
    );
  });

  it("activate too: refused as never sent, not as an answer lost", async () => {
    const client = createGatewayClient(config(endpoint));
    const err = await client
      .activate({ iccid: ICCID, geoNumber: "441133203040", subscriber: SUBSCRIBER })
      .catch((e: unknown) => e);
    assert.ok(err instanceof TransportError, `got ${String(err)}`);
    assert.match(err.message, /activate.*self[- ]signed certificate/);
    assert.equal(requests, 0);
  });

  it("reaches the same server once its certificate is trusted", async () => {
    const url = new URL(endpoint);
    const dispatcher = new Pool(url.origin, { connect: { ca: tls!.cert } });
    try {
      const client = createGatewayClient(config(endpoint), { dispatcher });
      assert.equal((await client.queryIccid(ICCID)).state, "unused");
      assert.equal(requests, 1);
    } finally {
      await dispatcher.close();
    }
  });

  it("refuses http:// to a host that is not a loopback address, before any connection", () => {
    for (const endpoint of [
      "http://mvno.aql.com",
      "http://10.0.0.1:8080",
      "http://127.0.0.1.nip.io",
      "http://127.evil.example",
      "http://localhost.evil.example",
    ]) {
      assert.throws(
        () => createGatewayClient(config(endpoint)),
        (e: unknown) => e instanceof ConfigError && /https:\/\//.test(e.message),
        endpoint,
      );
    }
    for (const endpoint of ["http://127.0.0.1:1", "http://127.1:1", "http://localhost:1"]) {
      assert.doesNotThrow(() => createGatewayClient(config(endpoint)), endpoint);
    }
  });
});
