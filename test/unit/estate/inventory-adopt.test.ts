import assert from "node:assert/strict";
import { InventoryError } from "../../../provider/errors";
import { estateMembers } from "../../../provider/estate/members";
import { readInventoryCsv } from "../../../provider/estate/inventory";
import { ICCIDS, NUMBERS, cells, col, csv } from "./helpers";

const FILE = "estate.csv";

function refused(text: string): InventoryError {
  try {
    readInventoryCsv(text, FILE);
  } catch (e) {
    assert.ok(e instanceof InventoryError, String(e));
    return e;
  }
  assert.fail("expected the inventory to be refused");
}

describe("inventory: adopting an estate", () => {
  it("accepts rows without subscriber columns at all", () => {
    const text = `iccid,number,services,suspended\n${ICCIDS[0]},${NUMBERS[0]},internet moSms,true\n`;
    const { rows, warnings } = readInventoryCsv(text, FILE);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.subscriber, undefined);
    assert.equal(rows[0]!.suspended, true);
    assert.deepEqual(warnings, []);
    assert.equal("subscriber" in estateMembers(rows)[0]!.sim, false);
  });

  it("accepts a row whose subscriber cells are all empty next to one that has them", () => {
    const text = csv(cells(0, { name: "", address: "", postcode: "", contact: "" }), cells(1));
    const { rows } = readInventoryCsv(text, FILE);
    assert.equal(rows[0]!.subscriber, undefined);
    assert.equal(rows[1]!.subscriber?.name, "Subscriber 2");
  });

  it("reads the adopt column into the Sim's adopt", () => {
    const { rows } = readInventoryCsv(
      csv(cells(0, { adopt: "true" }), cells(1, { adopt: "FALSE" }), cells(2)),
      FILE,
    );
    assert.deepEqual(
      estateMembers(rows).map((m) => m.sim.adopt),
      [true, false, undefined],
    );
    const e = refused(csv(cells(0, { adopt: "yes" })));
    assert.deepEqual([e.line, e.column, e.problems[0].columnName], [2, col("adopt"), "adopt"]);
    assert.match(e.message, /adopt must be true or false/);
  });

  it("leaves the PIN unmanaged when its cell is empty", () => {
    const { rows, warnings } = readInventoryCsv(csv(cells(0, { vmDelay: "20" })), FILE);
    assert.deepEqual(rows[0]!.voicemail, { delaySeconds: 20 });
    assert.deepEqual(warnings, []);
  });

  it("reads config:NAME as a reference to a stack secret, with no warning", () => {
    const { rows, warnings } = readInventoryCsv(
      csv(
        cells(0, { vmPin: "config:vmPinAda", vmDelay: "5" }),
        cells(1, { vmPin: "Config:ops:pin.1" }),
      ),
      FILE,
    );
    assert.deepEqual(rows[0]!.voicemail, { delaySeconds: 5, pinConfig: "vmPinAda" });
    assert.deepEqual(rows[1]!.voicemail, { pinConfig: "ops:pin.1" });
    assert.deepEqual(warnings, []);
  });

  it("refuses a malformed reference without quoting it", () => {
    const e = refused(csv(cells(0, { vmPin: "config:" }), cells(1, { vmPin: "config:a b" })));
    assert.deepEqual(
      e.problems.map((p) => [p.line, p.column, p.columnName]),
      [
        [2, col("vmPin"), "vmPin"],
        [3, col("vmPin"), "vmPin"],
      ],
    );
    assert.match(e.message, /must name a stack config key after config:, e\.g\. config:vmPinAda/);
    assert.doesNotMatch(e.message, /a b/);
  });

  it("accepts a literal PIN but warns, naming the row and never the PIN", () => {
    const { rows, warnings } = readInventoryCsv(
      csv(cells(0), cells(1, { vmPin: "4821" }), cells(2, { vmPin: "config:p" })),
      FILE,
    );
    assert.equal(rows[1]!.voicemail?.pin, "4821");
    assert.equal(warnings.length, 1);
    assert.deepEqual(
      [warnings[0]!.file, warnings[0]!.line, warnings[0]!.column, warnings[0]!.columnName],
      [FILE, 3, col("vmPin"), "vmPin"],
    );
    assert.match(warnings[0]!.reason, /holds a PIN in clear.*config:NAME/);
    assert.doesNotMatch(JSON.stringify(warnings), /4821/);
  });

  it("still checks a literal PIN: four digits", () => {
    const e = refused(csv(cells(0, { vmPin: "12" })));
    assert.equal(e.problems[0].columnName, "vmPin");
    assert.doesNotMatch(e.message, /"12"/);
  });

  it("reports every mistake at once, duplicates included, in file order", () => {
    const e = refused(
      csv(
        cells(0, { postcode: "x" }),
        cells(1, { number: NUMBERS[0]! }),
        cells(0, { iccid: ICCIDS[0]!, number: NUMBERS[2]!, adopt: "maybe" }),
      ),
    );
    assert.deepEqual(
      e.problems.map((p) => `${p.line}:${p.columnName}`),
      ["2:postcode", "3:number", "4:iccid", "4:adopt"],
    );
    assert.match(e.problems[1]!.reason, /repeats the number on line 2/);
  });
});
