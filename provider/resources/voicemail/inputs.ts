// Voicemail's inputs: the program-facing Args (each a pulumi.Input, so a Sim's outputs can be
// passed straight in) and the zod schema that check validates them with.

import type * as pulumi from "@pulumi/pulumi";
import type { VoicemailSettings } from "../../gateway/types";
import * as rules from "../../validation";
import { num, text } from "../dynamic/fields";
import type { NumberServiceArgs } from "../number-service/inputs";
import {
  NOTIFICATION_FIELDS,
  numberServiceSchema,
  numberServiceSpec,
} from "../number-service/inputs";

export interface VoicemailArgs extends NumberServiceArgs {
  /** Seconds of ringing before a call goes to voicemail, 0 to 120. */
  delaySeconds?: pulumi.Input<number>;
  /** Four-digit PIN for retrieving voicemail from another phone. A secret. */
  pin?: pulumi.Input<string>;
}

/** The settings, in the order vm.php takes them. A setting left out is not managed. */
export const VOICEMAIL_FIELDS = [
  "delaySeconds",
  "pin",
  ...NOTIFICATION_FIELDS,
] as const satisfies readonly (keyof VoicemailSettings)[];

export const voicemailSpec = numberServiceSpec({
  typeName: "Voicemail",
  fields: VOICEMAIL_FIELDS,
  schema: numberServiceSchema({
    delaySeconds: num("a whole number of seconds from 0 to 120", rules.vmDelaySeconds).optional(),
    pin: text("four digits, as a string", rules.vmPin).optional(),
  }),
  secrets: ["pin"],
  api: (gateway) => gateway.voicemail,
});
