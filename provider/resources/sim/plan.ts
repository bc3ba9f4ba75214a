// Planning a change to a settled (active or suspended) SIM: from the last known gateway state to
// the desired one, as ordered gateway commands. Pure: the runner executes the steps.
//
// Order: the number first; then services, which only an active SIM takes (unsuspend first if
// needed), all additions in one addservice and all removals in one removeservice; then the
// suspension. Nothing is planned that would not change something.

import type { SettableService } from "../../gateway/types";
import { SETTABLE_SERVICES } from "../../gateway/types";

export type ServiceSettings = Partial<Record<SettableService, boolean>>;

/** What the gateway last said about the SIM (queryiccid, or the outputs of the last run). */
export interface CurrentSim {
  state: "active" | "suspended";
  /** undefined: the SIM has no number. */
  geoNumber?: string;
  /** The flags as reported; a flag not known here is planned as if it differed. */
  services: ServiceSettings;
}

/** What the program asks for. Only the services listed are managed. */
export interface DesiredSim {
  geoNumber: string;
  services: ServiceSettings;
  suspended: boolean;
}

export type SimStep =
  | { command: "assigngeo"; geoNumber: string }
  | { command: "changegeo"; from: string; to: string }
  | { command: "unsuspend" }
  | { command: "addservice"; services: SettableService[] }
  | { command: "removeservice"; services: SettableService[] }
  | { command: "suspend" };

export function planUpdate(current: CurrentSim, desired: DesiredSim): SimStep[] {
  const steps: SimStep[] = [];

  if (current.geoNumber === undefined) {
    steps.push({ command: "assigngeo", geoNumber: desired.geoNumber });
  } else if (current.geoNumber !== desired.geoNumber) {
    steps.push({ command: "changegeo", from: current.geoNumber, to: desired.geoNumber });
  }

  const add: SettableService[] = [];
  const remove: SettableService[] = [];
  for (const s of SETTABLE_SERVICES) {
    const want = desired.services[s];
    if (want === undefined || current.services[s] === want) continue;
    (want ? add : remove).push(s);
  }

  let suspended = current.state === "suspended";
  if (add.length > 0 || remove.length > 0) {
    if (suspended) {
      steps.push({ command: "unsuspend" });
      suspended = false;
    }
    if (add.length > 0) steps.push({ command: "addservice", services: add });
    if (remove.length > 0) steps.push({ command: "removeservice", services: remove });
  }

  if (desired.suspended && !suspended) steps.push({ command: "suspend" });
  if (!desired.suspended && suspended) steps.push({ command: "unsuspend" });
  return steps;
}
