// The inventory's finer points, each as the user meets it: the whole text of a problem, the
// line it names after skipped lines, and the cells read leniently (spaces, a trailing comma,
// null from code) or strictly (a number only when all of the cell is one).

import assert from "node:assert/strict";
import { InventoryError, type InventoryProblem } from "../../../provider/errors";
import { parseInventoryCsv } from "../../../provider/estate/inventory";
import { HEADER, ICCIDS, cells, col, line } from "./helpers";

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

  it("counts a record's line past one blank line before it", () => {
    const text = `${HEADER}\n\n${line(cells(0, { imei: "x" }))}\n`;
    const [p] = problems(() => parseInventoryCsv(text, FILE));
    assert.deepEqual([p!.line, p!.column], [3, col("imei")]);
  });
});
