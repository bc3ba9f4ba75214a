// Crisp's decisions, pure: which action enables the program's account, and what a refused
// disable means.

import type { CrispParams } from "../../gateway/api";
import type { CrispAction } from "../../gateway/types";
import { AqlError, GatewayError } from "../../errors";
import type { CrispMode, CrispProps } from "./inputs";

export function enableAction(mode: CrispMode): Exclude<CrispAction, "disable"> {
  return mode === "new" ? "enable-new" : "enable-existing";
}

export function enableParams(p: CrispProps): CrispParams {
  const params: CrispParams = {
    action: enableAction(p.mode),
    iccid: p.iccid,
    geoNumber: p.geoNumber,
    email: p.email,
  };
  // The client refuses enable-new without them and drops them from other actions anyway.
  if (p.mode === "new") {
    if (p.password !== undefined) params.password = p.password;
    if (p.parentSmsNumber !== undefined) params.parentSmsNumber = p.parentSmsNumber;
  }
  return params;
}

export function disableParams(p: Pick<CrispProps, "iccid" | "geoNumber" | "email">): CrispParams {
  return { action: "disable", iccid: p.iccid, geoNumber: p.geoNumber, email: p.email };
}

/** Codes a disable can meet that mean something other than "failed". */
export const CODE_SIM_INVALID_STATE = 63026;
export const CODE_CRISP_NUMBER_INVALID = 63211;
export const CODE_CRISP_NOT_DISABLED = 63212;

/**
 * What a refused disable means:
 * - `gone`: 63026 alone. Crisp is only refused that way on a terminated SIM, and termination
 *   took Crisp with it.
 * - `not-enabled`: 63212 alone, "could not be disabled". Our reading (the simulator's too):
 *   there is no Crisp on the SIM to disable, e.g. it was disabled outside Pulumi. Counted as
 *   done, with a warning, so that destroy is not blocked by something already true.
 * - `other-number`: 63211 "The Crisp number is not valid": the SIM's number changed since
 *   Crisp was enabled (changegeo). Ask queryiccid for the current one and disable with it.
 * - `fail`: anything else (suspended SIM 63017, credentials, transport...).
 */
export type DisableVerdict = "gone" | "not-enabled" | "other-number" | "fail";

export function disableVerdict(err: unknown): DisableVerdict {
  if (!(err instanceof GatewayError)) return "fail";
  const only = (code: number) =>
    err.gatewayCodes.length > 0 && err.gatewayCodes.every((c) => c === code);
  if (only(CODE_SIM_INVALID_STATE)) return "gone";
  if (only(CODE_CRISP_NOT_DISABLED)) return "not-enabled";
  if (err.has(CODE_CRISP_NUMBER_INVALID)) return "other-number";
  return "fail";
}

/**
 * After enable-new's answer was lost the account may exist: the next `pulumi up` confirms with
 * enable-existing for the same account, which is safe whether or not the first one arrived.
 */
export function confirmParams(p: CrispProps): CrispParams {
  return enableParams({ ...p, mode: "existing" });
}

/** enable-new was sent and its answer lost: the resource is recorded, unconfirmed. */
export class CrispUnconfirmedError extends AqlError {
  readonly code = "ANSWER_LOST";
  constructor(
    readonly iccid: string,
    reason: string,
  ) {
    super(
      `Crisp enable-new for ICCID ${iccid}: the answer was lost (${reason}), so the account may ` +
        `or may not have been created. It is not sent again (that could create it twice). The ` +
        `resource is recorded, so destroy disables it; run pulumi up again to confirm it with ` +
        `enable-existing`,
    );
  }
}
