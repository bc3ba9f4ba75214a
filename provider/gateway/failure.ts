// What a failed gateway call becomes: the typed error of ../errors.ts that says what to do,
// with every secret scrubbed from its text.

import type { CallSubject } from "../errors";
import { AnswerLostError, BadAnswerError, GatewayError, TransportError } from "../errors";
import { CODE_CONGESTED } from "./codes";
import type { Attempt, FailureKind, RetryHistory } from "./retry";

const HINTS: Partial<Record<number, string>> = {
  401: "Check aql:username and aql:password",
};

export function describeAttempt(a: Attempt<unknown>): string {
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

export function failure(
  subject: CallSubject,
  attempt: Attempt<unknown>,
  kind: FailureKind,
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
