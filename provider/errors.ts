// Typed errors. Every error the provider raises carries a stable `code` and says what to do.
// None of them ever holds the account password: messages are built from safe fields only.

import { describeCode } from "./gateway/codes";

export type AqlErrorCode =
  | "INVALID_INPUT"
  | "INVALID_CONFIG"
  | "GATEWAY_ERROR"
  | "TRANSPORT_ERROR"
  | "BAD_ANSWER"
  | "ANSWER_LOST"
  | "REQUEST_FAILED"
  | "DEADLINE_EXCEEDED"
  | "TERMINATION_GUARD"
  | "INVALID_STATE"
  | "INVENTORY_ERROR";

export abstract class AqlError extends Error {
  abstract readonly code: AqlErrorCode;
  override get name(): string {
    return this.constructor.name;
  }
}

/** Bad input from a program or inventory, caught before any gateway call. */
export class ValidationError extends AqlError {
  readonly code = "INVALID_INPUT";
  constructor(
    readonly property: string,
    readonly reason: string,
  ) {
    super(`${property}: ${reason}`);
  }
}

export class ConfigError extends AqlError {
  readonly code = "INVALID_CONFIG";
  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super(`aql:${key} (or its AQL_* environment variable): ${reason}`);
  }
}

/** What a gateway call was about, for messages: never the password. */
export interface CallSubject {
  command: string;
  iccid?: string;
  number?: string;
  requestId?: string;
}

function subjectText(s: CallSubject): string {
  const parts = [`command ${s.command}`];
  if (s.iccid !== undefined) parts.push(`ICCID ${s.iccid}`);
  if (s.number !== undefined) parts.push(`number ${s.number}`);
  if (s.requestId !== undefined) parts.push(`request ${s.requestId}`);
  return parts.join(", ");
}

/** The gateway answered `status: <code>,<code>...`. */
export class GatewayError extends AqlError {
  readonly code = "GATEWAY_ERROR";
  readonly gatewayCodes: readonly number[];
  readonly descriptions: readonly string[];
  constructor(
    readonly subject: CallSubject,
    gatewayCodes: readonly number[],
    hint?: string,
  ) {
    const descriptions = gatewayCodes.map(describeCode);
    const list = gatewayCodes.map((c, i) => `${c} ${descriptions[i]}`).join("; ");
    super(`aql gateway refused ${subjectText(subject)}: ${list}${hint ? `. ${hint}` : ""}`);
    this.gatewayCodes = gatewayCodes;
    this.descriptions = descriptions;
  }
  has(code: number): boolean {
    return this.gatewayCodes.includes(code);
  }
}

/** No usable answer: connection refused or reset, time-out, HTTP 5xx. */
export class TransportError extends AqlError {
  readonly code = "TRANSPORT_ERROR";
  constructor(
    readonly subject: CallSubject,
    readonly reason: string,
    readonly httpStatus?: number,
  ) {
    super(`aql gateway unreachable for ${subjectText(subject)}: ${reason}`);
  }
}

/** An answer that is not the gateway's `key: value` text (HTML, empty, garbled, huge). */
export class BadAnswerError extends AqlError {
  readonly code = "BAD_ANSWER";
  constructor(
    readonly subject: CallSubject,
    readonly reason: string,
  ) {
    super(`aql gateway gave an unreadable answer to ${subjectText(subject)}: ${reason}`);
  }
}

/**
 * A two-step command was sent but its answer was lost: it may or may not be queued.
 * The caller must ask queryiccid before deciding anything; the client never resends it.
 */
export class AnswerLostError extends AqlError {
  readonly code = "ANSWER_LOST";
  constructor(
    readonly subject: CallSubject,
    readonly reason: string,
  ) {
    super(
      `the answer to ${subjectText(subject)} was lost (${reason}); it may have been queued, ` +
        `so it is not resent: the SIM's state is checked with queryiccid first`,
    );
  }
}

/** checkstatus said `failed`: the network rejected the request. */
export class RequestFailedError extends AqlError {
  readonly code = "REQUEST_FAILED";
  constructor(readonly subject: CallSubject & { requestId: string }) {
    super(
      `the network rejected ${subjectText(subject)} (checkstatus: failed). ` +
        `Nothing changed on the SIM; run pulumi up again to retry, or contact aql support if it keeps failing`,
    );
  }
}

/** A wait ran past its deadline; the request is still in flight and will be resumed. */
export class DeadlineError extends AqlError {
  readonly code = "DEADLINE_EXCEEDED";
  constructor(
    readonly subject: CallSubject,
    readonly waitedMs: number,
  ) {
    super(
      `${subjectText(subject)} still pending after ${Math.round(waitedMs / 1000)}s (aql:waitDeadline). ` +
        `It stays recorded in the stack; run pulumi up again to resume waiting for it, ` +
        `or raise aql:waitDeadline`,
    );
  }
}

