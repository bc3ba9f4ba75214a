// Hostile and wrong inputs, on every resource a program can declare: each is refused by
// `pulumi preview` on the real engine, naming the property and the reason, and the gateway
// (simulator) receives no request at all. A Luhn mismatch is a warning, not a failure. Secret
// inputs (subscriber details, IMEI, voicemail PIN, Crisp password) never show in the output,
// even when refused.

import assert from "node:assert/strict";
import type { SimulatorHandle } from "../../simulator";
import { luhnValid } from "../../provider/validation";
import { gatewayConfig, simulator, SUBSCRIBER } from "../support/sim-fixture";
import { diagnostics, E2EStack } from "../support/stack";

type ResourceType = "Sim" | "Voicemail" | "CallRecording" | "Crisp";
type Args = Record<string, unknown>;

interface Case {
  what: string;
  type: ResourceType;
  /** Changes to the resource's valid arguments: a dotted path and its value (undefined: removed). */
  set: Record<string, unknown>;
  /** The property the refusal must name. */
  property: string;
  reason: RegExp;
  /** A secret value that must not show anywhere in what the user sees. */
  secret?: string;
}

const NUMBER = "441133203040";
const INJECTION = "&command=terminate";
const LONG = "A".repeat(300);

const CASES: Case[] = [
  // --- Sim: iccid ------------------------------------------------------------------------
  {
    what: "ICCID too short",
    type: "Sim",
    set: { iccid: "89441000" },
    property: "iccid",
    reason: /18 to 22 digits/,
  },
  {
    what: "ICCID too long",
    type: "Sim",
    set: { iccid: "8".repeat(23) },
    property: "iccid",
    reason: /18 to 22 digits/,
  },
  {
    what: "ICCID with a letter",
    type: "Sim",
    set: { iccid: "8944100000000000A018" },
    property: "iccid",
    reason: /18 to 22 digits/,
  },
  {
    what: "ICCID with spaces",
    type: "Sim",
    set: { iccid: "8944 1000 0000 0000 0018" },
    property: "iccid",
    reason: /no spaces/,
  },
  {
    what: "ICCID empty",
    type: "Sim",
    set: { iccid: "" },
    property: "iccid",
    reason: /18 to 22 digits/,
  },
  {
    what: "ICCID injection",
    type: "Sim",
    set: { iccid: `89441000000000000018${INJECTION}` },
    property: "iccid",
    reason: /18 to 22 digits/,
  },
  {
    what: "ICCID in full-width digits",
    type: "Sim",
    set: { iccid: "８９４４１０００００００００００００１８" },
    property: "iccid",
    reason: /18 to 22 digits/,
  },
  {
    what: "ICCID as a number",
    type: "Sim",
    set: { iccid: 894410000000001 },
    property: "iccid",
    reason: /must be a string/,
  },
  // --- Sim: geoNumber --------------------------------------------------------------------
  {
    what: "number too short",
    type: "Sim",
    set: { geoNumber: "4411" },
    property: "geoNumber",
    reason: /E\.164/,
  },
  {
    what: "number too long",
    type: "Sim",
    set: { geoNumber: "4411332030401234567" },
    property: "geoNumber",
    reason: /E\.164/,
  },
  {
    what: "number with letters",
    type: "Sim",
    set: { geoNumber: "44113ABC3040" },
    property: "geoNumber",
    reason: /E\.164/,
  },
  {
    what: "number without country code",
    type: "Sim",
    set: { geoNumber: "01133203040" },
    property: "geoNumber",
    reason: /country code/,
  },
  {
    what: "number empty",
    type: "Sim",
    set: { geoNumber: "" },
    property: "geoNumber",
    reason: /E\.164/,
  },
  {
    what: "number injection",
    type: "Sim",
    set: { geoNumber: `${NUMBER}${INJECTION}` },
    property: "geoNumber",
    reason: /E\.164/,
  },
  // --- Sim: subscriber (a secret input) ----------------------------------------------------
  {
    what: "name empty",
    type: "Sim",
    set: { "subscriber.name": "" },
    property: "subscriber.name",
    reason: /must not be empty/,
  },
  {
    what: "name over 100 characters",
    type: "Sim",
    set: { "subscriber.name": `Zed${LONG}` },
    property: "subscriber.name",
    reason: /at most 100/,
    secret: `Zed${LONG}`,
  },
  {
    what: "name injection",
    type: "Sim",
    set: { "subscriber.name": `Mallory${INJECTION}` },
    property: "subscriber.name",
    reason: /letters, digits/,
    secret: `Mallory${INJECTION}`,
  },
  {
    what: "name with a newline",
    type: "Sim",
    set: { "subscriber.name": "Mallory\nEvil: 1" },
    property: "subscriber.name",
    reason: /letters, digits/,
  },
  {
    what: "name with HTML",
    type: "Sim",
    set: { "subscriber.name": "<script>alert(7)</script>" },
    property: "subscriber.name",
    reason: /letters, digits/,
    secret: "<script>alert(7)</script>",
  },
  {
    what: "address over 200 characters",
    type: "Sim",
    set: { "subscriber.address": `9 ${LONG}` },
    property: "subscriber.address",
    reason: /at most 200/,
  },
  {
    what: "address with an emoji",
    type: "Sim",
    set: { "subscriber.address": "1 Rocket Road 🚀" },
    property: "subscriber.address",
    reason: /letters, digits/,
    secret: "1 Rocket Road 🚀",
  },
  {
    what: "address with a NUL byte",
    type: "Sim",
    set: { "subscriber.address": "1 Road\u0000" },
    property: "subscriber.address",
    reason: /letters, digits/,
  },
  {
    what: "postcode not a UK one",
    type: "Sim",
    set: { "subscriber.postcode": "90210" },
    property: "subscriber.postcode",
    reason: /UK postcode/,
  },
  {
    what: "postcode injection",
    type: "Sim",
    set: { "subscriber.postcode": `LS10 1JQ${INJECTION}` },
    property: "subscriber.postcode",
    reason: /UK postcode/,
  },
  {
    what: "contact number with words",
    type: "Sim",
    set: { "subscriber.contactNumber": "call me maybe" },
    property: "subscriber.contactNumber",
    reason: /E\.164/,
  },
  {
    what: "subscriber field unknown",
    type: "Sim",
    set: { "subscriber.email": "ada@example.com" },
    property: "subscriber.email",
    reason: /not a subscriber field/,
  },
  // --- Sim: imei (a secret input), services, flags -----------------------------------------
  {
    what: "IMEI of 14 digits",
    type: "Sim",
    set: { imei: "35209900176148" },
    property: "imei",
    reason: /15 digits/,
    secret: "35209900176148",
  },
  {
    what: "IMEI with letters",
    type: "Sim",
    set: { imei: "35209900176148X" },
    property: "imei",
    reason: /15 digits/,
    secret: "35209900176148X",
  },
  {
    what: "service unknown",
    type: "Sim",
    set: { "services.roaming": true },
    property: "services.roaming",
    reason: /not a settable service/,
  },
  {
    what: "read-only service",
    type: "Sim",
    set: { "services.premium": true },
    property: "services.premium",
    reason: /not a settable service/,
  },
  {
    what: "service flag as text",
    type: "Sim",
    set: { "services.internet": "yes" },
    property: "services.internet",
    reason: /boolean/,
  },
  {
    what: "suspended as text",
    type: "Sim",
    set: { suspended: "false" },
    property: "suspended",
    reason: /boolean/,
  },
  {
    what: "deletionPolicy unknown",
    type: "Sim",
    set: { deletionPolicy: "delete" },
    property: "deletionPolicy",
    reason: /terminate.*suspend.*retain/,
  },
  {
    what: "adopt as a number",
    type: "Sim",
    set: { adopt: 1 },
    property: "adopt",
    reason: /boolean/,
  },
  // --- Voicemail ---------------------------------------------------------------------------
  {
    what: "PIN of 3 digits",
    type: "Voicemail",
    set: { pin: "739" },
    property: "pin",
    reason: /four digits/,
    secret: "739",
  },
  {
    what: "PIN with a letter",
    type: "Voicemail",
    set: { pin: "73a9" },
    property: "pin",
    reason: /four digits/,
    secret: "73a9",
  },
  {
    what: "PIN as a number",
    type: "Voicemail",
    set: { pin: 7391 },
    property: "pin",
    reason: /four digits, as a string/,
  },
  {
    what: "PIN injection",
    type: "Voicemail",
    set: { pin: `7391${INJECTION}` },
    property: "pin",
    reason: /four digits/,
    secret: `7391${INJECTION}`,
  },
  {
    what: "delay over 120 s",
    type: "Voicemail",
    set: { delaySeconds: 121 },
    property: "delaySeconds",
    reason: /at most 120/,
  },
  {
    what: "delay negative",
    type: "Voicemail",
    set: { delaySeconds: -1 },
    property: "delaySeconds",
    reason: /at least 0/,
  },
  {
    what: "delay fractional",
    type: "Voicemail",
    set: { delaySeconds: 2.5 },
    property: "delaySeconds",
    reason: /whole number/,
  },
  {
    what: "delay as text",
    type: "Voicemail",
    set: { delaySeconds: "20" },
    property: "delaySeconds",
    reason: /whole number of seconds/,
  },
  {
    what: "email invalid",
    type: "Voicemail",
    set: { email: "not-an-email" },
    property: "email",
    reason: /email address/,
  },
  {
    what: "email injection",
    type: "Voicemail",
    set: { email: `a@example.com${INJECTION}` },
    property: "email",
    reason: /email address/,
  },
  {
    what: "attach without notify",
    type: "Voicemail",
    set: { notify: false, attach: true },
    property: "attach",
    reason: /notify/,
  },
  {
    what: "number injection",
    type: "Voicemail",
    set: { geoNumber: `${NUMBER}${INJECTION}` },
    property: "geoNumber",
    reason: /E\.164/,
  },
  // --- CallRecording -----------------------------------------------------------------------
  {
    what: "email over 254 characters",
    type: "CallRecording",
    set: { email: `${"a".repeat(250)}@example.com` },
    property: "email",
    reason: /at most 254/,
  },
  {
    what: "email with non-ASCII",
    type: "CallRecording",
    set: { email: "zoë@example.com" },
    property: "email",
    reason: /email address/,
  },
  {
    what: "active as text",
    type: "CallRecording",
    set: { active: "yes" },
    property: "active",
    reason: /true or false/,
  },
  {
    what: "number empty",
    type: "CallRecording",
    set: { geoNumber: "" },
    property: "geoNumber",
    reason: /E\.164/,
  },
  // --- Crisp -------------------------------------------------------------------------------
  {
    what: "mode unknown",
    type: "Crisp",
    set: { mode: "maybe" },
    property: "mode",
    reason: /"new" or "existing"/,
  },
  {
    what: "new without password",
    type: "Crisp",
    set: { password: undefined },
    property: "password",
    reason: /required with mode "new"/,
  },
  {
    what: "password too short",
    type: "Crisp",
    set: { password: "Zq9!x" },
    property: "password",
    reason: /at least 6/,
    secret: "Zq9!x",
  },
  {
    what: "password with a space",
    type: "Crisp",
    set: { password: "Zq9! xw7-long" },
    property: "password",
    reason: /printable ASCII/,
    secret: "Zq9! xw7-long",
  },
  {
    what: "password non-ASCII",
    type: "Crisp",
    set: { password: "Pässwörd-91" },
    property: "password",
    reason: /printable ASCII/,
    secret: "Pässwörd-91",
  },
  {
    what: "password with existing",
    type: "Crisp",
    set: { mode: "existing", parentSmsNumber: undefined },
    property: "password",
    reason: /only with mode "new"/,
    secret: "Zq9!xw7-long",
  },
  {
    what: "parent number invalid",
    type: "Crisp",
    set: { parentSmsNumber: "07700" },
    property: "parentSmsNumber",
    reason: /E\.164/,
  },
  {
    what: "email empty",
    type: "Crisp",
    set: { email: "" },
    property: "email",
    reason: /email address/,
  },
  {
    what: "ICCID injection",
    type: "Crisp",
    set: { iccid: `89441000000000000018${INJECTION}` },
    property: "iccid",
    reason: /18 to 22 digits/,
  },
];

