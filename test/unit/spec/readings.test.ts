// The provider and the simulator each read the vendor text on their own (the simulator imports
// nothing from provider/, a lint rule sees to it). Where the two could read it differently, the
// text decides: every table below is parsed from spec/aql-usim-gateway.md and both readings are
// held to it. A reading the text does not settle (the despatch names it lost) must at least be
// the same guess on both sides.

import assert from "node:assert/strict";
import * as provider from "../../../provider/gateway/types";
import { GATEWAY_CODES as PROVIDER_CODES } from "../../../provider/gateway/codes";
import {
  formBody,
  prepareActivate,
  prepareChangeGeo,
  prepareCheckStatus,
  prepareCrisp,
  prepareQueryIccid,
  prepareServices,
  prepareSimRef,
  type PreparedCall,
} from "../../../provider/gateway/params";
import * as providerDespatch from "../../../provider/despatch/names";
import * as simulator from "../../../simulator/vocabulary";
import { isEmail } from "../../../simulator/validate";
import * as rules from "../../../provider/validation";
import { GATEWAY_CODES as SIMULATOR_CODES } from "../../../simulator/codes";
import * as simulatorDespatch from "../../../simulator/despatch-names";
import { dispatch, ROUTES } from "../../../simulator/routes";
import { parseParams } from "../../../simulator/params";
import { activeSim, call, DEMO_AUTH, engineFor, fakeClock, SUBSCRIBER } from "../simulator/helpers";
import {
  commandTable,
  errorTable,
  queryIccidFields,
  requestTables,
  specText,
  valuesAfter,
} from "./spec-text";

const text = specText();
const sorted = (xs: Iterable<string>): string[] => [...xs].sort();

