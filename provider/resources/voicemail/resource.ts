import type { VoicemailSettings } from "../../gateway/types";
import { resourceClass, type ResourceKind } from "../dynamic/resource";
import type { NumberServiceProps } from "../number-service/plan";
import type { VoicemailArgs } from "./inputs";
import { VOICEMAIL_FIELDS } from "./inputs";
import shim from "./shim";

const VOICEMAIL: ResourceKind<VoicemailArgs> = {
  type: "Voicemail",
  shim,
  inputs: ["geoNumber", ...VOICEMAIL_FIELDS],
  secrets: ["pin"],
};

/**
 * Voicemail on a geographic number, through aql's vm.php.
 *
 * - create sends `config` with every setting given; update sends only the settings that differ
 *   from the gateway's; delete sends `remove` (nothing to remove counts as done).
 * - refresh reads the settings back with `info`: the outputs are the gateway's values, so a
 *   setting changed elsewhere shows as drift (`pulumi preview --diff` names it: the managed
 *   settings' inputs become the gateway's values too) and the next `pulumi up` puts it back.
 *   A voicemail removed elsewhere (or with its SIM's termination) leaves the stack on refresh.
 * - A setting left out of the program is not managed: the gateway keeps whatever it has.
 * - A new number replaces the resource. `pin` is a secret in the state.
 *
 * Take the number from the `Sim`, so that the engine orders the voicemail after the SIM's
 * activation and removes it before the SIM is terminated:
 * ```ts
 * const sim = new Sim("alice", { iccid, geoNumber: "441133203040", subscriber });
 * new Voicemail("alice-voicemail", {
 *   geoNumber: sim.geoNumber,
 *   delaySeconds: 20,
 *   pin: config.requireSecret("alicePin"),
 *   email: "alice@example.com",
 *   notify: true,
 *   attach: true,
 * });
 * ```
 */
export class Voicemail extends resourceClass<VoicemailArgs, NumberServiceProps<VoicemailSettings>>(
  VOICEMAIL,
) {}
