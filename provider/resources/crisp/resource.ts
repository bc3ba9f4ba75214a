import { resourceClass, type ResourceKind } from "../dynamic/resource";
import type { CrispArgs, CrispProps } from "./inputs";
import shim from "./shim";

const CRISP: ResourceKind<CrispArgs> = {
  type: "Crisp",
  shim,
  inputs: ["iccid", "geoNumber", "mode", "email", "password", "parentSmsNumber"],
  secrets: ["password"],
};

/**
 * Crisp on a SIM, through configure_sim.php `command=crisp`.
 *
 * - create sends `enable-new` (mode `new`: creates the Crisp account, with `password` and
 *   `parentSmsNumber`) or `enable-existing` (mode `existing`); delete sends `disable`.
 * - The gateway has no command that reads Crisp back: **refresh returns the state unchanged**,
 *   so Crisp enabled or disabled outside Pulumi does not show as drift. A delete of a Crisp
 *   already disabled elsewhere (63212) or gone with its SIM's termination counts as done.
 * - If enable-new's answer is lost it is not sent again (that could create the account twice):
 *   the resource is recorded, and the next `pulumi up` confirms it with enable-existing.
 * - Every change replaces the resource (disable, then enable with the new values): the account
 *   is what was enabled, and the password and parent's number only matter when it is created.
 * - `password` is a secret in the state.
 *
 * Take the ICCID and number from the `Sim`, so that Crisp is enabled after the SIM's activation
 * and disabled before the SIM is terminated:
 * ```ts
 * const sim = new Sim("child", { iccid, geoNumber: "441133203042", subscriber });
 * new Crisp("child-crisp", {
 *   iccid: sim.iccid,
 *   geoNumber: sim.geoNumber,
 *   mode: "new",
 *   email: "parent@example.com",
 *   password: config.requireSecret("crispPassword"),
 *   parentSmsNumber: "447700900123",
 * });
 * ```
 */
export class Crisp extends resourceClass<CrispArgs, CrispProps>(CRISP) {}
