// The gateway client's public surface. Resources depend on `Gateway` (api.ts) and get an
// instance from sharedGateway(config).

export * from "./api";
export * from "./codes";
export * from "./types";
export {
  createGatewayClient,
  type GatewayClient,
  type GatewayClientOptions,
  type RequestEvent,
} from "./client";
export { sharedGateway, sharedLimiter, resetSharedGateways } from "./shared";
export { scrubSecrets } from "./failure";
export { send, type Send, type Sent } from "./sender";
export { Limiter, type LimiterOptions, type Release } from "./limiter";
export {
  waitFor,
  pollInterval,
  MIN_POLL_INTERVAL_MS,
  type PollSchedule,
  type PollerDeps,
} from "./poller";
export {
  classify,
  decide,
  transportDelay,
  systemClock,
  MAX_RETRY_DELAY_MS,
  type Attempt,
  type Clock,
  type CommandClass,
  type Decision,
  type RetryHistory,
  type RetryPolicy,
} from "./retry";
export { parseAnswer, parseStatusValue, type AnswerStatus, type ParsedAnswer } from "./response";
export {
  FIELDS,
  SCRIPT_PATHS,
  schemas as gatewaySchemas,
  type GatewayScript,
  type PreparedCall,
} from "./params";
export {
  exchange,
  post,
  sharedPool,
  closeSharedPools,
  classifyNetworkError,
  DEFAULT_MAX_BODY_BYTES,
  type Exchange,
  type TransportOptions,
} from "./transport";
