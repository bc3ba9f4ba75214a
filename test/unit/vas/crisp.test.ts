import assert from "node:assert/strict";
import { GatewayError, TransportError } from "../../../provider/errors";
import { checkCrisp, diffCrisp } from "../../../provider/resources/crisp/check";
import {
  disableParams,
  disableVerdict,
  enableAction,
  enableParams,
} from "../../../provider/resources/crisp/plan";
import { crispProvider } from "../../../provider/resources/crisp/runtime";
import { PartialStateError } from "../../../provider/errors";
import {
  ICCID,
  ICCID2,
  NUMBER,
  OTHER_NUMBER,
  PROVIDER,
  UNKNOWN,
  VasFakeGateway,
  failedProperties,
  fakeDeps,
} from "./helpers";

const newAccount = (over: Record<string, unknown> = {}) => ({
  iccid: ICCID,
  geoNumber: "+44 113 320 3040",
  mode: "new",
  email: "parent@example.com",
  password: "s3cret-pw",
  parentSmsNumber: "447700900123",
  __provider: PROVIDER,
  ...over,
});
const existing = (over: Record<string, unknown> = {}) =>
  newAccount({ mode: "existing", password: undefined, parentSmsNumber: undefined, ...over });

/** [what, inputs, the property the failure must name] */
const INVALID: [string, Record<string, unknown>, string][] = [
  ["iccid missing", newAccount({ iccid: undefined }), "iccid"],
  ["iccid too short", newAccount({ iccid: "1234" }), "iccid"],
  ["iccid with letters", newAccount({ iccid: "8944100000000000000X" }), "iccid"],
  ["geoNumber missing", newAccount({ geoNumber: undefined }), "geoNumber"],
  ["geoNumber malformed", newAccount({ geoNumber: "call me" }), "geoNumber"],
  ["mode missing", newAccount({ mode: undefined }), "mode"],
  ["mode unknown", newAccount({ mode: "fresh" }), "mode"],
  ["email missing", newAccount({ email: undefined }), "email"],
  ["email malformed", newAccount({ email: "parent" }), "email"],
  ["password too short", newAccount({ password: "abc" }), "password"],
  ["password with a space", newAccount({ password: "two words" }), "password"],
  ["password missing for mode new", newAccount({ password: undefined }), "password"],
  [
    "parentSmsNumber missing for mode new",
    newAccount({ parentSmsNumber: undefined }),
    "parentSmsNumber",
  ],
  ["parentSmsNumber malformed", newAccount({ parentSmsNumber: "07700" }), "parentSmsNumber"],
  ["password with mode existing", existing({ password: "s3cret-pw" }), "password"],
  [
    "parentSmsNumber with mode existing",
    existing({ parentSmsNumber: "447700900123" }),
    "parentSmsNumber",
  ],
  ["an unknown property", newAccount({ action: "enable-new" }), "action"],
];

describe("Crisp check", () => {
  for (const [what, news, property] of INVALID) {
    it(`refuses ${what}, naming ${property}`, () => {
      assert.deepEqual(failedProperties(checkCrisp({}, news)), [property]);
    });
  }

  it("says why the password is needed", () => {
    const r = checkCrisp({}, newAccount({ password: undefined }));
    assert.match(r.failures![0]!.reason, /required with mode "new"/);
  });

  it("accepts both modes and normalises the number", () => {
    const a = checkCrisp({}, newAccount());
    assert.equal(a.failures, undefined);
    assert.equal(a.inputs!["geoNumber"], NUMBER);
    const b = checkCrisp({}, existing());
    assert.equal(b.failures, undefined);
    assert.deepEqual(Object.keys(b.inputs!).sort(), [
      "__provider",
      "email",
      "geoNumber",
      "iccid",
      "mode",
    ]);
  });

  it("lets unknowns through, and judges no mode rule on an unknown", () => {
    assert.equal(
      checkCrisp({}, newAccount({ iccid: UNKNOWN, geoNumber: UNKNOWN })).failures,
      undefined,
    );
    assert.equal(checkCrisp({}, newAccount({ mode: UNKNOWN })).failures, undefined);
    assert.equal(checkCrisp({}, newAccount({ password: UNKNOWN })).failures, undefined);
  });
});

