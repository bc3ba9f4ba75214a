// The contract between the resources and the gateway client. Resources depend on this
// interface only, so planning and convergence can be tested against a fake.

import type {
  CrispAction,
  RecordingSettings,
  RequestStatus,
  SettableService,
  SimInfo,
  Subscriber,
  TwoStepCommand,
  VoicemailSettings,
} from "./types";

/** A two-step request the gateway accepted (`status: 200`, `id: ...`). */
export interface QueuedRequest {
  id: string;
  command: TwoStepCommand;
  iccid: string;
  /** Epoch ms when the gateway accepted it; the poller's first check counts from here. */
  submittedAt: number;
}

export interface WaitProgress {
  request: QueuedRequest;
  waitedMs: number;
  checks: number;
  state: "pending";
}

export interface WaitOptions {
  /** Called after every check that is still pending, for progress messages. */
  onProgress?: (p: WaitProgress) => void;
  /** Overrides the configured deadline (ms from the request's submittedAt). */
  deadlineMs?: number;
  signal?: AbortSignal;
}

export interface ActivateParams {
  iccid: string;
  geoNumber: string;
  subscriber: Subscriber;
  imei?: string;
}

export interface SimRef {
  iccid: string;
  geoNumber: string;
}

export interface CrispParams extends SimRef {
  action: CrispAction;
  email: string;
  password?: string;
  parentSmsNumber?: string;
}

export interface VasApi<S> {
  config(geoNumber: string, settings: S): Promise<void>;
  remove(geoNumber: string): Promise<void>;
  /** undefined when the number has no such service (65002). */
  info(geoNumber: string): Promise<S | undefined>;
}

export interface Gateway {
  // Two-step: resolve when queued. Wait with `waitFor`.
  activate(p: ActivateParams): Promise<QueuedRequest>;
  terminate(p: SimRef): Promise<QueuedRequest>;
  suspend(p: SimRef): Promise<QueuedRequest>;
  unsuspend(p: SimRef): Promise<QueuedRequest>;
  addService(p: SimRef & { services: readonly SettableService[] }): Promise<QueuedRequest>;
  removeService(p: SimRef & { services: readonly SettableService[] }): Promise<QueuedRequest>;
  // One-step.
  assignGeo(p: SimRef): Promise<void>;
  changeGeo(p: SimRef & { newGeoNumber: string }): Promise<void>;
  queryIccid(iccid: string): Promise<SimInfo>;
  checkStatus(id: string): Promise<RequestStatus>;
  crisp(p: CrispParams): Promise<void>;
  readonly voicemail: VasApi<VoicemailSettings>;
  readonly recording: VasApi<RecordingSettings>;
  /**
   * Poll checkstatus until the request is final. Resolves on success; rejects with
   * RequestFailedError on failed and DeadlineError past the deadline.
   */
  waitFor(request: QueuedRequest, options?: WaitOptions): Promise<RequestStatus>;
}
