// Answers that are not the gateway's text, from the simulator's `garbled` fault and from a
// raw server: an HTML page, an empty body, megabytes of junk, binary bytes. Each is reported
// as a clear error naming the command and the SIM, never a crash and never a guess: a
// read-only command gets a BadAnswerError; a two-step command, whose outcome is then unknown,
// an AnswerLostError (the caller asks queryiccid), with the SIM left as it was.

import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { parseConfig } from "../../../provider/config";
import { AnswerLostError, BadAnswerError } from "../../../provider/errors";
import { createGatewayClient, type GatewayClient } from "../../../provider/gateway/client";
import { closeSharedPools } from "../../../provider/gateway/transport";
import { DEMO_ACCOUNT, startSimulator, type SimulatorHandle } from "../../../simulator";

const SUBSCRIBER = {
  name: "My Name",
  address: "1 Road",
  postcode: "LS10 1JQ",
  contactNumber: "441133203040",
};

function clientFor(endpoint: string): GatewayClient {
  return createGatewayClient(
    parseConfig({
      username: DEMO_ACCOUNT.username,
      password: DEMO_ACCOUNT.password,
      endpoint,
      requestTimeout: 5000,
      maxRetries: 2,
      retryDelay: 10,
    }),
  );
}

describe("garbled gateway answers are clear errors (integration)", function () {
  this.timeout(30_000);
  let sim: SimulatorHandle;
  let client: GatewayClient;

  before(async () => {
    sim = await startSimulator({ latencyMs: 50 });
    client = clientFor(sim.url);
  });

  afterEach(() => {
    sim.clearFaults();
  });

  after(async () => {
    await closeSharedPools();
    await sim.close();
  });

  const activates = (): number =>
    Object.values(sim.counters().byCommand["activate"] ?? {}).reduce((a, b) => a + b, 0);

  const cases = [
    ["html", /HTTP 200, no status line first: "<!DOCTYPE html>/],
    ["empty", /empty answer/],
    ["huge", /larger than 65536 bytes/],
  ] as const;

  for (const [garble, reason] of cases) {
    it(`${garble}: queryiccid → BadAnswerError naming the command and ICCID, not resent`, async () => {
      const [iccid] = sim.freeIccids(1) as [string];
      sim.addFault({ kind: "garbled", garble, bytes: 4 * 1024 * 1024, count: 1 });
      const before = sim.counters().requests;
      const err = await client.queryIccid(iccid).catch((e: unknown) => e);
      assert.ok(err instanceof BadAnswerError, `got ${String(err)}`);
      assert.match(
        err.message,
        new RegExp(`unreadable answer to command queryiccid, ICCID ${iccid}`),
      );
      assert.match(err.message, reason);
      assert.ok(!err.message.includes(DEMO_ACCOUNT.password));
      assert.equal(sim.counters().requests - before, 1, "an unreadable answer is not resent");
      // The next call is answered normally: nothing stuck in the pool.
      assert.equal((await client.queryIccid(iccid)).state, "unused");
    });

    it(`${garble}: activate → AnswerLostError (outcome unknown), not resent, SIM untouched`, async () => {
      const [iccid] = sim.freeIccids(1) as [string];
      const [number] = sim.freeNumbers(1) as [string];
      sim.addFault({ kind: "garbled", garble, bytes: 4 * 1024 * 1024, commands: ["activate"] });
      const before = activates();
      const err = await client
        .activate({ iccid, geoNumber: number, subscriber: SUBSCRIBER })
        .catch((e: unknown) => e);
      assert.ok(err instanceof AnswerLostError, `got ${String(err)}`);
      assert.match(err.message, new RegExp(`activate, ICCID ${iccid}.*${reason.source}`));
      assert.equal(activates() - before, 1, "activate is never resent on an unreadable answer");
      assert.equal(sim.sim(iccid), undefined, "the garbled activate did nothing");
    });
  }

  describe("from a raw server", () => {
    let server: http.Server;
    let body: Buffer = Buffer.alloc(0);
    let raw: GatewayClient;

    before(async () => {
      server = http.createServer((_req, res) => {
        res.writeHead(200, { "content-type": "application/octet-stream" });
        res.end(body);
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      raw = clientFor(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    });

    after(async () => {
      await closeSharedPools();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    const bodies: [string, Buffer, RegExp][] = [
      ["binary bytes", Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x9c, 0x80, 0x0a]), /no status line/],
      ["a status line with no code", Buffer.from("status:\niccidstate: unused\n"), /status/],
      [
        "200 with a state that does not exist",
        Buffer.from("status: 200\niccidstate: lost\n"),
        /unknown iccidstate "lost"/,
      ],
      [
        "200 with flags that are not 1 or 0",
        Buffer.from("status: 200\niccidstate: active\ngeo_nos: 441133203040\nint_roaming: yes\n"),
        /"int_roaming" is "yes", not 1 or 0/,
      ],
      ["JSON", Buffer.from('{"status":200,"iccidstate":"unused"}'), /no status line first/],
    ];
    for (const [what, b, reason] of bodies) {
      it(`${what}: a BadAnswerError saying what is wrong`, async () => {
        body = b;
        const err = await raw.queryIccid("8944110000000000001").catch((e: unknown) => e);
        assert.ok(err instanceof BadAnswerError, `got ${String(err)}`);
        assert.match(err.message, reason);
        assert.match(err.message, /queryiccid, ICCID 8944110000000000001/);
      });
    }
  });
});
