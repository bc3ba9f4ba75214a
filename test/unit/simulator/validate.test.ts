import assert from "node:assert/strict";
import { parseParams, serviceParams } from "../../../simulator/params";
import {
  crispCheck,
  iccidCode,
  imeiCode,
  landlineCode,
  recordingPatch,
  serviceSelection,
  subscriberCheck,
  voicemailPatch,
} from "../../../simulator/validate";

const p = (o: Record<string, string>) => parseParams("", new URLSearchParams(o).toString());
const GOOD = {
  subname: "My Name",
  subaddress: "11  15 Hunslet Road, Leeds",
  subpostcode: "LS101JQ",
  subcontactno: "441133203040",
};

describe("simulator validation (pure)", () => {
  it("ICCID: 18 to 22 digits, Luhn not required (the vendor example fails it)", () => {
    assert.equal(iccidCode("1111111111000000001"), null);
    assert.equal(iccidCode("894420000000000000"), null);
    assert.equal(iccidCode("8944200000000000000000"), null);
    for (const bad of [
      undefined,
      "",
      "89442000000000000",
      "89442000000000000000000",
      "8944x000000000000000",
      " 8944200000000000000",
    ]) {
      assert.equal(iccidCode(bad), 63001, String(bad));
    }
  });

  it("landline: UK geographic E.164 digits", () => {
    for (const good of ["44113000000", "441134960000", "442071234567"])
      assert.equal(landlineCode(good), null);
    for (const bad of [
      undefined,
      "",
      "+441134960000",
      "07700900000",
      "447700900000",
      "4411349600001234",
      "44113 496000",
    ]) {
      assert.equal(landlineCode(bad), 63201, String(bad));
    }
  });

  it("IMEI: absent or 15 digits", () => {
    assert.equal(imeiCode(undefined), null);
    assert.equal(imeiCode(""), null);
    assert.equal(imeiCode("490154203237518"), null);
    assert.equal(imeiCode("49015420323751"), 63007);
    assert.equal(imeiCode("49015420323751x"), 63007);
  });

  it("subscriber: the vendor example passes, each bad field has its code, all reported", () => {
    assert.deepEqual(subscriberCheck(p(GOOD)).codes, []);
    assert.equal(subscriberCheck(p(GOOD)).subscriber.postcode, "LS101JQ");
    assert.deepEqual(subscriberCheck(p({ ...GOOD, subname: "" })).codes, [63028]);
    assert.deepEqual(subscriberCheck(p({ ...GOOD, subname: "<script>" })).codes, [63028]);
    assert.deepEqual(subscriberCheck(p({ ...GOOD, subname: "x".repeat(101) })).codes, [63028]);
    assert.deepEqual(subscriberCheck(p({ ...GOOD, subname: "12345" })).codes, [63028]);
    assert.deepEqual(subscriberCheck(p({ ...GOOD, subaddress: "   " })).codes, [63029]);
    assert.deepEqual(subscriberCheck(p({ ...GOOD, subaddress: "a\u0000b" })).codes, [63029]);
    assert.deepEqual(subscriberCheck(p({ ...GOOD, subpostcode: "NOPE" })).codes, [63030]);
    assert.deepEqual(subscriberCheck(p({ ...GOOD, subpostcode: "ls10 1jq" })).codes, []);
    assert.deepEqual(subscriberCheck(p({ ...GOOD, subcontactno: "12ab" })).codes, [63031]);
    const { subname: _n, subpostcode: _p, ...rest } = GOOD;
    assert.deepEqual(subscriberCheck(p(rest)).codes, [63028, 63030]);
  });

  it("services: 63023 none, 63104 unknown, 63004 read-only or a value, 63032 unsupported", () => {
    const sel = (o: Record<string, string>, unsupported: string[] = []) =>
      serviceSelection(serviceParams(p(o)), new Set(unsupported));
    assert.deepEqual(sel({}), { codes: [63023], services: [] });
    assert.deepEqual(sel({ "service[mo_voice]": "", "service[internet]": "" }), {
      codes: [],
      services: ["mo_voice", "internet"],
    });
    assert.deepEqual(sel({ "service[foo]": "" }).codes, [63104]);
    assert.deepEqual(sel({ "service[]": "" }).codes, [63104]);
    assert.deepEqual(sel({ "service[premium]": "" }).codes, [63004]);
    assert.deepEqual(sel({ "service[video]": "" }).codes, [63004]);
    assert.deepEqual(sel({ "service[mms]": "" }).codes, [63004]);
    assert.deepEqual(sel({ "service[mo_sms]": "1" }).codes, [63004]);
    assert.deepEqual(sel({ "service[int_roaming]": "" }, ["int_roaming"]).codes, [63032]);
    assert.deepEqual(
      sel({ "service[foo]": "", "service[mms]": "", "service[int_call]": "" }, ["int_call"]).codes,
      [63104, 63004, 63032],
    );
  });

  it("crisp: action, email, and enable-new's parent number and password", () => {
    const base = { action: "enable-existing", "crisp-email": "a@b.co" };
    assert.deepEqual(crispCheck(p(base)).codes, []);
    assert.deepEqual(crispCheck(p({ ...base, action: "on" })).codes, [63207]);
    assert.deepEqual(crispCheck(p({ ...base, "crisp-email": "nope" })).codes, [63208]);
    assert.deepEqual(crispCheck(p({ ...base, action: "enable-new" })).codes, [63209, 63210]);
    assert.deepEqual(
      crispCheck(
        p({
          ...base,
          action: "enable-new",
          "parent-sms-number": "447700900123",
          "crisp-password": "s3cret!",
        }),
      ).codes,
      [],
    );
    assert.deepEqual(
      crispCheck(
        p({ ...base, action: "enable-new", "parent-sms-number": "12", "crisp-password": "short" }),
      ).codes,
      [63209, 63210],
    );
    assert.deepEqual(crispCheck(p({ ...base, action: "disable" })).codes, []);
  });

  it("voicemail and recording config values", () => {
    assert.deepEqual(
      voicemailPatch(p({ delay: "30", pin: "1234", email: "x@y.com", notify: "1", attach: "0" })),
      {
        codes: [],
        patch: { delay: 30, pin: "1234", email: "x@y.com", notify: true, attach: false },
      },
    );
    for (const bad of [
      { delay: "121" },
      { delay: "-1" },
      { delay: "x" },
      { pin: "123" },
      { email: "x" },
      { notify: "yes" },
    ]) {
      assert.deepEqual(voicemailPatch(p(bad)).codes, [63004], JSON.stringify(bad));
    }
    assert.deepEqual(recordingPatch(p({ active: "1", ondemand: "0" })), {
      codes: [],
      patch: { active: true, ondemand: false },
    });
    assert.deepEqual(recordingPatch(p({ active: "2" })).codes, [63004]);
  });

  it("params: the body wins over the query, the last repeated key wins", () => {
    const m = parseParams("?a=1&b=2&b=3", "a=9&c=%20x+y");
    assert.deepEqual(
      [...m],
      [
        ["a", "9"],
        ["b", "3"],
        ["c", " x y"],
      ],
    );
  });
});
