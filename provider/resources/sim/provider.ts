// The Sim's runtime: the ResourceProvider methods the shim delegates to, in the provider
// process. Thin glue: validation, diff, convergence and planning live in their own modules;
// here they meet the process-wide context (configuration, gateway client, termination counter)
// and the engine's conventions (partial state, an empty id for a SIM that is gone).

import type * as dynamic from "@pulumi/pulumi/dynamic";
import { AnswerLostError, DeadlineError, TerminationGuardError } from "../../errors";
import { systemClock } from "../../gateway/retry";
import * as context from "../../runtime/context";
import { progress, warn as warnUser } from "../../runtime/progress";
import { checkSim, failuresForEngine } from "./check";
import { isSettled } from "./converge";
import { diffSim } from "./diff";
import type { SimInputs } from "./inputs";
import { toSimInputs } from "./inputs";
import type { SimOutputs } from "./outputs";
import { buildOutputs, inputsFromState, readPrior } from "./outputs";
import { PartialStateError } from "./partial";
import type { SimDeps } from "./runner";
import { SimRun } from "./runner";

type Props = Record<string, unknown>;

const PROVIDER_KEY = "__provider";

export interface SimProviderOptions {
  /** Called per operation, so configuration from `configure` is seen. */
  deps: () => SimDeps;
  configure?: (req: dynamic.ConfigureRequest) => Promise<void>;
  /** Where check's warnings go (the engine's log as warnings, in the provider process). */
  warn?: (message: string) => void;
}

