import assert from "node:assert/strict";
import { checkSim } from "../../../provider/resources/sim/check";
import { UNKNOWN } from "../../../provider/resources/sim/inputs";
import {
  ICCID,
  ICCID2,
  NUMBER,
  PROVIDER,
  SUBSCRIBER,
  VENDOR_ICCID,
  checkedInputs,
  harness,
  rawInputs,
} from "./helpers";

const sub = (over: Record<string, unknown>) => ({ subscriber: { ...SUBSCRIBER, ...over } });

/** [what, input overrides, the property the failure must name] */
const INVALID: [string, Record<string, unknown>, string][] = [
  ["iccid missing", { iccid: undefined }, "iccid"],
  ["iccid too short", { iccid: "12345678901234567" }, "iccid"],
  ["iccid too long", { iccid: "12345678901234567890123" }, "iccid"],
  ["iccid with letters", { iccid: "8944100000000000000A" }, "iccid"],
  ["iccid with spaces", { iccid: "8944 1000 0000 0000 0000" }, "iccid"],
  ["iccid a number", { iccid: 89441000000000000000 }, "iccid"],
  ["geoNumber missing", { geoNumber: undefined }, "geoNumber"],
  ["geoNumber with letters", { geoNumber: "44113CALLME" }, "geoNumber"],
  ["geoNumber too short", { geoNumber: "4411" }, "geoNumber"],
  ["geoNumber with a leading 0", { geoNumber: "01133203040" }, "geoNumber"],
  ["geoNumber too long", { geoNumber: "4411332030401234567" }, "geoNumber"],
  ["subscriber a string", { subscriber: "Ann" }, "subscriber"],
  ["subscriber name empty", sub({ name: "   " }), "subscriber.name"],
  ["subscriber name with control characters", sub({ name: "Ann\u0000" }), "subscriber.name"],
  ["subscriber name too long", sub({ name: "A".repeat(101) }), "subscriber.name"],
  ["subscriber address missing", sub({ address: undefined }), "subscriber.address"],
  ["subscriber address with <>", sub({ address: "<script>" }), "subscriber.address"],
  ["subscriber postcode not UK", sub({ postcode: "90210" }), "subscriber.postcode"],
  ["subscriber postcode garbled", sub({ postcode: "LS10 1J" }), "subscriber.postcode"],
  ["subscriber contactNumber text", sub({ contactNumber: "ring me" }), "subscriber.contactNumber"],
  ["subscriber contactNumber short", sub({ contactNumber: "+44 1" }), "subscriber.contactNumber"],
  ["subscriber unknown field", sub({ email: "a@b.c" }), "subscriber.email"],
  ["imei too short", { imei: "35123456789012" }, "imei"],
  ["imei with letters", { imei: "35123456789012X" }, "imei"],
  ["imei a number", { imei: 351234567890123 }, "imei"],
  ["services unknown key", { services: { roaming: true } }, "services.roaming"],
  ["services read-only flag", { services: { premium: true } }, "services.premium"],
  ["services snake_case name", { services: { int_roaming: true } }, "services.int_roaming"],
  ["services flag a string", { services: { internet: "yes" } }, "services.internet"],
  ["services a list", { services: ["internet"] }, "services"],
  ["suspended a string", { suspended: "true" }, "suspended"],
  ["deletionPolicy unknown", { deletionPolicy: "delete" }, "deletionPolicy"],
  ["deletionPolicy wrong case", { deletionPolicy: "Terminate" }, "deletionPolicy"],
  ["adopt a number", { adopt: 1 }, "adopt"],
  ["unknown top-level input", { suspend: true }, "suspend"],
];

