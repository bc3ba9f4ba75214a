// The Sim's runtime provider, built over injectable dependencies (the process-wide context in
// provider.ts, fakes in tests). Thin glue: validation, diff, convergence and planning live in
// their own modules; here they meet the dependencies (gateway client, clock, termination
// counter) and the engine's conventions (an empty id for a SIM that is gone). create, update and delete
// are in lifecycle.ts; the decisions they make on the way, in recovery.ts.

import type * as dynamic from "@pulumi/pulumi/dynamic";
import { warn as warnUser } from "../../runtime/progress";
import { forEngine } from "../dynamic/check";
import { PROVIDER_KEY } from "../dynamic/provider-key";
import { checkSim, simInput } from "./check";
import { diffSim } from "./diff";
import { toSimInputs } from "./inputs";
import { createSim, deleteSim, updateSim } from "./lifecycle";
import type { SimOutputs } from "./outputs";
import { buildOutputs, inputsAsReported, inputsFromState, readPrior } from "./outputs";
import type { SimDeps } from "./runner";

type Props = Record<string, unknown>;

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
      return forEngine(simInput, { inputs: r.inputs, failures: r.failures });
    },

    async diff(_id, olds, news) {
      const { changed: _changed, ...result } = diffSim(olds, news);
      return result;
    },

    async create(raw) {
      const inputs = toSimInputs(raw);
      const recorded = { key: PROVIDER_KEY, value: raw[PROVIDER_KEY] };
      return { id: inputs.iccid, outs: await createSim(o.deps(), inputs, recorded) };
    },

    async update(id, olds, news) {
      const recorded = { key: PROVIDER_KEY, value: news[PROVIDER_KEY] };
      return { outs: await updateSim(o.deps(), id, olds, toSimInputs(news), recorded) };
    },

    async read(id, props = {}) {
      const info = await o.deps().gateway.queryIccid(id);
      // A terminated SIM can never come back: an empty id tells the engine it is gone.
      if (info.state === "terminated") return { id: "", props: {} };
      // The request record stays: an unfinished request is resumed by the next update.
      const { info: _old, ...record } = readPrior(id, props);
      const outputs = buildOutputs(inputsFromState(id, props), info, record);
      return { id, props: outputs, inputs: inputsAsReported(outputs) };
    },

    async delete(id, props) {
      await deleteSim(o.deps(), id, props);
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
