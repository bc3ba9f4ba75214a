import assert from "node:assert/strict";
import { InventoryError } from "../../../provider/errors";
import {
  parseInventoryCsv,
  parseInventoryRecords,
  type InventoryRecord,
} from "../../../provider/estate/inventory";
import { UNKNOWN } from "../../../provider/resources/sim/inputs";
import { COLUMNS, HEADER, ICCIDS, NUMBERS, cells, col, csv, line } from "./helpers";

const FILE = "inventory.csv";

/** Runs fn, which must throw an InventoryError; returns it. */
function refused(fn: () => unknown): InventoryError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof InventoryError, `expected an InventoryError, got ${String(e)}`);
    assert.equal(e.code, "INVENTORY_ERROR");
    return e;
  }
  assert.fail("expected the inventory to be refused");
}

describe("inventory: a valid CSV", () => {
  it("gives one normalised row per SIM, in file order, with its line", () => {
    const rows = parseInventoryCsv(
      csv(
        cells(0, { number: "+44 113 496 0000", postcode: "ls10 1jq", imei: "490154203237518" }),
        cells(1),
      ),
      FILE,
    );
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[0], {
      line: 2,
      iccid: ICCIDS[0],
      geoNumber: NUMBERS[0],
      subscriber: {
        name: "Subscriber 1",
        address: "11-15 Hunslet Road, Leeds",
        postcode: "LS10 1JQ",
        contactNumber: "441133203040",
      },
      imei: "490154203237518",
    });
    assert.equal(rows[1]!.line, 3);
  });

  it("leaves services, suspended and deletionPolicy to the estate when their cells are empty", () => {
    const [row] = parseInventoryCsv(csv(cells(0)), FILE);
    assert.equal(row!.services, undefined);
    assert.equal(row!.suspended, undefined);
    assert.equal(row!.deletionPolicy, undefined);
    assert.equal(row!.voicemail, undefined);
    assert.equal(row!.recording, undefined);
  });

  it("manages all seven services when the cell names some: the named on, the rest off", () => {
    const [row] = parseInventoryCsv(
      csv(cells(0, { services: " moVoice  internet intRoaming" })),
      FILE,
    );
    assert.deepEqual(row!.services, {
      intRoaming: true,
      intCall: false,
      moVoice: true,
      mtVoice: false,
      moSms: false,
      mtSms: false,
      internet: true,
    });
  });

  it("reads `none` as every service off", () => {
    const [row] = parseInventoryCsv(csv(cells(0, { services: "none" })), FILE);
    assert.ok(Object.values(row!.services!).every((v) => v === false));
    assert.equal(Object.keys(row!.services!).length, 7);
  });

  it("reads suspended, deletionPolicy, voicemail and recording cells", () => {
    const [row] = parseInventoryCsv(
      csv(
        cells(0, {
          suspended: "TRUE",
          deletionPolicy: "retain",
          vmDelay: "20",
          vmPin: "0123",
          vmEmail: "vm@example.com",
          vmNotify: "true",
          vmAttach: "true",
          recActive: "false",
          recOnDemand: "true",
        }),
      ),
      FILE,
    );
    assert.equal(row!.suspended, true);
    assert.equal(row!.deletionPolicy, "retain");
    assert.deepEqual(row!.voicemail, {
      delaySeconds: 20,
      pin: "0123",
      email: "vm@example.com",
      notify: true,
      attach: true,
    });
    assert.deepEqual(row!.recording, { active: false, onDemand: true });
  });

  it("takes the columns in any order, any case, with a BOM, CRLF, comments and blank lines", () => {
    const text =
      "\uFEFF# the estate\r\nNumber,ICCID,Name,Address,Postcode,Contact\r\n\r\n" +
      `${NUMBERS[0]},${ICCIDS[0]},Ann,"1 Road, Leeds",LS10 1JQ,441133203040\r\n` +
      "# a comment line\r\n" +
      `${NUMBERS[1]},${ICCIDS[1]},Bob,Flat #2 Road,LS10 1JQ,441133203040\r\n`;
    const rows = parseInventoryCsv(text, FILE);
    assert.deepEqual(
      rows.map((r) => [r.line, r.iccid, r.subscriber?.address]),
      [
        [4, ICCIDS[0], "1 Road, Leeds"],
        [6, ICCIDS[1], "Flat #2 Road"],
      ],
    );
  });

  it("accepts a header alone: an empty estate", () => {
    assert.deepEqual(parseInventoryCsv(HEADER + "\n", FILE), []);
  });
});

