#!/usr/bin/env node
// aql-gateway-sim: run the gateway simulator from a shell.
//
//   aql-gateway-sim --port 8790 --state .sim/state.json --latency 2s --failure-rate 0.05 \
//     --seed 1 --fault congestion:0.2
//
// Prints its address, the accounts' credentials and a few free ICCIDs and numbers, then serves
// until SIGINT/SIGTERM, when it writes the state file (if any) and exits.

import { parseArgs } from "node:util";
import { SETTABLE_SERVICES, type SettableService } from "./vocabulary";
import { parseFaultSpec, type FaultRuleInput } from "./faults";
import { DEMO_ACCOUNT, VENDOR_EXAMPLE_ACCOUNT, type AccountSpec } from "./seed";
import { WHILE_PENDING, type WhilePending } from "./engine";
import { startSimulator, type SimulatorHandle, type SimulatorOptions } from "./server";

export const USAGE = `Usage: aql-gateway-sim [options]

A local aql MVNO USIM gateway: configure_sim.php, vm.php, rec.php, and a control API at /_sim/.

Options:
  -p, --port N               port on 127.0.0.1 (default 8790; 0 = any free port)
  -s, --state FILE           keep the state in FILE (JSON), loaded at start, written on change
      --latency DURATION     how long two-step requests stay pending (default 2s; e.g. 150ms, 1m)
      --failure-rate P       probability that a two-step request ends failed (default 0)
      --min-check-delay D    checkstatus sooner than D after submission answers 63022 (default 0)
      --while-pending MODE   a second two-step request on a SIM with one pending: refuse
                             (63026, default) or queue (accepted; each settles on its own)
      --seed N               seed of inventories, failures and faults (default 1)
      --unsupported LIST     services answered with 63032, comma-separated (e.g. int_roaming)
      --fault SPEC           a fault rule, repeatable: kind[:rate][,key=value...], e.g.
                             congestion:0.2   error,code=63033,commands=activate+suspend,count=2
                             slow,delayMs=3000   garbled:0.1,garble=huge   or a JSON object
      --iccids N             ICCIDs of the demo account (default ${String(DEMO_ACCOUNT.iccidCount)})
      --numbers N            numbers of the demo account (default ${String(DEMO_ACCOUNT.numberCount)})
      --vendor-example       add the vendor example's account (myusername / mypassword)
      --account USER:PASS    add an account with 1000 ICCIDs and numbers, repeatable
      --show N               free ICCIDs and numbers to print per account (default 5)
  -v, --verbose              print every gateway call
  -h, --help                 print this help`;

export interface CliConfig {
  options: SimulatorOptions;
  show: number;
  verbose: boolean;
  help: boolean;
}

/** "2s", "150ms", "1.5m", "1h" or a plain number of milliseconds. */
export function parseDuration(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (m === null) throw new Error(`not a duration: "${text}" (e.g. 2s, 150ms, 1m)`);
  const n = Number(m[1]);
  const unit = m[2] ?? "ms";
  const factor = unit === "h" ? 3_600_000 : unit === "m" ? 60_000 : unit === "s" ? 1000 : 1;
  return Math.round(n * factor);
}

function parseNumber(name: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n) || n < min || n > max) {
    throw new Error(`--${name} must be a number from ${min} to ${max}, got "${text}"`);
  }
  return n;
}

export function parseCli(argv: readonly string[]): CliConfig {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string", short: "p" },
      state: { type: "string", short: "s" },
      latency: { type: "string" },
      "failure-rate": { type: "string" },
      "min-check-delay": { type: "string" },
      "while-pending": { type: "string" },
      seed: { type: "string" },
      unsupported: { type: "string" },
      fault: { type: "string", multiple: true },
      iccids: { type: "string" },
      numbers: { type: "string" },
      "vendor-example": { type: "boolean" },
      account: { type: "string", multiple: true },
      show: { type: "string" },
      verbose: { type: "boolean", short: "v" },
      help: { type: "boolean", short: "h" },
    },
  });
  const options: SimulatorOptions = {
    port: values.port === undefined ? 8790 : parseNumber("port", values.port, 0, 65535),
  };
  if (values.state !== undefined) options.stateFile = values.state;
  if (values.latency !== undefined) options.latencyMs = parseDuration(values.latency);
  if (values["failure-rate"] !== undefined) {
    options.failureRate = parseNumber("failure-rate", values["failure-rate"], 0, 1);
  }
  if (values["min-check-delay"] !== undefined) {
    options.minCheckDelayMs = parseDuration(values["min-check-delay"]);
  }
  if (values["while-pending"] !== undefined) {
    const mode = values["while-pending"];
    if (!(WHILE_PENDING as readonly string[]).includes(mode)) {
      throw new Error(`--while-pending: "${mode}" is not one of ${WHILE_PENDING.join(", ")}`);
    }
    options.whilePending = mode as WhilePending;
  }
  if (values.seed !== undefined) {
    options.seed = Math.trunc(parseNumber("seed", values.seed, 0, 2 ** 32 - 1));
  }
  if (values.unsupported !== undefined) {
    const list = values.unsupported
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
    for (const s of list) {
      if (!(SETTABLE_SERVICES as readonly string[]).includes(s)) {
        throw new Error(`--unsupported: "${s}" is not one of ${SETTABLE_SERVICES.join(", ")}`);
      }
    }
    options.unsupportedServices = list as SettableService[];
  }
  const faults: FaultRuleInput[] = (values.fault ?? []).map((spec) => parseFaultSpec(spec));
  if (faults.length > 0) options.faults = faults;

  const demo: AccountSpec = { ...DEMO_ACCOUNT };
  if (values.iccids !== undefined) demo.iccidCount = parseNumber("iccids", values.iccids, 0, 1e8);
  if (values.numbers !== undefined) {
    demo.numberCount = parseNumber("numbers", values.numbers, 0, 5_040_000);
  }
  const accounts: AccountSpec[] = [demo];
  if (values["vendor-example"] === true) accounts.push({ ...VENDOR_EXAMPLE_ACCOUNT });
  for (const a of values.account ?? []) {
    const colon = a.indexOf(":");
    if (colon <= 0 || colon === a.length - 1) {
      throw new Error(
        `--account must be USER:PASSWORD, got "${a.slice(0, Math.max(colon, 0))}:..."`,
      );
    }
    accounts.push({ username: a.slice(0, colon), password: a.slice(colon + 1) });
  }
  options.accounts = accounts;

  return {
    options,
    show: values.show === undefined ? 5 : parseNumber("show", values.show, 0, 1000),
    verbose: values.verbose === true,
    help: values.help === true,
  };
}

