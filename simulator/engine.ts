// The simulator's core, without HTTP: accounts and their state, settings, the two-step queue,
// fault rules, the request log and counters. Every method is synchronous, so a call is handled
// start to finish without interleaving and needs no locks. The HTTP server (server.ts) and the
// control endpoint (control.ts) drive it; tests in the same process can too.

import { z } from "zod";
import { SETTABLE_SERVICES, type SettableService, type TwoStepCommand } from "./vocabulary";
import { FaultSet, type FaultRule, type FaultRuleInput } from "./faults";
import { Counters, RequestLog, DEFAULT_LOG_CAPACITY } from "./log";
import { streamFor, type Prng } from "./random";
import { RequestQueue, settleRequest, type TwoStepRequest } from "./requests";
import {
  DEFAULT_ACCOUNTS,
  resolveAccounts,
  simSecrets,
  type AccountSpec,
  type Inventory,
  type InventorySummary,
  type SimSecrets,
} from "./seed";
import {
  emptyAccountState,
  rebuildNumberOwners,
  type AccountState,
  type RecordingConfig,
  type SimRecord,
  type VoicemailConfig,
} from "./state";

export interface Settings {
  /** How long a two-step request stays pending (ms). */
  latencyMs: number;
  /** Probability that a two-step request ends failed (seeded PRNG). */
  failureRate: number;
  /** checkstatus earlier than this after submission answers 63022 (ms). */
  minCheckDelayMs: number;
  /** Services answered with 63032 "not yet supported". */
  unsupportedServices: SettableService[];
  /**
   * A two-step request on a SIM that already has one pending: refused with 63026 ("refuse",
   * the reading the project takes), or accepted and settled on its own ("queue", the other
   * reading the vendor text allows). See gateway-notes.md.
   */
  whilePending: WhilePending;
}

export const WHILE_PENDING = ["refuse", "queue"] as const;
export type WhilePending = (typeof WHILE_PENDING)[number];

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  latencyMs: 2000,
  failureRate: 0,
  minCheckDelayMs: 0,
  unsupportedServices: [],
  whilePending: "refuse",
};

const MAX_DELAY_MS = 7 * 24 * 3600 * 1000;

export const settingsSchema = z.strictObject({
  latencyMs: z.number().int().min(0).max(MAX_DELAY_MS).optional(),
  failureRate: z.number().min(0).max(1).optional(),
  minCheckDelayMs: z.number().int().min(0).max(MAX_DELAY_MS).optional(),
  unsupportedServices: z.array(z.enum(SETTABLE_SERVICES)).optional(),
  whilePending: z.enum(WHILE_PENDING).optional(),
});
export type SettingsPatch = z.input<typeof settingsSchema>;

/** Request ids start here and go up by one (the vendor's example shows 117234). */
export const FIRST_REQUEST_ID = 100001;

export interface Account {
  username: string;
  password: string;
  inventory: Inventory;
  state: AccountState;
}

export interface EngineOptions {
  /** Seed of the inventories, of failures and of fault decisions (default 1). */
  seed?: number;
  /** Accounts (default: DEMO_ACCOUNT only). */
  accounts?: readonly AccountSpec[];
  latencyMs?: number;
  failureRate?: number;
  minCheckDelayMs?: number;
  unsupportedServices?: readonly SettableService[];
  /** What a SIM does with a second two-step request while one is pending (default refuse). */
  whilePending?: WhilePending;
  /** Fault rules active from the start. */
  faults?: readonly FaultRuleInput[];
  /** Entries kept in the request log's ring buffer (default 200000). */
  logCapacity?: number;
  /** The clock (default Date.now); tests of the core can pass a fake one. */
  now?: () => number;
  /** Settle due requests on a timer as well as on each call (default true). */
  timers?: boolean;
}

/** A SIM as the state dump shows it. */
export interface SimView extends SimRecord, SimSecrets {
  account: string;
}

export interface AccountView {
  inventory: InventorySummary;
  freeIccids: number;
  freeNumbers: number;
  sims: SimView[];
  numbersInUse: Record<string, string>;
  voicemail: Record<string, VoicemailConfig>;
  recording: Record<string, RecordingConfig>;
}

export interface StateSnapshot {
  at: string;
  seed: number;
  settings: Settings;
  nextRequestId: number;
  accounts: Record<string, AccountView>;
  requests: { total: number; pending: TwoStepRequest[] };
  faults: FaultRule[];
}

export interface PickOptions {
  /** Account (default: the first). */
  account?: string;
  /** Skip this many free ones first (to hand different tests different SIMs). */
  offset?: number;
}

