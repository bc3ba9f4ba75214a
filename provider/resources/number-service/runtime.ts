// The runtime provider of a service configured per number on vm.php or rec.php. Voicemail and
// CallRecording are this one lifecycle over their own script:
//   create  info first: a service already there with the declared values is taken over with
//           no config sent (adopting an estate changes nothing); otherwise config with the
//           settings that differ (all of them when there is no service), then info
//   read    info; none (65002) means the service is gone and the resource leaves the stack;
//           the inputs are returned as the gateway reports them (the managed settings)
//   update  info, then config with only the settings that differ from the gateway's values
//   delete  remove (the client counts 65002 "none present" as already gone)
// The number never changes in place: a new number is a replacement (see plan.ts).

import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { ValidationError } from "../../errors";
import type { Gateway, VasApi } from "../../gateway/api";
import type { InputSpec, Props } from "../dynamic/check";
import { checkInputs, parseInputs, pureMethods } from "../dynamic/check";
import { diffProps } from "../dynamic/diff";
import type { FullProvider, ProviderDeps } from "../dynamic/types";
import type { NumberServiceProps, ServiceSettings } from "./plan";
import {
  configForUpdate,
  inputsAsReported,
  MANAGED,
  managedOf,
  numberServiceDiffPolicy,
  outputsOf,
  pickSettings,
} from "./plan";

export interface NumberServiceSpec<S extends ServiceSettings, Sch extends z.ZodObject> {
  typeName: string;
  /** The settings, as named in the inputs and in the gateway client's settings type. */
  fields: readonly (keyof S & string)[];
  input: InputSpec<Sch>;
  /** vm.php or rec.php. */
  api(gateway: Gateway): VasApi<S>;
}

/** The number a resource is about: its id, or the number among its outputs. */
export function numberOf(id: string, props: Props | undefined): string {
  if (id !== "") return id;
  const n = props?.["geoNumber"];
  if (typeof n === "string" && n !== "") return n;
  throw new ValidationError("geoNumber", "is missing from the resource's state");
}

/** check, pure: every setting validated, attach only with notify. */
export function numberServiceCheck<S extends ServiceSettings, Sch extends z.ZodObject>(
  spec: NumberServiceSpec<S, Sch>,
): (olds: Props, news: Props) => pulumi.dynamic.CheckResult<Props> {
  return (olds, news) => checkInputs(spec.input, olds, news);
}

/** diff, pure: a new number replaces; a changed setting updates; a setting left out is unmanaged. */
export function numberServiceDiff<S extends ServiceSettings, Sch extends z.ZodObject>(
  spec: NumberServiceSpec<S, Sch>,
): (olds: Props, news: Props) => pulumi.dynamic.DiffResult {
  const policy = numberServiceDiffPolicy(spec.fields);
  return (olds, news) => diffProps(policy, olds, news);
}

/** Outputs travel to the engine as a plain property bag, naming the managed settings. */
const asProps = <S extends ServiceSettings>(
  o: NumberServiceProps<S>,
  managed: readonly string[] | undefined,
): Props => (managed === undefined ? { ...o } : { ...o, [MANAGED]: [...managed] });

export function numberServiceProvider<S extends ServiceSettings, Sch extends z.ZodObject>(
  spec: NumberServiceSpec<S, Sch>,
  deps: ProviderDeps,
): FullProvider<Props, Props> {
  const api = () => spec.api(deps.gateway());
  const desiredOf = (inputs: Props) => {
    const v = parseInputs(spec.input, inputs) as { geoNumber: string } & Partial<S>;
    return { geoNumber: v.geoNumber, settings: pickSettings(spec.fields, v) };
  };

  return {
    configure: (req) => deps.configure(req),
    ...pureMethods(spec.input, numberServiceCheck(spec), numberServiceDiff(spec)),

    create: async (inputs) => {
      const { geoNumber, settings } = desiredOf(inputs);
      const current = await api().info(geoNumber);
      const sent = configForUpdate(spec.fields, current, settings);
      if (current !== undefined && Object.keys(sent).length === 0) {
        const outs = outputsOf(spec.fields, geoNumber, {}, current);
        return { id: geoNumber, outs: asProps(outs, Object.keys(settings)) };
      }
      await api().config(geoNumber, sent as S);
      const actual = await api().info(geoNumber);
      const outs = outputsOf(spec.fields, geoNumber, sent, actual);
      return { id: geoNumber, outs: asProps(outs, Object.keys(settings)) };
    },

    read: async (id, props) => {
      const geoNumber = numberOf(id, props);
      const actual = await api().info(geoNumber);
      // Removed outside Pulumi (or with its SIM's termination): an empty id drops it from state.
      if (actual === undefined) return { id: "" };
      // A state from before MANAGED was kept gets none: its next update records it.
      const managed = Array.isArray(props?.[MANAGED]) ? managedOf(spec.fields, props) : undefined;
      const outs = asProps(outputsOf(spec.fields, geoNumber, {}, actual), managed);
      return { id: geoNumber, props: outs, inputs: inputsAsReported(spec.fields, outs) };
    },

    update: async (id, olds, news) => {
      const geoNumber = numberOf(id, olds);
      const { settings } = desiredOf(news);
      // Planned against the gateway's values, not the state's: a setting changed or a service
      // removed since the last refresh is put right in the same call.
      const current = await api().info(geoNumber);
      const sent = configForUpdate(spec.fields, current, settings);
      if (current === undefined || Object.keys(sent).length > 0) {
        await api().config(geoNumber, sent as S);
      }
      const outs = outputsOf(spec.fields, geoNumber, { ...current, ...sent }, undefined);
      return { outs: asProps(outs, Object.keys(settings)) };
    },

    delete: async (id, props) => {
      await api().remove(numberOf(id, props));
    },
  };
}
