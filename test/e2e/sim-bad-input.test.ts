// Bad inputs are refused by check at `preview`, naming the property and the reason, with no
// gateway call; and subscriber or IMEI changes on an existing SIM are refused, naming
// ignoreChanges, which then lets the program and the SIM differ on purpose.
//
// The engine (3.248.0) prints every check failure of one resource, but stops the preview at the
// first resource whose check fails. So the cases are batched into one Sim per preview, each
// batch holding at most one bad value per property.

import assert from "node:assert/strict";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import type { SimulatorHandle } from "../../simulator";
import { callsSince, changingCalls, mark } from "../support/gateway-calls";
import { SIM_E2E_ROOT, simResources } from "../support/sim-e2e";
import { gatewayConfig, simulator, SUBSCRIBER } from "../support/sim-fixture";
import { diagnostics, E2EStack } from "../support/stack";

type Raw = Record<string, unknown>;

interface BadCase {
  what: string;
  /** The property the error must name (dotted path). */
  property: string;
  reason: RegExp;
  apply(sim: Raw, subscriber: Raw): void;
}

const DIGITS_18_22 = /must be 18 to 22 digits \(an ICCID\), with no spaces or letters/;
const E164 = /must be a number in E\.164 form with its country code/;
const SAFE_TEXT = /must be letters, digits, spaces and \. , ' - \/ & \( \) # only/;
const BOOLEAN = /must be a boolean/;
const POLICIES = /must be one of "terminate", "suspend", "retain"/;

const set =
  (key: string, value: unknown) =>
  (sim: Raw): void => {
    sim[key] = value;
  };
const setService =
  (key: string, value: unknown) =>
  (sim: Raw): void => {
    sim.services = { ...(sim.services as Raw | undefined), [key]: value };
  };
const setSub =
  (key: string, value: unknown) =>
  (_sim: Raw, sub: Raw): void => {
    sub[key] = value;
  };

