// Every code in the gateway's table, provoked over HTTP: the simulator's own checks, and the
// rest through the `error` / `congestion` faults.

import assert from "node:assert/strict";
import { ALL_GATEWAY_CODES } from "../../../provider/gateway/codes";
import { DEMO_ACCOUNT, VENDOR_EXAMPLE_ACCOUNT } from "../../../simulator/seed";
import { startSimulator, type SimulatorHandle } from "../../../simulator/server";
import { gw, REC_PATH, SUBSCRIBER, VM_PATH } from "./helpers";

interface Case {
  name: string;
  codes: number[];
  params: () => Record<string, string>;
  path?: string;
  noAuth?: boolean;
  before?: () => void | Promise<unknown>;
  after?: () => void;
}

describe("simulator error codes (every code, over HTTP)", function () {
  this.timeout(15000);
  let sim: SimulatorHandle;
  // fixtures
  let A = { iccid: "", number: "" }; // active
  let B = { iccid: "", number: "" }; // active
  let S = { iccid: "", number: "" }; // suspended
  let T = { iccid: "" }; // terminated
  let N = { iccid: "", number: "" }; // active, number removed out of band
  let P = { iccid: "", number: "" }; // pending (long latency)
  let free = { iccid: "", number: "" };
  const OTHER_ACCOUNT_ICCID = "1111111111000000001";
  const UNALLOCATED = "441139999999";

  before(async () => {
    sim = await startSimulator({
      accounts: [DEMO_ACCOUNT, VENDOR_EXAMPLE_ACCOUNT],
      latencyMs: 100,
      seed: 3,
    });
    const iccids = sim.freeIccids(7);
    const numbers = sim.freeNumbers(7);
    const live = (i: number) => {
      sim.oob({ op: "activate", iccid: iccids[i]!, number: numbers[i]! });
      return { iccid: iccids[i]!, number: numbers[i]! };
    };
    A = live(0);
    B = live(1);
    S = live(2);
    sim.oob({ op: "suspend", iccid: S.iccid });
    T = live(3);
    sim.oob({ op: "terminate", iccid: T.iccid });
    N = live(4);
    sim.oob({ op: "number", iccid: N.iccid, number: null });
    sim.settings({ latencyMs: 60_000 });
    P = { iccid: iccids[5]!, number: numbers[5]! };
    const p = await gw(sim, {
      command: "activate",
      iccid: P.iccid,
      geo_nos: P.number,
      ...SUBSCRIBER,
    });
    assert.deepEqual(p.codes, [200]);
    sim.settings({ latencyMs: 100 });
    free = { iccid: sim.freeIccids(1)[0]!, number: sim.freeNumbers(1)[0]! };
  });
  after(async () => sim.close());

  const act = (over: Record<string, string> = {}) => ({
    command: "activate",
    iccid: free.iccid,
    geo_nos: free.number,
    ...SUBSCRIBER,
    ...over,
  });
  const svc = (
    command: string,
    sim: { iccid: string; number: string },
    services: Record<string, string>,
  ) => ({
    command,
    iccid: sim.iccid,
    geo_nos: sim.number,
    ...services,
  });
  const crisp = (over: Record<string, string>) => ({
    command: "crisp",
    iccid: A.iccid,
    geo_nos: A.number,
    action: "enable-existing",
    "crisp-email": "kid@example.com",
    ...over,
  });
  const fault = (code: number) => ({
    name: `error fault ${code}`,
    codes: [code],
    before: () => void sim.addFault({ kind: "error", code, commands: ["queryiccid"], count: 1 }),
    after: () => void sim.clearFaults(),
    params: () => ({ command: "queryiccid", iccid: A.iccid }),
  });

  const cases: Case[] = [
    { name: "ok", codes: [200], params: () => ({ command: "queryiccid", iccid: A.iccid }) },
    {
      name: "400 vm without geo_no",
      codes: [400],
      path: VM_PATH,
      params: () => ({ command: "info" }),
    },
    {
      name: "401 wrong password",
      codes: [401],
      params: () => ({ command: "queryiccid", iccid: A.iccid, password: "nope" }),
    },
    {
      name: "401 no credentials",
      codes: [401],
      noAuth: true,
      params: () => ({ command: "queryiccid", iccid: A.iccid }),
    },
    {
      name: "401 unknown user",
      codes: [401],
      params: () => ({ command: "queryiccid", username: "mallory" }),
    },
    { name: "600 unknown command", codes: [600], params: () => ({ command: "frobnicate" }) },
    { name: "600 missing command", codes: [600], params: () => ({ iccid: A.iccid }) },
    {
      name: "600 vm bad command",
      codes: [600],
      path: VM_PATH,
      params: () => ({ command: "activate", geo_no: A.number }),
    },
    {
      name: "63001 malformed ICCID",
      codes: [63001],
      params: () => ({ command: "queryiccid", iccid: "8944-abc" }),
    },
    {
      name: "63001 missing ICCID",
      codes: [63001],
      params: () => ({ command: "suspend", geo_nos: A.number }),
    },
    {
      name: "63003 ICCID of another account",
      codes: [63003],
      params: () => ({ command: "queryiccid", iccid: OTHER_ACCOUNT_ICCID }),
    },
    {
      name: "63003 activate unknown ICCID",
      codes: [63003],
      params: () => act({ iccid: "8944000000000000000" }),
    },
    {
      name: "63004 read-only service",
      codes: [63004],
      params: () => svc("addservice", A, { "service[premium]": "" }),
    },
    {
      name: "63004 a value for a service",
      codes: [63004],
      params: () => svc("removeservice", A, { "service[mo_sms]": "1" }),
    },
    {
      name: "63004 bad voicemail value",
      codes: [63004],
      path: VM_PATH,
      params: () => ({ command: "config", geo_no: A.number, delay: "999" }),
    },
    {
      name: "63004 bad recording value",
      codes: [63004],
      path: REC_PATH,
      params: () => ({ command: "config", geo_no: A.number, active: "yes" }),
    },
    { name: "63007 IMEI not 15 digits", codes: [63007], params: () => act({ imei: "12345" }) },
    { name: "63017 suspend a suspended SIM", codes: [63017], params: () => svc("suspend", S, {}) },
    {
      name: "63017 addservice on a suspended SIM",
      codes: [63017],
      params: () => svc("addservice", S, { "service[mo_sms]": "" }),
    },
    {
      name: "63017 assigngeo on a pending SIM",
      codes: [63017],
      params: () => ({ command: "assigngeo", iccid: P.iccid, geo_nos: free.number }),
    },
    {
      name: "63017 changegeo on an unused SIM",
      codes: [63017],
      params: () => ({
        command: "changegeo",
        iccid: free.iccid,
        geo_nos: free.number,
        new_geo_nos: free.number,
      }),
    },
    {
      name: "63017 voicemail config on a number without a live SIM",
      codes: [63017],
      path: VM_PATH,
      params: () => ({ command: "config", geo_no: free.number }),
    },
    {
      name: "63022 checkstatus too soon",
      codes: [63022],
      before: () => void sim.settings({ minCheckDelayMs: 60_000 }),
      after: () => void sim.settings({ minCheckDelayMs: 0 }),
      params: () => ({ command: "checkstatus", id: sim.snapshot().requests.pending[0]!.id }),
    },
    { name: "63023 no services", codes: [63023], params: () => svc("addservice", A, {}) },
    {
      name: "63025 unknown id",
      codes: [63025],
      params: () => ({ command: "checkstatus", id: "42" }),
    },
    { name: "63025 missing id", codes: [63025], params: () => ({ command: "checkstatus" }) },
    {
      name: "63026 activate an active SIM",
      codes: [63026],
      params: () => act({ iccid: A.iccid, geo_nos: free.number }),
    },
    { name: "63026 activate a pending SIM", codes: [63026], params: () => act({ iccid: P.iccid }) },
    {
      name: "63026 unsuspend an active SIM",
      codes: [63026],
      params: () => svc("unsuspend", A, {}),
    },
    {
      name: "63026 terminate an unused SIM",
      codes: [63026],
      params: () => svc("terminate", free, {}),
    },
    {
      name: "63026 suspend a terminated SIM",
      codes: [63026],
      params: () => ({ command: "suspend", iccid: T.iccid, geo_nos: free.number }),
    },
    {
      name: "63026 crisp on a terminated SIM",
      codes: [63026],
      params: () => crisp({ iccid: T.iccid }),
    },
    {
      name: "63026 a second two-step request while one is pending",
      codes: [63026],
      before: async () => {
        sim.settings({ latencyMs: 60_000 });
        const first = await gw(sim, svc("addservice", B, { "service[int_call]": "" }));
        assert.deepEqual(first.codes, [200]);
      },
      after: () => {
        sim.settings({ latencyMs: 100 });
        sim.settleAll();
      },
      params: () => svc("removeservice", B, { "service[mo_sms]": "" }),
    },
    { name: "63028 bad name", codes: [63028], params: () => act({ subname: "" }) },
    { name: "63029 bad address", codes: [63029], params: () => act({ subaddress: "<b>" }) },
    { name: "63030 bad postcode", codes: [63030], params: () => act({ subpostcode: "12345" }) },
    {
      name: "63031 bad contact number",
      codes: [63031],
      params: () => act({ subcontactno: "call me" }),
    },
    {
      name: "63028,63030 bad name and postcode",
      codes: [63028, 63030],
      params: () => act({ subname: "%%", subpostcode: "x" }),
    },
    {
      name: "63032 service not yet supported",
      codes: [63032],
      before: () => void sim.settings({ unsupportedServices: ["int_roaming"] }),
      after: () => void sim.settings({ unsupportedServices: [] }),
      params: () => svc("addservice", A, { "service[int_roaming]": "" }),
    },
    {
      name: "63104 unknown service",
      codes: [63104],
      params: () => svc("addservice", A, { "service[foo]": "" }),
    },
    { name: "63201 bad landline", codes: [63201], params: () => act({ geo_nos: "01134960000" }) },
    {
      name: "63201 bad new_geo_nos",
      codes: [63201],
      params: () => ({
        command: "changegeo",
        iccid: A.iccid,
        geo_nos: A.number,
        new_geo_nos: "447700900000",
      }),
    },
    {
      name: "63201 bad vm geo_no",
      codes: [63201],
      path: VM_PATH,
      params: () => ({ command: "info", geo_no: "abc" }),
    },
    {
      name: "63202 geo_nos not the SIM's",
      codes: [63202],
      params: () => svc("suspend", { iccid: A.iccid, number: B.number }, {}),
    },
    {
      name: "63202 terminate a SIM without a number",
      codes: [63202],
      params: () => svc("terminate", N, {}),
    },
    {
      name: "63202 changegeo from the wrong number",
      codes: [63202],
      params: () => ({
        command: "changegeo",
        iccid: A.iccid,
        geo_nos: B.number,
        new_geo_nos: free.number,
      }),
    },
    {
      name: "63203 assigngeo when one is assigned",
      codes: [63203],
      params: () => ({ command: "assigngeo", iccid: A.iccid, geo_nos: free.number }),
    },
    {
      name: "63204 activate with a number in use",
      codes: [63204],
      params: () => act({ geo_nos: A.number }),
    },
    {
      name: "63204 changegeo to a number in use",
      codes: [63204],
      params: () => ({
        command: "changegeo",
        iccid: A.iccid,
        geo_nos: A.number,
        new_geo_nos: B.number,
      }),
    },
    {
      name: "63204 assigngeo of a number in use",
      codes: [63204],
      params: () => ({ command: "assigngeo", iccid: N.iccid, geo_nos: A.number }),
    },
    { name: "63207 bad crisp action", codes: [63207], params: () => crisp({ action: "toggle" }) },
    {
      name: "63208 bad crisp email",
      codes: [63208],
      params: () => crisp({ "crisp-email": "not-an-email" }),
    },
    {
      name: "63209 enable-new without parent number",
      codes: [63209],
      params: () => crisp({ action: "enable-new", "crisp-password": "pa55word" }),
    },
    {
      name: "63210 enable-new without password",
      codes: [63210],
      params: () => crisp({ action: "enable-new", "parent-sms-number": "447700900123" }),
    },
    {
      name: "63211 crisp with another SIM's number",
      codes: [63211],
      params: () => crisp({ geo_nos: B.number }),
    },
    {
      name: "63212 disable crisp that is not enabled",
      codes: [63212],
      params: () => crisp({ action: "disable" }),
    },
    {
      name: "65001 activate with an unallocated number",
      codes: [65001],
      params: () => act({ geo_nos: UNALLOCATED }),
    },
    {
      name: "65001 vm on an unallocated number",
      codes: [65001],
      path: VM_PATH,
      params: () => ({ command: "info", geo_no: UNALLOCATED }),
    },
    {
      name: "65001 rec on another account's number",
      codes: [65001],
      path: REC_PATH,
      params: () => ({ command: "config", geo_no: "44113000000" }),
    },
    {
      name: "65001 changegeo to an unallocated number",
      codes: [65001],
      params: () => ({
        command: "changegeo",
        iccid: A.iccid,
        geo_nos: A.number,
        new_geo_nos: UNALLOCATED,
      }),
    },
    {
      name: "65002 vm info without voicemail",
      codes: [65002],
      path: VM_PATH,
      params: () => ({ command: "info", geo_no: A.number }),
    },
    {
      name: "65002 rec remove without recording",
      codes: [65002],
      path: REC_PATH,
      params: () => ({ command: "remove", geo_no: A.number }),
    },
    {
      name: "63027 congestion fault",
      codes: [63027],
      before: () => void sim.addFault({ kind: "congestion", count: 1 }),
      after: () => void sim.clearFaults(),
      params: () => ({ command: "queryiccid", iccid: A.iccid }),
    },
    fault(500),
    fault(63014),
    fault(63021),
    fault(63024),
    fault(63033),
    fault(63034),
  ];

  for (const c of cases) {
    it(`${c.codes.join(",")}: ${c.name}`, async () => {
      await c.before?.();
      try {
        const r = await gw(sim, c.params(), {
          ...(c.path === undefined ? {} : { path: c.path }),
          ...(c.noAuth ? { noAuth: true } : {}),
        });
        assert.equal(r.httpStatus, 200);
        assert.deepEqual(r.codes, c.codes, r.body);
        if (c.codes[0] !== 200) assert.equal(r.body, `status: ${c.codes.join(",")}\n`);
      } finally {
        c.after?.();
      }
    });
  }

  it("covers every code in the gateway's table", () => {
    const provoked = new Set(cases.flatMap((c) => c.codes));
    const missing = ALL_GATEWAY_CODES.filter((code) => !provoked.has(code));
    assert.deepEqual(missing, []);
  });

  it("refused calls change nothing", () => {
    const snap = sim.snapshot();
    const demo = snap.accounts["demo"]!;
    const a = demo.sims.find((s) => s.iccid === A.iccid)!;
    assert.equal(a.state, "active");
    assert.equal(a.geoNo, A.number);
    assert.equal(a.crisp, null);
    assert.equal(
      demo.sims.some((s) => s.iccid === free.iccid),
      false,
    );
    assert.deepEqual(demo.voicemail, {});
  });
});
