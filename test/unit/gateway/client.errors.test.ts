import assert from "node:assert/strict";
import {
  AnswerLostError,
  BadAnswerError,
  ConfigError,
  GatewayError,
  TransportError,
  ValidationError,
} from "../../../provider/errors";
import type { GatewayClient } from "../../../provider/gateway/client";
import { ALL_GATEWAY_CODES, GATEWAY_CODES } from "../../../provider/gateway/codes";
import type { GatewayCode } from "../../../provider/gateway/codes";
import { PASSWORD, mockGateway, netError } from "./helpers";

const ICCID = "8944110000000000001";
const GEO = "441133203040";
const CRISP_PASSWORD = "Cr1sp&=%+pw";
const SUBSCRIBER = {
  name: "My Name",
  address: "1 Road",
  postcode: "LS10 1JQ",
  contactNumber: GEO,
};

describe("gateway client: errors", () => {
  describe("every code of the table", () => {
    // 200 is success; 63027 is resent first (its own test below, with maxRetries 0 here).
    const codes = ALL_GATEWAY_CODES.filter((c) => c !== 200);

    for (const code of codes) {
      it(`${code} → GatewayError with "${GATEWAY_CODES[code]}"`, async () => {
        const g = mockGateway({ maxRetries: 0 });
        g.answer("sim", `status: ${code}`);
        const err = await g.client
          .suspend({ iccid: ICCID, geoNumber: GEO })
          .catch((e: unknown) => e);
        assert.ok(err instanceof GatewayError, `got ${String(err)}`);
        assert.deepEqual(err.gatewayCodes, [code]);
        assert.deepEqual(err.descriptions, [GATEWAY_CODES[code as GatewayCode]]);
        assert.ok(err.has(code));
        assert.equal(err.code, "GATEWAY_ERROR");
        assert.ok(err.message.includes(`${code} ${GATEWAY_CODES[code as GatewayCode]}`));
        assert.match(err.message, /command suspend/);
        assert.ok(err.message.includes(`ICCID ${ICCID}`));
        assert.ok(err.message.includes(`number ${GEO}`));
        assert.equal(g.sent().length, 1);
      });
    }
  });

  it("reports every code of a multi-code answer with its description", async () => {
    const g = mockGateway();
    g.answer("sim", "status: 63028,63030,63031");
    const err = await g.client
      .activate({ iccid: ICCID, geoNumber: GEO, subscriber: SUBSCRIBER })
      .catch((e: unknown) => e);
    assert.ok(err instanceof GatewayError);
    assert.deepEqual(err.gatewayCodes, [63028, 63030, 63031]);
    assert.match(
      err.message,
      /63028 Subscriber name is invalid; 63030 Subscriber postcode is invalid; 63031 Subscriber contact number is invalid/,
    );
  });

  it("reports a code the table does not know", async () => {
    const g = mockGateway();
    g.answer("sim", "status: 99999");
    const err = await g.client.queryIccid(ICCID).catch((e: unknown) => e);
    assert.ok(err instanceof GatewayError);
    assert.match(err.message, /99999 Unknown code/);
  });

  it("names the number for vm.php and rec.php errors", async () => {
    const g = mockGateway();
    g.answer("vm", "status: 65001");
    g.answer("rec", "status: 65001");
    const vm = await g.client.voicemail.config(GEO, { notify: true }).catch((e: unknown) => e);
    const rec = await g.client.recording.info(GEO).catch((e: unknown) => e);
    assert.ok(vm instanceof GatewayError && rec instanceof GatewayError);
    assert.match(vm.message, /command vm\.php config, number 441133203040: 65001 Not owner/);
    assert.match(rec.message, /command rec\.php info, number 441133203040/);
  });

  it("names the request for checkstatus errors", async () => {
    const g = mockGateway();
    g.answer("sim", "status: 63025");
    await assert.rejects(g.client.checkStatus("777"), /command checkstatus, request 777/);
  });

  it("65002 is absence only on vm/rec info and remove, not mixed with other codes", async () => {
    const g = mockGateway();
    g.answer("vm", "status: 65002,65001");
    await assert.rejects(g.client.voicemail.info(GEO), GatewayError);
  });

  it("hints at the credentials on 401", async () => {
    const g = mockGateway();
    g.answer("sim", "status: 401");
    await assert.rejects(g.client.queryIccid(ICCID), /Check aql:username and aql:password/);
  });

  describe("refused before any request", () => {
    const bad: [string, (c: GatewayClient) => Promise<unknown>, string][] = [
      [
        "activate",
        (c) =>
          c.activate({
            iccid: ICCID,
            geoNumber: GEO,
            subscriber: { ...SUBSCRIBER, postcode: "nope" },
          }),
        "subscriber.postcode",
      ],
      ["terminate", (c) => c.terminate({ iccid: "1", geoNumber: GEO }), "iccid"],
      ["suspend", (c) => c.suspend({ iccid: ICCID, geoNumber: "x" }), "geoNumber"],
      ["unsuspend", (c) => c.unsuspend({ iccid: ICCID, geoNumber: "" }), "geoNumber"],
      [
        "addservice",
        (c) => c.addService({ iccid: ICCID, geoNumber: GEO, services: [] }),
        "services",
      ],
      [
        "removeservice",
        (c) => c.removeService({ iccid: ICCID, geoNumber: GEO, services: ["video" as "internet"] }),
        "services.0",
      ],
      ["assigngeo", (c) => c.assignGeo({ iccid: "abc", geoNumber: GEO }), "iccid"],
      [
        "changegeo",
        (c) => c.changeGeo({ iccid: ICCID, geoNumber: GEO, newGeoNumber: GEO }),
        "newGeoNumber",
      ],
      ["queryiccid", (c) => c.queryIccid("12"), "iccid"],
      ["checkstatus", (c) => c.checkStatus(""), "id"],
      [
        "crisp",
        (c) => c.crisp({ iccid: ICCID, geoNumber: GEO, action: "enable-new", email: "a@b.co" }),
        "password",
      ],
      ["vm config", (c) => c.voicemail.config(GEO, { pin: "12" }), "pin"],
      ["vm info", (c) => c.voicemail.info("12"), "geoNumber"],
      ["vm remove", (c) => c.voicemail.remove("+"), "geoNumber"],
      ["rec config", (c) => c.recording.config(GEO, { email: "x" }), "email"],
      ["rec info", (c) => c.recording.info(""), "geoNumber"],
      ["rec remove", (c) => c.recording.remove("0"), "geoNumber"],
    ];
    for (const [name, call, property] of bad) {
      it(`${name}: ValidationError on ${property}, zero requests`, async () => {
        const g = mockGateway();
        const err = await call(g.client).catch((e: unknown) => e);
        assert.ok(err instanceof ValidationError, `got ${String(err)}`);
        assert.equal(err.property, property);
        assert.equal(g.sent().length, 0);
      });
    }

    it("missing credentials: ConfigError, zero requests", async () => {
      const g = mockGateway({ password: undefined });
      await assert.rejects(g.client.queryIccid(ICCID), ConfigError);
      assert.equal(g.sent().length, 0);
    });
  });

  describe("the password never shows", () => {
    const encodings = [PASSWORD, CRISP_PASSWORD].flatMap((p) => [
      p,
      encodeURIComponent(p),
      new URLSearchParams({ p }).toString().slice(2),
    ]);

    function assertClean(what: string, text: string): void {
      for (const e of encodings) assert.ok(!text.includes(e), `${what} holds the password`);
    }

    it("in any error message, stack or log event", async () => {
      const g = mockGateway({ maxRetries: 1, retryDelay: 1 });
      const errors: unknown[] = [];
      const catchIt = (p: Promise<unknown>) => p.catch((e: unknown) => errors.push(e));

      g.answer("sim", "status: 401");
      await catchIt(g.client.queryIccid(ICCID));
      // An error page that echoes the request, password included.
      g.answer("sim", `<html>bad request: password=${PASSWORD}</html>`);
      await catchIt(g.client.queryIccid(ICCID));
      g.answer("sim", {
        http: 200,
        body: `<p>${encodeURIComponent(PASSWORD)}</p>`,
      });
      await catchIt(g.client.activate({ iccid: ICCID, geoNumber: GEO, subscriber: SUBSCRIBER }));
      // Network errors whose text carries the password.
      g.answer("sim", { error: netError("ECONNRESET", `socket hang up ${PASSWORD}`) });
      await catchIt(g.client.suspend({ iccid: ICCID, geoNumber: GEO }));
      g.answer(
        "sim",
        { error: netError("ECONNREFUSED", `refused ${PASSWORD}`) },
        { error: netError("ECONNREFUSED", `refused ${PASSWORD}`) },
      );
      await catchIt(g.client.queryIccid(ICCID));
      g.answer("vm", { http: 503, body: PASSWORD }, { http: 503, body: PASSWORD });
      await catchIt(g.client.voicemail.info(GEO));
      g.answer("sim", `status: 63208\nnote: ${CRISP_PASSWORD}\nnote: ${CRISP_PASSWORD}`);
      await catchIt(
        g.client.crisp({
          iccid: ICCID,
          geoNumber: GEO,
          action: "enable-new",
          email: "kid@example.com",
          password: CRISP_PASSWORD,
          parentSmsNumber: GEO,
        }),
      );

      assert.equal(errors.length, 7);
      const kinds = errors.map((e) => (e as Error).constructor.name);
      assert.deepEqual(kinds, [
        "GatewayError",
        "BadAnswerError",
        "AnswerLostError",
        "AnswerLostError",
        "TransportError",
        "TransportError",
        "GatewayError",
      ]);
      for (const e of errors) {
        assert.ok(e instanceof Error);
        assertClean("message", e.message);
        assertClean("stack", e.stack ?? "");
        assertClean("String()", String(e));
        assertClean("JSON", JSON.stringify(e));
      }
      assert.ok(g.events.length >= 9);
      assertClean("log events", JSON.stringify(g.events));
      assert.ok(errors[0] instanceof GatewayError);
      assert.ok(errors[1] instanceof BadAnswerError);
      assert.ok(errors[2] instanceof AnswerLostError);
      assert.ok(errors[4] instanceof TransportError);
    });

    it("nor the voicemail PIN, when an answer quotes it back", async () => {
      const pin = "9182";
      const g = mockGateway({ maxRetries: 1, retryDelay: 1 });
      g.answer("vm", `<html>bad request: pin=${pin}</html>`);
      const err = await g.client.voicemail.config(GEO, { pin }).then(
        () => assert.fail("the answer is not a status line"),
        (e: unknown) => e,
      );
      assert.ok(err instanceof BadAnswerError, String(err));
      assert.match(err.message, /bad request: pin=/);
      assert.ok(!err.message.includes(pin), err.message);
      assert.ok(!JSON.stringify(g.events).includes(pin));
    });
  });
});
