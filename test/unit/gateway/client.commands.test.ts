import assert from "node:assert/strict";
import { AnswerLostError, BadAnswerError } from "../../../provider/errors";
import { createGatewayClient } from "../../../provider/gateway/client";
import { MockAgent } from "undici";
import type { MockGateway, SentRequest } from "./helpers";
import { AutoClock, credentialsAnd, mockGateway, testConfig } from "./helpers";

const ICCID = "8944110000000000001";
const GEO = "441133203040";
const NEW_GEO = "441133203041";
const SIM_PATH = "/mobile/configure_sim.php";
const VM_PATH = "/services/vm.php";
const REC_PATH = "/services/rec.php";

/** The one request sent: POST, form-encoded, to `path`, with exactly these fields. */
function assertSent(g: MockGateway, path: string, form: [string, string][]): SentRequest {
  const sent = g.sent();
  assert.equal(sent.length, 1, "exactly one request");
  const r = sent[0]!;
  assert.equal(r.method, "POST");
  assert.equal(r.path, path);
  assert.equal(r.fullUrl, `https://gw.test${path}`, "nothing in the URL but the path");
  assert.equal(r.contentType, "application/x-www-form-urlencoded");
  assert.deepEqual(r.form, form);
  assert.ok(!/return-mode|return-format/.test(r.raw));
  return r;
}

const QUERY_ACTIVE = [
  "status: 200",
  "iccidstate: active",
  `geo_nos: ${GEO}`,
  "int_roaming: 1",
  "int_call: 0",
  "premium: 0",
  "mo_voice: 1",
  "mt_voice: 1",
  "mo_sms: 1",
  "mt_sms: 1",
  "video: 0",
  "mms: 1",
  "internet: 1",
  "imsi: 234200000000001",
  "pin: 1234",
  "pin2: 5678",
  "puk: 11112222",
  "puk2: 33334444",
].join("\n");

