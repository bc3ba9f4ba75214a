// One validated configuration object. Stack config `aql:*` first, then `AQL_*` environment
// variables, then the defaults named here once.

import { z } from "zod";
import { ConfigError } from "./errors";

export const DEFAULT_ENDPOINT = "https://mvno.aql.com";

const MINUTE = 60_000;

/** Every setting: its stack config key, environment variable, default and meaning. */
export const CONFIG_KEYS = {
  username: { env: "AQL_USERNAME", doc: "Account username." },
  password: { env: "AQL_PASSWORD", doc: "Account password (set it as a secret)." },
  endpoint: {
    env: "AQL_ENDPOINT",
    doc: "Gateway base URL; http:// only to a loopback host (the simulator).",
  },
  despatchEndpoint: {
    env: "AQL_DESPATCH_ENDPOINT",
    doc: "Despatch API URL (the vendor text omits it).",
  },
  firstCheckDelay: { env: "AQL_FIRST_CHECK_DELAY", doc: "Wait before the first checkstatus." },
  pollBackoff: { env: "AQL_POLL_BACKOFF", doc: "Factor by which the poll interval grows." },
  maxPollInterval: { env: "AQL_MAX_POLL_INTERVAL", doc: "Longest interval between checks." },
  waitDeadline: { env: "AQL_WAIT_DEADLINE", doc: "Longest wait for one two-step request." },
  lostAnswerWindow: {
    env: "AQL_LOST_ANSWER_WINDOW",
    doc: "After a lost answer, how long the SIM must show no effect before the command is resent.",
  },
  congestionBackoff: { env: "AQL_CONGESTION_BACKOFF", doc: "Wait after 63027 before resending." },
  requestTimeout: { env: "AQL_REQUEST_TIMEOUT", doc: "Time-out of one HTTP request." },
  maxRetries: { env: "AQL_MAX_RETRIES", doc: "Retries of a retryable request." },
  retryDelay: { env: "AQL_RETRY_DELAY", doc: "First wait before a transport retry (doubles)." },
  maxConcurrency: { env: "AQL_MAX_CONCURRENCY", doc: "Requests in flight at once, per process." },
  requestsPerSecond: { env: "AQL_REQUESTS_PER_SECOND", doc: "Requests started per second." },
  maxTerminationsPerRun: {
    env: "AQL_MAX_TERMINATIONS_PER_RUN",
    doc: "SIMs one deployment may terminate.",
  },
} as const;
export type ConfigKey = keyof typeof CONFIG_KEYS;

/** Settings that must be stored as secrets (`pulumi config set --secret`). */
export const SECRET_CONFIG_KEYS: readonly ConfigKey[] = ["password"];

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: MINUTE, h: 60 * MINUTE };

/** "500ms", "2s", "30m", "1h", or a number of milliseconds. */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value : undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(value);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * UNITS[m[2] ?? "ms"]!);
}

const duration = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const ms = parseDuration(v);
  if (ms === undefined) {
    ctx.addIssue({
      code: "custom",
      message: `"${v}" is not a duration such as 500ms, 2s, 30m or 1h`,
    });
    return z.NEVER;
  }
  return ms;
});
const int = (min: number) => z.coerce.number().int().min(min);

export const configSchema = z
  .object({
    username: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    endpoint: z.string().default(DEFAULT_ENDPOINT),
    despatchEndpoint: z.string().optional(),
    firstCheckDelay: duration.default(30 * MINUTE),
    pollBackoff: z.coerce.number().min(1).max(10).default(2),
    maxPollInterval: duration.default(10 * MINUTE),
    waitDeadline: duration.default(4 * 60 * MINUTE),
    /** Unset: derived from the poll schedule (lostAnswerWindow in resources/sim/recovery-model). */
    lostAnswerWindow: duration.optional(),
    congestionBackoff: duration.default(5 * MINUTE),
    requestTimeout: duration.default(30_000),
    maxRetries: int(0).max(20).default(3),
    retryDelay: duration.default(1000),
    maxConcurrency: int(1).max(1000).default(16),
    requestsPerSecond: z.coerce.number().positive().max(10_000).default(20),
    maxTerminationsPerRun: int(0).default(10),
  })
  .strict();

