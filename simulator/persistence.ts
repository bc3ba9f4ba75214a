// The state file: the whole mutable state as JSON, written atomically (a temporary file in the
// same directory, then rename) after changes, and read at start-up.
//
// Writes are coalesced: at most one is in flight; changes made meanwhile are written by one
// more write when it finishes (at least 100 ms later). Pending two-step requests are kept with
// their due times as wall-clock epoch ms, so they settle on time (or at once) after a restart.
// Counters are saved with every write and on close; the request log and fault rules are not.

import {
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
  existsSync,
  unlinkSync,
} from "node:fs";
import { mkdir, rename, unlink, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { z } from "zod";
import {
  ALL_SERVICE_FLAGS,
  REQUEST_STATES,
  SETTABLE_SERVICES,
  SIM_STATES,
  TWO_STEP_COMMANDS,
} from "./vocabulary";
import type { SimEngine } from "./engine";
import { emptyCounters, type CountersData } from "./log";
import type { TwoStepRequest } from "./requests";
import {
  emptyAccountState,
  rebuildNumberOwners,
  type RecordingConfig,
  type SimRecord,
  type VoicemailConfig,
} from "./state";

export const STATE_VERSION = 1;

const servicesSchema = z.object(
  Object.fromEntries(ALL_SERVICE_FLAGS.map((f) => [f, z.boolean()])) as Record<
    (typeof ALL_SERVICE_FLAGS)[number],
    z.ZodBoolean
  >,
);

const simSchema = z.object({
  iccid: z.string(),
  state: z.enum(SIM_STATES),
  geoNo: z.string().nullable(),
  services: servicesSchema,
  subscriber: z
    .object({
      name: z.string(),
      address: z.string(),
      postcode: z.string(),
      contactNumber: z.string(),
    })
    .nullable(),
  imei: z.string().nullable(),
  crisp: z
    .object({
      enabled: z.boolean(),
      email: z.string(),
      mode: z.enum(["new", "existing"]),
      parentSmsNumber: z.string().nullable(),
      updatedAt: z.number(),
    })
    .nullable(),
  pendingRequestId: z.string().nullable(),
  activatedAt: z.number().nullable(),
  updatedAt: z.number(),
});

const voicemailSchema = z.object({
  delay: z.number(),
  pin: z.string(),
  email: z.string(),
  notify: z.boolean(),
  attach: z.boolean(),
});

const recordingSchema = z.object({
  active: z.boolean(),
  ondemand: z.boolean(),
  email: z.string(),
  notify: z.boolean(),
  attach: z.boolean(),
});

const requestSchema = z.object({
  id: z.string(),
  account: z.string(),
  command: z.enum(TWO_STEP_COMMANDS),
  iccid: z.string(),
  geoNo: z.string(),
  services: z.array(z.enum(SETTABLE_SERVICES)),
  submittedAt: z.number(),
  dueAt: z.number(),
  state: z.enum(REQUEST_STATES),
  outcome: z.enum(["success", "failed"]),
  cause: z.enum(["failure-rate", "fault", "state-changed"]).nullable(),
  settledAt: z.number().nullable(),
});

const countMap = z.record(z.string(), z.number());
const outcomeCount = z.object({ success: z.number(), failed: z.number() });
const countersSchema = z.object({
  requests: z.number(),
  byCommand: z.record(z.string(), countMap),
  byStatus: countMap,
  byFault: countMap,
  settled: outcomeCount,
  settledByCommand: z.record(z.string(), outcomeCount),
  activations: countMap,
  activationsTotal: z.number(),
});

const accountSchema = z.object({
  sims: z.array(simSchema),
  voicemail: z.record(z.string(), voicemailSchema),
  recording: z.record(z.string(), recordingSchema),
});

export const persistedSchema = z.object({
  version: z.literal(STATE_VERSION),
  savedAt: z.string(),
  seed: z.number(),
  nextRequestId: z.number(),
  prng: z.object({ failures: z.number(), faults: z.number() }),
  accounts: z.record(z.string(), z.unknown()),
  requests: z.array(requestSchema),
  counters: countersSchema.optional(),
});

export interface PersistedAccount {
  sims: SimRecord[];
  voicemail: Record<string, VoicemailConfig>;
  recording: Record<string, RecordingConfig>;
}

export interface PersistedState {
  version: typeof STATE_VERSION;
  savedAt: string;
  seed: number;
  nextRequestId: number;
  prng: { failures: number; faults: number };
  accounts: Record<string, PersistedAccount | unknown>;
  requests: TwoStepRequest[];
  counters: CountersData;
}

/** The engine's state as a JSON-safe object. */
export function toPersisted(engine: SimEngine): PersistedState {
  const accounts: Record<string, PersistedAccount | unknown> = { ...engine.foreignAccounts };
  for (const acc of engine.accounts.values()) {
    accounts[acc.username] = {
      sims: [...acc.state.sims.values()],
      voicemail: Object.fromEntries(acc.state.voicemail),
      recording: Object.fromEntries(acc.state.recording),
    } satisfies PersistedAccount;
  }
  return {
    version: STATE_VERSION,
    savedAt: new Date(engine.now()).toISOString(),
    seed: engine.seed,
    nextRequestId: engine.nextRequestId,
    prng: { failures: engine.failurePrng.state, faults: engine.faultPrng.state },
    accounts,
    requests: [...engine.queue.all()],
    counters: engine.counters.data,
  };
}

/** Parse and check a state file's text. Throws with the file name and the first problem. */
export function parsePersisted(json: string, file = "state file"): PersistedState {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new Error(`${file}: not JSON (${(e as Error).message})`);
  }
  const r = persistedSchema.safeParse(raw);
  if (!r.success) throw new Error(`${file}: ${describeIssue(r.error)}`);
  const d = r.data;
  return { ...d, counters: d.counters ?? emptyCounters() };
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return "invalid";
  return `${issue.path.map(String).join(".") || "(top)"}: ${issue.message}`;
}

