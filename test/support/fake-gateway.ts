// An in-memory Gateway for unit tests: SIMs with state, two-step requests, a call log, and
// one-shot scripts (refuse, lose the answer, end a wait as failed or past the deadline). Its
// waits take no time: waitFor settles at once (reporting progress as scripted), and its clock
// only moves when something sleeps on it.

import type {
  ActivateParams,
  CrispParams,
  Gateway,
  QueuedRequest,
  SimRef,
  VasApi,
  WaitOptions,
} from "../../provider/gateway/api";
import type { Clock } from "../../provider/gateway/retry";
import type {
  RecordingSettings,
  RequestStatus,
  ServiceFlags,
  SettableService,
  SimInfo,
  SimState,
  TwoStepCommand,
  VoicemailSettings,
} from "../../provider/gateway/types";
import {
  AnswerLostError,
  DeadlineError,
  GatewayError,
  RequestFailedError,
} from "../../provider/errors";

/** Every sleep returns at once and moves the time on by its length. */
export class InstantClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(public t = 1_700_000_000_000) {}
  now(): number {
    return this.t;
  }
  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.t += ms;
    return Promise.resolve();
  }
}

export interface FakeSim {
  iccid: string;
  state: SimState;
  geoNumber?: string;
  services: ServiceFlags;
  imsi?: string;
  pin?: string;
  pin2?: string;
  puk?: string;
  puk2?: string;
  /** What activate was sent with, to assert on. */
  activatedWith?: ActivateParams;
  /** While pending: queries still answered `pending` before the activation completes. */
  pendingQueries?: number;
}

/** One entry per method call, in order. */
export interface FakeCall {
  /** The gateway command, or "wait" for waitFor (then `waitFor` names the request's command). */
  command: string;
  iccid?: string;
  geoNumber?: string;
  newGeoNumber?: string;
  services?: readonly SettableService[];
  requestId?: string;
  waitFor?: TwoStepCommand;
  deadlineMs?: number;
}

/** What happens to the next send of a command. */
export type SendScript =
  /** The gateway answers with these codes: nothing happens. */
  | { refuse: number[] }
  /**
   * The answer is lost. not-queued: nothing happened. queued: the gateway had queued it (an
   * activation then stays pending for one query; other commands take effect). done: queued
   * and already finished.
   */
  | { lose: "queued" | "not-queued" | "done" };

/** How the next waitFor on a request of a command ends. */
export type WaitScript =
  | { outcome: "success"; pendingChecks?: number }
  | { outcome: "failed"; pendingChecks?: number }
  | { outcome: "deadline"; pendingChecks?: number };

interface FakeRequest {
  request: QueuedRequest;
  state: "pending" | "success" | "failed";
  apply: () => void;
  undo: () => void;
}

export const DEFAULT_SERVICES: ServiceFlags = {
  int_roaming: false,
  int_call: false,
  premium: false,
  mo_voice: true,
  mt_voice: true,
  mo_sms: true,
  mt_sms: true,
  video: false,
  mms: true,
  internet: true,
};

const CODE_INVALID_STATE = 63026;
const CODE_NOT_ACTIVE = 63017;
const CODE_NOT_ON_ACCOUNT = 63003;
const CODE_INVALID_NUMBER = 63201;
const CODE_ANOTHER_NUMBER = 63203;

export class FakeGateway implements Gateway {
  readonly calls: FakeCall[] = [];
  readonly sims = new Map<string, FakeSim>();
  readonly requests = new Map<string, FakeRequest>();
  /** The time of submittedAt; pass the same clock to the code under test. */
  readonly clock: InstantClock;
  private nextId = 1000;
  private sendScripts = new Map<string, SendScript[]>();
  private waitScripts = new Map<string, WaitScript[]>();
  private vm = new Map<string, VoicemailSettings>();
  private rec = new Map<string, RecordingSettings>();

  constructor(clock: InstantClock = new InstantClock()) {
    this.clock = clock;
  }

  // --- set-up and scripting ------------------------------------------------------------------