export function banner(sim: SimulatorHandle, show: number): string {
  const lines = [
    `aql gateway simulator listening on ${sim.url}`,
    `  SIM commands:   ${sim.url}/mobile/configure_sim.php`,
    `  voicemail:      ${sim.url}/services/vm.php`,
    `  call recording: ${sim.url}/services/rec.php`,
    `  control API:    ${sim.url}/_sim/ (state, log, counters, faults, oob, settings, inventory)`,
  ];
  if (sim.stateFile !== undefined) {
    const l = sim.loaded;
    lines.push(
      `  state file:     ${sim.stateFile}` +
        (l === null ? " (new)" : ` (loaded ${l.sims} SIMs, ${l.pendingRequests} pending requests)`),
    );
  } else {
    lines.push("  state:          in memory (use --state FILE to keep it)");
  }
  const s = sim.settings();
  lines.push(
    `  settings:       latency ${s.latencyMs} ms, failure rate ${s.failureRate}, ` +
      `min check delay ${s.minCheckDelayMs} ms, while pending: ${s.whilePending}, ` +
      `seed ${sim.engine.seed}`,
  );
  for (const f of sim.faults()) lines.push(`  fault:          ${JSON.stringify(f)}`);
  for (const a of sim.accounts()) {
    const inv = sim.engine.account(a.username).inventory;
    lines.push(
      `  account:        username=${a.username} password=${a.password} ` +
        `(${inv.iccidTotal} ICCIDs, ${inv.numberTotal} numbers)`,
    );
    if (show > 0) {
      const opts = { account: a.username };
      lines.push(`    free ICCIDs:  ${sim.freeIccids(show, opts).join(" ")}`);
      lines.push(`    free numbers: ${sim.freeNumbers(show, opts).join(" ")}`);
    }
  }
  lines.push(`  more free ones: GET ${sim.url}/_sim/inventory?n=10&account=NAME`);
  return lines.join("\n");
}

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  let config: CliConfig;
  try {
    config = parseCli(argv);
  } catch (e) {
    process.stderr.write(`aql-gateway-sim: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (config.help) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  const options: SimulatorOptions = {
    ...config.options,
    onWarning: (m) => process.stderr.write(`aql-gateway-sim: warning: ${m}\n`),
  };
  if (config.verbose) {
    options.onLog = (e) =>
      process.stdout.write(
        `${new Date(e.at).toISOString()} ${e.method} ${e.route} ${e.command ?? "-"} ` +
          `iccid=${e.iccid ?? "-"} number=${e.number ?? "-"} -> ${e.httpStatus} ` +
          `${e.codes.join(",") || "-"}${e.requestId ? ` id=${e.requestId}` : ""}` +
          `${e.fault ? ` fault=${e.fault}` : ""} ${e.durationMs}ms\n`,
      );
  }
  const sim = await startSimulator(options);
  process.stdout.write(banner(sim, config.show) + "\n");
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) {
        process.stderr.write(`aql-gateway-sim: ${signal} again, exiting without waiting\n`);
        process.exit(1);
      }
      stopping = true;
      process.stdout.write(`aql-gateway-sim: ${signal}, writing state and stopping\n`);
      sim.close().then(resolve, (e: unknown) => {
        process.stderr.write(`aql-gateway-sim: ${(e as Error).message}\n`);
        resolve();
      });
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  process.stdout.write("aql-gateway-sim: stopped\n");
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`aql-gateway-sim: ${(e as Error).message}\n`);
      process.exit(1);
    },
  );
}