describe("gateway client: every command", () => {
  describe("two-step commands", () => {
    it("activate sends the subscriber and resolves with the request", async () => {
      const g = mockGateway();
      g.answer("sim", "status: 200\nid: 117234");
      const q = await g.client.activate({
        iccid: ICCID,
        geoNumber: "+44 113 320 3040",
        subscriber: {
          name: "My Name",
          address: "11 15 Hunslet Road, Leeds",
          postcode: "LS101JQ",
          contactNumber: "441133203040",
        },
      });
      assert.deepEqual(q, {
        id: "117234",
        command: "activate",
        iccid: ICCID,
        submittedAt: g.clock.now(),
      });
      const r = assertSent(
        g,
        SIM_PATH,
        credentialsAnd(
          "activate",
          ["iccid", ICCID],
          ["geo_nos", GEO],
          ["subname", "My Name"],
          ["subaddress", "11 15 Hunslet Road, Leeds"],
          ["subpostcode", "LS101JQ"],
          ["subcontactno", "441133203040"],
        ),
      );
      assert.match(r.raw, /&subname=My\+Name&subaddress=11\+15\+Hunslet\+Road%2C\+Leeds&/);
    });

    it("activate sends the IMEI when given", async () => {
      const g = mockGateway();
      g.answer("sim", "status: 200\nid: 1");
      await g.client.activate({
        iccid: ICCID,
        geoNumber: GEO,
        imei: "490154203237518",
        subscriber: { name: "A", address: "B", postcode: "LS10 1JQ", contactNumber: GEO },
      });
      assert.deepEqual(g.sent()[0]!.form.slice(3, 5), [
        ["iccid", ICCID],
        ["imei", "490154203237518"],
      ]);
    });

    for (const command of ["terminate", "suspend", "unsuspend"] as const) {
      it(`${command} sends the ICCID and number`, async () => {
        const g = mockGateway();
        g.answer("sim", "status: 200\nid: 42");
        const q = await g.client[command]({ iccid: ICCID, geoNumber: GEO });
        assert.deepEqual(q, { id: "42", command, iccid: ICCID, submittedAt: g.clock.now() });
        assertSent(g, SIM_PATH, credentialsAnd(command, ["iccid", ICCID], ["geo_nos", GEO]));
      });
    }

    for (const [method, command] of [
      ["addService", "addservice"],
      ["removeService", "removeservice"],
    ] as const) {
      it(`${command} sends each service as service[name]= with an empty value`, async () => {
        const g = mockGateway();
        g.answer("sim", "status: 200\nid: 43");
        const q = await g.client[method]({
          iccid: ICCID,
          geoNumber: GEO,
          services: ["mo_sms", "int_roaming", "internet"],
        });
        assert.equal(q.command, command);
        assert.equal(q.id, "43");
        const r = assertSent(
          g,
          SIM_PATH,
          credentialsAnd(
            command,
            ["iccid", ICCID],
            ["geo_nos", GEO],
            ["service[int_roaming]", ""],
            ["service[mo_sms]", ""],
            ["service[internet]", ""],
          ),
        );
        assert.ok(
          r.raw.endsWith("&service%5Bint_roaming%5D=&service%5Bmo_sms%5D=&service%5Binternet%5D="),
        );
      });
    }

    it("calls a 200 without a request id a lost answer", async () => {
      const g = mockGateway();
      g.answer("sim", "status: 200");
      await assert.rejects(g.client.suspend({ iccid: ICCID, geoNumber: GEO }), AnswerLostError);
    });
  });

  describe("one-step commands", () => {
    it("assigngeo", async () => {
      const g = mockGateway();
      g.answer("sim", "status: 200");
      assert.equal(await g.client.assignGeo({ iccid: ICCID, geoNumber: GEO }), undefined);
      assertSent(g, SIM_PATH, credentialsAnd("assigngeo", ["iccid", ICCID], ["geo_nos", GEO]));
    });

    it("changegeo sends the old number as geo_nos and the new as new_geo_nos", async () => {
      const g = mockGateway();
      g.answer("sim", "status: 200");
      await g.client.changeGeo({ iccid: ICCID, geoNumber: GEO, newGeoNumber: `+${NEW_GEO}` });
      assertSent(
        g,
        SIM_PATH,
        credentialsAnd("changegeo", ["iccid", ICCID], ["geo_nos", GEO], ["new_geo_nos", NEW_GEO]),
      );
    });

    it("crisp enable-new sends password and parent number", async () => {
      const g = mockGateway();
      g.answer("sim", "status: 200");
      await g.client.crisp({
        iccid: ICCID,
        geoNumber: GEO,
        action: "enable-new",
        email: "kid@example.com",
        password: "crisp-pass-1",
        parentSmsNumber: "+447700900123",
      });
      assertSent(
        g,
        SIM_PATH,
        credentialsAnd(
          "crisp",
          ["iccid", ICCID],
          ["geo_nos", GEO],
          ["action", "enable-new"],
          ["crisp-email", "kid@example.com"],
          ["crisp-password", "crisp-pass-1"],
          ["parent-sms-number", "447700900123"],
        ),
      );
      assert.ok(!g.events[0]!.form.includes("crisp-pass-1"));
    });

    for (const action of ["enable-existing", "disable"] as const) {
      it(`crisp ${action} sends the email only`, async () => {
        const g = mockGateway();
        g.answer("sim", "status: 200");
        await g.client.crisp({ iccid: ICCID, geoNumber: GEO, action, email: "kid@example.com" });
        assertSent(
          g,
          SIM_PATH,
          credentialsAnd(
            "crisp",
            ["iccid", ICCID],
            ["geo_nos", GEO],
            ["action", action],
            ["crisp-email", "kid@example.com"],
          ),
        );
      });
    }
  });

  describe("queryiccid", () => {
    it("reads an active SIM: number, ten flags, IMSI and PIN/PUK", async () => {
      const g = mockGateway();
      g.answer("sim", QUERY_ACTIVE);
      const info = await g.client.queryIccid(ICCID);
      assert.deepEqual(info, {
        iccid: ICCID,
        state: "active",
        geoNumber: GEO,
        services: {
          int_roaming: true,
          int_call: false,
          premium: false,
          mo_voice: true,
          mt_voice: true,
          mo_sms: true,
          mt_sms: true,
          video: false,
          mms: true,
          internet: true,
        },
        imsi: "234200000000001",
        pin: "1234",
        pin2: "5678",
        puk: "11112222",
        puk2: "33334444",
      });
      assertSent(g, SIM_PATH, credentialsAnd("queryiccid", ["iccid", ICCID]));
    });

    it("reads a suspended SIM the same way", async () => {
      const g = mockGateway();
      g.answer("sim", QUERY_ACTIVE.replace("iccidstate: active", "iccidstate: suspended"));
      const info = await g.client.queryIccid(ICCID);
      assert.equal(info.state, "suspended");
      assert.equal(info.services?.internet, true);
    });

    for (const state of ["unused", "pending", "terminated"] as const) {
      it(`reads a ${state} SIM with no details`, async () => {
        const g = mockGateway();
        g.answer("sim", `status: 200\niccidstate: ${state}`);
        assert.deepEqual(await g.client.queryIccid(ICCID), { iccid: ICCID, state });
      });
    }

    it("refuses an unknown or missing state", async () => {
      const g = mockGateway();
      g.answer("sim", "status: 200\niccidstate: frozen", "status: 200");
      await assert.rejects(g.client.queryIccid(ICCID), /unknown iccidstate "frozen"/);
      await assert.rejects(g.client.queryIccid(ICCID), BadAnswerError);
    });

    it("refuses an active SIM with a missing or odd service flag", async () => {
      const g = mockGateway();
      g.answer(
        "sim",
        QUERY_ACTIVE.replace("mms: 1\n", ""),
        QUERY_ACTIVE.replace("mms: 1", "mms: yes"),
      );
      await assert.rejects(g.client.queryIccid(ICCID), /"mms" is missing/);
      await assert.rejects(g.client.queryIccid(ICCID), /"mms" is "yes", not 1 or 0/);
    });
  });

  describe("checkstatus", () => {
    for (const state of ["pending", "success", "failed"] as const) {
      it(`reads requeststate ${state}`, async () => {
        const g = mockGateway();
        g.answer("sim", `status: 200\nrequeststate: ${state}\niccid: ${ICCID}`);
        assert.deepEqual(await g.client.checkStatus("117234"), {
          id: "117234",
          state,
          iccid: ICCID,
        });
        assertSent(g, SIM_PATH, credentialsAnd("checkstatus", ["id", "117234"]));
      });
    }

    it("refuses a missing requeststate", async () => {
      const g = mockGateway();
      g.answer("sim", "status: 200\niccid: 1");
      await assert.rejects(g.client.checkStatus("1"), /"requeststate" is missing/);
    });
  });

  describe("voicemail (vm.php)", () => {
    it("config sends the settings with geo_no", async () => {
      const g = mockGateway();
      g.answer("vm", "status: 200");
      await g.client.voicemail.config("+44 113 320 3040", {
        delaySeconds: 30,
        pin: "1234",
        email: "support@uk.aql.com",
        notify: true,
        attach: false,
      });
      assertSent(
        g,
        VM_PATH,
        credentialsAnd(
          "config",
          ["geo_no", GEO],
          ["delay", "30"],
          ["pin", "1234"],
          ["email", "support@uk.aql.com"],
          ["notify", "1"],
          ["attach", "0"],
        ),
      );
      assert.ok(!g.events[0]!.form.includes("1234"), "the voicemail PIN is not logged");
    });

    it("config sends only the settings given", async () => {
      const g = mockGateway();
      g.answer("vm", "status: 200");
      await g.client.voicemail.config(GEO, {});
      assertSent(g, VM_PATH, credentialsAnd("config", ["geo_no", GEO]));
    });

    it("info reads the settings", async () => {
      const g = mockGateway();
      g.answer(
        "vm",
        "status: 200\ndelay: 30\npin: 1234\nemail: support@uk.aql.com\nnotify: 1\nattach: 1",
      );
      assert.deepEqual(await g.client.voicemail.info(GEO), {
        delaySeconds: 30,
        pin: "1234",
        email: "support@uk.aql.com",
        notify: true,
        attach: true,
      });
      assertSent(g, VM_PATH, credentialsAnd("info", ["geo_no", GEO]));
    });

    it("info is undefined when the number has no voicemail (65002)", async () => {
      const g = mockGateway();
      g.answer("vm", "status: 65002");
      assert.equal(await g.client.voicemail.info(GEO), undefined);
    });

    it("info refuses an unreadable delay", async () => {
      const g = mockGateway();
      g.answer("vm", "status: 200\ndelay: soon");
      await assert.rejects(g.client.voicemail.info(GEO), BadAnswerError);
    });

    it("remove sends geo_no", async () => {
      const g = mockGateway();
      g.answer("vm", "status: 200");
      await g.client.voicemail.remove(GEO);
      assertSent(g, VM_PATH, credentialsAnd("remove", ["geo_no", GEO]));
    });

    it("remove of a voicemail that is not there (65002) resolves", async () => {
      const g = mockGateway();
      g.answer("vm", "status: 65002");
      assert.equal(await g.client.voicemail.remove(GEO), undefined);
    });
  });

  describe("call recording (rec.php)", () => {
    it("config sends the settings with geo_no", async () => {
      const g = mockGateway();
      g.answer("rec", "status: 200");
      await g.client.recording.config(GEO, {
        active: true,
        onDemand: false,
        email: "support@uk.aql.com",
        notify: true,
        attach: true,
      });
      assertSent(
        g,
        REC_PATH,
        credentialsAnd(
          "config",
          ["geo_no", GEO],
          ["active", "1"],
          ["ondemand", "0"],
          ["email", "support@uk.aql.com"],
          ["notify", "1"],
          ["attach", "1"],
        ),
      );
    });

    it("info reads the settings", async () => {
      const g = mockGateway();
      g.answer(
        "rec",
        "status: 200\nactive: 1\nemail: support@uk.aql.com\nondemand: 0\nnotify: 1\nattach: 1",
      );
      assert.deepEqual(await g.client.recording.info(GEO), {
        active: true,
        onDemand: false,
        email: "support@uk.aql.com",
        notify: true,
        attach: true,
      });
      assertSent(g, REC_PATH, credentialsAnd("info", ["geo_no", GEO]));
    });

    it("info is undefined on 65002; remove resolves on 65002", async () => {
      const g = mockGateway();
      g.answer("rec", "status: 65002", "status: 65002");
      assert.equal(await g.client.recording.info(GEO), undefined);
      assert.equal(await g.client.recording.remove(GEO), undefined);
    });

    it("remove sends geo_no", async () => {
      const g = mockGateway();
      g.answer("rec", "status: 200");
      await g.client.recording.remove(GEO);
      assertSent(g, REC_PATH, credentialsAnd("remove", ["geo_no", GEO]));
    });
  });

  describe("endpoint", () => {
    it("appends the script paths to an endpoint with a base path", async () => {
      const agent = new MockAgent({ enableCallHistory: true });
      agent.disableNetConnect();
      agent
        .get("https://gw.test")
        .intercept({ path: "/aql/services/rec.php", method: "POST" })
        .reply(200, "status: 200");
      const client = createGatewayClient(testConfig({ endpoint: "https://gw.test/aql/" }), {
        dispatcher: agent,
        clock: new AutoClock(),
      });
      await client.recording.remove(GEO);
      assert.equal(agent.getCallHistory()?.calls()[0]?.path, "/aql/services/rec.php");
    });

    it("refuses an http endpoint that is not loopback", () => {
      assert.throws(
        () => createGatewayClient({ ...testConfig(), endpoint: "http://gw.example.com" }, {}),
        /loopback/,
      );
    });
  });
});