  /** Add a SIM; an active or suspended one gets the default services and secrets. */
  addSim(iccid: string, s: Partial<Omit<FakeSim, "iccid">> = {}): FakeSim {
    const settled = s.state === "active" || s.state === "suspended";
    const sim: FakeSim = {
      iccid,
      state: "unused",
      services: { ...DEFAULT_SERVICES },
      ...(settled && secretsFor(iccid)),
      ...s,
    };
    this.sims.set(iccid, sim);
    return sim;
  }

  sim(iccid: string): FakeSim {
    const s = this.sims.get(iccid);
    if (s === undefined) throw new Error(`fake gateway: no SIM ${iccid}`);
    return s;
  }

  /** Script the next send of `command` (FIFO per command). */
  onSend(command: TwoStepCommand | "assigngeo" | "changegeo" | "queryiccid", s: SendScript): this {
    push(this.sendScripts, command, s);
    return this;
  }

  /** Script the next waitFor on a `command` request (FIFO per command). */
  onWait(command: TwoStepCommand, s: WaitScript): this {
    push(this.waitScripts, command, s);
    return this;
  }

  /** The commands called, in order: "queryiccid", "activate", "wait:activate"... */
  commands(): string[] {
    return this.calls.map((c) => (c.command === "wait" ? `wait:${c.waitFor}` : c.command));
  }

  clearCalls(): void {
    this.calls.length = 0;
  }

  /** A two-step request already queued (as a previous run left it), not in the call log. */
  async queued(command: TwoStepCommand, send: (g: Gateway) => Promise<QueuedRequest>) {
    const before = this.calls.length;
    const r = await send(this);
    this.calls.splice(before);
    if (r.command !== command) throw new Error("fake gateway: queued the wrong command");
    return r;
  }

  // --- two-step ------------------------------------------------------------------------------

  async activate(p: ActivateParams): Promise<QueuedRequest> {
    this.log({ command: "activate", iccid: p.iccid, geoNumber: p.geoNumber });
    const sim = this.known(p.iccid, "activate");
    const script = this.sendScript("activate", p.iccid);
    if (sim.state !== "unused") throw this.refused("activate", p.iccid, CODE_INVALID_STATE);
    sim.state = "pending";
    sim.activatedWith = structuredClone(p);
    return this.queue(script, "activate", p.iccid, {
      apply: () => {
        Object.assign(sim, {
          state: "active",
          geoNumber: p.geoNumber,
          services: { ...DEFAULT_SERVICES },
          ...secretsFor(p.iccid),
        });
        delete sim.pendingQueries;
      },
      // Not queued, or rejected by the network: the SIM is as it was.
      undo: () => {
        sim.state = "unused";
        delete sim.activatedWith;
        delete sim.pendingQueries;
      },
    });
  }

  terminate(p: SimRef): Promise<QueuedRequest> {
    return this.simRefCommand("terminate", p, ["active", "suspended"], (sim) => {
      sim.state = "terminated";
      delete sim.geoNumber;
    });
  }

  suspend(p: SimRef): Promise<QueuedRequest> {
    return this.simRefCommand("suspend", p, ["active"], (sim) => {
      sim.state = "suspended";
    });
  }

  unsuspend(p: SimRef): Promise<QueuedRequest> {
    return this.simRefCommand("unsuspend", p, ["suspended"], (sim) => {
      sim.state = "active";
    });
  }

  addService(p: SimRef & { services: readonly SettableService[] }): Promise<QueuedRequest> {
    return this.simRefCommand("addservice", p, ["active"], (sim) => {
      for (const s of p.services) sim.services[s] = true;
    });
  }

  removeService(p: SimRef & { services: readonly SettableService[] }): Promise<QueuedRequest> {
    return this.simRefCommand("removeservice", p, ["active"], (sim) => {
      for (const s of p.services) sim.services[s] = false;
    });
  }

  // --- one-step ------------------------------------------------------------------------------

  async assignGeo(p: SimRef): Promise<void> {
    this.log({ command: "assigngeo", iccid: p.iccid, geoNumber: p.geoNumber });
    const sim = this.known(p.iccid, "assigngeo");
    const script = this.sendScript("assigngeo", p.iccid);
    if (sim.state !== "active" && sim.state !== "suspended") {
      throw this.refused("assigngeo", p.iccid, CODE_NOT_ACTIVE);
    }
    if (sim.geoNumber !== undefined) throw this.refused("assigngeo", p.iccid, CODE_ANOTHER_NUMBER);
    this.oneStep(script, "assigngeo", p.iccid, () => {
      sim.geoNumber = p.geoNumber;
    });
  }

