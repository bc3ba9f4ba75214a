// Voicemail's inputs: the program-facing Args (each a pulumi.Input, so a Sim's outputs can be
// passed straight in) and the zod schema that check validates them with.

import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { VoicemailSettings } from "../../gateway/types";
import * as rules from "../../validation";
import type { InputSpec } from "../dynamic/check";
import { bool, emailField, geoNumberField, num, text } from "../dynamic/fields";
import { attachNeedsNotify } from "../number-service/inputs";
import type { NumberServiceProps } from "../number-service/plan";
import type { NumberServiceSpec } from "../number-service/runtime";

export interface VoicemailArgs {
  /**
   * The SIM's geographic number, with its country code: `441133203040`, `+44 113 320 3040`.
   * Stored as digits; it is also the resource's id. Changing it replaces the Voicemail.
   */
  geoNumber: pulumi.Input<string>;
  /** Seconds of ringing before a call goes to voicemail, 0 to 120. */
  delaySeconds?: pulumi.Input<number>;
  /** Four-digit PIN for retrieving voicemail from another phone. A secret. */
  pin?: pulumi.Input<string>;
  /** Where notifications (and, with `attach`, the recordings) are sent. */
  email?: pulumi.Input<string>;
  /** Email a notification of each new voicemail. */
  notify?: pulumi.Input<boolean>;
  /** Attach the recording to the notification. Needs `notify: true`. */
  attach?: pulumi.Input<boolean>;
}

/** The settings, in the order vm.php takes them. A setting left out is not managed. */
export const VOICEMAIL_FIELDS = [
  "delaySeconds",
  "pin",
  "email",
  "notify",
  "attach",
] as const satisfies readonly (keyof VoicemailSettings)[];

export const voicemailSchema = z.object({
  geoNumber: geoNumberField(),
  delaySeconds: num("a whole number of seconds from 0 to 120", rules.vmDelaySeconds).optional(),
  pin: text("four digits, as a string", rules.vmPin).optional(),
  email: emailField().optional(),
  notify: bool().optional(),
  attach: bool().optional(),
});

/** Inputs after check (number as digits) and outputs (the gateway's values). */
export type VoicemailProps = NumberServiceProps<VoicemailSettings>;

export const voicemailInput: InputSpec<typeof voicemailSchema> = {
  typeName: "Voicemail",
  schema: voicemailSchema,
  secrets: ["pin"],
  rules: attachNeedsNotify,
};

export const voicemailSpec: NumberServiceSpec<VoicemailSettings, typeof voicemailSchema> = {
  typeName: "Voicemail",
  fields: VOICEMAIL_FIELDS,
  input: voicemailInput,
  api: (gateway) => gateway.voicemail,
};
