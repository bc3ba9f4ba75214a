// The gateway client: every command of the vendor text behind the `Gateway` interface.
// A call is: validate and map the parameters (params.ts), take a slot (limiter.ts), POST
// (transport.ts), and let the retry rules (retry.ts) decide what the outcome means. Answers are
// read into the vocabulary of types.ts; failures become the typed errors of ../errors.ts,
// which never hold the password.

import type { Dispatcher } from "undici";
import type { AqlConfig } from "../config";
import { checkEndpoint, requireCredentials } from "../config";
import type { CallSubject } from "../errors";
import { AnswerLostError, BadAnswerError, GatewayError, TransportError } from "../errors";
import type {
  ActivateParams,
  CrispParams,
  Gateway,
  QueuedRequest,
  SimRef,
  VasApi,
  WaitOptions,
} from "./api";
import { CODE_CONGESTED, CODE_NO_VAS_PRESENT } from "./codes";
import { Limiter } from "./limiter";
import type { GatewayScript, PreparedCall } from "./params";
import {
  SCRIPT_PATHS,
  SECRET_FIELDS,
  formBody,
  prepareActivate,
  prepareChangeGeo,
  prepareCheckStatus,
  prepareCrisp,
  prepareQueryIccid,
  prepareRecordingConfig,
  prepareServices,
  prepareSimRef,
  prepareVasNumber,
  prepareVoicemailConfig,
  redactedForm,
} from "./params";
import { waitFor } from "./poller";
import type { ParsedAnswer } from "./response";
import type { Attempt, Clock, Decision, RetryHistory } from "./retry";
import { classify, decide, systemClock } from "./retry";
import { post } from "./transport";
import type {
  RecordingSettings,
  RequestState,
  RequestStatus,
  ServiceFlags,
  SettableService,
  SimInfo,
  SimState,
  TwoStepCommand,
  VoicemailSettings,
} from "./types";
import { ALL_SERVICE_FLAGS, REQUEST_STATES, SIM_STATES } from "./types";

/** One attempt, as the debug hook sees it. Secrets are replaced by `***`. */
export interface RequestEvent {
  command: string;
  url: string;
  /** The form fields sent, readable, with the password and other secrets redacted. */
  form: string;
  /** 1 for the first send, 2 for the first resend... */
  attempt: number;
  outcome: Attempt["kind"];
  /** `status 200`, `status 63001`, or why there was no answer. */
  detail: string;
  decision: Decision["action"];
  retryInMs?: number;
  durationMs: number;
  /** Oddities the parser noticed in the answer. */
  problems: readonly string[];
}

export interface GatewayClientOptions {
  /** An undici dispatcher (MockAgent in tests); default: the process-wide pool per origin. */
  dispatcher?: Dispatcher;
  /** Default: real time. Tests inject a fake so that waits take no time. */
  clock?: Clock;
  /** Default: a new limiter from the config; sharedGateway passes the account's shared one. */
  limiter?: Limiter;
  /** Largest answer read, in bytes (default 64 KiB). */
  maxBodyBytes?: number;
  /** Called after every attempt, for debug logs. Never sees the password. */
  onRequest?: (event: RequestEvent) => void;
}

export interface GatewayClient extends Gateway {
  readonly limiter: Limiter;
  /** checkStatus with cancellation, as the poller uses it. */
  checkStatus(id: string, signal?: AbortSignal): Promise<RequestStatus>;
}

const HINTS: Partial<Record<number, string>> = {
  401: "Check aql:username and aql:password",
};

export function createGatewayClient(
  config: AqlConfig,
  options: GatewayClientOptions = {},
): GatewayClient {
  return new AqlGatewayClient(config, options);
}

class AqlGatewayClient implements GatewayClient {
  readonly limiter: Limiter;
  readonly voicemail: VasApi<VoicemailSettings>;
  readonly recording: VasApi<RecordingSettings>;
  private readonly clock: Clock;
  private readonly urls: Record<GatewayScript, URL>;

  constructor(
    private readonly config: AqlConfig,
    private readonly options: GatewayClientOptions,
  ) {
    const endpoint = checkEndpoint("endpoint", config.endpoint);
    const base = endpoint.pathname.replace(/\/+$/, "");
    const url = (s: GatewayScript) => new URL(base + SCRIPT_PATHS[s], endpoint.origin);
    this.urls = { sim: url("sim"), vm: url("vm"), rec: url("rec") };
    this.clock = options.clock ?? systemClock;
    this.limiter =
      options.limiter ??
      new Limiter({
        maxConcurrency: config.maxConcurrency,
        requestsPerSecond: config.requestsPerSecond,
        clock: this.clock,
      });
    this.voicemail = this.vasApi("vm", prepareVoicemailConfig, readVoicemail);
    this.recording = this.vasApi("rec", prepareRecordingConfig, readRecording);
  }