/** Load a persisted state into a freshly built engine (whose seed must be the file's). */
export function loadPersisted(engine: SimEngine, p: PersistedState, file = "state file"): void {
  engine.nextRequestId = p.nextRequestId;
  engine.failurePrng.state = p.prng.failures;
  engine.faultPrng.state = p.prng.faults;
  engine.foreignAccounts = {};
  for (const [username, rawAccount] of Object.entries(p.accounts)) {
    const acc = engine.accounts.get(username);
    if (acc === undefined) {
      engine.foreignAccounts[username] = rawAccount;
      continue;
    }
    const r = accountSchema.safeParse(rawAccount);
    if (!r.success) throw new Error(`${file}: accounts.${username}.${describeIssue(r.error)}`);
    const state = emptyAccountState();
    for (const sim of r.data.sims) state.sims.set(sim.iccid, sim);
    for (const [n, c] of Object.entries(r.data.voicemail)) state.voicemail.set(n, c);
    for (const [n, c] of Object.entries(r.data.recording)) state.recording.set(n, c);
    rebuildNumberOwners(state);
    acc.state = state;
  }
  engine.queue.clear();
  for (const req of p.requests) engine.queue.add(req);
  engine.counters.data = structuredClone(p.counters);
  engine.reindex();
}

/** Read a state file if it exists (synchronously: this runs once, at start-up). */
export function readStateFile(file: string): PersistedState | undefined {
  if (!existsSync(file)) return undefined;
  return parsePersisted(readFileSync(file, "utf8"), file);
}

let tmpCounter = 0;
function tmpName(file: string): string {
  return `${file}.${process.pid}.${++tmpCounter}.tmp`;
}

/**
 * Coalescing atomic writer of one file: at most one write in flight, and at least
 * `minIntervalMs` between the end of one write and the start of the next, so a busy
 * simulator writes a few times a second rather than once per change.
 */
export class StateWriter {
  private writing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;
  private lastEnd = 0;
  private lastError: Error | undefined;
  /** Completed writes (for tests and diagnostics). */
  writes = 0;

  constructor(
    readonly file: string,
    private readonly produce: () => string,
    private readonly onError: (e: Error) => void = () => undefined,
    private readonly minIntervalMs = 100,
  ) {}

  /** Note a change: it will be written soon, coalesced with other changes. */
  schedule(): void {
    this.dirty = true;
    this.arm();
  }

  private arm(): void {
    if (this.writing !== undefined || this.timer !== undefined || !this.dirty) return;
    const wait = Math.max(0, this.lastEnd + this.minIntervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.kick();
    }, wait);
  }

  private kick(): void {
    if (this.writing !== undefined || !this.dirty) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.dirty = false;
    this.writing = this.writeOnce()
      .catch((e: unknown) => {
        this.lastError = e as Error;
        this.onError(e as Error);
      })
      .finally(() => {
        this.writing = undefined;
        this.lastEnd = Date.now();
        this.arm();
      });
  }

  private async writeOnce(): Promise<void> {
    const text = this.produce();
    const tmp = tmpName(this.file);
    await mkdir(dirname(this.file), { recursive: true });
    try {
      await writeFile(tmp, text, { encoding: "utf8", mode: 0o600 });
      await rename(tmp, this.file);
      this.writes++;
    } catch (e) {
      await unlink(tmp).catch(() => undefined);
      throw e;
    }
  }

  /** Wait until everything noted so far is on disk; with force, write once more regardless. */
  async flush(force = false): Promise<void> {
    if (force) this.dirty = true;
    for (;;) {
      if (this.writing !== undefined) {
        await this.writing;
        continue;
      }
      if (!this.dirty) break;
      this.kick();
    }
    if (this.lastError !== undefined) {
      const e = this.lastError;
      this.lastError = undefined;
      throw e;
    }
  }

  /** Write now, synchronously (last resort on process exit). */
  writeSync(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const tmp = tmpName(this.file);
    mkdirSync(dirname(this.file), { recursive: true });
    try {
      writeFileSync(tmp, this.produce(), { encoding: "utf8", mode: 0o600 });
      renameSync(tmp, this.file);
      this.writes++;
      this.dirty = false;
    } catch (e) {
      try {
        unlinkSync(tmp);
      } catch {
        // nothing to clean up
      }
      throw e;
    }
  }
}
