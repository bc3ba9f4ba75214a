// Secrets on the real engine: the account password, the SIM's PINs and PUKs, the subscriber's
// details and IMEI, the voicemail PIN and the Crisp password must never show in plaintext in
// anything the tested processes write: the CLI's output and engine events, what the program and
// the provider processes write to stdout and stderr (captured per process, shown by the CLI or
// not), the state files, every other file the CLI leaves, the simulator's log; nor in a URL the
// gateway receives (credentials go in POST bodies only).
//
// Whether a record may show a secret is decided by where it comes from, never by what it says:
// the one exception is Pulumi's own trace, which prints property values, secrets included
// (Pulumi's docs warn of it): the CLI's log at -v=3 and above (its stream on stderr and its log
// files), and the SDK's debug diagnostics, which the engine streams to the Automation API at
// any verbosity (the CLI shows them with --debug only). Nothing else is excused; no pattern on
// our own messages decides anything.
// Seen failing on a planted `console.error(inputs)` in the voicemail provider's create: the
// provider's stderr capture showed the PIN, at the default verbosity (the CLI does not show it).

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEMO_ACCOUNT, type SimulatorHandle } from "../../simulator";
import { SCRIPT_PATHS } from "../../provider/gateway/params";
import { REPO_ROOT } from "../support/engine";
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

/** Preloaded into every Node process the CLI starts: tees its stdout and stderr to files. */
const TEE = path.join(REPO_ROOT, "test", "support", "tee-output.cjs");

/** The CLI's most verbose logging, of the engine and (--logflow) the plugins, to stderr. */
const VERBOSE = { logVerbosity: 11, logToStdErr: true, logFlow: true } as const;

/** glog's file names: `<program>.<host>.<user>.log.<LEVEL>.<time>.<pid>` and `<program>.<LEVEL>`. */
const GLOG_FILE = /^pulumi[\w-]*\.(?:.+\.log\.)?(?:INFO|WARNING|ERROR|FATAL)\b/;

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

/**
 * Every engine event but the SDK's debug diagnostics: Pulumi's own trace, which the engine
 * streams to the Automation API at every verbosity (the CLI shows them only with --debug) and
 * which print resource properties in plaintext. This package never logs at debug severity (a
 * lint rule forbids `log.debug` in provider/), so that channel is Pulumi's alone.
 */
function eventLeaks(
  r: RunResult,
  secrets: readonly Secret[],
  trace: (t: string) => void,
): string[] {
  return r.events.flatMap((e) => {
    const severity: string | undefined = e.diagnosticEvent?.severity;
    if (severity === "debug") {
      trace(e.diagnosticEvent!.message);
      return [];
    }
    return leaks("an engine event", JSON.stringify(e), secrets);
  });
}

