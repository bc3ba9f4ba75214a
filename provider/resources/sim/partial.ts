// A create or update that got part of the way. The dynamic-provider host turns an error with
// `id` into ErrorResourceInitFailed (see @pulumi/pulumi/cmd/dynamic-provider: grpcResponseFromError),
// so the engine records the resource with `properties` as its outputs, and the next
// `pulumi up` updates it (resuming a pending request) instead of starting over.

import { AqlError } from "../../errors";

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
