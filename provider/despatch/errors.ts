// Errors of the despatch API. Like the gateway's, they carry a stable code and never the
// password.

import { AqlError } from "../errors";

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