  async changeGeo(p: SimRef & { newGeoNumber: string }): Promise<void> {
    this.log({
      command: "changegeo",
      iccid: p.iccid,
      geoNumber: p.geoNumber,
      newGeoNumber: p.newGeoNumber,
    });
    const sim = this.known(p.iccid, "changegeo");
    const script = this.sendScript("changegeo", p.iccid);
    if (sim.state !== "active" && sim.state !== "suspended") {
      throw this.refused("changegeo", p.iccid, CODE_NOT_ACTIVE);
    }
    if (sim.geoNumber !== p.geoNumber) {
      throw this.refused("changegeo", p.iccid, CODE_INVALID_NUMBER);
    }
    this.oneStep(script, "changegeo", p.iccid, () => {
      sim.geoNumber = p.newGeoNumber;
    });
  }

  async queryIccid(iccid: string): Promise<SimInfo> {
    this.log({ command: "queryiccid", iccid });
    const sim = this.known(iccid, "queryiccid");
    if (this.sendScript("queryiccid", iccid) !== undefined) {
      throw new AnswerLostError({ command: "queryiccid", iccid }, "scripted");
    }
    if (sim.state === "pending" && sim.pendingQueries !== undefined) {
      if (sim.pendingQueries <= 0) this.completeActivation(iccid);
      else sim.pendingQueries--;
    }
    return snapshot(sim);
  }

  async checkStatus(id: string): Promise<RequestStatus> {
    this.log({ command: "checkstatus", requestId: id });
    const r = this.requests.get(id);
    if (r === undefined) throw new GatewayError({ command: "checkstatus", requestId: id }, [63025]);
    return { id, state: r.state, iccid: r.request.iccid };
  }

  async crisp(p: CrispParams): Promise<void> {
    this.log({ command: "crisp", iccid: p.iccid, geoNumber: p.geoNumber });
  }

  readonly voicemail: VasApi<VoicemailSettings> = this.vasApi("vm", this.vm);
  readonly recording: VasApi<RecordingSettings> = this.vasApi("rec", this.rec);

  async waitFor(request: QueuedRequest, options: WaitOptions = {}): Promise<RequestStatus> {
    this.log({
      command: "wait",
      iccid: request.iccid,
      requestId: request.id,
      waitFor: request.command,
      ...(options.deadlineMs !== undefined && { deadlineMs: options.deadlineMs }),
    });
    const r = this.requests.get(request.id);
    if (r === undefined) {
      throw new GatewayError({ command: "checkstatus", requestId: request.id }, [63025]);
    }
    const script = shift(this.waitScripts, request.command) ?? { outcome: "success" };
    const checks = script.pendingChecks ?? 1;
    for (let i = 1; i <= checks; i++) {
      options.onProgress?.({ request, waitedMs: i * 60_000, checks: i, state: "pending" });
    }
    const subject = { command: request.command, iccid: request.iccid, requestId: request.id };
    if (r.state === "pending") {
      if (script.outcome === "deadline") throw new DeadlineError(subject, checks * 60_000);
      if (script.outcome === "failed") {
        r.state = "failed";
        r.undo();
      } else {
        r.state = "success";
        r.apply();
      }
    }
    if (r.state === "failed") throw new RequestFailedError(subject);
    return { id: request.id, state: "success", iccid: request.iccid };
  }

  /** Finish a pending activation as the network would, with nobody waiting for it. */
  completeActivation(iccid: string): void {
    for (const r of this.requests.values()) {
      if (r.request.iccid === iccid && r.request.command === "activate" && r.state === "pending") {
        r.state = "success";
        r.apply();
        return;
      }
    }
    throw new Error(`fake gateway: no pending activation for ${iccid}`);
  }

  // --- internals -----------------------------------------------------------------------------

  private log(c: FakeCall): void {
    this.calls.push(c);
  }

  private known(iccid: string, command: string): FakeSim {
    const sim = this.sims.get(iccid);
    if (sim === undefined) throw this.refused(command, iccid, CODE_NOT_ON_ACCOUNT);
    return sim;
  }

  private refused(command: string, iccid: string, code: number): GatewayError {
    return new GatewayError({ command, iccid }, [code]);
  }