export type AqlConfig = z.output<typeof configSchema>;
export type AqlConfigInput = z.input<typeof configSchema>;

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);
/** The URL parser writes every IPv4 form (127.1, 0x7f000001) as four decimal parts. */
const LOOPBACK_V4 = /^127(?:\.\d{1,3}){3}$/;

/** http:// is allowed to loopback only, so that credentials never cross a network in clear. */
export function checkEndpoint(key: string, raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(key, `"${raw}" is not a URL`);
  }
  if (url.username || url.password) {
    throw new ConfigError(key, "must not carry credentials; set aql:username and aql:password");
  }
  if (url.protocol === "https:") return url;
  // 127.0.0.0/8 as an address only: a name such as 127.0.0.1.nip.io may resolve anywhere.
  if (url.protocol === "http:" && (LOOPBACK.has(url.hostname) || LOOPBACK_V4.test(url.hostname))) {
    return url;
  }
  throw new ConfigError(key, `must be https:// (http:// is accepted only for a loopback host)`);
}

/** Validate raw settings (strings from config or env, or typed values from code). */
export function parseConfig(raw: Record<string, unknown>): AqlConfig {
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    // An unknown key comes only from code (the schema is strict): loadConfig reads the known
    // settings alone, and checkConfigKeys refuses other aql:* keys with the nearest name.
    const issue = result.error.issues[0]!;
    throw new ConfigError(issue.path.map(String).join(".") || "(config)", issue.message);
  }
  checkEndpoint("endpoint", result.data.endpoint);
  if (result.data.despatchEndpoint !== undefined) {
    checkEndpoint("despatchEndpoint", result.data.despatchEndpoint);
  }
  return result.data;
}

/** Merge stack config (via `get`) over `AQL_*` environment variables. */
export function loadConfig(
  get: (key: string) => string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): AqlConfig {
  const raw: Record<string, unknown> = {};
  for (const [key, meta] of Object.entries(CONFIG_KEYS)) {
    const value = get(key) ?? env[meta.env];
    if (value !== undefined && value !== "") raw[key] = value;
  }
  return parseConfig(raw);
}

/** Edit distance (insert, delete, substitute one character), case-insensitive. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = cur;
  }
  return prev[y.length]!;
}

/** The setting whose name is nearest to `name`. */
export function closestKey(name: string): ConfigKey {
  let best: ConfigKey = "endpoint";
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const key of Object.keys(CONFIG_KEYS) as ConfigKey[]) {
    const d = distance(name, key);
    if (d < bestDistance) [best, bestDistance] = [key, d];
  }
  return best;
}

/**
 * Refuse stack config keys in the `aql:` namespace that are no setting: a misspelt key would
 * otherwise leave its setting at the default without a word (aql:maxTerminationPerRun, one `s`
 * short, would leave the termination guard at 10). Other namespaces are the program's own.
 */
export function checkConfigKeys(keys: Iterable<string>): void {
  for (const full of keys) {
    if (!full.startsWith("aql:")) continue;
    const key = full.slice("aql:".length);
    if (Object.prototype.hasOwnProperty.call(CONFIG_KEYS, key)) continue;
    const near = closestKey(key);
    throw new ConfigError(
      key,
      `is not a setting of this provider; did you mean aql:${near}? ` +
        `(pulumi config rm aql:${key}, then pulumi config set aql:${near} <value>)`,
    );
  }
}

/** Credentials are needed only when a call is made, so preview of invalid input needs none. */
export function requireCredentials(cfg: AqlConfig): { username: string; password: string } {
  if (cfg.username === undefined) {
    throw new ConfigError("username", "is not set: pulumi config set aql:username <name>");
  }
  if (cfg.password === undefined) {
    throw new ConfigError("password", "is not set: pulumi config set --secret aql:password <pw>");
  }
  return { username: cfg.username, password: cfg.password };
}
