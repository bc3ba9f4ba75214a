// Onboarding a live estate on the real engine (docs/ONBOARDING.md): 500 SIMs made out of band
// (mixed services, some suspended, some with voicemail and a PIN or call recording, some unused
// or terminated); the installed `aql-estate discover` writes the inventory; `pulumi up` takes
// every SIM, voicemail and recording over with reads only; the next preview shows no change;
// editing one row's services sends exactly one addservice or removeservice; a row without
// subscriber for an unused SIM fails at up with nothing sent; no PIN is in the inventory, the
// output or the state in clear.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { DEMO_ACCOUNT, type SimulatorHandle } from "../../simulator";
import { seedEstate, type SeededEstate } from "../support/estate-seed";
import { callsSince, countByCommand, mark } from "../support/gateway-calls";
import { gatewayConfig, simulator } from "../support/sim-fixture";
import { E2EStack } from "../support/stack";

const execFileAsync = promisify(execFile);
const N = 500;
/** Commands that change nothing: every call of the takeover must be one of these. */
const READS = new Set(["queryiccid", "checkstatus", "info"]);
const TYPES = {
  sim: "pulumi-nodejs:dynamic/aql:Sim",
  vm: "pulumi-nodejs:dynamic/aql:Voicemail",
  rec: "pulumi-nodejs:dynamic/aql:CallRecording",
};

function changes(events: readonly EngineEvent[]): string[] {
  const out: string[] = [];
  for (const e of events) {
    const m = e.resourcePreEvent?.metadata;
    if (m === undefined || m.op === "same" || m.type.startsWith("pulumi:providers:")) continue;
    out.push(`${m.op} ${m.urn.split("::").pop()!}`);
  }
  return out.sort();
}

/** A PIN as a value of its own (not digits inside a longer number). */
const pinPattern = (pins: readonly string[]) =>
  new RegExp(`(^|[^0-9])(${pins.join("|")})([^0-9]|$)`);

