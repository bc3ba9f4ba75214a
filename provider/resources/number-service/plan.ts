// The pure decisions of a service configured per number (vm.php, rec.php): which settings a
// config call sends, what the outputs are, and what a change of input means.

import type { DiffPolicy } from "../dynamic/diff";
import { sameValue } from "../dynamic/diff";
import { compact } from "../dynamic/outputs";

/** Settings of such a service: every one optional, as the gateway's config takes them. */
export type ServiceSettings = object & { notify?: boolean; attach?: boolean };

/** Inputs and outputs: the number and the settings. */
export type NumberServiceProps<S extends ServiceSettings> = {
  /** The number, as digits with the country code (also the id). */
  geoNumber: string;
} & S;

/** The settings among `values`, in the order of `fields`; absent ones left out. */
export function pickSettings<S extends ServiceSettings>(
  fields: readonly (keyof S & string)[],
  values: Partial<S>,
): S {
  const out: Partial<S> = {};
  for (const f of fields) if (values[f] !== undefined) out[f] = values[f];
  return out as S;
}

/** create sends every setting the program gives. */
export function configForCreate<S extends ServiceSettings>(
  fields: readonly (keyof S & string)[],
  desired: Partial<S>,
): S {
  return pickSettings(fields, desired);
}

/**
 * update sends only the settings the program manages whose value differs from the gateway's
 * current one; when the gateway has no such service any more, all of them (as create does).
 * `attach: true` travels with `notify`, so the gateway never sees attach without notify on.
 */
export function configForUpdate<S extends ServiceSettings>(
  fields: readonly (keyof S & string)[],
  current: Partial<S> | undefined,
  desired: Partial<S>,
): Partial<S> {
  if (current === undefined) return configForCreate(fields, desired);
  const out: Partial<S> = {};
  for (const f of fields) {
    const want = desired[f];
    if (want !== undefined && !sameValue(current[f], want)) out[f] = want;
  }
  if (out.attach === true && desired.notify !== undefined) out.notify = desired.notify;
  return pickSettings(fields, out);
}

/** The outputs: the gateway's values where it reported them, else what was sent. */
export function outputsOf<S extends ServiceSettings>(
  fields: readonly (keyof S & string)[],
  geoNumber: string,
  sent: Partial<S>,
  actual: Partial<S> | undefined,
): NumberServiceProps<S> {
  const settings = { ...pickSettings(fields, sent), ...pickSettings(fields, actual ?? {}) };
  return compact({ geoNumber, ...settings }) as NumberServiceProps<S>;
}

/**
 * The output that names the settings the program manages (those its inputs give), so that read
 * can report the inputs: a setting the program leaves out stays out of them after a refresh.
 */
export const MANAGED = "managed";

/** The managed settings of a state: every setting for a state from before MANAGED was kept. */
export function managedOf<S extends ServiceSettings>(
  fields: readonly (keyof S & string)[],
  outputs: Record<string, unknown>,
): (keyof S & string)[] {
  const m = outputs[MANAGED];
  return Array.isArray(m) ? fields.filter((f) => m.includes(f)) : [...fields];
}

/**
 * The inputs as the gateway reports them: the number and the managed settings' values. read
 * returns them, so that after a refresh the state's inputs show the drift and the next
 * preview's diff names the setting that drifted, not just an update.
 */
export function inputsAsReported<S extends ServiceSettings>(
  fields: readonly (keyof S & string)[],
  outputs: Record<string, unknown>,
): Record<string, unknown> {
  const inputs: Record<string, unknown> = { geoNumber: outputs["geoNumber"] };
  for (const f of managedOf(fields, outputs)) {
    if (outputs[f] !== undefined) inputs[f] = outputs[f];
  }
  return inputs;
}

/** A new number is another service: replace. A setting left out of the program is unmanaged. */
export function numberServiceDiffPolicy(fields: readonly string[]): DiffPolicy {
  const properties: Record<string, "update" | "replace"> = { geoNumber: "replace" };
  for (const f of fields) properties[f] = "update";
  return { properties, absent: "unmanaged", deleteBeforeReplace: false };
}
