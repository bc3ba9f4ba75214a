// Where the engine's time goes during an `up`: runs the floor or the SIMs of the benchmark at one
// size with the CLI's own profiler (`pulumi up --profiling`), and prints `go tool pprof -top` of
// the engine's CPU profile. A diagnostic, not part of the benchmark's figures.
//
//   npx ts-node --transpile-only bench/profile.ts --n 1000 [--program sims|noop] [--skip]

import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs, promisify } from "node:util";
import { DEMO_ACCOUNT, startSimulator } from "../simulator";
import { findEngine } from "../test/support/engine";
import { BenchStack, timed } from "./stack";

const execFileAsync = promisify(execFile);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      n: { type: "string", default: "1000" },
      program: { type: "string", default: "sims" },
      skip: { type: "boolean" },
      out: { type: "string", default: "bench/results/profile" },
    },
  });
  const n = Number(values.n);
  const env: Record<string, string> =
    values.skip === true ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {};
  const sim = await startSimulator({ latencyMs: 2000, seed: 1 });
  const isSims = values.program === "sims";
  const stack = isSims
    ? await BenchStack.create(
        "sims.js",
        {
          "aql:endpoint": { value: sim.url },
          "aql:username": { value: DEMO_ACCOUNT.username },
          "aql:password": { value: DEMO_ACCOUNT.password, secret: true },
          "aql:firstCheckDelay": { value: "2000ms" },
          "aql:maxPollInterval": { value: "2000ms" },
          "aql:pollBackoff": { value: "1.5" },
          "aql:maxConcurrency": { value: "64" },
          "aql:requestsPerSecond": { value: "2000" },
        },
        env,
      )
    : await BenchStack.create(
        "noop.js",
        { count: { value: String(n) }, "bench:secret": { value: "x", secret: true } },
        env,
      );
  try {
    if (isSims) {
      const iccids = sim.freeIccids(n);
      const numbers = sim.freeNumbers(n);
      const file = path.join(stack.dir, "records.json");
      fs.writeFileSync(
        file,
        JSON.stringify(
          iccids.map((iccid, i) => ({
            iccid,
            number: numbers[i],
            name: `Bench subscriber ${i}`,
            address: "11-15 Hunslet Road, Leeds",
            postcode: "LS10 1JQ",
            contact: "441133203040",
          })),
        ),
      );
      await stack.stack.setConfig("recordsFile", { value: file });
    }
    const out = path.resolve(values.out);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const prefix = `${out}-${values.program}-${n}${values.skip === true ? "-skip" : ""}`;
    const engine = findEngine();
    const run = await timed(() =>
      execFileAsync(
        path.join(engine.binDir, "pulumi"),
        [
          "up",
          "--yes",
          "--skip-preview",
          "--non-interactive",
          "--parallel",
          String(n),
          "--stack",
          stack.stack.name,
          "--profiling",
          prefix,
        ],
        {
          cwd: stack.workDir,
          env: { ...process.env, ...stack.stack.workspace.envVars },
          maxBuffer: 1 << 28,
        },
      ),
    );
    process.stdout.write(`up: ${(run.ms / 1000).toFixed(1)} s\n`);
    const cpu = fs
      .readdirSync(path.dirname(prefix))
      .filter((f) => f.startsWith(path.basename(prefix)) && f.endsWith(".cpu"));
    for (const f of cpu) {
      const { stdout } = await execFileAsync(
        "go",
        ["tool", "pprof", "-top", "-nodecount=35", path.join(path.dirname(prefix), f)],
        { maxBuffer: 1 << 26 },
      );
      process.stdout.write(`${f}\n${stdout}\n`);
      const cum = await execFileAsync(
        "go",
        ["tool", "pprof", "-top", "-cum", "-nodecount=45", path.join(path.dirname(prefix), f)],
        { maxBuffer: 1 << 26 },
      );
      process.stdout.write(`${f} (cumulative)\n${cum.stdout}\n`);
    }
  } finally {
    stack.cleanup();
    await sim.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`profile: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