describe("e2e: adopting a live estate of 500 SIMs", function () {
  this.timeout(600_000);
  let sim: SimulatorHandle;
  let estate: SeededEstate;
  let stack: E2EStack;
  let file: string;
  /** Everything the user is shown: discover's output and every engine run's. */
  let shown = "";
  const timings: string[] = [];

  const timed = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    const start = Date.now();
    const r = await fn();
    timings.push(`${what} ${((Date.now() - start) / 1000).toFixed(1)} s`);
    return r;
  };

  before(async () => {
    sim = await simulator();
    estate = seedEstate(sim, N);
    stack = await E2EStack.create({
      program: "estate.js",
      config: gatewayConfig(sim, {
        "aql:maxConcurrency": { value: "64" },
        "aql:requestsPerSecond": { value: "2000" },
      }),
      // Checkpoints only at the end: the engine rewrites the whole state at every step
      // otherwise (docs/SCALE.md), which this test is not about.
      env: { PULUMI_SKIP_CHECKPOINTS: "true" },
    });
    file = path.join(stack.dir, "inventory.csv");
    await stack.setConfig({ inventory: { value: file } });
  });

  after(async () => {
    if (timings.length > 0) process.stdout.write(`      timings: ${timings.join(", ")}\n`);
    await stack?.cleanup({ destroy: false });
    await sim?.close();
  });

  it("discover (the installed bin) writes every adoptable SIM and reports the rest", async () => {
    const bin = path.join(
      path.dirname(stack.workDir),
      "node_modules",
      "pulumi-aql-mvno",
      "dist",
      "provider",
      "cli",
      "main.js",
    );
    const before = mark(sim);
    const r = await timed("discover", () =>
      execFileAsync(
        process.execPath,
        [bin, "discover", "--range", `${estate.iccids[0]}..${estate.iccids.at(-1)}`, "--out", file],
        {
          env: {
            ...process.env,
            AQL_ENDPOINT: sim.url,
            AQL_USERNAME: DEMO_ACCOUNT.username,
            AQL_PASSWORD: DEMO_ACCOUNT.password,
            AQL_REQUESTS_PER_SECOND: "2000",
            AQL_MAX_CONCURRENCY: "32",
          },
        },
      ),
    );
    shown += r.stdout + r.stderr;
    const calls = callsSince(sim, before);
    assert.ok(
      calls.every((e) => READS.has(e.command ?? "")),
      "discover reads only",
    );
    assert.match(r.stdout, new RegExp(`read ${N} ICCID\\(s\\): ${estate.sims.size} adoptable`));
    assert.match(r.stdout, new RegExp(`gateway calls: ${calls.length} `));

    const lines = fs.readFileSync(file, "utf8").trim().split("\n");
    const header = lines[0]!.split(",");
    assert.equal(lines.length - 1, estate.sims.size);
    const pin = header.indexOf("vmPin");
    assert.ok(pin >= 0);
    assert.ok(
      lines.slice(1).every((l) => l.split(",")[pin] === ""),
      "vmPin empty on every row",
    );
    const skipped = fs.readFileSync(file.replace(/\.csv$/, ".skipped.csv"), "utf8");
    assert.equal(
      skipped.trim().split("\n").length - 1,
      estate.unused.length + estate.terminated.length,
    );
  });

  it("up takes every SIM, voicemail and recording over with zero changing calls", async () => {
    const gateway = () => {
      const account = sim.snapshot().accounts[DEMO_ACCOUNT.username]!;
      const sims = estate.iccids.map((i) => sim.sim(i) ?? null);
      return JSON.stringify({ sims, vm: account.voicemail, rec: account.recording });
    };
    const gatewayBefore = gateway();
    const before = mark(sim);
    const r = await timed("up", () => stack.up({ parallel: 500 }));
    shown += r.output;
    const calls = callsSince(sim, before);
    const by = countByCommand(calls);
    process.stdout.write(`      up: gateway calls by command ${JSON.stringify(by)}\n`);
    const changing = calls.filter((e) => !READS.has(e.command ?? ""));
    assert.deepEqual(
      changing.map((e) => `${e.command} ${e.iccid ?? e.number}`),
      [],
    );
    assert.equal(by["queryiccid"], estate.sims.size, "one queryiccid per SIM");

    const vms = [...estate.sims.values()].filter((s) => s.voicemail !== undefined).length;
    const recs = [...estate.sims.values()].filter((s) => s.recording !== undefined).length;
    assert.equal((await stack.resources(TYPES.sim)).length, estate.sims.size);
    assert.equal((await stack.resources(TYPES.vm)).length, vms);
    assert.equal((await stack.resources(TYPES.rec)).length, recs);
    assert.equal(by["info"], vms + recs, "one info per voicemail and recording");
    assert.equal(gateway(), gatewayBefore, "the gateway is as it was");
  });

  it("the next preview shows no change and calls nothing", async () => {
    const before = mark(sim);
    const r = await timed("preview", () => stack.preview());
    shown += r.output;
    assert.deepEqual(changes(r.events), []);
    assert.deepEqual(callsSince(sim, before), []);
  });

  it("editing one row's services gives exactly one addservice or removeservice", async () => {
    const lines = fs.readFileSync(file, "utf8").split("\n");
    const cols = lines[0]!.split(",");
    const [iccidAt, servicesAt, suspendedAt] = ["iccid", "services", "suspended"].map((c) =>
      cols.indexOf(c),
    );
    const at = lines.findIndex((l, i) => i > 0 && l.split(",")[suspendedAt!] === "false");
    const cells = lines[at]!.split(",");
    const iccid = cells[iccidAt!]!;
    const on = cells[servicesAt!] === "none" ? [] : cells[servicesAt!]!.split(" ");
    const adding = !on.includes("internet");
    const next = adding ? [...on, "internet"] : on.filter((s) => s !== "internet");
    cells[servicesAt!] = next.length === 0 ? "none" : next.join(" ");
    lines[at] = cells.join(",");
    fs.writeFileSync(file, lines.join("\n"));

    assert.deepEqual(changes((await stack.preview()).events), [`update sim-${iccid}`]);
    const before = mark(sim);
    const r = await timed("edit up", () => stack.up({ parallel: 500 }));
    shown += r.output;
    const changing = callsSince(sim, before).filter((e) => !READS.has(e.command ?? ""));
    assert.deepEqual(
      changing.map((e) => `${e.command} ${e.iccid}`),
      [`${adding ? "addservice" : "removeservice"} ${iccid}`],
    );
    assert.equal(sim.sim(iccid)?.services.internet, adding);
  });

  it("a row without subscriber whose SIM is unused fails at up, saying so, with nothing sent", async () => {
    const iccid = estate.unused[0]!;
    const [number] = sim.freeNumbers(1, { offset: N });
    const text = fs.readFileSync(file, "utf8");
    const cols = text.split("\n")[0]!.split(",");
    const row = cols.map((c) => (c === "iccid" ? iccid : c === "number" ? number! : ""));
    fs.writeFileSync(file, `${text.trimEnd()}\n${row.join(",")}\n`);
    const before = mark(sim);
    const f = await stack.expectFailure("up");
    shown += f.output;
    assert.match(
      `${f.error}\n${f.output}`,
      new RegExp(`ICCID ${iccid}: is unused, and activating it needs the subscriber`),
    );
    const changing = callsSince(sim, before).filter((e) => !READS.has(e.command ?? ""));
    assert.deepEqual(changing, [], "no activate, nothing else");
    assert.equal(sim.sim(iccid), undefined, "still unused");
  });

  it("no PIN in the inventory, the output or the state in clear", async () => {
    const pins = pinPattern(estate.pins);
    assert.doesNotMatch(fs.readFileSync(file, "utf8"), pins, "inventory");
    assert.doesNotMatch(shown, pins, "what the user was shown");
    const stored = await stack.exportEncrypted();
    for (const p of estate.pins) assert.ok(!stored.includes(`"${p}"`), "a PIN stored in clear");
    for (const r of await stack.resources(TYPES.vm)) {
      const out = (r as { outputs?: Record<string, unknown> }).outputs ?? {};
      const pin = out["pin"];
      // The gateway's PIN, when it reports one, is a secret output; never an input.
      if (pin !== undefined) assert.equal(typeof pin, "object", "pin output is a secret");
      assert.equal((r as { inputs?: Record<string, unknown> }).inputs?.["pin"], undefined);
    }
  });
});