export class SimEngine {
  readonly seed: number;
  readonly accounts: ReadonlyMap<string, Account>;
  readonly queue = new RequestQueue();
  readonly faults: FaultSet;
  readonly log: RequestLog;
  readonly counters = new Counters();
  readonly now: () => number;
  settings: Settings;
  nextRequestId = FIRST_REQUEST_ID;
  /** Called after every change of state worth persisting. */
  onChange: (() => void) | undefined;
  /** Called for every request settled (for live output). */
  onSettle: ((r: TwoStepRequest) => void) | undefined;
  /** Per-account state from a loaded file whose account is not configured: kept as it was. */
  foreignAccounts: Record<string, unknown> = {};

  readonly failurePrng: Prng;
  readonly faultPrng: Prng;
  private readonly initialSettings: Settings;
  private readonly initialFaults: readonly FaultRuleInput[];
  private readonly timers: boolean;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private disposed = false;

  constructor(options: EngineOptions = {}) {
    this.seed = options.seed ?? 1;
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? true;
    const accounts = new Map<string, Account>();
    for (const a of resolveAccounts(options.accounts ?? DEFAULT_ACCOUNTS, this.seed)) {
      accounts.set(a.spec.username, {
        username: a.spec.username,
        password: a.spec.password,
        inventory: a.inventory,
        state: emptyAccountState(),
      });
    }
    if (accounts.size === 0) throw new Error("the simulator needs at least one account");
    this.accounts = accounts;
    this.initialSettings = parseSettings(
      {
        ...DEFAULT_SETTINGS,
        ...defined({
          latencyMs: options.latencyMs,
          failureRate: options.failureRate,
          minCheckDelayMs: options.minCheckDelayMs,
          unsupportedServices: options.unsupportedServices && [...options.unsupportedServices],
          whilePending: options.whilePending,
        }),
      },
      DEFAULT_SETTINGS,
    );
    this.settings = cloneSettings(this.initialSettings);
    this.failurePrng = streamFor(this.seed, "request-failures");
    this.faultPrng = streamFor(this.seed, "faults");
    this.faults = new FaultSet(this.faultPrng);
    this.initialFaults = [...(options.faults ?? [])];
    for (const f of this.initialFaults) this.faults.add(f);
    this.log = new RequestLog(options.logCapacity ?? DEFAULT_LOG_CAPACITY);
  }

  // ---- accounts -----------------------------------------------------------------------------

  authenticate(username: string | undefined, password: string | undefined): Account | undefined {
    if (username === undefined || password === undefined) return undefined;
    const acc = this.accounts.get(username);
    return acc !== undefined && acc.password === password ? acc : undefined;
  }

  /** The account whose inventory holds this ICCID. */
  accountOfIccid(iccid: string): Account | undefined {
    for (const a of this.accounts.values()) if (a.inventory.ownsIccid(iccid)) return a;
    return undefined;
  }

  accountOfNumber(number: string): Account | undefined {
    for (const a of this.accounts.values()) if (a.inventory.ownsNumber(number)) return a;
    return undefined;
  }

  account(username?: string): Account {
    const acc =
      username === undefined ? this.accounts.values().next().value : this.accounts.get(username);
    if (acc === undefined) throw new Error(`no account ${username ?? ""}`);
    return acc;
  }

  freeIccids(n: number, opts: PickOptions = {}): string[] {
    const acc = this.account(opts.account);
    return acc.inventory.pickIccids(n, (i) => !acc.state.sims.has(i), opts.offset ?? 0);
  }

  freeNumbers(n: number, opts: PickOptions = {}): string[] {
    const acc = this.account(opts.account);
    return acc.inventory.pickNumbers(n, (x) => !acc.state.numberOwner.has(x), opts.offset ?? 0);
  }

  secrets(iccid: string): SimSecrets {
    return simSecrets(iccid);
  }

  // ---- changes and the queue ----------------------------------------------------------------

  /** Something worth persisting changed. */
  changed(): void {
    this.onChange?.();
  }

  /**
   * Queue a two-step request. Its outcome is decided now: failed if `forceFail` (a
   * fail-request fault) or by the failure rate, else success.
   */
  enqueue(
    account: Account,
    command: TwoStepCommand,
    iccid: string,
    geoNo: string,
    services: SettableService[],
    forceFail: boolean,
  ): TwoStepRequest {
    const now = this.now();
    const byRate = this.failurePrng.chance(this.settings.failureRate);
    const req: TwoStepRequest = {
      id: String(this.nextRequestId++),
      account: account.username,
      command,
      iccid,
      geoNo,
      services,
      submittedAt: now,
      dueAt: now + this.settings.latencyMs,
      state: "pending",
      outcome: forceFail || byRate ? "failed" : "success",
      cause: forceFail ? "fault" : byRate ? "failure-rate" : null,
      settledAt: null,
    };
    this.queue.add(req);
    this.armTimer();
    return req;
  }

  /** Settle every request due by `now`, earliest first. Returns how many settled. */
  settle(now: number = this.now()): number {
    return this.settleList(this.queue.popDue(now), now);
  }

  /** Settle every pending request now, whatever its due time. */
  settleAll(): number {
    return this.settleList(this.queue.popAll(), this.now());
  }

