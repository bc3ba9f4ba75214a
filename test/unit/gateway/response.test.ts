import assert from "node:assert/strict";
import { parseAnswer, parseStatusValue } from "../../../provider/gateway/response";

describe("gateway answer parser", () => {
  it("reads status: 200 alone", () => {
    const a = parseAnswer("status: 200");
    assert.deepEqual(a.status, { kind: "ok" });
    assert.equal(a.fields.size, 0);
    assert.deepEqual(a.problems, []);
  });

  it("reads status and fields", () => {
    const a = parseAnswer("status: 200\nid: 117234\n");
    assert.deepEqual(a.status, { kind: "ok" });
    assert.equal(a.fields.get("id"), "117234");
    assert.deepEqual(a.problems, []);
  });

  it("reads a list of codes", () => {
    assert.deepEqual(parseAnswer("status: 63028,63030").status, {
      kind: "refused",
      codes: [63028, 63030],
    });
    assert.deepEqual(parseAnswer("status: 63028 , 63030 ,").status, {
      kind: "refused",
      codes: [63028, 63030],
    });
    assert.deepEqual(parseAnswer("status: 401").status, { kind: "refused", codes: [401] });
  });

  it("handles CRLF, lone CR, blank lines, surrounding spaces and a BOM", () => {
    const a = parseAnswer(
      "\uFEFF\r\n\r\n  status:200  \r\n\r\nrequeststate: pending\riccid : 123 \r\n",
    );
    assert.deepEqual(a.status, { kind: "ok" });
    assert.equal(a.fields.get("requeststate"), "pending");
    assert.equal(a.fields.get("iccid"), "123");
    assert.deepEqual(a.problems, []);
  });

  it("splits at the first colon, so values may hold colons", () => {
    const a = parseAnswer("status: 200\nemail: a:b@example.com\nnote: http://x:80/y");
    assert.equal(a.fields.get("email"), "a:b@example.com");
    assert.equal(a.fields.get("note"), "http://x:80/y");
  });

  it("keeps the first of duplicate keys and says so", () => {
    const a = parseAnswer("status: 200\nid: 1\nid: 2");
    assert.equal(a.fields.get("id"), "1");
    assert.equal(a.problems.length, 1);
    assert.match(a.problems[0]!, /"id" repeated/);
  });

  it("lower-cases keys", () => {
    const a = parseAnswer("Status: 200\nID: 9");
    assert.deepEqual(a.status, { kind: "ok" });
    assert.equal(a.fields.get("id"), "9");
  });

  it("keeps empty values", () => {
    const a = parseAnswer("status: 200\ngeo_nos:\nimsi: ");
    assert.equal(a.fields.get("geo_nos"), "");
    assert.equal(a.fields.get("imsi"), "");
  });

  it("reports lines that are not key: value but keeps the status", () => {
    const a = parseAnswer("status: 200\nwhat is this\n: no key\nid: 5");
    assert.deepEqual(a.status, { kind: "ok" });
    assert.equal(a.fields.get("id"), "5");
    assert.equal(a.problems.length, 2);
  });

  it("calls an empty answer unreadable", () => {
    for (const text of ["", "   ", "\r\n\r\n", "\uFEFF"]) {
      const a = parseAnswer(text);
      assert.equal(a.status.kind, "unreadable", JSON.stringify(text));
      assert.match((a.status as { reason: string }).reason, /empty/);
    }
  });

  it("calls HTML unreadable, even with a status line inside", () => {
    const html = "<html>\n<head><title>502 Bad Gateway</title></head>\nstatus: 200\n</html>";
    const a = parseAnswer(html);
    assert.equal(a.status.kind, "unreadable");
    assert.match((a.status as { reason: string }).reason, /no status line first: "<html>/);
    assert.ok(a.problems.some((p) => /not the first line/.test(p)));
  });

  it("wants the status on the first line", () => {
    assert.equal(parseAnswer("id: 5\nstatus: 200").status.kind, "unreadable");
  });

  it("ignores a second status line", () => {
    const a = parseAnswer("status: 200\nstatus: 63001");
    assert.deepEqual(a.status, { kind: "ok" });
    assert.equal(a.problems.length, 1);
  });

  it("calls a status with no code unreadable", () => {
    for (const v of ["", "ok", "abc,def", " , "]) {
      assert.equal(parseAnswer(`status: ${v}`).status.kind, "unreadable", v);
    }
  });

  it("keeps the codes of a status that also holds junk", () => {
    const r = parseStatusValue("63001,x");
    assert.deepEqual(r.status, { kind: "refused", codes: [63001] });
    assert.equal(r.problems.length, 1);
  });

  it("reports 200 mixed with error codes as the error codes", () => {
    const r = parseStatusValue("200,63001");
    assert.deepEqual(r.status, { kind: "refused", codes: [63001] });
    assert.equal(r.problems.length, 1);
  });

  it("does not let a __proto__ key touch any prototype", () => {
    const a = parseAnswer("status: 200\n__proto__: polluted\nconstructor: x");
    assert.equal(a.fields.get("__proto__"), "polluted");
    assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
  });

  it("caps the number of problems it keeps", () => {
    const a = parseAnswer("status: 200\n" + "junk\n".repeat(1000));
    assert.ok(a.problems.length <= 20);
  });

  it("never throws on arbitrary input", () => {
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = "status:200,63001\r\n \uFEFF<>:é\u0000id";
    for (let i = 0; i < 2000; i++) {
      let s = "";
      const n = Math.floor(rand() * 60);
      for (let j = 0; j < n; j++) s += alphabet[Math.floor(rand() * alphabet.length)];
      const a = parseAnswer(s);
      assert.ok(["ok", "refused", "unreadable"].includes(a.status.kind));
    }
  });
});
