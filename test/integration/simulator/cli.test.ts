// The CLI as a process: banner, requests, SIGTERM writes the state file.

import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gw, SUBSCRIBER } from "./helpers";

const ROOT = resolve(__dirname, "../../..");

function startCli(args: string[]): {
  child: ChildProcess;
  output: () => string;
  ready: Promise<string>;
} {
  const child = spawn(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", join(ROOT, "simulator/cli.ts"), ...args],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  const ready = new Promise<string>((resolveUrl, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m !== null && out.includes("more free ones")) resolveUrl(m[1]!);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    child.once("exit", (code) => reject(new Error(`cli exited ${code}: ${out}`)));
  });
  return { child, output: () => out, ready };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((r) => child.once("exit", (code) => r(code)));

describe("simulator CLI (process)", function () {
  this.timeout(30000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "aql-sim-cli-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("prints its address, credentials and free ICCIDs/numbers; SIGTERM writes the state", async () => {
    const file = join(dir, "state.json");
    const cli = startCli([
      "--port",
      "0",
      "--state",
      file,
      "--latency",
      "100ms",
      "--seed",
      "4",
      "--show",
      "2",
      "--fault",
      "congestion,count=1,commands=checkstatus",
    ]);
    const url = await cli.ready;
    const out = cli.output();
    assert.match(out, /username=demo password=demo-password \(20000 ICCIDs, 20000 numbers\)/);
    const iccid = /free ICCIDs: +(\d+) (\d+)/.exec(out)![1]!;
    const number = /free numbers: +(\d+) (\d+)/.exec(out)![1]!;
    assert.match(out, /fault: .*congestion/);
    const a = await gw({ url }, { command: "activate", iccid, geo_nos: number, ...SUBSCRIBER });
    assert.deepEqual(a.codes, [200]);
    assert.deepEqual(
      (await gw({ url }, { command: "checkstatus", id: a.fields.id! })).codes,
      [63027],
    );
    const done = exited(cli.child);
    cli.child.kill("SIGTERM");
    assert.equal(await done, 0);
    const saved = JSON.parse(readFileSync(file, "utf8")) as {
      seed: number;
      accounts: { demo: { sims: { iccid: string }[] } };
    };
    assert.equal(saved.seed, 4);
    assert.deepEqual(
      saved.accounts.demo.sims.map((s) => s.iccid),
      [iccid],
    );
    assert.match(cli.output(), /SIGTERM, writing state and stopping/);
  });

  it("exits 2 with the usage on a bad flag", async () => {
    const cli = startCli(["--failure-rate", "7"]);
    cli.ready.catch(() => undefined);
    assert.equal(await exited(cli.child), 2);
    assert.match(
      cli.output(),
      /--failure-rate must be a number from 0 to 1[\s\S]*Usage: aql-gateway-sim/,
    );
  });
});
