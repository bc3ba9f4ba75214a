// The inventory's finer points, each as the user meets it: the whole text of a problem, the
// line it names after skipped lines, and the cells read leniently (spaces, a trailing comma,
// null from code) or strictly (a number only when all of the cell is one).

import assert from "node:assert/strict";
import { InventoryError, type InventoryProblem } from "../../../provider/errors";
import {
  parseInventoryCsv,
  parseInventoryRecords,
  readInventoryCsv,
  readInventoryRecords,
  type InventoryRecord,
} from "../../../provider/estate/inventory";
import { UNKNOWN } from "../../../provider/resources/sim/inputs";
import { COLUMNS, HEADER, ICCIDS, NUMBERS, cells, col, csv, line } from "./helpers";

const FILE = "inventory.csv";

/** The problems of an inventory that fn must refuse with an InventoryError. */
function problems(fn: () => unknown): InventoryProblem[] {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof InventoryError, `expected an InventoryError, got ${String(e)}`);
    return [...e.problems];
  }
  assert.fail("expected the inventory to be refused");
}

const record = (over: InventoryRecord = {}): InventoryRecord => ({
  iccid: ICCIDS[0],
  number: NUMBERS[0],
  ...over,
});

describe("inventory details: the header", () => {
  it("takes column names with spaces around them", () => {
    const inv = readInventoryCsv(
      ` iccid , Number ,suspended\n${ICCIDS[0]},${NUMBERS[0]},true\n`,
      FILE,
    );
    assert.deepEqual(inv.columns, { iccid: 1, number: 2, suspended: 3 });
    assert.deepEqual(
      inv.rows.map((r) => [r.iccid, r.geoNumber, r.suspended]),
      [[ICCIDS[0], NUMBERS[0], true]],
    );
  });

  it("names every required column missing", () => {
    assert.deepEqual(
      problems(() => parseInventoryCsv("name,address,postcode,contact\n", FILE)),
      [
        {
          file: FILE,
          line: 1,
          column: 5,
          reason: "the header lacks the required column(s) iccid, number (required: iccid, number)",
        },
      ],
    );
  });

  it("names every subscriber column missing", () => {
    assert.deepEqual(
      problems(() => parseInventoryCsv("iccid,number,name,contact\n", FILE)),
      [
        {
          file: FILE,
          line: 1,
          column: 5,
          reason:
            "the header lacks the subscriber column(s) address, postcode: the subscriber " +
            "columns (name, address, postcode, contact) go together, or leave all of them out " +
            "for SIMs already active",
        },
      ],
    );
  });
});

describe("inventory details: CSV syntax", () => {
  const csvReason = (text: string): [number, number, string] => {
    const [p, ...rest] = problems(() => parseInventoryCsv(text, FILE));
    assert.deepEqual(rest, []);
    return [p!.line, p!.column, p!.reason];
  };

  it("gives csv-parse's reason without the value it quotes, its line or its field", () => {
    // csv-parse counts fields from 0: its "field 13" would contradict the column, 14.
    const row = line(cells(0, { vmEmail: "EMAIL" })).replace("EMAIL", 'vm"SECRET"');
    const [lineNo, column, reason] = csvReason(`${HEADER}\n${row}\n`);
    assert.deepEqual(
      [lineNo, column, reason],
      [2, col("vmEmail"), "is not valid CSV: Invalid Opening Quote: a quote is found"],
    );
  });

  it("takes out a line number of two digits whole", () => {
    const rows = [0, 1, 2, 0, 1, 2, 0, 1].map((i) =>
      line(cells(i, { iccid: `89442000000000000${10 + i}`, number: `4411349600${10 + i}` })),
    );
    // Nine lines before the one that opens a quote; none of them is wrong.
    const text = `${HEADER}\n${rows.join("\n")}\n${ICCIDS[2]},"441134960002\n`;
    const [lineNo, , reason] = csvReason(text);
    assert.deepEqual(
      [lineNo, reason],
      [10, "is not valid CSV: Quote Not Closed: the parsing is finished with an opening quote"],
    );
  });

  it("gives the closing quote's reason without its line", () => {
    const [lineNo, , reason] = csvReason(`${HEADER}\n${ICCIDS[0]},"441134960000"x\n`);
    assert.deepEqual(
      [lineNo, reason],
      [
        2,
        'is not valid CSV: Invalid Closing Quote: got "x" instead of delimiter, record ' +
          "delimiter, trimable character (if activated) or comment",
      ],
    );
  });

  it("counts a record's line past several blank and comment lines before it", () => {
    const text = `${HEADER}\n${line(cells(0))}\n\n# a note\n\n${line(cells(1, { imei: "x" }))}\n`;
    const [p] = problems(() => parseInventoryCsv(text, FILE));
    assert.deepEqual([p!.line, p!.column, p!.columnName], [6, col("imei"), "imei"]);
  });

  it("counts the line of a last record that spans two lines and has no final newline", () => {
    const last = line(cells(1, { address: "11 Hunslet Road\nLeeds" }));
    const text = `${HEADER}\n${line(cells(0))}\n${last}`;
    const [p] = problems(() => parseInventoryCsv(text, FILE));
    // The address is refused (no line breaks in it), on the line the record starts on.
    assert.deepEqual([p!.line, p!.column], [3, col("address")]);
  });

  it("counts a record's line past one blank line before it", () => {
    const text = `${HEADER}\n\n${line(cells(0, { imei: "x" }))}\n`;
    const [p] = problems(() => parseInventoryCsv(text, FILE));
    assert.deepEqual([p!.line, p!.column], [3, col("imei")]);
  });
});