  /** A refuse script throws here; a lose script is returned for the caller to apply. */
  private sendScript(command: string, iccid: string): SendScript | undefined {
    const s = shift(this.sendScripts, command);
    if (s !== undefined && "refuse" in s) throw new GatewayError({ command, iccid }, s.refuse);
    return s;
  }

  private async simRefCommand(
    command: TwoStepCommand,
    p: SimRef & { services?: readonly SettableService[] },
    from: SimState[],
    effect: (sim: FakeSim) => void,
  ): Promise<QueuedRequest> {
    this.log({
      command,
      iccid: p.iccid,
      geoNumber: p.geoNumber,
      ...(p.services !== undefined && { services: [...p.services] }),
    });
    const sim = this.known(p.iccid, command);
    const script = this.sendScript(command, p.iccid);
    if (!from.includes(sim.state)) {
      const code = from.includes("active") ? CODE_NOT_ACTIVE : CODE_INVALID_STATE;
      throw this.refused(command, p.iccid, code);
    }
    if (sim.geoNumber !== p.geoNumber) throw this.refused(command, p.iccid, CODE_INVALID_NUMBER);
    return this.queue(script, command, p.iccid, {
      apply: () => effect(sim),
      undo: () => undefined,
    });
  }

  private queue(
    script: SendScript | undefined,
    command: TwoStepCommand,
    iccid: string,
    fx: { apply: () => void; undo: () => void },
  ): QueuedRequest {
    const request: QueuedRequest = {
      id: String(this.nextId++),
      command,
      iccid,
      submittedAt: this.clock.now(),
    };
    const entry: FakeRequest = { request, state: "pending", ...fx };
    if (script !== undefined && "lose" in script) {
      if (script.lose === "not-queued") {
        fx.undo();
      } else {
        this.requests.set(request.id, entry);
        // Nobody will wait for it: an activation stays pending for one query, the rest apply.
        if (command === "activate" && script.lose === "queued") {
          this.sim(iccid).pendingQueries = 1;
        } else {
          entry.state = "success";
          fx.apply();
        }
      }
      throw new AnswerLostError({ command, iccid }, "scripted");
    }
    this.requests.set(request.id, entry);
    return request;
  }

  private oneStep(
    script: SendScript | undefined,
    command: string,
    iccid: string,
    apply: () => void,
  ): void {
    if (script !== undefined && "lose" in script) {
      if (script.lose !== "not-queued") apply();
      throw new AnswerLostError({ command, iccid }, "scripted");
    }
    apply();
  }

  private vasApi<S>(command: string, store: Map<string, S>): VasApi<S> {
    return {
      config: async (geoNumber, settings) => {
        this.log({ command: `${command}:config`, geoNumber });
        store.set(geoNumber, structuredClone(settings));
      },
      remove: async (geoNumber) => {
        this.log({ command: `${command}:remove`, geoNumber });
        store.delete(geoNumber);
      },
      info: async (geoNumber) => {
        this.log({ command: `${command}:info`, geoNumber });
        const s = store.get(geoNumber);
        return s === undefined ? undefined : structuredClone(s);
      },
    };
  }
}

function secretsFor(iccid: string) {
  const tail = iccid.slice(-4);
  return {
    imsi: `23420${iccid.slice(-10)}`,
    pin: tail,
    pin2: `2${tail.slice(1)}`,
    puk: `1${tail}123`,
    puk2: `2${tail}456`,
  };
}

/** What queryiccid reports: number, services and secrets for active and suspended only. */
function snapshot(sim: FakeSim): SimInfo {
  const info: SimInfo = { iccid: sim.iccid, state: sim.state };
  if (sim.state !== "active" && sim.state !== "suspended") return info;
  if (sim.geoNumber !== undefined) info.geoNumber = sim.geoNumber;
  info.services = { ...sim.services };
  for (const k of ["imsi", "pin", "pin2", "puk", "puk2"] as const) {
    const v = sim[k];
    if (v !== undefined) info[k] = v;
  }
  return info;
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k) ?? [];
  list.push(v);
  m.set(k, list);
}

function shift<T>(m: Map<string, T[]>, k: string): T | undefined {
  return m.get(k)?.shift();
}
