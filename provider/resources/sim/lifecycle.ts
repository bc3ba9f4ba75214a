// The Sim's create, update and delete as the engine sees them: which goal the recovery policy
// pursues, from what the last run recorded, and what the engine must record when a call gets
// only part of the way (partial state, so that a SIM something was sent to is never forgotten).

import { DeadlineError } from "../../errors";
import type { SimInputs } from "./inputs";
import { GATEWAY_SERVICE, SERVICE_NAMES } from "./inputs";
import type { SimOutputs } from "./outputs";
import { buildOutputs, inputsFromState, readPrior } from "./outputs";
import { PartialStateError } from "../../errors";
import type { DesiredSim, ServiceSettings } from "./plan";
import type { Goal } from "./recovery";
import type { SimDeps } from "./runner";
import { SimRun } from "./runner";

type Props = Record<string, unknown>;

/** What the engine keeps beside the outputs (the provider key), carried into partial state. */
export interface Recorded {
  key: string;
  value: unknown;
}

export function desiredSim(inputs: SimInputs): DesiredSim {
  const services: ServiceSettings = {};
  for (const n of SERVICE_NAMES) {
    const v = inputs.services?.[n];
    if (v !== undefined) services[GATEWAY_SERVICE[n]] = v;
  }
  return { geoNumber: inputs.geoNumber, services, suspended: inputs.suspended };
}

function convergeGoal(inputs: SimInputs, owned: boolean): Goal {
  return {
    kind: "converge",
    desired: desiredSim(inputs),
    adopt: inputs.adopt,
    owned,
    canActivate: inputs.subscriber !== undefined,
  };
}

export async function createSim(
  deps: SimDeps,
  inputs: SimInputs,
  recorded: Recorded,
): Promise<SimOutputs> {
  const run = new SimRun(deps, inputs.iccid, {}, inputs.geoNumber);
  try {
    await run.run(convergeGoal(inputs, false), inputs);
  } catch (e) {
    // Once something was sent, the engine must record the SIM, or it would be forgotten.
    if (run.touched || e instanceof DeadlineError) throw partial(inputs, run, recorded, e);
    throw e;
  }
  return buildOutputs(inputs, run.view(), run.record());
}

export async function updateSim(
  deps: SimDeps,
  id: string,
  olds: Props,
  inputs: SimInputs,
  recorded: Recorded,
): Promise<SimOutputs> {
  const prior = readPrior(id, olds);
  const run = new SimRun(deps, id, prior, inputs.geoNumber);
  try {
    // `owned`: the SIM is already this resource's, so a different number is drift to correct.
    await run.run(convergeGoal(inputs, true), inputs);
  } catch (e) {
    if (run.touched || prior.pendingRequest !== undefined || e instanceof DeadlineError) {
      throw partial(inputs, run, recorded, e);
    }
    throw e;
  }
  return buildOutputs(inputs, run.view(), run.record());
}

export async function deleteSim(deps: SimDeps, id: string, props: Props): Promise<void> {
  const inputs = inputsFromState(id, props);
  const run = () => new SimRun(deps, id, readPrior(id, props), inputs.geoNumber);
  switch (inputs.deletionPolicy) {
    case "retain":
      return;
    case "suspend":
      return run().run({ kind: "suspend" });
    case "terminate": {
      // Irreversible: the runner counts it against aql:maxTerminationsPerRun just before the
      // terminate is sent.
      const r = run();
      try {
        await r.run({ kind: "terminate" });
      } finally {
        // The slot counts terminations sent, not attempts that sent nothing.
        if (r.holdsTerminationSlot && !r.touched) deps.terminations.release();
      }
      return;
    }
  }
}

function partial(inputs: SimInputs, run: SimRun, recorded: Recorded, cause: unknown): Error {
  const props: Props = { ...buildOutputs(inputs, run.view("pending"), run.record()) };
  if (recorded.value !== undefined) props[recorded.key] = recorded.value;
  return new PartialStateError(inputs.iccid, props, cause);
}
