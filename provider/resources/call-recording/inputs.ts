// CallRecording's inputs: the program-facing Args (each a pulumi.Input, so a Sim's outputs can
// be passed straight in) and the zod schema that check validates them with.

import type * as pulumi from "@pulumi/pulumi";
import type { RecordingSettings } from "../../gateway/types";
import { bool } from "../dynamic/fields";
import type { NumberServiceArgs } from "../number-service/inputs";
import {
  NOTIFICATION_FIELDS,
  numberServiceSchema,
  numberServiceSpec,
} from "../number-service/inputs";

export interface CallRecordingArgs extends NumberServiceArgs {
  /** Record calls. */
  active?: pulumi.Input<boolean>;
  /** Record on demand, when the user asks during a call. */
  onDemand?: pulumi.Input<boolean>;
}

/** The settings, in the order rec.php takes them. A setting left out is not managed. */
export const RECORDING_FIELDS = [
  "active",
  "onDemand",
  ...NOTIFICATION_FIELDS,
] as const satisfies readonly (keyof RecordingSettings)[];

export const callRecordingSpec = numberServiceSpec({
  typeName: "CallRecording",
  fields: RECORDING_FIELDS,
  schema: numberServiceSchema({ active: bool().optional(), onDemand: bool().optional() }),
  api: (gateway) => gateway.recording,
});
