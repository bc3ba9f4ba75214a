import assert from "node:assert/strict";
import {
  IccidInputError,
  iccidRange,
  luhnCheckDigit,
  parseIccidList,
} from "../../../provider/discover/iccids";
import { luhnValid } from "../../../provider/validation";

/** A whole ICCID from its body. */
const full = (body: string) => body + luhnCheckDigit(body);
const A = full("894420000000000000");
const B = full("894420000000000001");

describe("discover: which ICCIDs", () => {
  it("steps a range's body and computes each check digit, as a batch is numbered", () => {
    // As the simulator numbers its account's batch: body = prefix + running index.
    const expected = Array.from({ length: 30 }, (_, i) =>
      full(`8944200042${String(i).padStart(8, "0")}`),
    );
    const got = iccidRange(`${expected[0]}..${expected[29]}`);
    assert.deepEqual(got, expected);
    assert.ok(got.every(luhnValid));
  });

  it("carries across a digit boundary and keeps leading zeros", () => {
    const got = iccidRange(`${full("894420000000000099")}..${full("894420000000000102")}`);
    assert.equal(got.length, 4);
    assert.deepEqual(
      got.map((i) => i.slice(0, -1)),
      ["894420000000000099", "894420000000000100", "894420000000000101", "894420000000000102"],
    );
  });

  for (const [what, spec, reason] of [
    ["no ..", "8944200000000000001", /FIRST\.\.LAST/],
    [
      "a bad check digit",
      `${A.slice(0, -1)}${(Number(A.at(-1)) + 1) % 10}..${B}`,
      /FIRST fails the Luhn check/,
    ],
    ["lengths that differ", `${A}..${full("8944200000000000001")}`, /same number of digits/],
    ["LAST before FIRST", `${B}..${A}`, /LAST comes before FIRST/],
    ["letters", "8944A..8944B", /FIRST\.\.LAST/],
  ] as const) {
    it(`refuses ${what}`, () => {
      assert.throws(
        () => iccidRange(spec),
        (e: unknown) => e instanceof IccidInputError && reason.test(e.message),
      );
    });
  }

  it("refuses a range past a million ICCIDs", () => {
    assert.throws(() => iccidRange(`${A}..${full("894420000001000000")}`), /split it into batches/);
  });

  it("reads a list: comments and blanks skipped, repeats dropped, every bad line named", () => {
    assert.deepEqual(
      parseIccidList(
        "# batch 7\n8944200000000000001\n\n 8944200000000000019 \n8944200000000000001\n",
        "l",
      ),
      ["8944200000000000001", "8944200000000000019"],
    );
    assert.throws(
      () => parseIccidList("8944200000000000001\nabc\n12\n", "list.txt"),
      /^IccidInputError: list\.txt:2: must be an ICCID, 18 to 22 digits\nlist\.txt:3: must be/,
    );
  });
});