describe("Crisp diff", () => {
  const olds = { ...newAccount(), geoNumber: NUMBER, __provider: "old" };
  const news = (over: Record<string, unknown> = {}) => ({ ...olds, __provider: PROVIDER, ...over });

  it("ignores __provider", () => {
    assert.equal(diffCrisp(olds, news()).changes, false);
  });

  for (const [key, value] of [
    ["iccid", ICCID2],
    ["geoNumber", OTHER_NUMBER],
    ["mode", "existing"],
    ["email", "other@example.com"],
    ["password", "another-pw"],
    ["parentSmsNumber", "447700900999"],
  ] as const) {
    it(`replaces, disabling first, when ${key} changes`, () => {
      assert.deepEqual(diffCrisp(olds, news({ [key]: value })), {
        changes: true,
        replaces: [key],
        deleteBeforeReplace: true,
      });
    });
  }

  it("replaces when a property is dropped, and for an unknown", () => {
    assert.deepEqual(diffCrisp(olds, news({ parentSmsNumber: undefined })).replaces, [
      "parentSmsNumber",
    ]);
    assert.deepEqual(diffCrisp(olds, news({ iccid: UNKNOWN })).replaces, ["iccid"]);
  });
});

describe("Crisp actions", () => {
  it("mode new enables a new account, mode existing an existing one", () => {
    assert.equal(enableAction("new"), "enable-new");
    assert.equal(enableAction("existing"), "enable-existing");
  });

  it("enable-new carries the password and parent's number; the others do not", () => {
    const p = {
      iccid: ICCID,
      geoNumber: NUMBER,
      email: "p@example.com",
      password: "pw-123456",
      parentSmsNumber: "447700900123",
    };
    assert.deepEqual(enableParams({ ...p, mode: "new" }), { action: "enable-new", ...p });
    assert.deepEqual(enableParams({ ...p, mode: "existing" }), {
      action: "enable-existing",
      iccid: ICCID,
      geoNumber: NUMBER,
      email: "p@example.com",
    });
    assert.deepEqual(disableParams(p), {
      action: "disable",
      iccid: ICCID,
      geoNumber: NUMBER,
      email: "p@example.com",
    });
  });

  it("reads a refused disable", () => {
    const refused = (...codes: number[]) => new GatewayError({ command: "crisp" }, codes);
    assert.equal(disableVerdict(refused(63026)), "gone");
    assert.equal(disableVerdict(refused(63212)), "not-enabled");
    assert.equal(disableVerdict(refused(63211)), "other-number");
    assert.equal(disableVerdict(refused(63017)), "fail");
    assert.equal(disableVerdict(refused(63212, 63208)), "fail");
    // An error with no code is not "only 63026": the SIM is not taken to be gone.
    assert.equal(disableVerdict(refused()), "fail");
    assert.equal(disableVerdict(new TransportError({ command: "crisp" }, "reset")), "fail");
  });
});

