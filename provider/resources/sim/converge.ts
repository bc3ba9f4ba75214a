// What to do with a SIM, given what queryiccid says about it. Pure: create (and an update that
// finds the SIM unsettled) calls this after every query, so an interrupted or lost step is
// always re-decided from the gateway's state, never resent blindly. And what queryiccid should
// say once a step has succeeded (applyToInfo), for outputs with no query after each step.

import type { SimInfo } from "../../gateway/types";
import { SETTABLE_SERVICES } from "../../gateway/types";
import type { CurrentSim, ServiceSettings } from "./plan";
import type { Send } from "./recovery-model";

export type Convergence =
  /** unused: send activate and wait for it. */
  | { action: "activate" }
  /** pending: an activation is already in flight; wait for it without sending anything. */
  | { action: "await-activation" }
  /** active or suspended, and ours to manage: plan the remaining steps from `current`. */
  | { action: "reconcile"; current: CurrentSim }
  /** Nothing may be sent: the reason says why and what to do. */
  | { action: "refuse"; reason: string };

export interface ConvergeGoal {
  geoNumber: string;
  adopt: boolean;
  /**
   * The SIM is already this resource's (an update): a different number is drift to correct.
   * On create, a SIM in use with another or no number needs `adopt: true`.
   */
  owned: boolean;
}

export function decideConvergence(info: SimInfo, goal: ConvergeGoal): Convergence {
  switch (info.state) {
    case "unused":
      return { action: "activate" };
    case "pending":
      return { action: "await-activation" };
    case "terminated":
      return {
        action: "refuse",
        reason:
          "the SIM is terminated, which cannot be undone: it can never be activated again. " +
          "Use another ICCID for this resource",
      };
    case "active":
    case "suspended": {
      const current = currentSim(info, info.state);
      if (goal.owned || goal.adopt || current.geoNumber === goal.geoNumber) {
        return { action: "reconcile", current };
      }
      const how =
        current.geoNumber === undefined
          ? `the number ${goal.geoNumber} will then be assigned with assigngeo`
          : `its number will then be changed to ${goal.geoNumber} with changegeo`;
      const has = current.geoNumber === undefined ? "no number" : `number ${current.geoNumber}`;
      return {
        action: "refuse",
        reason:
          `the SIM is already ${info.state} with ${has}, not ${goal.geoNumber}: it may belong ` +
          `to someone else. To bring it under management as it is, set \`adopt: true\` on the ` +
          `resource (${how})`,
      };
    }
  }
}

/** A settled SIM as the planner sees it. */
export function currentSim(info: SimInfo, state: "active" | "suspended"): CurrentSim {
  const services: ServiceSettings = {};
  if (info.services !== undefined) {
    for (const s of SETTABLE_SERVICES) services[s] = info.services[s];
  }
  const current: CurrentSim = { state, services };
  if (info.geoNumber !== undefined) current.geoNumber = info.geoNumber;
  return current;
}

export function isSettled(info: SimInfo): info is SimInfo & { state: "active" | "suspended" } {
  return info.state === "active" || info.state === "suspended";
}

/** The SIM as the gateway should report it once `step` has succeeded. */
export function applyToInfo(info: SimInfo, step: Exclude<Send, { command: "terminate" }>): SimInfo {
  const next: SimInfo = { ...info };
  switch (step.command) {
    case "assigngeo":
      next.geoNumber = step.geoNumber;
      break;
    case "changegeo":
      next.geoNumber = step.to;
      break;
    case "suspend":
      next.state = "suspended";
      break;
    case "unsuspend":
      next.state = "active";
      break;
    case "addservice":
    case "removeservice":
      if (next.services !== undefined) {
        next.services = { ...next.services };
        for (const s of step.services) next.services[s] = step.command === "addservice";
      }
      break;
  }
  return next;
}