/** Regular files only: the CLI leaves named pipes in TMPDIR, and reading one blocks. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? filesUnder(path.join(dir, e.name))
        : e.isFile()
          ? [path.join(dir, e.name)]
          : [],
    );
}

describe("secrets never show in plaintext in anything the tested processes write", function () {
  this.timeout(10 * 60_000);
  let sim: SimulatorHandle;
  let stack: E2EStack;
  let iccid: string;
  let number: string;
  let secrets: Secret[];
  /** The CLI's TMPDIR: where its log files go when it logs to files. */
  let tmp: string;
  /** Where each Node process the CLI starts writes a copy of its stdout and stderr. */
  let captured: string;
  /** Pulumi's trace (the CLI's log at -v=3+, stream or file) that showed secrets: reported. */
  const trace = new Map<string, number>();
  /** Files the CLI wrote as its trace, in a run at -v=3 or above. */
  const traceFiles = new Set<string>();

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

  /** Pulumi's trace: counted by where it shows, not checked. */
  const traced = (where: string, text: string): void => {
    const n = leaks(where, text, secrets).length;
    if (n > 0) trace.set(where, (trace.get(where) ?? 0) + n);
  };

  /** What the program and provider processes wrote so far, every byte, per process. */
  const processLeaks = (): string[] =>
    filesUnder(captured).flatMap((f) =>
      leaks(`the output of ${path.basename(f)}`, fs.readFileSync(f, "utf8"), secrets),
    );

  /** Every file the CLI left (state, backups, history, config, logs), save its trace files. */
  const fileLeaks = (): string[] =>
    [...filesUnder(stack.dir), ...filesUnder(tmp), ...filesUnder(stack.workDir)]
      .filter((f) => !traceFiles.has(f) && !f.includes(`${path.sep}node_modules${path.sep}`))
      .flatMap((f) => leaks(f, fs.readFileSync(f, "utf8"), secrets));

  /**
   * Everything written during and after a run: the CLI's output, its stderr unless that is its
   * trace (-v=3 and above), every engine event, each process's output, every file.
   */
  const written = (r: RunResult & { error?: string }, verbosity = 0): string[] => {
    const out = [
      ...leaks("the CLI's output", r.output, secrets),
      ...eventLeaks(r, secrets, (t) => traced("the SDK's debug events", t)),
      ...leaks("the error", r.error ?? "", secrets),
      ...processLeaks(),
      ...fileLeaks(),
    ];
    if (verbosity >= 3) traced(`the CLI's stderr at -v=${verbosity}`, r.stderr ?? "");
    else out.push(...leaks("the CLI's stderr", r.stderr ?? "", secrets));
    return out;
  };

  before(async () => {
    sim = await simulator({ accounts: [{ ...DEMO_ACCOUNT, password: PASSWORD }] });
    [iccid] = sim.freeIccids(1) as [string];
    [number] = sim.freeNumbers(1) as [string];
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aql-secrets-"));
    captured = fs.mkdtempSync(path.join(os.tmpdir(), "aql-secrets-out-"));
    stack = await E2EStack.create({
      program: "vas.js",
      config: {
        ...gatewayConfig(sim, { "aql:password": { value: PASSWORD, secret: true } }),
        ...program(VM_PIN),
      },
      env: {
        TMPDIR: tmp,
        NODE_OPTIONS: `--require ${TEE}`,
        AQL_TEST_OUTPUT_DIR: captured,
      },
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
    const lines = [...trace].map(([where, n]) => `${n} in ${where}`);
    console.log(
      `\n      Pulumi's own trace that showed secrets:\n        ${lines.join("\n        ")}\n`,
    );
    await stack?.cleanup();
    await sim?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(captured, { recursive: true, force: true });
  });

  it("up at the default verbosity: nothing anywhere, the provider's and program's own output included", async () => {
    const r = await stack.up();
    assert.equal(r.changes.create, 5);
    assert.deepEqual(written(r), []);
    // Not vacuous: the capture reached the program and the provider processes.
    const roles = new Set(fs.readdirSync(captured).map((f) => f.split("-")[0]));
    assert.ok(roles.has("provider") && roles.has("program"), `captured: ${[...roles].join(", ")}`);
  });

  it("up at -v=11 --logflow: nothing outside Pulumi's trace on stderr", async () => {
    await stack.setConfig({ "aql:waitDeadline": { value: "62s" } });
    const r = await stack.up(VERBOSE);
    assert.ok((r.stderr ?? "").length > 100_000, "the CLI logged verbosely to stderr");
    assert.deepEqual(written(r, 11), []);
  });

  it("up at -v=2 --logflow: nothing anywhere, stderr included", async () => {
    await stack.setConfig({ "aql:waitDeadline": { value: "61s" } });
    const r = await stack.up({ logVerbosity: 2, logToStdErr: true, logFlow: true });
    assert.deepEqual(written(r, 2), []);
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
    assert.ok(filesUnder(path.join(stack.dir, "state")).length > 0, "no state files");
    assert.deepEqual(fileLeaks(), []);
  });

  it("refresh at -v=11 logging to files: nothing outside Pulumi's trace files", async () => {
    const before = new Set([...filesUnder(tmp), ...filesUnder(stack.home)]);
    const r = await stack.refresh({ logVerbosity: 11, logFlow: true });
    const logs = [...filesUnder(tmp), ...filesUnder(stack.home)].filter(
      (f) => !before.has(f) && GLOG_FILE.test(path.basename(f)),
    );
    assert.ok(logs.length > 0, `the CLI wrote log files (${tmp})`);
    for (const f of logs) {
      traceFiles.add(f);
      traced(`trace file ${path.basename(f)}`, fs.readFileSync(f, "utf8"));
    }
    assert.deepEqual(written(r, 11), []);
  });

  it("a failed up (the gateway refuses the new voicemail PIN): nothing in the error or anywhere", async () => {
    await stack.setConfig(program(NEW_VM_PIN));
    sim.addFault({ kind: "error", code: 63033, commands: ["vm:config"] });
    const r = await stack.attempt((s) => s.up());
    sim.clearFaults();
    assert.notEqual(r.error, undefined, "the up failed");
    assert.match(r.error!, /vm\.php config.*63033/);
    assert.deepEqual(written(r), []);
  });

  it("the simulator's log and counters hold none; every call was a POST to its script path", () => {
    const log = sim.log();
    assert.ok(log.length > 10);
    const paths = new Set(Object.values(SCRIPT_PATHS));
    for (const e of log) {
      assert.equal(e.method, "POST", `${e.command}: ${e.method}`);
      assert.ok(paths.has(e.path as (typeof SCRIPT_PATHS)[keyof typeof SCRIPT_PATHS]), e.path);
    }
    assert.deepEqual(leaks("the simulator's log", JSON.stringify(log), secrets), []);
    assert.deepEqual(
      leaks("the simulator's counters", JSON.stringify(sim.counters()), secrets),
      [],
    );
  });
});