export class TerminationGuardError extends AqlError {
  readonly code = "TERMINATION_GUARD";
  constructor(
    readonly iccid: string,
    readonly limit: number,
  ) {
    super(
      `refusing to terminate ICCID ${iccid}: this deployment has already terminated ${limit} SIM(s), ` +
        `the limit set by aql:maxTerminationsPerRun. Termination cannot be undone. If this many ` +
        `terminations are intended, raise it: pulumi config set aql:maxTerminationsPerRun <n>, ` +
        `then run pulumi up again, or for a destroy pulumi destroy --run-program (a plain ` +
        `pulumi destroy does not run the program and keeps the limit recorded at the last up)`,
    );
  }
}

/** The SIM is in a state from which the requested change cannot be made. */
export class InvalidStateError extends AqlError {
  readonly code = "INVALID_STATE";
  constructor(
    readonly iccid: string,
    message: string,
  ) {
    super(`ICCID ${iccid}: ${message}`);
  }
}

/** One thing wrong with an inventory: where (file, line, column) and why. */
export interface InventoryProblem {
  /** The file as given, or the label of records passed from code. */
  file: string;
  /** 1-based line in the file (for records from code: the record's 1-based index). */
  line: number;
  /** 1-based field number in the row (for records: the key's position in the record). */
  column: number;
  /** The column's header name, when there is one. */
  columnName?: string;
  reason: string;
}

/** A whole file of mistakes would bury the first one: the message lists this many. */
const MAX_PROBLEMS_SHOWN = 20;

/** `file:line:column: column reason`, as every inventory problem is shown. */
export function formatProblem(p: InventoryProblem): string {
  const where = `${p.file}:${p.line}:${p.column}`;
  return p.columnName === undefined
    ? `${where}: ${p.reason}`
    : `${where}: ${p.columnName} ${p.reason}`;
}

/**
 * A malformed inventory (bad CSV, unknown column, duplicate ICCID or number, a bad value): the
 * program stops before any resource is declared, so nothing reaches the gateway. Cell values
 * are not quoted back: they hold subscriber details and PINs, which the state keeps as secrets.
 */
export class InventoryError extends AqlError {
  readonly code = "INVENTORY_ERROR";
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly reason: string;
  constructor(readonly problems: readonly [InventoryProblem, ...InventoryProblem[]]) {
    const [first] = problems;
    const more = problems.length - 1;
    super(
      more === 0
        ? `${formatProblem(first)} (nothing was sent to the gateway)`
        : `${first.file} has ${problems.length} problems (nothing was sent to the gateway):\n` +
            problems
              .slice(0, MAX_PROBLEMS_SHOWN)
              .map((p) => `  ${formatProblem(p)}`)
              .join("\n") +
            (problems.length > MAX_PROBLEMS_SHOWN
              ? `\n  ... and ${problems.length - MAX_PROBLEMS_SHOWN} more`
              : ""),
    );
    this.file = first.file;
    this.line = first.line;
    this.column = first.column;
    this.reason = first.reason;
  }
}

// --- the despatch API ----------------------------------------------------------------------

/** The API answered with an exit code other than 0. */
export class DespatchRefusedError extends AqlError {
  readonly code = "GATEWAY_ERROR";
  constructor(
    readonly command: string,
    readonly orderRef: string | undefined,
    readonly exitCode: number,
    readonly text: string,
  ) {
    super(
      `aql despatch API refused ${command}${orderRef === undefined ? "" : ` of order ${orderRef}`}: ` +
        `${exitCode} ${text || "(no description)"}`,
    );
  }
}

/** An order was sent, its answer lost, and querydespatch does not know it either. */
export class OrderAnswerLostError extends AqlError {
  readonly code = "ANSWER_LOST";
  constructor(
    readonly orderRef: string,
    readonly reason: string,
  ) {
    super(
      `the answer to order ${orderRef} was lost (${reason}) and querydespatch does not know the ` +
        `order, so it was not placed; run pulumi up again to submit it`,
    );
  }
}

// --- partial state -------------------------------------------------------------------------

/**
 * A create or update that got part of the way. The dynamic-provider host turns an error with
 * `id` into ErrorResourceInitFailed (see @pulumi/pulumi/cmd/dynamic-provider:
 * grpcResponseFromError), so the engine records the resource with `properties` as its outputs,
 * and the next `pulumi up` updates it (resuming a pending request) instead of starting over.
 */
export class PartialStateError extends Error {
  /** The original error's code (AqlError), so callers can still tell what went wrong. */
  readonly code: string;
  readonly reasons: string[];
  constructor(
    readonly id: string,
    /** The outputs as far as they are known, including `__provider` (the host adds none here). */
    readonly properties: Record<string, unknown>,
    cause: unknown,
  ) {
    const message = cause instanceof Error ? cause.message : String(cause);
    super(message, { cause });
    this.code = cause instanceof AqlError ? cause.code : "UNEXPECTED";
    this.reasons = [message];
  }
  override get name(): string {
    return "PartialStateError";
  }
}