  // --- two-step ----------------------------------------------------------------------------

  activate(p: ActivateParams): Promise<QueuedRequest> {
    return this.queue(() => prepareActivate(p));
  }
  terminate(p: SimRef): Promise<QueuedRequest> {
    return this.queue(() => prepareSimRef("terminate", p));
  }
  suspend(p: SimRef): Promise<QueuedRequest> {
    return this.queue(() => prepareSimRef("suspend", p));
  }
  unsuspend(p: SimRef): Promise<QueuedRequest> {
    return this.queue(() => prepareSimRef("unsuspend", p));
  }
  addService(p: SimRef & { services: readonly SettableService[] }): Promise<QueuedRequest> {
    return this.queue(() => prepareServices("addservice", p));
  }
  removeService(p: SimRef & { services: readonly SettableService[] }): Promise<QueuedRequest> {
    return this.queue(() => prepareServices("removeservice", p));
  }

  // --- one-step ----------------------------------------------------------------------------

  async assignGeo(p: SimRef): Promise<void> {
    await this.call(prepareSimRef("assigngeo", p));
  }
  async changeGeo(p: SimRef & { newGeoNumber: string }): Promise<void> {
    await this.call(prepareChangeGeo(p));
  }
  async crisp(p: CrispParams): Promise<void> {
    await this.call(prepareCrisp(p));
  }

  async queryIccid(iccid: string): Promise<SimInfo> {
    const call = prepareQueryIccid(iccid);
    const answer = await this.call(call);
    return readSimInfo(call.subject, call.subject.iccid!, answer);
  }

  async checkStatus(id: string, signal?: AbortSignal): Promise<RequestStatus> {
    const call = prepareCheckStatus(id);
    const answer = await this.call(call, signal);
    return readRequestStatus(call.subject, call.subject.requestId!, answer);
  }

  waitFor(request: QueuedRequest, options: WaitOptions = {}): Promise<RequestStatus> {
    return waitFor(
      {
        checkStatus: (id, signal) => this.checkStatus(id, signal),
        clock: this.clock,
        schedule: this.config,
      },
      request,
      options,
    );
  }

  // --- vm.php and rec.php ------------------------------------------------------------------

  private vasApi<S>(
    script: "vm" | "rec",
    prepareConfig: (geoNumber: string, s: S) => PreparedCall,
    read: (subject: CallSubject, answer: ParsedAnswer) => S,
  ): VasApi<S> {
    return {
      config: async (geoNumber, settings) => {
        await this.call(prepareConfig(geoNumber, settings));
      },
      remove: async (geoNumber) => {
        // 65002: there is no service to remove, which is what remove wants.
        await this.call(prepareVasNumber(script, "remove", geoNumber)).catch(absentAs(undefined));
      },
      info: async (geoNumber) => {
        const call = prepareVasNumber(script, "info", geoNumber);
        const answer = await this.call(call).catch(absentAs(undefined));
        return answer === undefined ? undefined : read(call.subject, answer);
      },
    };
  }

  // --- the call loop -----------------------------------------------------------------------

  /** Send a two-step command; its answer carries the id to wait on. */
  private async queue(prepare: () => PreparedCall): Promise<QueuedRequest> {
    const call = prepare();
    const answer = await this.call(call);
    const id = answer.fields.get("id");
    if (id === undefined || id === "") {
      // Accepted, so it may well be queued, but there is nothing to poll: as good as lost.
      throw new AnswerLostError(call.subject, "status 200 came without a request id");
    }
    return {
      id,
      command: call.command as TwoStepCommand,
      iccid: call.subject.iccid!,
      submittedAt: this.clock.now(),
    };
  }

  /** Send until the retry rules say done or fail; resolves with a `status: 200` answer. */
  private async call(call: PreparedCall, signal?: AbortSignal): Promise<ParsedAnswer> {
    // Validation happened in prepare(); credentials are needed only now.
    const credentials = requireCredentials(this.config);
    const secrets = [
      credentials.password,
      ...call.fields.filter(([k, v]) => SECRET_FIELDS.has(k) && v !== "").map(([, v]) => v),
    ];
    const scrub = (text: string) => scrubSecrets(text, secrets);
    const url = this.urls[call.script];
    const body = formBody(credentials, call);
    const cls = classify(call.script, call.command);
    const history: RetryHistory = { retries: 0, transportRetries: 0 };

    for (let attemptNo = 1; ; attemptNo++) {
      const started = this.clock.now();
      const attempt = await this.limiter.run(
        () =>
          post(url, body, {
            requestTimeout: this.config.requestTimeout,
            connections: this.config.maxConcurrency,
            ...(this.options.dispatcher !== undefined && { dispatcher: this.options.dispatcher }),
            ...(this.options.maxBodyBytes !== undefined && {
              maxBodyBytes: this.options.maxBodyBytes,
            }),
            ...(signal !== undefined && { signal }),
          }),
        signal,
      );
      const decision = decide(cls, attempt, history, this.config);
      this.report(call, url, attemptNo, attempt, decision, this.clock.now() - started, scrub);

      switch (decision.action) {
        case "done":
          return (attempt as Attempt & { kind: "ok" }).answer;
        case "retry":
          history.retries++;
          if (decision.why === "transport") history.transportRetries++;
          await this.clock.sleep(decision.delayMs, signal);
          continue;
        case "fail":
          throw failure(call.subject, attempt, decision.error, history, scrub);
      }
    }
  }

