// The vendor text's examples, replayed against the simulator.

import assert from "node:assert/strict";
import { request } from "undici";
import { DEMO_ACCOUNT, VENDOR_EXAMPLE_ACCOUNT } from "../../../simulator/seed";
import { startSimulator, type SimulatorHandle } from "../../../simulator/server";
import { parseAnswer } from "./helpers";

// Verbatim from the vendor text (host swapped for the simulator's).
const ACTIVATE_EXAMPLE =
  "/mobile/configure_sim.php?username=myusername&password=mypassword&command=activate&iccid=1111111111000000001&geo_nos=44113000000&subname=My+Name&subaddress=11++15+Hunslet+Road%2C+Leeds&subcontactno=441133203040&subpostcode=LS101JQ";
const checkstatusExample = (id: string) =>
  `/mobile/configure_sim.php?username=myusername&password=mypassword&command=checkstatus&id=${id}`;

async function get(sim: SimulatorHandle, path: string) {
  const res = await request(sim.url + path);
  const body = await res.body.text();
  return { httpStatus: res.statusCode, body, ...parseAnswer(body) };
}

describe("simulator conformance with the vendor's examples", function () {
  this.timeout(10000);
  let sim: SimulatorHandle;
  afterEach(async () => sim.close());

  it("activate example -> status: 200, id: <n>; checkstatus -> pending then success", async () => {
    sim = await startSimulator({
      accounts: [DEMO_ACCOUNT, VENDOR_EXAMPLE_ACCOUNT],
      latencyMs: 600_000,
    });
    const a = await get(sim, ACTIVATE_EXAMPLE);
    assert.equal(a.httpStatus, 200);
    assert.match(a.body, /^status: 200\nid: \d+\n$/);
    const id = a.fields.id!;

    const pending = await get(sim, checkstatusExample(id));
    assert.equal(pending.body, "status: 200\nrequeststate: pending\niccid: 1111111111000000001\n");

    sim.settleAll();
    const done = await get(sim, checkstatusExample(id));
    assert.equal(done.body, "status: 200\nrequeststate: success\niccid: 1111111111000000001\n");

    const q = await get(
      sim,
      "/mobile/configure_sim.php?username=myusername&password=mypassword&command=queryiccid&iccid=1111111111000000001",
    );
    assert.equal(q.fields.iccidstate, "active");
    assert.equal(q.fields.geo_nos, "44113000000");
    assert.deepEqual(Object.keys(q.fields), [
      "iccidstate",
      "geo_nos",
      "int_roaming",
      "int_call",
      "premium",
      "mo_voice",
      "mt_voice",
      "mo_sms",
      "mt_sms",
      "video",
      "mms",
      "internet",
      "imsi",
      "pin",
      "pin2",
      "puk",
      "puk2",
    ]);
  });

  it("checkstatus example with a wrong password -> status: 401", async () => {
    sim = await startSimulator({ accounts: [VENDOR_EXAMPLE_ACCOUNT], latencyMs: 600_000 });
    const a = await get(sim, ACTIVATE_EXAMPLE);
    const bad = await get(sim, checkstatusExample(a.fields.id!).replace("mypassword", "wrong"));
    assert.equal(bad.httpStatus, 200);
    assert.equal(bad.body, "status: 401\n");
    const none = await get(sim, "/mobile/configure_sim.php?command=checkstatus&id=" + a.fields.id!);
    assert.equal(none.body, "status: 401\n");
  });

  it("checkstatus example -> failed when the failure rate is 1; the SIM is unused again", async () => {
    sim = await startSimulator({
      accounts: [VENDOR_EXAMPLE_ACCOUNT],
      latencyMs: 600_000,
      failureRate: 1,
    });
    const a = await get(sim, ACTIVATE_EXAMPLE);
    assert.deepEqual(a.codes, [200]);
    sim.settleAll();
    const done = await get(sim, checkstatusExample(a.fields.id!));
    assert.equal(done.body, "status: 200\nrequeststate: failed\niccid: 1111111111000000001\n");
    const q = await get(
      sim,
      "/mobile/configure_sim.php?username=myusername&password=mypassword&command=queryiccid&iccid=1111111111000000001",
    );
    assert.equal(q.body, "status: 200\niccidstate: unused\n");
  });

  it("the error example: a bad ICCID -> status: 63001", async () => {
    sim = await startSimulator({ accounts: [VENDOR_EXAMPLE_ACCOUNT] });
    const r = await get(sim, ACTIVATE_EXAMPLE.replace("iccid=1111111111000000001", "iccid=11111"));
    assert.equal(r.body, "status: 63001\n");
  });

  it("the voicemail and recording info examples' shapes", async () => {
    sim = await startSimulator({ accounts: [VENDOR_EXAMPLE_ACCOUNT], latencyMs: 600_000 });
    await get(sim, ACTIVATE_EXAMPLE);
    sim.settleAll();
    const base = "username=myusername&password=mypassword&geo_no=44113000000";
    await get(
      sim,
      `/services/vm.php?${base}&command=config&delay=30&pin=1234&email=support%40uk.aql.com&notify=1&attach=1`,
    );
    const vm = await get(sim, `/services/vm.php?${base}&command=info`);
    assert.equal(
      vm.body,
      "status: 200\ndelay: 30\npin: 1234\nemail: support@uk.aql.com\nnotify: 1\nattach: 1\n",
    );
    await get(
      sim,
      `/services/rec.php?${base}&command=config&active=1&email=support%40uk.aql.com&ondemand=0&notify=1&attach=1`,
    );
    const rec = await get(sim, `/services/rec.php?${base}&command=info`);
    assert.equal(
      rec.body,
      "status: 200\nactive: 1\nemail: support@uk.aql.com\nondemand: 0\nnotify: 1\nattach: 1\n",
    );
  });
});