describe("readings of the spec: provider and simulator held to the vendor text", () => {
  it("the error table: every code and its words, on both sides", () => {
    const table = errorTable(text);
    assert.equal(table.size, 38);
    const asMap = (o: Record<number, string>) =>
      new Map(Object.entries(o).map(([k, v]) => [Number(k), v]));
    assert.deepEqual(asMap(PROVIDER_CODES), table, "provider/gateway/codes.ts");
    assert.deepEqual(asMap(SIMULATOR_CODES), table, "simulator/codes.ts");
  });

  it("the command table: which commands there are and which are two-step", () => {
    const table = commandTable(text);
    const all = [...table.keys(), "crisp"]; // crisp: from the V.A.S. section's request table
    const twoStep = [...table].filter(([, s]) => s === "two").map(([c]) => c);
    for (const [side, v] of [
      ["provider", provider],
      ["simulator", simulator],
    ] as const) {
      assert.deepEqual(sorted(v.SIM_COMMANDS), sorted(all), `${side}: commands`);
      assert.deepEqual(sorted(v.TWO_STEP_COMMANDS), sorted(twoStep), `${side}: two-step`);
      for (const c of all) assert.equal(v.isTwoStep(c), twoStep.includes(c), `${side}: ${c}`);
    }
  });

  it("SIM states, request states, the flags queryiccid answers, the settable services", () => {
    const simStates = valuesAfter(text, /Possible values for 'iccidstate'/);
    const requestStates = valuesAfter(text, /Possible values for 'requeststate'/);
    const fields = queryIccidFields(text);
    const flags = fields.slice(fields.indexOf("geo_nos") + 1, fields.indexOf("imsi"));
    const add = requestTables(text).find((t) => t.command === "addservice")!;
    const settable = add.optional.flatMap((n) => /^service\[(\w+)\]$/.exec(n)?.[1] ?? []);
    assert.equal(flags.length, 10);
    assert.equal(settable.length, 7);
    for (const [side, v] of [
      ["provider", provider],
      ["simulator", simulator],
    ] as const) {
      assert.deepEqual(sorted(v.SIM_STATES), sorted(simStates), `${side}: SIM states`);
      assert.deepEqual(sorted(v.REQUEST_STATES), sorted(requestStates), `${side}: requests`);
      assert.deepEqual([...v.ALL_SERVICE_FLAGS], flags, `${side}: queryiccid flags`);
      assert.deepEqual([...v.SETTABLE_SERVICES], settable, `${side}: settable services`);
    }
  });

  it("crisp's actions: the simulator takes exactly the text's, the provider sends them", () => {
    const m = /Possible values: ([a-z -]+)\|/.exec(text.replace(/ \|/g, "|"));
    const actions = m![1]!.trim().split(/\s+/);
    assert.deepEqual([...simulator.CRISP_ACTIONS], actions);
    for (const action of actions) {
      const c = prepareCrisp({
        iccid: "8944538532046590001",
        geoNumber: "441133203040",
        action: action as provider.CrispAction,
        email: "parent@example.com",
        password: "Sup3r-secret",
        parentSmsNumber: "447700900123",
      });
      assert.ok(c.fields.some(([k, v]) => k === "action" && v === action), action);
    }
  });

  describe("email: the text asks for an email address (crisp-email, the voicemail and recording rows)", () => {
    // The text gives no rule but "an email address": RFC 5322's unquoted form decides.
    const ADDRESSES = [
      "o'brien@example.co.uk",
      "first.last+tag@example.com",
      "x@example.io",
      "user_name-1@sub.example-host.org",
      "a!#$%&*/=?^`{|}~@example.com",
    ];
    const NOT_ADDRESSES = [
      "plainaddress",
      "@example.com",
      "o'brien@",
      "two@@example.com",
      ".leading@example.com",
      "trailing.@example.com",
      "double..dot@example.com",
      "no-tld@example",
      "space in@example.com",
      "dash@-example.com",
      "dash@example-.com",
      `${"l".repeat(65)}@example.com`,
    ];
    for (const a of ADDRESSES) {
      it(`${a} is an address to both`, () => {
        assert.equal(rules.email.safeParse(a).success, true, "provider");
        assert.equal(isEmail(a), true, "simulator");
      });
    }
    for (const a of NOT_ADDRESSES) {
      it(`${JSON.stringify(a)} is no address to either`, () => {
        assert.equal(rules.email.safeParse(a).success, false, "provider");
        assert.equal(isEmail(a), false, "simulator");
      });
    }

    it("a Crisp account o'brien@example.co.uk is enabled on the simulator", () => {
      const clock = fakeClock();
      const engine = engineFor(clock);
      const { iccid, number } = activeSim(engine, clock);
      const r = call(engine, {
        command: "crisp",
        iccid,
        geo_nos: number,
        action: "enable-existing",
        "crisp-email": "o'brien@example.co.uk",
      });
      assert.deepEqual(r.codes, [200], r.body);
    });
  });

  describe("every mandatory variable of each configure_sim.php request", () => {
    const tables = requestTables(text);
    const credentials = { username: "demo", password: "demo-password" };
    const ICCID = "8944538532046590001";
    const NUMBER = "441133203040";
    const subscriber = {
      name: "Ada Lovelace",
      address: "11-15 Hunslet Road, Leeds",
      postcode: "LS10 1JQ",
      contactNumber: "441133203040",
    };
    const prepared: Record<string, () => PreparedCall> = {
      activate: () => prepareActivate({ iccid: ICCID, geoNumber: NUMBER, subscriber }),
      terminate: () => prepareSimRef("terminate", { iccid: ICCID, geoNumber: NUMBER }),
      suspend: () => prepareSimRef("suspend", { iccid: ICCID, geoNumber: NUMBER }),
      unsuspend: () => prepareSimRef("unsuspend", { iccid: ICCID, geoNumber: NUMBER }),
      assigngeo: () => prepareSimRef("assigngeo", { iccid: ICCID, geoNumber: NUMBER }),
      addservice: () =>
        prepareServices("addservice", { iccid: ICCID, geoNumber: NUMBER, services: ["mo_sms"] }),
      removeservice: () =>
        prepareServices("removeservice", {
          iccid: ICCID,
          geoNumber: NUMBER,
          services: ["mo_sms"],
        }),
      changegeo: () =>
        prepareChangeGeo({ iccid: ICCID, geoNumber: NUMBER, newGeoNumber: "441133203041" }),
      queryiccid: () => prepareQueryIccid(ICCID),
      checkstatus: () => prepareCheckStatus("117234"),
      crisp: () =>
        prepareCrisp({
          iccid: ICCID,
          geoNumber: NUMBER,
          action: "enable-existing",
          email: "parent@example.com",
        }),
    };

    it("the text has a request table for each command, crisp included", () => {
      assert.deepEqual(sorted(tables.map((t) => t.command)), sorted(provider.SIM_COMMANDS));
    });

    for (const t of requestTables(text)) {
      it(`${t.command}: the provider sends ${t.mandatory.join(", ")}`, () => {
        const sent = new URLSearchParams(formBody(credentials, prepared[t.command]!()));
        for (const name of t.mandatory) assert.ok(sent.has(name), `${t.command}: ${name}`);
        assert.equal(sent.get("command"), t.command);
      });

      it(`${t.command}: the simulator refuses a request without any one of them`, () => {
        const clock = fakeClock();
        const engine = engineFor(clock);
        const params = validRequest(t.command, engine, clock);
        const whole = call(engine, params);
        assert.deepEqual(whole.codes, [200], `${t.command} as the text has it: ${whole.body}`);
        for (const name of t.mandatory) {
          const c = fakeClock();
          const e = engineFor(c);
          const p = { ...DEMO_AUTH, ...validRequest(t.command, e, c) };
          const without = Object.fromEntries(Object.entries(p).filter(([k]) => k !== name));
          const r = rawCall(e, without);
          assert.notDeepEqual(r.codes, [200], `${t.command} without ${name} was accepted`);
        }
      });
    }
  });

  it("despatch: the names the text lost are the same guess on both sides; what it kept, kept", () => {
    assert.equal(simulatorDespatch.DESPATCH_PATH, providerDespatch.DESPATCH_PATH);
    assert.deepEqual(simulatorDespatch.DESPATCH_COMMANDS, providerDespatch.DESPATCH_COMMANDS);
    assert.deepEqual(simulatorDespatch.DESPATCH_FIELDS, providerDespatch.DESPATCH_FIELDS);
    assert.deepEqual(simulatorDespatch.DESPATCH_ERRORS, providerDespatch.DESPATCH_ERRORS);
    for (const side of [simulatorDespatch, providerDespatch]) {
      assert.ok(text.includes(side.DESPATCH_SUCCESS_LINE));
      for (const s of side.ORDER_STATUSES) assert.match(text, new RegExp(`\\b${s}\\b`));
      for (const item of ["name", "company", "address", "postcode", "contact_no", "iccid"]) {
        assert.ok(Object.values(side.DESPATCH_FIELDS).includes(item as never), item);
        assert.match(text, new RegExp(`^${item}:`, "m"));
      }
    }
  });
});