  private report(
    call: PreparedCall,
    url: URL,
    attemptNo: number,
    attempt: Attempt,
    decision: Decision,
    durationMs: number,
    scrub: (s: string) => string,
  ): void {
    const hook = this.options.onRequest;
    if (hook === undefined) return;
    const event: RequestEvent = {
      command: call.subject.command,
      url: url.toString(),
      form: redactedForm(call, this.config.username ?? ""),
      attempt: attemptNo,
      outcome: attempt.kind,
      detail: scrub(describeAttempt(attempt)),
      decision: decision.action,
      durationMs,
      problems:
        attempt.kind === "ok" || attempt.kind === "refused"
          ? attempt.answer.problems.map(scrub)
          : [],
    };
    if (decision.action === "retry") event.retryInMs = decision.delayMs;
    try {
      hook(event);
    } catch {
      // A broken log hook must not break provisioning.
    }
  }
}

function describeAttempt(a: Attempt): string {
  switch (a.kind) {
    case "ok":
      return "status 200";
    case "refused":
      return `status ${a.codes.join(",")}`;
    default:
      return a.reason;
  }
}

/** Replace every secret, raw and form-encoded, wherever it shows up in a message. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s === "") continue;
    const forms = new Set([
      s,
      encodeURIComponent(s),
      new URLSearchParams({ s }).toString().slice(2),
    ]);
    for (const f of forms) out = out.split(f).join("***");
  }
  return out;
}

function failure(
  subject: CallSubject,
  attempt: Attempt,
  kind: "gateway" | "transport" | "bad-answer" | "lost",
  history: RetryHistory,
  scrub: (s: string) => string,
): Error {
  const reason = scrub(attempt.kind === "ok" ? "" : describeAttempt(attempt));
  const tried = history.retries > 0 ? ` (after ${history.retries} resend(s))` : "";
  switch (kind) {
    case "gateway": {
      const codes = attempt.kind === "refused" ? attempt.codes : [];
      const hints = codes.map((c) => HINTS[c]).filter((h): h is string => h !== undefined);
      if (codes.includes(CODE_CONGESTED)) {
        hints.push(`The gateway was still congested${tried}; run pulumi up again later`);
      }
      return new GatewayError(subject, codes, hints.length > 0 ? hints.join(". ") : undefined);
    }
    case "transport":
      return new TransportError(
        subject,
        reason + tried,
        attempt.kind === "lost" ? attempt.httpStatus : undefined,
      );
    case "bad-answer":
      return new BadAnswerError(subject, reason);
    case "lost":
      return new AnswerLostError(subject, reason);
  }
}

/** For vm/rec: a refusal that is only 65002 means "no such service here". */
function absentAs<T>(value: T): (err: unknown) => T {
  return (err) => {
    if (err instanceof GatewayError && err.gatewayCodes.every((c) => c === CODE_NO_VAS_PRESENT)) {
      return value;
    }
    throw err;
  };
}

// --- reading answers -----------------------------------------------------------------------

function readFlag(
  subject: CallSubject,
  answer: ParsedAnswer,
  key: string,
  required: boolean,
): boolean | undefined {
  const v = answer.fields.get(key);
  if (v === "1") return true;
  if (v === "0") return false;
  if ((v === undefined || v === "") && !required) return undefined;
  throw new BadAnswerError(
    subject,
    v === undefined ? `"${key}" is missing` : `"${key}" is ${JSON.stringify(v)}, not 1 or 0`,
  );
}

function readText(answer: ParsedAnswer, key: string): string | undefined {
  const v = answer.fields.get(key);
  return v === undefined || v === "" ? undefined : v;
}

