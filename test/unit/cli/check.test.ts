import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { cells, col, csv } from "../estate/helpers";
import { run, tempDir } from "./memory-io";

describe("aql-estate check", () => {
  const dir = tempDir();
  const write = (name: string, text: string): string => {
    fs.writeFileSync(path.join(dir, name), text);
    return name;
  };

  it("exits 0 on a valid inventory and says how many rows", async () => {
    const file = write("ok.csv", csv(cells(0), cells(1)));
    const r = await run(["check", file], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /ok\.csv: 2 row\(s\)/);
  });

  it("lists every problem as file:line:column: reason and exits 1", async () => {
    const file = write(
      "bad.csv",
      csv(cells(0, { postcode: "nowhere" }), cells(1, { services: "roaming" }), cells(0)),
    );
    const r = await run(["check", file], dir);
    assert.equal(r.code, 1);
    const lines = r.stderr.trim().split("\n");
    assert.deepEqual(
      lines.slice(0, -1).map((l) => l.split(": ")[0]),
      [
        `bad.csv:2:${col("postcode")}`,
        `bad.csv:3:${col("services")}`,
        `bad.csv:4:${col("iccid")}`,
        `bad.csv:4:${col("number")}`,
      ],
    );
    assert.match(lines[2]!, /iccid repeats the ICCID on line 2/);
    assert.equal(lines.at(-1), "bad.csv: 4 problem(s)");
  });

  it("caps the list at --max-problems and counts the rest", async () => {
    const rows = Array.from({ length: 3 }, (_, i) => cells(i, { postcode: "x" }));
    const file = write("many.csv", csv(...rows));
    const r = await run(["check", file, "--max-problems", "1"], dir);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /\.\.\. and 2 more problem\(s\)/);
    assert.equal(r.stderr.split("\n").filter((l) => /^many\.csv:\d/.test(l)).length, 1);
  });

  it("warns about a PIN in clear, naming the row, and still exits 0", async () => {
    const file = write("pin.csv", csv(cells(0), cells(1, { vmPin: "4821" })));
    const r = await run(["check", file], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      new RegExp(`^warning: pin\\.csv:3:${col("vmPin")}: vmPin holds a PIN in clear`),
    );
    assert.doesNotMatch(r.stdout + r.stderr, /4821/);
    assert.match(r.stdout, /2 row\(s\), no problem, 1 warning\(s\)/);
  });

  it("exits 1 naming a file it cannot read", async () => {
    const r = await run(["check", "absent.csv"], dir);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /absent\.csv cannot be read \(ENOENT\)/);
  });
});