describe("Crisp provider", () => {
  const checked = () => checkCrisp({}, newAccount()).inputs!;

  function setup() {
    const gw = new VasFakeGateway();
    const warnings: string[] = [];
    return { gw, warnings, p: crispProvider(fakeDeps(gw, warnings)) };
  }

  it("create sends enable-new with the account; id is the ICCID; outputs are the inputs", async () => {
    const { gw, p } = setup();
    const r = await p.create(checked());
    assert.equal(r.id, ICCID);
    assert.deepEqual(gw.crispCalls, [
      {
        action: "enable-new",
        iccid: ICCID,
        geoNumber: NUMBER,
        email: "parent@example.com",
        password: "s3cret-pw",
        parentSmsNumber: "447700900123",
      },
    ]);
    const { __provider: _p, ...outs } = checked();
    assert.deepEqual(r.outs, outs);
  });

  it("create with mode existing sends enable-existing", async () => {
    const { gw, p } = setup();
    await p.create(checkCrisp({}, existing()).inputs!);
    assert.equal(gw.crispCalls[0]!.action, "enable-existing");
    assert.equal(gw.crispCalls[0]!.password, undefined);
  });

  it("a lost enable-existing is sent again (enabling an existing account twice is harmless)", async () => {
    const { gw, p } = setup();
    gw.crispScript.push("lost");
    const r = await p.create(checkCrisp({}, existing()).inputs!);
    assert.equal(r.id, ICCID);
    assert.deepEqual(
      gw.crispCalls.map((c) => c.action),
      ["enable-existing", "enable-existing"],
    );
  });

  it("a lost enable-new is not resent: recorded unconfirmed, then confirmed by the next update", async () => {
    const { gw, p } = setup();
    gw.crispScript.push("lost");
    const err = await p.create(checked()).then(
      () => assert.fail("create should reject"),
      (e: unknown) => e as PartialStateError,
    );
    assert.ok(err instanceof PartialStateError);
    assert.equal(err.id, ICCID);
    assert.equal(err.code, "ANSWER_LOST");
    assert.equal(err.properties["unconfirmed"], true);
    assert.equal(err.properties["__provider"], PROVIDER);
    assert.match(err.message, /may or may not have been created/);
    // It says what to do: the next up confirms it (enable-existing), a destroy disables it.
    assert.match(
      err.message,
      /destroy disables it; run pulumi up again to confirm it with enable-existing/,
    );
    assert.equal(gw.crispCalls.length, 1);

    const r = await p.update(ICCID, err.properties, checked());
    assert.deepEqual(
      gw.crispCalls.map((c) => c.action),
      ["enable-new", "enable-existing"],
    );
    assert.equal(gw.crispCalls[1]!.password, undefined);
    assert.equal(r.outs!["unconfirmed"], undefined);
  });

  it("read asks nothing and returns the state as it is (no read in the gateway)", async () => {
    const { gw, p } = setup();
    const props = { ...checked(), extra: 1 };
    assert.deepEqual(await p.read(ICCID, props), { id: ICCID, props });
    assert.equal(gw.calls.length + gw.crispCalls.length, 0);
  });

  it("update sends nothing", async () => {
    const { gw, p } = setup();
    await p.update(ICCID, checked(), checked());
    assert.equal(gw.crispCalls.length, 0);
  });

  it("delete sends disable", async () => {
    const { gw, p } = setup();
    await p.delete(ICCID, checked());
    assert.deepEqual(
      gw.crispCalls.map((c) => c.action),
      ["disable"],
    );
  });

  it("delete counts Crisp gone with its terminated SIM as done", async () => {
    const { gw, p } = setup();
    gw.crispScript.push([63026]);
    await p.delete(ICCID, checked());
  });

  it("delete counts 'nothing to disable' (63212) as done, with a warning", async () => {
    const { gw, warnings, p } = setup();
    gw.crispScript.push([63212]);
    await p.delete(ICCID, checked());
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /63212/);
  });

  it("delete after the SIM's number changed retries with the current number", async () => {
    const { gw, p } = setup();
    gw.addSim(ICCID, { state: "active", geoNumber: OTHER_NUMBER });
    gw.crispScript.push([63211]);
    await p.delete(ICCID, checked());
    assert.deepEqual(
      gw.crispCalls.map((c) => c.geoNumber),
      [NUMBER, OTHER_NUMBER],
    );
  });

  it("delete fails on other refusals, e.g. a suspended SIM", async () => {
    const { gw, p } = setup();
    gw.crispScript.push([63017]);
    await assert.rejects(
      p.delete(ICCID, checked()),
      (e: unknown) => e instanceof GatewayError && e.has(63017),
    );
  });
});
