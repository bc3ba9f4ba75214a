// CallRecording's inputs: the program-facing Args (each a pulumi.Input, so a Sim's outputs can
// be passed straight in) and the zod schema that check validates them with.

import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { RecordingSettings } from "../../gateway/types";
import type { InputSpec } from "../dynamic/check";
import { bool, emailField, geoNumberField } from "../dynamic/fields";
import { attachNeedsNotify } from "../number-service/inputs";
import type { NumberServiceProps } from "../number-service/plan";
import type { NumberServiceSpec } from "../number-service/runtime";

export interface CallRecordingArgs {
  /**
   * The SIM's geographic number, with its country code: `441133203040`, `+44 113 320 3040`.
   * Stored as digits; it is also the resource's id. Changing it replaces the CallRecording.
   */
  geoNumber: pulumi.Input<string>;
  /** Record calls. */
  active?: pulumi.Input<boolean>;
  /** Record on demand, when the user asks during a call. */
  onDemand?: pulumi.Input<boolean>;
  /** Where notifications (and, with `attach`, the recordings) are sent. */
  email?: pulumi.Input<string>;
  /** Email a notification of each new recording. */
  notify?: pulumi.Input<boolean>;
  /** Attach the recording to the notification. Needs `notify: true`. */
  attach?: pulumi.Input<boolean>;
}

/** The settings, in the order rec.php takes them. A setting left out is not managed. */
export const RECORDING_FIELDS = [
  "active",
  "onDemand",
  "email",
  "notify",
  "attach",
] as const satisfies readonly (keyof RecordingSettings)[];

export const callRecordingSchema = z.object({
  geoNumber: geoNumberField(),
  active: bool().optional(),
  onDemand: bool().optional(),
  email: emailField().optional(),
  notify: bool().optional(),
  attach: bool().optional(),
});

/** Inputs after check (number as digits) and outputs (the gateway's values). */
export type CallRecordingProps = NumberServiceProps<RecordingSettings>;

export const callRecordingInput: InputSpec<typeof callRecordingSchema> = {
  typeName: "CallRecording",
  schema: callRecordingSchema,
  rules: attachNeedsNotify,
};

export const callRecordingSpec: NumberServiceSpec<RecordingSettings, typeof callRecordingSchema> = {
  typeName: "CallRecording",
  fields: RECORDING_FIELDS,
  input: callRecordingInput,
  api: (gateway) => gateway.recording,
};
