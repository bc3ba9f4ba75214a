import type { RecordingSettings } from "../../gateway/types";
import { resourceClass, type ResourceKind } from "../dynamic/resource";
import type { NumberServiceProps } from "../number-service/plan";
import type { CallRecordingArgs } from "./inputs";
import { RECORDING_FIELDS } from "./inputs";
import shim from "./shim";

const CALL_RECORDING: ResourceKind<CallRecordingArgs> = {
  type: "CallRecording",
  shim,
  inputs: ["geoNumber", ...RECORDING_FIELDS],
};

/**
 * Call recording on a geographic number, through aql's rec.php.
 *
 * - create sends `config` with every setting given; update sends only the settings that differ
 *   from the gateway's; delete sends `remove` (nothing to remove counts as done).
 * - refresh reads the settings back with `info`: the outputs are the gateway's values, so a
 *   setting changed elsewhere shows as drift (`pulumi preview --diff` names it: the managed
 *   settings' inputs become the gateway's values too) and the next `pulumi up` puts it back.
 *   A recording configuration removed elsewhere (or with its SIM's termination) leaves the stack
 *   on refresh.
 * - A setting left out of the program is not managed: the gateway keeps whatever it has.
 * - A new number replaces the resource.
 *
 * Take the number from the `Sim`, so that the engine orders the recording after the SIM's
 * activation and removes it before the SIM is terminated:
 * ```ts
 * const sim = new Sim("sales-1", { iccid, geoNumber: "441133203041", subscriber });
 * new CallRecording("sales-1-recording", {
 *   geoNumber: sim.geoNumber,
 *   active: true,
 *   email: "recordings@example.com",
 *   notify: true,
 * });
 * ```
 */
export class CallRecording extends resourceClass<
  CallRecordingArgs,
  NumberServiceProps<RecordingSettings>
>(CALL_RECORDING) {}