function readSimInfo(subject: CallSubject, iccid: string, answer: ParsedAnswer): SimInfo {
  const raw = answer.fields.get("iccidstate")?.toLowerCase();
  if (!(SIM_STATES as readonly (string | undefined)[]).includes(raw)) {
    throw new BadAnswerError(
      subject,
      raw === undefined ? `"iccidstate" is missing` : `unknown iccidstate ${JSON.stringify(raw)}`,
    );
  }
  const info: SimInfo = { iccid, state: raw as SimState };
  // Number, services and secrets are reported for active and suspended SIMs only.
  if (info.state !== "active" && info.state !== "suspended") return info;

  const geo = readText(answer, "geo_nos");
  if (geo !== undefined) info.geoNumber = geo;
  const services = {} as ServiceFlags;
  for (const f of ALL_SERVICE_FLAGS) services[f] = readFlag(subject, answer, f, true)!;
  info.services = services;
  for (const k of ["imsi", "pin", "pin2", "puk", "puk2"] as const) {
    const v = readText(answer, k);
    if (v !== undefined) info[k] = v;
  }
  return info;
}

function readRequestStatus(subject: CallSubject, id: string, answer: ParsedAnswer): RequestStatus {
  const raw = answer.fields.get("requeststate")?.toLowerCase();
  if (!(REQUEST_STATES as readonly (string | undefined)[]).includes(raw)) {
    throw new BadAnswerError(
      subject,
      raw === undefined
        ? `"requeststate" is missing`
        : `unknown requeststate ${JSON.stringify(raw)}`,
    );
  }
  const status: RequestStatus = { id, state: raw as RequestState };
  const iccid = readText(answer, "iccid");
  if (iccid !== undefined) status.iccid = iccid;
  return status;
}

function readVoicemail(subject: CallSubject, answer: ParsedAnswer): VoicemailSettings {
  const s: VoicemailSettings = {};
  const delay = readText(answer, "delay");
  if (delay !== undefined) {
    if (!/^\d+$/.test(delay)) {
      throw new BadAnswerError(subject, `"delay" is ${JSON.stringify(delay)}, not seconds`);
    }
    s.delaySeconds = Number(delay);
  }
  const pin = readText(answer, "pin");
  if (pin !== undefined) s.pin = pin;
  const email = readText(answer, "email");
  if (email !== undefined) s.email = email;
  const notify = readFlag(subject, answer, "notify", false);
  if (notify !== undefined) s.notify = notify;
  const attach = readFlag(subject, answer, "attach", false);
  if (attach !== undefined) s.attach = attach;
  return s;
}

function readRecording(subject: CallSubject, answer: ParsedAnswer): RecordingSettings {
  const s: RecordingSettings = {};
  const active = readFlag(subject, answer, "active", false);
  if (active !== undefined) s.active = active;
  const onDemand = readFlag(subject, answer, "ondemand", false);
  if (onDemand !== undefined) s.onDemand = onDemand;
  const email = readText(answer, "email");
  if (email !== undefined) s.email = email;
  const notify = readFlag(subject, answer, "notify", false);
  if (notify !== undefined) s.notify = notify;
  const attach = readFlag(subject, answer, "attach", false);
  if (attach !== undefined) s.attach = attach;
  return s;
}

// --- one client per account per process --------------------------------------------------

interface SharedEntry {
  config: AqlConfig;
  onRequest: GatewayClientOptions["onRequest"];
  client: GatewayClient;
}
const sharedClients = new Map<string, SharedEntry>();
const sharedLimiters = new Map<string, Limiter>();

function sameConfig(a: AqlConfig, b: AqlConfig): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof AqlConfig>;
  for (const k of keys) if (a[k] !== b[k]) return false;
  return true;
}

/**
 * The process-wide client for an endpoint and username: every resource in the provider
 * process shares its limiter (and, through transport.ts, its sockets). A changed config or
 * log hook for the same account gets a fresh client on the same limiter; the limiter keeps
 * the limits it was created with.
 */
export function sharedGateway(
  config: AqlConfig,
  options: Pick<GatewayClientOptions, "onRequest"> = {},
): GatewayClient {
  const key = `${config.endpoint}\n${config.username ?? ""}`;
  const cached = sharedClients.get(key);
  if (
    cached !== undefined &&
    cached.onRequest === options.onRequest &&
    sameConfig(cached.config, config)
  ) {
    return cached.client;
  }
  let limiter = sharedLimiters.get(key);
  if (limiter === undefined) {
    limiter = new Limiter({
      maxConcurrency: config.maxConcurrency,
      requestsPerSecond: config.requestsPerSecond,
    });
    sharedLimiters.set(key, limiter);
  }
  const client = createGatewayClient(config, {
    limiter,
    ...(options.onRequest !== undefined && { onRequest: options.onRequest }),
  });
  sharedClients.set(key, { config, onRequest: options.onRequest, client });
  return client;
}

/** Forget the shared clients and limiters (tests). Sockets: transport's closeSharedPools. */
export function resetSharedGateways(): void {
  sharedClients.clear();
  sharedLimiters.clear();
}