const CASES: BadCase[] = [
  // iccid
  {
    what: "17 digits",
    property: "iccid",
    reason: DIGITS_18_22,
    apply: set("iccid", "8".repeat(17)),
  },
  {
    what: "23 digits",
    property: "iccid",
    reason: DIGITS_18_22,
    apply: set("iccid", "8".repeat(23)),
  },
  {
    what: "letters",
    property: "iccid",
    reason: DIGITS_18_22,
    apply: set("iccid", "89442077330000000AB"),
  },
  {
    what: "spaces",
    property: "iccid",
    reason: DIGITS_18_22,
    apply: set("iccid", "8944 2077 3300 0000 008"),
  },
  {
    what: "injection",
    property: "iccid",
    reason: DIGITS_18_22,
    apply: set("iccid", "1&command=terminate"),
  },
  {
    what: "a number",
    property: "iccid",
    reason: /must be a string/,
    apply: set("iccid", 894420773300000),
  },
  {
    what: "missing",
    property: "iccid",
    reason: /is required/,
    apply: (s) => {
      delete s.iccid;
    },
  },
  // geoNumber
  { what: "letters", property: "geoNumber", reason: E164, apply: set("geoNumber", "44113ABC3040") },
  { what: "too short", property: "geoNumber", reason: E164, apply: set("geoNumber", "4411") },
  {
    what: "too long",
    property: "geoNumber",
    reason: E164,
    apply: set("geoNumber", "4".repeat(16)),
  },
  {
    what: "national 0",
    property: "geoNumber",
    reason: E164,
    apply: set("geoNumber", "01133203040"),
  },
  {
    what: "injection",
    property: "geoNumber",
    reason: E164,
    apply: set("geoNumber", "441133203040&command=terminate"),
  },
  { what: "empty", property: "geoNumber", reason: E164, apply: set("geoNumber", "") },
  // subscriber (a secret input: the engine must not print its value)
  {
    what: "postcode with a letter too many",
    property: "subscriber.postcode",
    reason: /must be a UK postcode such as LS10 1JQ/,
    apply: setSub("postcode", "LS10 1JQX"),
  },
  {
    what: "postcode of digits",
    property: "subscriber.postcode",
    reason: /must be a UK postcode/,
    apply: setSub("postcode", "12345"),
  },
  {
    what: "missing postcode",
    property: "subscriber.postcode",
    reason: /is required/,
    apply: (_s, sub) => {
      delete sub.postcode;
    },
  },
  {
    what: "contact number in words",
    property: "subscriber.contactNumber",
    reason: E164,
    apply: setSub("contactNumber", "call me"),
  },
  {
    what: "contact number with (0)",
    property: "subscriber.contactNumber",
    reason: E164,
    apply: setSub("contactNumber", "+44 (0)113 320 3040"),
  },
  {
    what: "empty name",
    property: "subscriber.name",
    reason: /must not be empty/,
    apply: setSub("name", ""),
  },
  {
    what: "blank name",
    property: "subscriber.name",
    reason: /must not be empty/,
    apply: setSub("name", "   "),
  },
  {
    what: "name with an injection",
    property: "subscriber.name",
    reason: SAFE_TEXT,
    apply: setSub("name", "Ada&command=terminate"),
  },
  {
    what: "name too long",
    property: "subscriber.name",
    reason: /must be at most 100 characters/,
    apply: setSub("name", "A".repeat(101)),
  },
  {
    what: "address too long",
    property: "subscriber.address",
    reason: /must be at most 200 characters/,
    apply: setSub("address", "1 Long Road ".repeat(20)),
  },
  {
    what: "address with a line break",
    property: "subscriber.address",
    reason: SAFE_TEXT,
    apply: setSub("address", "Leeds\r\nstatus: 200"),
  },
  {
    what: "unknown subscriber field",
    property: "subscriber.email",
    reason: /is not a subscriber field; the fields are name, address, postcode, contactNumber/,
    apply: setSub("email", "ada@example.com"),
  },
  // imei (a secret input: named in the reason, no value printed)
  {
    what: "14 digits",
    property: "imei",
    reason: /must be exactly 15 digits/,
    apply: set("imei", "35693803564380"),
  },
  {
    what: "letters",
    property: "imei",
    reason: /must be exactly 15 digits/,
    apply: set("imei", "35693803564380X"),
  },
  // services
  {
    what: "unknown service",
    property: "services.roaming",
    reason: /is not a settable service; the services are intRoaming, intCall/,
    apply: setService("roaming", true),
  },
  {
    what: "read-only service",
    property: "services.premium",
    reason: /is not a settable service/,
    apply: setService("premium", true),
  },
  {
    what: "non-boolean flag",
    property: "services.internet",
    reason: BOOLEAN,
    apply: setService("internet", "yes"),
  },
  {
    what: "not an object",
    property: "services",
    reason: /must be an object/,
    apply: set("services", "internet"),
  },
  // deletionPolicy, suspended, adopt
  {
    what: "unknown policy",
    property: "deletionPolicy",
    reason: POLICIES,
    apply: set("deletionPolicy", "delete"),
  },
  {
    what: "capitalised policy",
    property: "deletionPolicy",
    reason: POLICIES,
    apply: set("deletionPolicy", "Terminate"),
  },
  { what: "string", property: "suspended", reason: BOOLEAN, apply: set("suspended", "true") },
  { what: "number", property: "suspended", reason: BOOLEAN, apply: set("suspended", 1) },
  { what: "string", property: "adopt", reason: BOOLEAN, apply: set("adopt", "yes") },
];