describe("inventory details: cells", () => {
  it("refuses the engine's unknown sentinel with spaces around it", () => {
    assert.deepEqual(
      problems(() => parseInventoryCsv(csv(cells(0, { name: ` ${UNKNOWN} ` })), FILE)),
      [
        {
          file: FILE,
          line: 2,
          column: col("name"),
          columnName: "name",
          reason: "is not a valid value",
        },
      ],
    );
  });

  it("refuses a delay written with an exponent: a number only when all of the cell is one", () => {
    for (const vmDelay of ["1e1", "2e1"]) {
      const [p, ...rest] = problems(() => parseInventoryCsv(csv(cells(0, { vmDelay })), FILE));
      assert.deepEqual(rest, [], vmDelay);
      assert.deepEqual([p!.column, p!.columnName], [col("vmDelay"), "vmDelay"], vmDelay);
      assert.match(p!.reason, /from 0 to 120/, vmDelay);
    }
  });

  it("takes services with commas, a comma first or last included", () => {
    for (const services of ["internet, moVoice,", ",internet,moVoice", "internet,,moVoice"]) {
      const [row] = parseInventoryCsv(csv(cells(0, { services })), FILE);
      const on = Object.entries(row!.services!).filter(([, v]) => v);
      assert.deepEqual(
        on.map(([k]) => k),
        ["moVoice", "internet"],
        services,
      );
      assert.equal(Object.keys(row!.services!).length, 7, services);
    }
  });

  it("pins by a config key with spaces after config:", () => {
    const [row] = parseInventoryCsv(csv(cells(0, { vmPin: "config:  vmPinAda" })), FILE);
    assert.deepEqual(row!.voicemail, { pinConfig: "vmPinAda" });
  });

  it("says what a config key may hold when the vmPin cell's is not one", () => {
    assert.deepEqual(
      problems(() => parseInventoryCsv(csv(cells(0, { vmPin: "config:vm pin" })), FILE)),
      [
        {
          file: FILE,
          line: 2,
          column: col("vmPin"),
          columnName: "vmPin",
          reason:
            "must name a stack config key after config:, e.g. config:vmPinAda " +
            "(letters, digits, _ . -; a namespace as ns:key)",
        },
      ],
    );
  });
});

describe("inventory details: records from code", () => {
  it("takes null as empty in true-or-false cells", () => {
    const [row] = parseInventoryRecords([
      record({ suspended: null, adopt: null, vmNotify: null, recActive: null } as InventoryRecord),
    ]);
    assert.deepEqual(row, { line: 1, iccid: ICCIDS[0], geoNumber: NUMBERS[0] });
  });

  it('names the records "inventory records" when no source is given', () => {
    assert.equal(readInventoryRecords([record()]).file, "inventory records");
    const bad = [record({ imei: "12" })];
    for (const fn of [() => readInventoryRecords(bad), () => parseInventoryRecords(bad)]) {
      const [p] = problems(fn);
      assert.deepEqual([p!.file, p!.line, p!.column], ["inventory records", 1, col("imei")]);
    }
  });

  it("refuses each unknown key at its own place after the known columns", () => {
    const bad = { ...record(), roaming: true, colour: "red" } as InventoryRecord;
    assert.deepEqual(
      problems(() => parseInventoryRecords([bad])).map((p) => [p.line, p.column, p.columnName]),
      [
        [1, COLUMNS.length + 1, "roaming"],
        [1, COLUMNS.length + 2, "colour"],
      ],
    );
  });
});
