import assert from "node:assert/strict";
import {
  UnreadableItems,
  parseDespatchAnswer,
  readBatches,
  readOrder,
} from "../../../provider/despatch/answer";

const VENDOR_EXAMPLE =
  "0: Successful\nname:John Smith\ncompany:aql\naddress:11-15 Hunslet Road,Leeds\n" +
  "postcode:LS10 1JQ\ncontact_no:441133203040\niccid:1234567890123\nstatus:despatched\n";

function ok(text: string) {
  const a = parseDespatchAnswer(text);
  assert.equal(a.kind, "ok", JSON.stringify(a));
  return (a as { items: readonly (readonly [string, string])[] }).items;
}

describe("despatch answers", () => {
  it("reads the vendor's example order", () => {
    assert.deepEqual(readOrder(ok(VENDOR_EXAMPLE)), {
      status: "despatched",
      iccids: ["1234567890123"],
      name: "John Smith",
      company: "aql",
      address: "11-15 Hunslet Road,Leeds",
      postcode: "LS10 1JQ",
      contactNumber: "441133203040",
    });
  });

  it("reads the vendor's example stock list, keeping product codes as written", () => {
    assert.deepEqual(readBatches(ok("0: Successful\nAQL-123:2031\nABC-456:20000\n")), [
      { productCode: "AQL-123", quantity: 2031 },
      { productCode: "ABC-456", quantity: 20000 },
    ]);
    assert.deepEqual(readBatches(ok("0: Successful\n")), []);
  });

  it("takes CRLF, a BOM, blank lines and spaces around the colon", () => {
    const items = ok("\uFEFF0 : Successful\r\n\r\n status : processing \r\n");
    assert.deepEqual(items, [["status", "processing"]]);
  });

  it("splits an item at its first colon only", () => {
    assert.deepEqual(ok("0: Successful\naddress:Unit 2: Rear, Leeds\n"), [
      ["address", "Unit 2: Rear, Leeds"],
    ]);
  });

  it("reads several ICCIDs, none before despatch, and any case of status", () => {
    assert.deepEqual(
      readOrder([
        ["iccid", "111, 222,333"],
        ["STATUS", "Processing"],
      ]).iccids,
      ["111", "222", "333"],
    );
    assert.deepEqual(readOrder([["status", "processing"]]), { status: "processing", iccids: [] });
    assert.equal(readOrder([["status", "cancelled"]]).status, "cancelled");
  });

  it("reports any other exit code as a refusal with its text", () => {
    assert.deepEqual(parseDespatchAnswer("7: Insufficient stock\n"), {
      kind: "refused",
      code: 7,
      text: "Insufficient stock",
    });
    assert.deepEqual(parseDespatchAnswer("12:"), { kind: "refused", code: 12, text: "" });
  });

  it("calls anything without an exit code first unreadable", () => {
    for (const text of ["", "  \n", "<html>503</html>", "status: 200", "Successful: 0"]) {
      assert.equal(parseDespatchAnswer(text).kind, "unreadable", JSON.stringify(text));
    }
  });

  it("refuses an order answer without a known status, and a bad quantity", () => {
    assert.throws(() => readOrder([["name", "x"]]), UnreadableItems);
    assert.throws(() => readOrder([["status", "lost"]]), /unknown order status "lost"/);
    assert.throws(() => readBatches([["AQL-1", "many"]]), UnreadableItems);
    assert.throws(() => readBatches([["AQL-1", "-3"]]), UnreadableItems);
  });
});