export interface SimProvider {
  configure(req: dynamic.ConfigureRequest): Promise<void>;
  check(olds: Props, news: Props): Promise<dynamic.CheckResult<Props>>;
  diff(id: string, olds: Props, news: Props): Promise<dynamic.DiffResult>;
  create(inputs: Props): Promise<dynamic.CreateResult<SimOutputs>>;
  read(id: string, props?: Props): Promise<dynamic.ReadResult<SimOutputs | Props>>;
  update(id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult<SimOutputs>>;
  delete(id: string, props: Props): Promise<void>;
}

export function createSimProvider(o: SimProviderOptions): SimProvider {
  const warn = o.warn ?? onceEach(warnUser);
  return {
    async configure(req) {
      await o.configure?.(req);
    },

    async check(olds, news) {
      const r = checkSim(olds ?? {}, news);
      for (const w of r.warnings) warn(w);
      if (r.failures.length === 0) return { inputs: r.inputs };
      return { inputs: r.inputs, failures: failuresForEngine(r.failures) };
    },

    async diff(_id, olds, news) {
      const { changed: _changed, ...result } = diffSim(olds, news);
      return result;
    },

    async create(raw) {
      const inputs = toSimInputs(raw);
      const run = new SimRun(o.deps(), inputs.iccid);
      try {
        await run.converge(inputs, false);
      } catch (e) {
        // Once something was sent, the engine must record the SIM, or it would be forgotten.
        if (run.touched || e instanceof DeadlineError) {
          throw partial(inputs, run, raw[PROVIDER_KEY], e);
        }
        throw e;
      }
      return { id: inputs.iccid, outs: buildOutputs(inputs, run.view(), run.record()) };
    },

    async update(id, olds, news) {
      const inputs = toSimInputs(news);
      const prior = readPrior(id, olds);
      const run = new SimRun(o.deps(), id, prior);
      try {
        if (prior.pendingRequest !== undefined) {
          await run.resume();
          await run.query();
        } else if (
          prior.info === undefined ||
          !isSettled(prior.info) ||
          prior.info.services === undefined
        ) {
          // Not enough known to plan from (a create that got part of the way): ask first.
          await run.query();
        }
        await run.converge(inputs, true);
      } catch (e) {
        if (run.touched || prior.pendingRequest !== undefined || e instanceof DeadlineError) {
          throw partial(inputs, run, news[PROVIDER_KEY], e);
        }
        throw e;
      }
      return { outs: buildOutputs(inputs, run.view(), run.record()) };
    },

    async read(id, props = {}) {
      const info = await o.deps().gateway.queryIccid(id);
      // A terminated SIM can never come back: an empty id tells the engine it is gone.
      if (info.state === "terminated") return { id: "", props: {} };
      // The request record stays: an unfinished request is resumed by the next update.
      const { info: _old, ...record } = readPrior(id, props);
      return { id, props: buildOutputs(inputsFromState(id, props), info, record) };
    },

    async delete(id, props) {
      const inputs = inputsFromState(id, props);
      const deps = o.deps();
      switch (inputs.deletionPolicy) {
        case "retain":
          return;
        case "suspend":
          return suspendForDelete(new SimRun(deps, id, readPrior(id, props)), inputs);
        case "terminate": {
          // Irreversible: counted against aql:maxTerminationsPerRun before anything is sent.
          if (!deps.terminations.take()) {
            throw new TerminationGuardError(id, deps.terminations.limit());
          }
          const run = new SimRun(deps, id, readPrior(id, props));
          try {
            await terminate(run, inputs);
          } finally {
            // The slot counts terminations sent, not attempts that sent nothing.
            if (!run.touched) deps.terminations.release();
          }
          return;
        }
      }
    },
  };
}

/** The engine calls check more than once per resource and run: say each warning once. */
function onceEach(say: (message: string) => void): (message: string) => void {
  const said = new Set<string>();
  return (message) => {
    if (said.has(message)) return;
    said.add(message);
    say(message);
  };
}

function partial(inputs: SimInputs, run: SimRun, provider: unknown, cause: unknown): Error {
  const props: Props = { ...buildOutputs(inputs, run.view("pending"), run.record()) };
  if (provider !== undefined) props[PROVIDER_KEY] = provider;
  return new PartialStateError(inputs.iccid, props, cause);
}

/** A settled SIM's state, waiting first for an activation still in flight. */
async function settledState(
  run: SimRun,
): Promise<"active" | "suspended" | "unused" | "terminated"> {
  let info = await run.query();
  if (info.state === "pending") {
    if (run.pending?.command === "activate") {
      await run.resume();
      info = await run.query();
    }
    if (info.state === "pending") info = await run.awaitActivation();
  }
  if (info.state === "pending") return "unused";
  return info.state;
}

async function suspendForDelete(run: SimRun, inputs: SimInputs): Promise<void> {
  if ((await settledState(run)) !== "active") return;
  await run.twoStep("suspend", () =>
    run.gateway.suspend({ iccid: run.iccid, geoNumber: run.view().geoNumber ?? inputs.geoNumber }),
  );
}

/** Terminate unless there is nothing to terminate; after a lost answer, ask and decide again. */
async function terminate(run: SimRun, inputs: SimInputs): Promise<void> {
  // A delete is also how an interrupted destroy resumes: the killed run's terminate may still
  // be in flight, which queryiccid cannot show and the gateway answers with 63026.
  run.mayHaveRequestInFlight();
  for (let lost = 0; ;) {
    const state = await settledState(run);
    if (state === "terminated" || state === "unused") return;
    const geoNumber = run.view().geoNumber ?? inputs.geoNumber;
    try {
      await run.twoStep("terminate", () => run.gateway.terminate({ iccid: run.iccid, geoNumber }));
      return;
    } catch (e) {
      // Refused while another request is in flight: wait for it, ask again.
      if (run.awaitsRequestInFlight(e)) {
        await run.waitForRequestInFlight(e);
        continue;
      }
      // Maybe queued: ask again before anything else, and resend at most once.
      if (!(e instanceof AnswerLostError) || lost++ >= 1) throw e;
    }
  }
}

// --- the process-wide instance the shim delegates to ---------------------------------------

function processDeps(): SimDeps {
  return {
    gateway: context.gateway(),
    clock: systemClock,
    schedule: context.settings(),
    progress,
    terminations: {
      take: context.takeTerminationSlot,
      release: context.releaseTerminationSlot,
      limit: () => context.settings().maxTerminationsPerRun,
    },
  };
}

const simProvider = createSimProvider({ deps: processDeps, configure: context.configure });

export const configure = simProvider.configure;
export const check = simProvider.check;
export const diff = simProvider.diff;
export const create = simProvider.create;
export const read = simProvider.read;
export const update = simProvider.update;
const remove = simProvider.delete;
export { remove as delete };