/** [what, file text, line, column, reason pattern] */
const MALFORMED: [string, string, number, number, RegExp][] = [
  ["an empty file", "", 1, 1, /is empty: it needs a header row \(at least iccid,number\)/],
  [
    "an unknown column",
    "iccid,number,name,address,postcode,contact,roaming\n",
    1,
    7,
    /roaming is not an inventory column; the columns are iccid, number/,
  ],
  [
    "a column twice",
    "iccid,number,name,address,postcode,contact,Number\n",
    1,
    7,
    /number appears twice in the header \(first as field 2\)/,
  ],
  [
    "a required column missing",
    "iccid,name,address,postcode,contact\n",
    1,
    6,
    /the header lacks the required column\(s\) number \(required: iccid, number\)/,
  ],
  [
    "subscriber columns in part",
    "iccid,number,name,address,contact\n",
    1,
    6,
    /the header lacks the subscriber column\(s\) postcode: the subscriber columns \(name, address, postcode, contact\) go together, or leave all of them out for SIMs already active/,
  ],
  [
    "a header field with no name",
    "iccid,,number,name,address,postcode,contact\n",
    1,
    2,
    /the header's field 2 has no name; the columns are iccid, number, /,
  ],
  [
    "a quote never closed",
    `${HEADER}\n${line(cells(0))}\n${ICCIDS[1]},"441134960001\n`,
    3,
    2,
    /is not valid CSV: Quote Not Closed/,
  ],
  [
    "a quote inside an unquoted field",
    `${HEADER}\n${ICCIDS[0]},44113"4960000"\n`,
    2,
    2,
    /is not valid CSV: Invalid Opening Quote/,
  ],
  [
    "too few fields",
    `${HEADER}\n${ICCIDS[0]},${NUMBERS[0]},Ann\n`,
    2,
    4,
    new RegExp(`has 3 field\\(s\\) and the header ${COLUMNS.length}`),
  ],
  [
    "too many fields",
    `${HEADER}\n${line(cells(0))},extra\n`,
    2,
    COLUMNS.length + 1,
    new RegExp(`has ${COLUMNS.length + 1} field\\(s\\) and the header ${COLUMNS.length}`),
  ],
  [
    "an ICCID with letters",
    csv(cells(0, { iccid: "8944ABC" })),
    2,
    col("iccid"),
    /iccid must be 18 to 22 digits/,
  ],
  ["no number", csv(cells(0, { number: "" })), 2, col("number"), /number is required/],
  [
    "a number with a leading 0",
    csv(cells(0, { number: "01134960000" })),
    2,
    col("number"),
    /E\.164/,
  ],
  [
    "no name, with the other subscriber cells",
    csv(cells(0, { name: "  " })),
    2,
    col("name"),
    /name is empty while other subscriber columns are given: name, address, postcode and contact go together/,
  ],
  [
    "a name with a control character",
    csv(cells(0, { name: "Ann\u0007" })),
    2,
    col("name"),
    /letters, digits/,
  ],
  ["a bad postcode", csv(cells(0, { postcode: "LS10" })), 2, col("postcode"), /UK postcode/],
  ["a bad contact number", csv(cells(0, { contact: "call me" })), 2, col("contact"), /E\.164/],
  ["a short IMEI", csv(cells(0, { imei: "12345" })), 2, col("imei"), /15 digits/],
  [
    "an unknown service",
    csv(cells(0, { services: "internet roaming" })),
    2,
    col("services"),
    /"roaming", which is not a settable service/,
  ],
  [
    "a gateway service name",
    csv(cells(0, { services: "int_roaming" })),
    2,
    col("services"),
    /did you mean intRoaming\?/,
  ],
  [
    "none with others",
    csv(cells(0, { services: "none internet" })),
    2,
    col("services"),
    /goes alone/,
  ],
  [
    "suspended yes",
    csv(cells(0, { suspended: "yes" })),
    2,
    col("suspended"),
    /suspended must be true or false/,
  ],
  [
    "an unknown deletion policy",
    csv(cells(0, { deletionPolicy: "destroy" })),
    2,
    col("deletionPolicy"),
    /must be one of "terminate", "suspend", "retain"/,
  ],
  [
    "a voicemail delay over 120",
    csv(cells(0, { vmDelay: "121" })),
    2,
    col("vmDelay"),
    /at most 120/,
  ],
  [
    "a voicemail delay in words",
    csv(cells(0, { vmDelay: "twenty" })),
    2,
    col("vmDelay"),
    /whole number of seconds/,
  ],
  [
    "a fractional voicemail delay",
    csv(cells(0, { vmDelay: "2.5" })),
    2,
    col("vmDelay"),
    /whole number/,
  ],
  ["a voicemail PIN of letters", csv(cells(0, { vmPin: "12a4" })), 2, col("vmPin"), /four digits/],
  [
    "a bad voicemail email",
    csv(cells(0, { vmEmail: "not-an-email" })),
    2,
    col("vmEmail"),
    /email address/,
  ],
  [
    "voicemail attach without notify",
    csv(cells(0, { vmAttach: "true" })),
    2,
    col("vmAttach"),
    /needs notify: true/,
  ],
  [
    "recording attach with notify false",
    csv(cells(0, { recNotify: "false", recAttach: "true" })),
    2,
    col("recAttach"),
    /needs notify: true/,
  ],
  [
    "recording active as 1",
    csv(cells(0, { recActive: "1" })),
    2,
    col("recActive"),
    /recActive must be true or false/,
  ],
  ["a bad recording email", csv(cells(0, { recEmail: "x@" })), 2, col("recEmail"), /email address/],
  // A cell is a number only when all of it is one: "20x" and "x20" are text, for the schema.
  [
    "a delay with a letter after",
    csv(cells(0, { vmDelay: "20x" })),
    2,
    col("vmDelay"),
    /from 0 to 120/,
  ],
  [
    "a delay with a letter before",
    csv(cells(0, { vmDelay: "x20" })),
    2,
    col("vmDelay"),
    /from 0 to 120/,
  ],
  [
    "a delay with two decimals",
    csv(cells(0, { vmDelay: "2.55" })),
    2,
    col("vmDelay"),
    /whole number of seconds \(nothing/,
  ],
  [
    "a service in capitals",
    csv(cells(0, { services: "INTROAMING" })),
    2,
    col("services"),
    /"INTROAMING", which is not a settable service \(did you mean intRoaming\?\); the services are intRoaming, intCall, moVoice, mtVoice, moSms, mtSms, internet, space-separated, or none/,
  ],
  [
    "a service like no other, with no hint",
    csv(cells(0, { services: "roaming" })),
    2,
    col("services"),
    /"roaming", which is not a settable service; the services are/,
  ],
  [
    "the engine's unknown value",
    csv(cells(0, { name: UNKNOWN })),
    2,
    col("name"),
    /name is not a valid value/,
  ],

  [
    "a repeated ICCID",
    csv(cells(0), cells(1, { iccid: ICCIDS[0]! })),
    3,
    col("iccid"),
    /repeats the ICCID on line 2/,
  ],
  [
    "a repeated number, written differently",
    csv(cells(0), cells(1, { number: "+44 113 496 0000" })),
    3,
    col("number"),
    /repeats the number on line 2/,
  ],
  [
    "a bad row after comments and blank lines",
    `# estate\n${HEADER}\n\n${line(cells(0))}\n# note\n${line(cells(1, { imei: "x" }))}\n`,
    6,
    col("imei"),
    /15 digits/,
  ],
];

describe("inventory: malformed CSV is refused with file, line and column", () => {
  for (const [what, text, lineNo, column, reason] of MALFORMED) {
    it(what, () => {
      const e = refused(() => parseInventoryCsv(text, FILE));
      const p = e.problems[0];
      assert.equal(p.file, FILE);
      assert.deepEqual([p.line, p.column], [lineNo, column], e.message);
      assert.equal(e.line, lineNo);
      assert.equal(e.column, column);
      assert.match(e.message, reason);
      assert.ok(e.message.startsWith(`${FILE}:${lineNo}:${column}: `), e.message);
    });
  }

  it("lists every problem, sorted by line and column", () => {
    const e = refused(() =>
      parseInventoryCsv(
        csv(
          cells(0, { postcode: "bad", suspended: "maybe" }),
          cells(1, { iccid: ICCIDS[0]!, vmPin: "1" }),
        ),
        FILE,
      ),
    );
    assert.deepEqual(
      e.problems.map((p) => [p.line, p.column, p.columnName]),
      [
        [2, col("postcode"), "postcode"],
        [2, col("suspended"), "suspended"],
        [3, col("iccid"), "iccid"],
        [3, col("vmPin"), "vmPin"],
      ],
    );
    assert.match(
      e.message,
      /^inventory\.csv has 4 problems \(nothing was sent to the gateway\):\n/,
    );
    assert.match(e.message, /\n {2}inventory\.csv:3:1: iccid repeats the ICCID on line 2/);
  });

  it("counts lines through a quoted cell that spans two", () => {
    const e = refused(() =>
      parseInventoryCsv(
        csv(cells(0, { address: "11 Hunslet Road\nLeeds" }), cells(1, { postcode: "nope" })),
        FILE,
      ),
    );
    assert.deepEqual(
      e.problems.map((p) => [p.line, p.column]),
      [
        [2, col("address")],
        [4, col("postcode")],
      ],
    );
  });

  it("reports a cell once, not again through the schema", () => {
    const e = refused(() =>
      parseInventoryCsv(csv(cells(0, { vmNotify: "sure", vmAttach: "true" })), FILE),
    );
    assert.deepEqual(
      e.problems.map((p) => p.columnName),
      ["vmNotify"],
    );
  });

  it("never quotes a subscriber's details back", () => {
    const e = refused(() =>
      parseInventoryCsv(csv(cells(0, { name: "Secret Person\u0007", postcode: "SECRET" })), FILE),
    );
    assert.doesNotMatch(e.message, /Secret Person|SECRET/);
  });
});

describe("inventory: records from code", () => {
  const record = (over: InventoryRecord = {}): InventoryRecord => ({
    iccid: ICCIDS[0],
    number: NUMBERS[0],
    name: "Ann",
    address: "1 Road",
    postcode: "LS10 1JQ",
    contact: "441133203040",
    ...over,
  });

  it("takes typed values: booleans, numbers and a list of services", () => {
    const [row] = parseInventoryRecords([
      record({ services: ["internet"], suspended: true, vmDelay: 15, vmNotify: true }),
    ]);
    assert.equal(row!.services!.internet, true);
    assert.equal(row!.services!.moVoice, false);
    assert.equal(row!.suspended, true);
    assert.deepEqual(row!.voicemail, { delaySeconds: 15, notify: true });
  });

  it("takes null as an empty cell, and refuses a number where true or false is asked", () => {
    const [row] = parseInventoryRecords([
      record({ vmDelay: null, vmPin: null } as InventoryRecord),
    ]);
    assert.equal(row!.voicemail, undefined);
    const e = refused(() => parseInventoryRecords([record({ suspended: 1 } as InventoryRecord)]));
    assert.deepEqual([e.line, e.column], [1, col("suspended")]);
    assert.match(e.message, /suspended must be true or false/);
    const [plus] = parseInventoryRecords([record({ vmDelay: "+20" })]);
    assert.deepEqual(plus!.voicemail, { delaySeconds: 20 });
  });

  it("takes the CSV's text values too", () => {
    const [row] = parseInventoryRecords([record({ services: "moSms", suspended: "false" })]);
    assert.equal(row!.services!.moSms, true);
    assert.equal(row!.suspended, false);
  });

  it("refuses with the record's index as line and the column's canonical position", () => {
    const e = refused(() =>
      parseInventoryRecords(
        [record(), record({ iccid: ICCIDS[1], number: NUMBERS[1], postcode: "bad" })],
        "estate.ts",
      ),
    );
    assert.deepEqual([e.file, e.line, e.column], ["estate.ts", 2, col("postcode")]);
  });

  it("refuses an ICCID given as a JS number (it would lose digits)", () => {
    const e = refused(() => parseInventoryRecords([record({ iccid: 8944200000000000 })]));
    assert.deepEqual([e.line, e.column], [1, col("iccid")]);
    assert.match(e.message, /must be text/);
    assert.equal(e.problems.length, 1);
  });

  it("refuses an unknown key, placed after the known columns", () => {
    const bad = { ...record(), roaming: true } as InventoryRecord;
    const e = refused(() =>
      parseInventoryRecords([record({ iccid: ICCIDS[1], number: NUMBERS[1] }), bad]),
    );
    assert.deepEqual(
      [e.line, e.column, e.problems[0].columnName],
      [2, COLUMNS.length + 1, "roaming"],
    );
  });

  it("refuses duplicates across records", () => {
    const e = refused(() => parseInventoryRecords([record(), record({ number: NUMBERS[1] })]));
    assert.deepEqual([e.line, e.column], [2, col("iccid")]);
  });

  it("refuses the engine's unknown sentinel as a value", () => {
    const e = refused(() =>
      parseInventoryRecords([record({ iccid: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" })]),
    );
    assert.equal(e.column, col("iccid"));
  });
});