type Engine = ReturnType<typeof engineFor>;
type Clock = ReturnType<typeof fakeClock>;

/** A request the simulator answers 200, with every variable the text has for the command. */
function validRequest(command: string, engine: Engine, clock: Clock): Record<string, string> {
  switch (command) {
    case "activate": {
      const iccid = engine.freeIccids(1)[0]!;
      const number = engine.freeNumbers(1)[0]!;
      return { command, iccid, geo_nos: number, ...SUBSCRIBER };
    }
    case "queryiccid":
      return { command, iccid: engine.freeIccids(1)[0]! };
    case "checkstatus": {
      const iccid = engine.freeIccids(1)[0]!;
      const number = engine.freeNumbers(1)[0]!;
      const r = call(engine, { command: "activate", iccid, geo_nos: number, ...SUBSCRIBER });
      return { command, id: r.fields.id! };
    }
  }
  const { iccid, number } = activeSim(engine, clock);
  switch (command) {
    case "terminate":
    case "suspend":
    case "assigngeo":
      return { command, iccid, geo_nos: number };
    case "unsuspend": {
      call(engine, { command: "suspend", iccid, geo_nos: number });
      clock.advance(engine.settings.latencyMs);
      engine.settle();
      return { command, iccid, geo_nos: number };
    }
    case "addservice":
    case "removeservice":
      return { command, iccid, geo_nos: number, "service[int_roaming]": "" };
    case "changegeo":
      return { command, iccid, geo_nos: number, new_geo_nos: engine.freeNumbers(1)[0]! };
    case "crisp":
      return {
        command,
        iccid,
        geo_nos: number,
        action: "enable-existing",
        "crisp-email": "parent@example.com",
      };
  }
  throw new Error(`no valid request for ${command}`);
}

/** One call through the pipeline with exactly these variables (no credentials added). */
function rawCall(engine: Engine, params: Record<string, string>): { codes: number[] } {
  const route = ROUTES.find((r) => r.path === "/mobile/configure_sim.php")!;
  const d = dispatch(engine, route, parseParams("", new URLSearchParams(params).toString()));
  if (d.outcome.kind !== "answer") throw new Error(`no answer: ${d.outcome.kind}`);
  const status = /^status: (.*)$/m.exec(d.outcome.body)?.[1] ?? "";
  return { codes: status.split(",").map(Number) };
}