/** A copy of `base` with `set` applied: dotted paths, undefined removes. */
function withChanges(base: Args, set: Record<string, unknown>): Args {
  const out = structuredClone(base);
  for (const [path, value] of Object.entries(set)) {
    const keys = path.split(".");
    let at: Args = out;
    for (const k of keys.slice(0, -1)) {
      at[k] ??= {};
      at = at[k] as Args;
    }
    const last = keys[keys.length - 1]!;
    if (value === undefined) delete at[last];
    else at[last] = value;
  }
  return out;
}

describe("e2e: bad input is refused at preview, property and reason named, no gateway call", function () {
  this.timeout(20 * 60_000);
  let sim: SimulatorHandle;
  let stack: E2EStack;
  let base: Record<ResourceType, Args>;

  before(async () => {
    sim = await simulator();
    const [iccid] = sim.freeIccids(1) as [string];
    base = {
      Sim: {
        iccid,
        geoNumber: NUMBER,
        subscriber: { ...SUBSCRIBER },
        services: { internet: true },
      },
      Voicemail: {
        geoNumber: NUMBER,
        delaySeconds: 20,
        pin: "7391",
        email: "ada@example.com",
        notify: true,
      },
      CallRecording: { geoNumber: NUMBER, active: true, email: "ada@example.com" },
      Crisp: {
        iccid,
        geoNumber: NUMBER,
        mode: "new",
        email: "parent@example.com",
        password: "Zq9!xw7-long",
        parentSmsNumber: "447700900123",
      },
    };
    stack = await E2EStack.create({ program: "resources.js", config: gatewayConfig(sim) });
  });

  after(async () => {
    await stack?.cleanup();
    await sim?.close();
  });

  async function previewOf(type: ResourceType, args: Args) {
    await stack.setConfig({
      resources: { value: JSON.stringify([{ type, name: "it", args }]) },
    });
    return stack.attempt((s) => s.preview());
  }

  it(`has at least 40 cases (${CASES.length})`, () => {
    assert.ok(CASES.length >= 40);
  });

  it("the valid arguments of every resource preview cleanly (the cases' baseline)", async () => {
    for (const type of Object.keys(base) as ResourceType[]) {
      const r = await previewOf(type, base[type]);
      assert.equal(r.error, undefined, `${type}: ${r.error}`);
      assert.equal(r.changes.create, 2, type);
    }
    assert.equal(sim.counters().requests, 0);
  });

  for (const c of CASES) {
    it(`${c.type}: ${c.what} → ${c.property}`, async () => {
      const r = await previewOf(c.type, withChanges(base[c.type], c.set));
      assert.notEqual(r.error, undefined, "preview must fail");
      const said = [r.error!, ...diagnostics(r.events).map((d) => d.message)].join("\n");
      assert.ok(said.includes(c.property), `names ${c.property}:\n${said}`);
      assert.match(said, c.reason);
      if (c.secret !== undefined) {
        assert.ok(!said.includes(c.secret), `the secret value shows:\n${said}`);
        assert.ok(!r.output.includes(c.secret), "the secret value shows in the output");
      }
      assert.equal(sim.counters().requests, 0, "the gateway received a request");
    });
  }

  it("a Luhn mismatch is a warning naming the ICCID, not a failure", async () => {
    const iccid = base.Sim["iccid"] as string;
    const last = Number(iccid.slice(-1));
    const bad = iccid.slice(0, -1) + String((last + 1) % 10);
    assert.ok(luhnValid(iccid) && !luhnValid(bad));
    const r = await previewOf("Sim", { ...base.Sim, iccid: bad });
    assert.equal(r.error, undefined, r.error);
    const warnings = diagnostics(r.events).filter((d) => d.severity === "warning");
    assert.ok(
      warnings.some((w) => w.message.includes(bad) && /Luhn/.test(w.message)),
      JSON.stringify(warnings),
    );
    assert.equal(sim.counters().requests, 0);
  });
});
