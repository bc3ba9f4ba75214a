// aql-estate discover against the simulator over HTTP: an estate made out of band comes back as
// an inventory that passes check, with the skipped ICCIDs reported, reads only, no PIN anywhere,
// and an interrupted run resumed without reading again what was written.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { readInventoryCsv } from "../../../provider/estate/inventory";
import { runCli } from "../../../provider/cli/program";
import { DEMO_ACCOUNT, startSimulator, type SimulatorHandle } from "../../../simulator";
import { seedEstate, type SeededEstate } from "../../support/estate-seed";
import { memoryIo, tempDir } from "../../unit/cli/memory-io";

const READS = new Set(["queryiccid", "info"]);

describe("aql-estate discover (simulator)", function () {
  this.timeout(60_000);
  let sim: SimulatorHandle;
  let estate: SeededEstate;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    sim = await startSimulator({ latencyMs: 50 });
    estate = seedEstate(sim, 60);
    dir = tempDir();
    env = {
      AQL_ENDPOINT: sim.url,
      AQL_USERNAME: DEMO_ACCOUNT.username,
      AQL_PASSWORD: DEMO_ACCOUNT.password,
      AQL_REQUESTS_PER_SECOND: "2000",
    };
  });
  after(async () => sim.close());

  const range = () => `${estate.iccids[0]}..${estate.iccids.at(-1)}`;

  it("writes every adoptable SIM as the gateway has it, and reports the rest with reasons", async () => {
    const since = sim.log().at(-1)?.seq ?? 0;
    const io = memoryIo(dir, env);
    const code = await runCli(["discover", "--range", range(), "--out", "all.csv"], io);
    assert.equal(code, 0, io.stderr.text());

    const text = fs.readFileSync(path.join(dir, "all.csv"), "utf8");
    const { rows, warnings } = readInventoryCsv(text, "all.csv");
    assert.deepEqual(warnings, []);
    assert.deepEqual(
      rows.map((r) => r.iccid),
      [...estate.sims.keys()],
      "every adoptable SIM, in range order",
    );
    for (const r of rows) {
      const s = estate.sims.get(r.iccid)!;
      assert.equal(r.geoNumber, s.number);
      assert.equal(r.suspended, s.suspended);
      assert.equal(r.subscriber, undefined);
      assert.equal(r.services?.internet, s.services.internet);
      assert.equal(r.services?.intRoaming, s.services.int_roaming);
      assert.equal(r.voicemail?.delaySeconds, s.voicemail?.delay);
      assert.equal(r.voicemail?.pin, undefined);
      assert.equal(r.voicemail?.attach, s.voicemail?.notify ? s.voicemail.attach : undefined);
      assert.equal(r.recording?.onDemand, s.recording?.ondemand);
    }

    const skipped = fs.readFileSync(path.join(dir, "all.skipped.csv"), "utf8").trim().split("\n");
    assert.equal(skipped[0], "iccid,reason,detail");
    const reasons = new Map(
      skipped.slice(1).map((l) => l.split(",").slice(0, 2) as [string, string]),
    );
    for (const i of estate.unused) assert.equal(reasons.get(i), "unused");
    for (const i of estate.terminated) assert.equal(reasons.get(i), "terminated");
    assert.equal(reasons.size, estate.unused.length + estate.terminated.length);

    const entries = sim.log(since);
    assert.ok(
      entries.every((e) => READS.has(e.command ?? "")),
      "reads only",
    );
    const summary = io.stdout.text();
    assert.match(summary, new RegExp(`read 60 ICCID\\(s\\): ${estate.sims.size} adoptable`));
    assert.match(summary, new RegExp(`skipped ${estate.unused.length}: unused`));
    assert.match(summary, new RegExp(`gateway calls: ${entries.length} \\(`));

    const everything = text + skipped.join("\n") + io.stdout.text() + io.stderr.text();
    for (const pin of estate.pins) {
      assert.doesNotMatch(everything, new RegExp(`(^|[^0-9])${pin}([^0-9]|$)`), "no PIN");
    }
    assert.doesNotMatch(everything, new RegExp(DEMO_ACCOUNT.password));
  });

  it("stops on interruption and resumes without reading again what is written", async () => {
    const io = memoryIo(dir, env);
    const write = io.stderr.write;
    // Interrupt as soon as the first progress line says one ICCID is written.
    io.stderr.write = (s) => {
      write(s);
      if (/discover: [1-9]\d*\/60/.test(s)) io.controller.abort();
    };
    const args = ["discover", "--range", range(), "--out", "part.csv", "--progress-every", "1"];
    args.push("--concurrency", "2");
    const first = await runCli(args, io);
    assert.equal(first, 130, io.stderr.text());
    assert.match(io.stderr.text(), /interrupted after \d+ of 60; .* run the same command again/);
    const lines = (f: string) =>
      fs.readFileSync(path.join(dir, f), "utf8").trim().split("\n").length - 1;
    const written = lines("part.csv") + lines("part.skipped.csv");
    assert.ok(written > 0 && written < 60, `written ${written}`);

    const since = sim.log().at(-1)?.seq ?? 0;
    const again = memoryIo(dir, env);
    assert.equal(await runCli(args, again), 0, again.stderr.text());
    assert.match(again.stderr.text(), new RegExp(`resuming: ${written} ICCID\\(s\\) already in`));
    const queried = sim.log(since).filter((e) => e.command === "queryiccid").length;
    assert.equal(queried, 60 - written, "only the ICCIDs not yet written are read");
    assert.equal(
      fs.readFileSync(path.join(dir, "part.csv"), "utf8"),
      fs.readFileSync(path.join(dir, "all.csv"), "utf8"),
      "the same inventory as an uninterrupted run",
    );
  });

  it("skips ICCIDs not on the account and stops, resumably, on a wrong password", async () => {
    fs.writeFileSync(path.join(dir, "list.txt"), `${estate.iccids[1]}\n8944200999999999993\n`);
    const io = memoryIo(dir, env);
    assert.equal(await runCli(["discover", "--iccids", "list.txt", "--out", "l.csv"], io), 0);
    assert.match(
      fs.readFileSync(path.join(dir, "l.skipped.csv"), "utf8"),
      /8944200999999999993,not-on-account/,
    );

    const bad = memoryIo(dir, { ...env, AQL_PASSWORD: "wrong-secret" });
    const code = await runCli(["discover", "--iccids", "list.txt", "--out", "w.csv"], bad);
    assert.equal(code, 1);
    assert.match(bad.stderr.text(), /Check aql:username and aql:password/);
    assert.match(bad.stderr.text(), /discover stopped after 0 of 2/);
    assert.doesNotMatch(bad.stderr.text() + bad.stdout.text(), /wrong-secret/);
  });
});
