// The gateway client: every command of the vendor text behind the `Gateway` interface.
// A call is: validate and map the parameters (params.ts), take a slot (limiter.ts), POST
// (transport.ts), and let the retry rules (retry.ts) decide what the outcome means. Answers are
// read into the vocabulary of types.ts; failures become the typed errors of ../errors.ts,
// which never hold the password.

import type { Dispatcher } from "undici";
import type { AqlConfig } from "../config";
import { checkEndpoint, requireCredentials } from "../config";
import type { CallSubject } from "../errors";
import { AnswerLostError, GatewayError } from "../errors";
import { readRecording, readRequestStatus, readSimInfo, readVoicemail } from "./answers";
import { describeAttempt, failure, scrubSecrets } from "./failure";
import type {
  ActivateParams,
  CrispParams,
  Gateway,
  QueuedRequest,
  SimRef,
  VasApi,
  WaitOptions,
} from "./api";
import { CODE_NO_VAS_PRESENT } from "./codes";
import { configuredLimiter, Limiter } from "./limiter";
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
import type { Attempt, Clock, Decision } from "./retry";
import { classify, systemClock } from "./retry";
import { send } from "./sender";
import { post } from "./transport";
import type {
  RecordingSettings,
  RequestStatus,
  SettableService,
  SimInfo,
  TwoStepCommand,
  VoicemailSettings,
} from "./types";

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
  /** Called after every attempt, for debug logs. Never sees the password. */
  onRequest?: (event: RequestEvent) => void;
}

export interface GatewayClient extends Gateway {
  readonly limiter: Limiter;
  /** checkStatus with cancellation, as the poller uses it. */
  checkStatus(id: string, signal?: AbortSignal): Promise<RequestStatus>;
}

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
    this.limiter = options.limiter ?? configuredLimiter(config, this.clock);
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
    const sent = await send({
      cls: classify(call.script, call.command),
      policy: this.config,
      limiter: this.limiter,
      clock: this.clock,
      attempt: (signal) =>
        post(url, body, {
          requestTimeout: this.config.requestTimeout,
          connections: this.config.maxConcurrency,
          ...(this.options.dispatcher !== undefined && { dispatcher: this.options.dispatcher }),
          ...(signal !== undefined && { signal }),
        }),
      ...(signal !== undefined && { signal }),
      onAttempt: (attemptNo, attempt, decision, durationMs) =>
        this.report(call, url, attemptNo, attempt, decision, durationMs, scrub),
    });
    if (sent.ok) return sent.answer;
    throw failure(call.subject, sent.attempt, sent.error, sent.history, scrub);
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

/** For vm/rec: a refusal that is only 65002 means "no such service here". */
function absentAs<T>(value: T): (err: unknown) => T {
  return (err) => {
    if (err instanceof GatewayError && err.gatewayCodes.every((c) => c === CODE_NO_VAS_PRESENT)) {
      return value;
    }
    throw err;
  };
}