  private settleList(due: TwoStepRequest[], now: number): number {
    for (const req of due) {
      const acc = this.accounts.get(req.account);
      if (acc === undefined) {
        req.state = "failed";
        req.settledAt = now;
        continue;
      }
      const state = settleRequest(acc.state, req, now);
      if (state === "success" || state === "failed") {
        this.counters.settled(req.command, req.iccid, state);
      }
      this.onSettle?.(req);
    }
    if (due.length > 0) {
      this.changed();
      this.armTimer();
    }
    return due.length;
  }

  private armTimer(): void {
    if (!this.timers || this.disposed) return;
    const at = this.queue.nextDueAt();
    if (at === undefined) {
      if (this.timer !== undefined) clearTimeout(this.timer);
      this.timer = undefined;
      this.timerAt = Number.POSITIVE_INFINITY;
      return;
    }
    if (this.timer !== undefined && this.timerAt <= at) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerAt = at;
    const delay = Math.min(Math.max(0, at - this.now()), 2 ** 31 - 1);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Number.POSITIVE_INFINITY;
      this.settle();
      this.armTimer();
    }, delay);
    this.timer.unref();
  }

  /** Stop the settle timer (the server calls this on close). */
  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  // ---- settings, reset, views --------------------------------------------------------------

  updateSettings(patch: unknown): Settings {
    this.settings = parseSettings(patch, this.settings);
    return cloneSettings(this.settings);
  }

  /** Back to the start: no SIM used, no requests, log and counters empty, start-up faults
   *  and settings. Persisted state is overwritten at the next write. */
  reset(): void {
    for (const acc of this.accounts.values()) acc.state = emptyAccountState();
    this.queue.clear();
    this.nextRequestId = FIRST_REQUEST_ID;
    this.settings = cloneSettings(this.initialSettings);
    this.faults.clear();
    for (const f of this.initialFaults) this.faults.add(f);
    this.log.clear();
    this.counters.reset();
    this.foreignAccounts = {};
    this.armTimer();
    this.changed();
  }

  /** The SIM and its account, for an ICCID of any account ("unused" SIMs have no record). */
  findSim(iccid: string): { account: Account; sim: SimRecord | undefined } | undefined {
    const account = this.accountOfIccid(iccid);
    if (account === undefined) return undefined;
    return { account, sim: account.state.sims.get(iccid) };
  }

  simView(account: Account, sim: SimRecord): SimView {
    return { account: account.username, ...structuredClone(sim), ...this.secrets(sim.iccid) };
  }

  snapshot(opts: { account?: string } = {}): StateSnapshot {
    const accounts: Record<string, AccountView> = {};
    for (const acc of this.accounts.values()) {
      if (opts.account !== undefined && acc.username !== opts.account) continue;
      const sims = [...acc.state.sims.values()].map((s) => this.simView(acc, s));
      const usedIccids = sims.length;
      accounts[acc.username] = {
        inventory: acc.inventory.describe(),
        freeIccids: acc.inventory.iccidTotal - usedIccids,
        freeNumbers: acc.inventory.numberTotal - acc.state.numberOwner.size,
        sims,
        numbersInUse: Object.fromEntries(acc.state.numberOwner),
        voicemail: Object.fromEntries(structuredClone(acc.state.voicemail)),
        recording: Object.fromEntries(structuredClone(acc.state.recording)),
      };
    }
    return {
      at: new Date(this.now()).toISOString(),
      seed: this.seed,
      settings: cloneSettings(this.settings),
      nextRequestId: this.nextRequestId,
      accounts,
      requests: { total: this.queue.size, pending: structuredClone(this.queue.pending()) },
      faults: this.faults.list(),
    };
  }

  /** Rebuild the derived indexes after state was loaded or edited wholesale. */
  reindex(): void {
    for (const acc of this.accounts.values()) rebuildNumberOwners(acc.state);
    this.armTimer();
  }
}

function parseSettings(patch: unknown, base: Readonly<Settings>): Settings {
  const r = settingsSchema.safeParse(patch);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue === undefined ? "" : issue.path.map(String).join(".");
    throw new Error(`invalid settings${where ? ` (${where})` : ""}: ${issue?.message ?? ""}`);
  }
  const p = r.data;
  return {
    latencyMs: p.latencyMs ?? base.latencyMs,
    failureRate: p.failureRate ?? base.failureRate,
    minCheckDelayMs: p.minCheckDelayMs ?? base.minCheckDelayMs,
    unsupportedServices: [...(p.unsupportedServices ?? base.unsupportedServices)],
    whilePending: p.whilePending ?? base.whilePending,
  };
}

function cloneSettings(s: Readonly<Settings>): Settings {
  return { ...s, unsupportedServices: [...s.unsupportedServices] };
}

/** Drop the keys whose value is undefined (for exactOptionalPropertyTypes). */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
