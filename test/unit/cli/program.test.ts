import assert from "node:assert/strict";
import { run, tempDir } from "./memory-io";

describe("aql-estate: the program", () => {
  const dir = tempDir();

  it("lists its commands in help and exits 0", async () => {
    const r = await run(["--help"], dir);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Usage: aql-estate/);
    assert.match(r.stdout, /check \[options\] <file>/);
  });

  it("prints help to stderr and exits 2 with no command", async () => {
    const r = await run([], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Usage: aql-estate/);
  });

  it("refuses an unknown command or option with exit 2, naming it", async () => {
    const unknown = await run(["adopt-all"], dir);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command 'adopt-all'/);
    const option = await run(["check", "x.csv", "--nope"], dir);
    assert.equal(option.code, 2);
    assert.match(option.stderr, /unknown option '--nope'/);
  });

  it("refuses a bad option value with exit 2, naming the option", async () => {
    const r = await run(["check", "x.csv", "--max-problems", "zero"], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--max-problems <n>.*must be a whole number/);
  });
});
