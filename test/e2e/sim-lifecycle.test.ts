// Sims on the real engine against the simulator: create three SIMs with different services (one
// suspended), a preview of the unchanged program that calls nothing, an update that sends
// exactly the planned calls, and a state that holds no secret in clear.

import assert from "node:assert/strict";
import type { Deployment } from "@pulumi/pulumi/automation";
import type { LogEntry, SimulatorHandle } from "../../simulator";
import { DEMO_ACCOUNT } from "../../simulator";
import {
  callsSince,
  changingCalls,
  commandsFor,
  countOf,
  mark,
  unsuccessful,
} from "../support/gateway-calls";
import {
  assertSecret,
  assertSimulatorMatches,
  digits,
  SIM_E2E_ROOT,
  simResources,
  simsIn,
} from "../support/sim-e2e";
import {
  gatewayConfig,
  simsConfig,
  simulator,
  SUBSCRIBER,
  type SimSpec,
} from "../support/sim-fixture";
import { E2EStack } from "../support/stack";

const IMEI = "356938035643809";

describe("e2e: Sim lifecycle — create, no-op preview, planned updates, secrets", function () {
  let sim: SimulatorHandle;
  let stack: E2EStack;
  let iccids: [string, string, string];
  let numbers: [string, string, string, string];
  let specs: SimSpec[];

  before(async () => {
    sim = await simulator({ latencyMs: 200 });
    iccids = sim.freeIccids(3) as [string, string, string];
    numbers = sim.freeNumbers(4) as [string, string, string, string];
    specs = [
      {
        name: "roamer",
        iccid: iccids[0],
        geoNumber: numbers[0],
        imei: IMEI,
        services: { intRoaming: true, internet: false },
      },
      {
        name: "parked",
        iccid: iccids[1],
        geoNumber: numbers[1],
        services: { intCall: true, moSms: false },
        suspended: true,
      },
      {
        // "+" and spaces, as users write numbers; the services asked for are the defaults.
        name: "plain",
        iccid: iccids[2],
        geoNumber: spaced(numbers[2]),
        services: { moVoice: true, mtVoice: true },
      },
    ];
    stack = await E2EStack.create({
      program: "sims.js",
      config: { ...gatewayConfig(sim), ...simsConfig(specs) },
      installRoot: SIM_E2E_ROOT,
    });
  });

  after(async () => {
    // The simulator is thrown away: no need to destroy.
    await stack?.cleanup({ destroy: false });
    await sim?.close();
  });

  it("up creates the three SIMs as the program says, with the planned calls only", async () => {
    const since = mark(sim);
    const r = await stack.up();
    assert.equal(r.changes.create, 4, "the stack and three Sims");

    for (const spec of specs) assertSimulatorMatches(sim, spec);

    const calls = callsSince(sim, since);
    assert.deepEqual(unsuccessful(calls), []);
    // Each create asks first, activates once, asks again, then changes only what differs
    // (each two-step change confirmed by checkstatus: nothing more to ask).
    assert.deepEqual(commandsFor(calls, iccids[0]), [
      "queryiccid",
      "activate",
      "queryiccid",
      "addservice",
      "removeservice",
    ]);
    assert.deepEqual(commandsFor(calls, iccids[1]), [
      "queryiccid",
      "activate",
      "queryiccid",
      "addservice",
      "removeservice",
      "suspend",
    ]);
    // Each service request carries only the flags that differ.
    assert.deepEqual(servicesSent(sim, calls, iccids[0]), {
      addservice: ["int_roaming"],
      removeservice: ["internet"],
    });
    assert.deepEqual(servicesSent(sim, calls, iccids[1]), {
      addservice: ["int_call"],
      removeservice: ["mo_sms"],
    });
    // moVoice and mtVoice are on after activation: nothing more is sent.
    assert.deepEqual(commandsFor(calls, iccids[2]), ["queryiccid", "activate", "queryiccid"]);
    // One checkstatus at least per two-step request (3 activations, 4 service changes, 1 suspend).
    assert.ok(countOf(calls, "checkstatus") >= 8, `checkstatus: ${countOf(calls, "checkstatus")}`);
    assert.deepEqual(strayCalls(calls, iccids), [], "every other call is about one of the SIMs");

    const state = await simResources(stack);
    assert.equal(state.size, 3);
    for (const spec of specs) {
      const out = state.get(spec.name)?.outputs ?? {};
      assert.equal(out.iccid, spec.iccid);
      assert.equal(out.state, spec.suspended === true ? "suspended" : "active");
      assert.equal(out.geoNumber, digits(spec.geoNumber));
      assert.equal(out.suspended, spec.suspended === true);
      assert.deepEqual(out.services, spec.services);
      assert.equal(out.pendingRequest, undefined);
    }
  });

  it("preview of the unchanged program: no change and no gateway call", async () => {
    const since = mark(sim);
    const r = await stack.preview();
    assert.equal(r.changes.same, 4);
    for (const op of ["create", "update", "delete", "replace"]) assert.equal(r.changes[op] ?? 0, 0);
    assert.deepEqual(callsSince(sim, since), []);
  });

  it("the state holds no secret in clear; pin, puk and subscriber are secret values", async () => {
    // `pulumi stack export` as a user runs it (the Automation API's exportStack decrypts).
    const json = await stack.exportEncrypted();
    const clear: string[] = [SUBSCRIBER.name, SUBSCRIBER.address, DEMO_ACCOUNT.password, IMEI];
    for (const iccid of iccids) {
      const s = sim.sim(iccid)!;
      // PINs are 4 digits: look for them as JSON strings, not as substrings of anything.
      clear.push(`"${s.pin}"`, `"${s.pin2}"`, s.puk, s.puk2);
    }
    for (const v of clear) assert.ok(!json.includes(v), `the exported stack contains ${v}`);
    assert.ok(!json.includes(digits(SUBSCRIBER.contactNumber)));
    assert.ok(!json.includes("plaintext"), "a secret is stored as plaintext");

    const sims = simsIn(JSON.parse(json) as Deployment);
    assert.equal(sims.size, 3);
    for (const [name, res] of sims) {
      const out = res.outputs ?? {};
      for (const k of ["securityCodes", "subscriber"]) {
        assertSecret(out[k], `${name}: outputs.${k}`);
      }
      assertSecret(res.inputs?.subscriber, `${name}: inputs.subscriber`);
      for (const k of ["pin", "pin2", "puk", "puk2"]) {
        assert.equal(out[k], undefined, `${name}: outputs.${k} is stored within securityCodes`);
      }
    }
    // A program reads sim.pin ... sim.puk2 as it always did: the gateway's values, secret.
    const deployment = (JSON.parse(json) as Deployment).deployment as {
      resources: { type: string; outputs?: Record<string, Record<string, unknown>> }[];
    };
    const root = deployment.resources.find((r) => r.type === "pulumi:pulumi:Stack");
    const shown = (await stack.stack.outputs())["codes"]?.value as Record<string, unknown>;
    for (const spec of specs) {
      const s = sim.sim(spec.iccid)!;
      const want = { pin: s.pin, pin2: s.pin2, puk: s.puk, puk2: s.puk2 };
      assert.deepEqual(shown[spec.name], want);
      const stored = root?.outputs?.["codes"]?.[spec.name] as Record<string, unknown>;
      for (const k of Object.keys(want))
        assertSecret(stored[k], `stack output codes.${spec.name}.${k}`);
    }
    const roamer = sims.get("roamer")!;
    assertSecret(roamer.outputs?.imei, "outputs.imei");
    assertSecret(roamer.inputs?.imei, "inputs.imei");
  });

  it("up of a changed service, number and suspension sends exactly the planned calls", async () => {
    const [roamer, parked, plain] = specs as [SimSpec, SimSpec, SimSpec];
    // roamer: one service off; the other managed one (internet: false) is already right.
    roamer.services = { intRoaming: false, internet: false };
    // parked: a service added while it stays suspended: unsuspend, add, suspend again.
    parked.services = { intCall: true, moSms: false, intRoaming: true };
    // plain: another number, and suspended.
    plain.geoNumber = numbers[3];
    plain.suspended = true;
    await stack.setConfig(simsConfig(specs));

    const since = mark(sim);
    const r = await stack.up();
    assert.equal(r.changes.update, 3);
    assert.equal(r.changes.same, 1);
    for (const spec of specs) assertSimulatorMatches(sim, spec);
    assert.equal(
      sim.snapshot().accounts[DEMO_ACCOUNT.username]?.numbersInUse[numbers[2]],
      undefined,
    );

    const calls = callsSince(sim, since);
    assert.deepEqual(unsuccessful(calls), []);
    // Planned from the last known state: no query before the changes; one after only to read
    // back a number change (one-step), none after two-step changes confirmed by checkstatus.
    assert.deepEqual(commandsFor(calls, iccids[0]), ["removeservice"]);
    assert.deepEqual(commandsFor(calls, iccids[1]), ["unsuspend", "addservice", "suspend"]);
    assert.deepEqual(commandsFor(calls, iccids[2]), ["changegeo", "suspend", "queryiccid"]);
    assert.deepEqual(servicesSent(sim, calls, iccids[0]), { removeservice: ["int_roaming"] });
    assert.deepEqual(servicesSent(sim, calls, iccids[1]), { addservice: ["int_roaming"] });
    assert.deepEqual(
      changingCalls(calls)
        .map((e) => `${e.command ?? ""} ${e.iccid ?? ""}`)
        .sort(),
      [
        `removeservice ${iccids[0]}`,
        `unsuspend ${iccids[1]}`,
        `addservice ${iccids[1]}`,
        `suspend ${iccids[1]}`,
        `changegeo ${iccids[2]}`,
        `suspend ${iccids[2]}`,
      ].sort(),
      "nothing that changes nothing (no addservice for a service already on)",
    );
    assert.deepEqual(strayCalls(calls, iccids), []);
    const polls = countOf(calls, "checkstatus");
    // Five two-step requests; each is checked at least once and, at this latency, a few times.
    assert.ok(polls >= 5 && polls <= 5 * 6, `checkstatus: ${polls}`);
    console.log(
      `      update: ${changingCalls(calls).length} changing calls, ${polls} checkstatus`,
    );

    const state = await simResources(stack);
    assert.equal(state.get("plain")?.outputs?.geoNumber, numbers[3]);
    assert.equal(state.get("plain")?.outputs?.state, "suspended");
    assert.deepEqual(state.get("roamer")?.outputs?.services, roamer.services);
    assert.deepEqual(state.get("parked")?.outputs?.services, parked.services);
  });

  it("then a preview sees no change and calls nothing", async () => {
    const since = mark(sim);
    const r = await stack.preview();
    assert.equal(r.changes.same, 4);
    assert.equal(r.changes.update ?? 0, 0);
    assert.deepEqual(callsSince(sim, since), []);
  });

  it("a new SIM with one service change: 6 gateway calls received", async () => {
    const [iccid] = sim.freeIccids(1) as [string];
    const [geoNumber] = sim.freeNumbers(1) as [string];
    await stack.setConfig(
      simsConfig([...specs, { name: "one", iccid, geoNumber, services: { intRoaming: true } }]),
    );
    // Requests settle before the first check (aql:firstCheckDelay 200 ms): one checkstatus each.
    sim.settings({ latencyMs: 50 });
    const since = mark(sim);
    const r = await stack.up();
    assert.equal(r.changes.create, 1);
    const calls = callsSince(sim, since);
    const ids = new Set(calls.filter((e) => e.iccid === iccid).map((e) => e.requestId));
    const received = calls
      .filter((e) => e.iccid === iccid || (e.command === "checkstatus" && ids.has(e.requestId)))
      .map((e) => e.command);
    // Was 7 (a third queryiccid after the addservice, to read back what checkstatus had said).
    assert.deepEqual(received, [
      "queryiccid",
      "activate",
      "checkstatus",
      "queryiccid",
      "addservice",
      "checkstatus",
    ]);
    assert.equal(sim.sim(iccid)?.services.int_roaming, true);
    const out = (await simResources(stack)).get("one")?.outputs ?? {};
    assert.deepEqual(out.services, { intRoaming: true });
    const preview = await stack.preview();
    assert.equal(preview.changes.update ?? 0, 0, "the outputs agree with the gateway");
  });
});

/** The services each addservice / removeservice about `iccid` carried (from the simulator). */
function servicesSent(
  sim: SimulatorHandle,
  calls: readonly LogEntry[],
  iccid: string,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of calls) {
    if (e.iccid !== iccid || (e.command !== "addservice" && e.command !== "removeservice"))
      continue;
    const request = sim.request(e.requestId ?? "");
    assert.ok(request, `no request for ${e.command} ${iccid}`);
    (out[e.command] ??= []).push(...[...request.services].sort());
  }
  return out;
}

/** Calls neither about one of `iccids` nor a checkstatus (which names no ICCID). */
function strayCalls(calls: readonly LogEntry[], iccids: readonly string[]): LogEntry[] {
  return calls.filter(
    (e) => e.command !== "checkstatus" && (e.iccid === null || !iccids.includes(e.iccid)),
  );
}

/** "441133203040" -> "+44 1133 203040" */
function spaced(n: string): string {
  return `+${n.slice(0, 2)} ${n.slice(2, 6)} ${n.slice(6)}`;
}