/** Properties that overlap (one is a prefix of the other) can't be tested in one Sim. */
function overlaps(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

/** Greedy batches, each with at most one case per property. */
function batches(cases: readonly BadCase[]): BadCase[][] {
  const out: BadCase[][] = [];
  for (const c of cases) {
    const fits = out.find((b) => b.every((o) => !overlaps(o.property, c.property)));
    if (fits) fits.push(c);
    else out.push([c]);
  }
  return out;
}

function sims(entries: Raw[]): ConfigMap {
  return { sims: { value: JSON.stringify(entries), secret: true } };
}

/** The engine's line for a failure of `property`: nested and secret ones are worded apart. */
function namesProperty(message: string, property: string): boolean {
  return (
    message.includes(`: property ${property} value {`) ||
    message.includes(`has a problem: ${property}: `)
  );
}

describe("e2e: Sim bad input — refused at preview with the property, no gateway call", function () {
  let sim: SimulatorHandle;
  let stack: E2EStack;
  let iccid: string;
  let number: string;

  before(async () => {
    sim = await simulator({ latencyMs: 100 });
    [iccid] = sim.freeIccids(1) as [string];
    [number] = sim.freeNumbers(1) as [string];
    stack = await E2EStack.create({
      program: "sims.js",
      config: { ...gatewayConfig(sim), ...sims([]) },
      installRoot: SIM_E2E_ROOT,
    });
  });

  after(async () => {
    // The simulator is thrown away: no need to destroy.
    await stack?.cleanup({ destroy: false });
    await sim?.close();
  });

  it(`${CASES.length} invalid programs are each refused at preview, naming the property`, async () => {
    assert.ok(CASES.length >= 25);
    const since = mark(sim);
    const groups = batches(CASES);
    for (const [i, group] of groups.entries()) {
      const subscriber: Raw = { ...SUBSCRIBER };
      const entry: Raw = { name: `bad${i}`, iccid, geoNumber: number, subscriber };
      for (const c of group) c.apply(entry, subscriber);
      await stack.setConfig(sims([entry]));

      const f = await stack.expectFailure("preview");
      const errors = diagnostics(f.events)
        .filter((d) => d.severity === "error")
        .map((d) => d.message);
      for (const c of group) {
        const found = errors.find((m) => namesProperty(m, c.property) && c.reason.test(m));
        assert.ok(
          found,
          `${c.property} (${c.what}): no error naming it with ${String(c.reason)}\n${errors.join("")}`,
        );
      }
      // Nothing else was refused, and secret values were not printed.
      for (const m of errors) {
        assert.ok(
          group.some((c) => namesProperty(m, c.property)),
          `unexpected failure: ${m}`,
        );
        assert.ok(!m.includes(SUBSCRIBER.address), `a subscriber value is printed: ${m}`);
      }
      assert.ok(!f.output.includes(SUBSCRIBER.name));
    }
    console.log(`      ${CASES.length} cases in ${groups.length} previews`);
    assert.deepEqual(callsSince(sim, since), [], "no gateway call");
    assert.equal((await simResources(stack)).size, 0);
  });

  describe("subscriber and imei on an existing SIM", () => {
    const IMEI = "356938035643809";
    const valid = (over: Raw = {}): Raw => ({
      name: "kept",
      iccid,
      geoNumber: number,
      imei: IMEI,
      subscriber: { ...SUBSCRIBER },
      ...over,
    });

    before(async () => {
      await stack.setConfig(sims([valid()]));
      await stack.up();
      assert.equal(sim.sim(iccid)?.state, "active");
    });

    it("a changed subscriber or IMEI is refused at preview, naming ignoreChanges", async () => {
      const since = mark(sim);
      await stack.setConfig(
        sims([
          valid({ subscriber: { ...SUBSCRIBER, name: "Grace Hopper" }, imei: "490154203237518" }),
        ]),
      );
      const f = await stack.expectFailure("preview");
      const errors = diagnostics(f.events)
        .filter((d) => d.severity === "error")
        .map((d) => d.message);
      const sub = errors.find((m) => namesProperty(m, "subscriber.name"));
      assert.ok(sub, errors.join(""));
      assert.match(sub, /sent only at activation and the gateway cannot change them/);
      assert.match(sub, /`ignoreChanges: \["subscriber"\]`/);
      const imei = errors.find((m) => namesProperty(m, "imei"));
      assert.ok(imei, errors.join(""));
      assert.match(imei, /`ignoreChanges: \["imei"\]`/);
      assert.ok(!errors.join("").includes("Grace Hopper"), "the new name is printed");
      assert.deepEqual(callsSince(sim, since), []);
    });

    it("with ignoreChanges the change is accepted, and up calls nothing", async () => {
      await stack.setConfig(
        sims([
          valid({
            subscriber: { ...SUBSCRIBER, name: "Grace Hopper" },
            imei: "490154203237518",
            options: { ignoreChanges: ["subscriber", "imei"] },
          }),
        ]),
      );
      const since = mark(sim);
      const p = await stack.preview();
      assert.equal(p.changes.same, 2);
      const r = await stack.up();
      assert.equal(r.changes.same, 2);
      assert.equal(r.changes.update ?? 0, 0);
      assert.deepEqual(callsSince(sim, since), []);
      assert.equal(changingCalls(sim.log()).filter((e) => e.iccid === iccid).length, 1, "activate");
      assert.equal(sim.sim(iccid)?.subscriber?.name, SUBSCRIBER.name);
    });
  });
});