describe("Sim check", () => {
  describe("refuses invalid inputs, naming the property", () => {
    for (const [what, over, property] of INVALID) {
      it(what, () => {
        const news = rawInputs(over);
        for (const [k, v] of Object.entries(over)) if (v === undefined) delete news[k];
        const r = checkSim({}, news);
        assert.ok(
          r.failures.some((f) => f.property === property),
          `expected a failure on ${property}, got ${JSON.stringify(r.failures)}`,
        );
        for (const f of r.failures) assert.ok(f.reason.length > 0);
      });
    }
    it("has at least 25 cases", () => assert.ok(INVALID.length >= 25));
  });

  it("reports every failure at once", () => {
    const r = checkSim(
      {},
      rawInputs({ iccid: "x", geoNumber: "y", ...sub({ postcode: "z" }), imei: "1" }),
    );
    assert.deepEqual(
      r.failures.map((f) => f.property),
      ["iccid", "geoNumber", "subscriber.postcode", "imei"],
    );
  });

  it("says what is expected", () => {
    const r = checkSim({}, rawInputs({ services: { roaming: true }, deletionPolicy: "x" }));
    const reason = (p: string) => r.failures.find((f) => f.property === p)?.reason ?? "";
    assert.match(reason("services.roaming"), /intRoaming, intCall, moVoice/);
    assert.match(reason("deletionPolicy"), /"terminate", "suspend", "retain"/);
  });

  it("normalises and fills in defaults, keeping __provider as given", () => {
    const r = checkSim(
      {},
      rawInputs({
        subscriber: {
          name: "  Ann Example ",
          address: "11-15 Hunslet Road, Leeds",
          postcode: "ls10 1jq",
          contactNumber: "+44 113 320 3040",
        },
        imei: "351234567890123",
        services: { internet: true, intRoaming: false },
      }),
    );
    assert.deepEqual(r.failures, []);
    assert.deepEqual(r.inputs, {
      iccid: ICCID,
      geoNumber: NUMBER,
      subscriber: { ...SUBSCRIBER },
      imei: "351234567890123",
      services: { internet: true, intRoaming: false },
      suspended: false,
      adopt: false,
      __provider: PROVIDER,
    });
  });

  it("leaves out a deletionPolicy the program left out, keeps a stated one", () => {
    // Policy packs see these inputs and may require the policy stated (docs/POLICY.md).
    assert.equal("deletionPolicy" in checkSim({}, rawInputs({})).inputs, false);
    const stated = checkSim({}, rawInputs({ deletionPolicy: "terminate" }));
    assert.equal(stated.inputs["deletionPolicy"], "terminate");
  });

  it("leaves out a deletionPolicy given as null, as one left out", () => {
    assert.equal(
      "deletionPolicy" in checkSim({}, rawInputs({ deletionPolicy: null })).inputs,
      false,
    );
  });

  it("on failure returns the inputs as given and no warnings", () => {
    // The vendor's example ICCID fails Luhn, which would warn; the bad number fails first.
    const news = rawInputs({ iccid: VENDOR_ICCID, geoNumber: "44113CALLME" });
    const r = checkSim({}, news);
    assert.equal(r.failures[0]?.property, "geoNumber");
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(r.inputs, news);
  });

  it("treats null as absent for optional inputs", () => {
    const r = checkSim({}, rawInputs({ imei: null, services: null, suspended: null }));
    assert.deepEqual(r.failures, []);
    assert.equal(r.inputs["suspended"], false);
    assert.equal("imei" in r.inputs, false);
  });

  describe("unknown values (preview)", () => {
    it("let the sentinel through anywhere", () => {
      const r = checkSim(
        {},
        rawInputs({
          iccid: UNKNOWN,
          geoNumber: UNKNOWN,
          subscriber: { ...SUBSCRIBER, name: UNKNOWN, postcode: UNKNOWN },
          imei: UNKNOWN,
          services: { internet: UNKNOWN },
          suspended: UNKNOWN,
          deletionPolicy: UNKNOWN,
          adopt: UNKNOWN,
        }),
      );
      assert.deepEqual(r.failures, []);
      assert.deepEqual(r.warnings, []);
      assert.equal(r.inputs["iccid"], UNKNOWN);
      assert.deepEqual(r.inputs["subscriber"], { ...SUBSCRIBER, name: UNKNOWN, postcode: UNKNOWN });
    });

    it("let a whole unknown object through", () => {
      const r = checkSim({}, rawInputs({ subscriber: UNKNOWN, services: UNKNOWN }));
      assert.deepEqual(r.failures, []);
      assert.equal(r.inputs["services"], UNKNOWN);
    });

    it("still validate the known values beside them", () => {
      const r = checkSim({}, rawInputs({ iccid: UNKNOWN, ...sub({ postcode: "nope" }) }));
      assert.deepEqual(
        r.failures.map((f) => f.property),
        ["subscriber.postcode"],
      );
    });
  });

  describe("Luhn", () => {
    it("warns on a mismatch and does not fail", () => {
      const r = checkSim({}, rawInputs({ iccid: VENDOR_ICCID }));
      assert.deepEqual(r.failures, []);
      assert.equal(r.warnings.length, 1);
      assert.match(r.warnings[0]!, new RegExp(`${VENDOR_ICCID}.*Luhn`));
    });

    it("does not warn on a valid ICCID", () => {
      assert.deepEqual(checkSim({}, rawInputs()).warnings, []);
    });

    it("the provider's check logs the warning and returns no failure", async () => {
      const h = harness();
      const r = await h.provider.check({}, rawInputs({ iccid: VENDOR_ICCID }));
      assert.equal(r.failures, undefined);
      assert.equal(h.warnings.length, 1);
      assert.deepEqual(h.gw.calls, []);
    });
  });

  describe("subscriber and imei of an existing SIM", () => {
    const olds = checkedInputs({ imei: "351234567890123" });

    it("refuses a subscriber change, naming ignoreChanges", () => {
      const r = checkSim(
        olds,
        rawInputs({ imei: "351234567890123", ...sub({ postcode: "LS1 4AP", name: "Bob" }) }),
      );
      assert.deepEqual(
        r.failures.map((f) => f.property),
        ["subscriber.name", "subscriber.postcode"],
      );
      for (const f of r.failures) assert.match(f.reason, /ignoreChanges: \["subscriber"\]/);
    });

    it("refuses an imei change, naming ignoreChanges", () => {
      const r = checkSim(olds, rawInputs({ imei: "359999999999999" }));
      assert.deepEqual(
        r.failures.map((f) => f.property),
        ["imei"],
      );
      assert.match(r.failures[0]!.reason, /ignoreChanges: \["imei"\]/);
    });

    it("refuses adding or dropping an imei", () => {
      assert.equal(checkSim(olds, rawInputs()).failures[0]?.property, "imei");
      assert.equal(
        checkSim(checkedInputs(), rawInputs({ imei: "351234567890123" })).failures[0]?.property,
        "imei",
      );
    });

    it("says why and what to do, for the subscriber and the imei", () => {
      const r = checkSim(olds, rawInputs({ imei: "359999999999999", ...sub({ name: "Bob" }) }));
      assert.deepEqual(
        r.failures.map((f) => [f.property, f.reason]),
        [
          [
            "subscriber.name",
            "subscriber details are sent only at activation and the gateway cannot change " +
              "them; to keep a different value in the program on purpose, add " +
              '`ignoreChanges: ["subscriber"]` to the resource options',
          ],
          [
            "imei",
            "the IMEI is sent only at activation and the gateway cannot change it; to keep a " +
              'different value in the program on purpose, add `ignoreChanges: ["imei"]` to ' +
              "the resource options",
          ],
        ],
      );
    });

    it("a SIM recorded with no subscriber (taken over) still refuses an imei change", () => {
      const taken = checkedInputs({ imei: "351234567890123" });
      delete taken["subscriber"];
      const r = checkSim(taken, rawInputs({ imei: "359999999999999" }));
      assert.deepEqual(
        r.failures.map((f) => f.property),
        ["imei"],
      );
    });

    it("compares nothing with recorded inputs that no longer validate", () => {
      const stale = checkedInputs({ imei: "351234567890123", geoNumber: "not a number" });
      const r = checkSim(stale, rawInputs({ imei: "359999999999999", ...sub({ name: "Bob" }) }));
      assert.deepEqual(r.failures, []);
    });

    it("spaces count in a name (only a postcode is compared without them)", () => {
      const r = checkSim(
        olds,
        rawInputs({ imei: "351234567890123", ...sub({ name: "AnnExample" }) }),
      );
      assert.deepEqual(
        r.failures.map((f) => f.property),
        ["subscriber.name"],
      );
    });

    it("an unknown subscriber field is let through, the known ones still compared", () => {
      const r = checkSim(
        olds,
        rawInputs({ imei: "351234567890123", ...sub({ name: UNKNOWN, address: "1 Other St" }) }),
      );
      assert.deepEqual(
        r.failures.map((f) => f.property),
        ["subscriber.address"],
      );
    });

    it("accepts the same details written differently", () => {
      const r = checkSim(
        olds,
        rawInputs({
          imei: "351234567890123",
          subscriber: { ...SUBSCRIBER, postcode: "ls101jq", contactNumber: "+44 113 320 3040" },
        }),
      );
      assert.deepEqual(r.failures, []);
    });

    it("accepts new details with a new ICCID (a replacement activates anew)", () => {
      const r = checkSim(olds, rawInputs({ iccid: ICCID2, ...sub({ name: "Bob" }) }));
      assert.deepEqual(r.failures, []);
    });

    it("lets an unknown through (checked again at up)", () => {
      const r = checkSim(olds, rawInputs({ subscriber: UNKNOWN, imei: UNKNOWN }));
      assert.deepEqual(r.failures, []);
    });

    it("does not apply on create", () => {
      assert.deepEqual(checkSim({}, rawInputs({ ...sub({ name: "Bob" }) })).failures, []);
    });
  });

  describe("failures as the engine gets them", () => {
    // The engine prints "property P value V": V is the top-level input P, in clear.
    it("a failure on a secret input carries no property, so its value is not printed", async () => {
      const h = harness();
      const r = await h.provider.check(checkedInputs(), rawInputs({ imei: "35" }));
      assert.deepEqual(r.failures, [
        { property: "", reason: "imei: must be exactly 15 digits (an IMEI)" },
      ]);
      const r2 = await h.provider.check({}, rawInputs({ subscriber: "Ann, 1 Road" }));
      assert.equal(r2.failures?.[0]?.property, "");
      assert.match(r2.failures?.[0]?.reason ?? "", /^subscriber: /);
    });

    it("nested and other failures keep their property", async () => {
      const h = harness();
      const r = await h.provider.check(
        checkedInputs(),
        rawInputs({ ...sub({ name: "Bob" }), geoNumber: "x" }),
      );
      assert.deepEqual(
        r.failures?.map((f) => f.property),
        ["geoNumber"],
      );
      const r2 = await h.provider.check(checkedInputs(), rawInputs({ ...sub({ name: "Bob" }) }));
      assert.deepEqual(
        r2.failures?.map((f) => f.property),
        ["subscriber.name"],
      );
    });
  });

  it("makes no gateway call, whatever the input", async () => {
    const h = harness();
    await h.provider.check({}, rawInputs({ iccid: "bad" }));
    await h.provider.check(checkedInputs(), rawInputs({ ...sub({ name: "Bob" }) }));
    assert.deepEqual(h.gw.calls, []);
  });
});
