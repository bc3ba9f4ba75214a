// check for dynamic resources: every property validated by its own zod schema, so that a
// failure names the property, a value still unknown at preview (another resource's output) is
// let through untouched, and the normalised values (e.g. a number as digits) go back to the
// engine. Rules across properties run on the values that are known and valid. Pure: no gateway.

import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { ValidationError } from "../../errors";
import { zodFailures } from "../../validation";
import { containsUnknown } from "./unknown";

/** Added to every dynamic resource's inputs and outputs by the engine; never validated. */
export const PROVIDER_KEY = "__provider";

export interface Failure {
  property: string;
  reason: string;
}

export type Props = Record<string, unknown>;

export interface InputSpec<S extends z.ZodObject> {
  /** The resource type, for messages ("is not a property of Voicemail"). */
  typeName: string;
  /** One schema per property; required properties say "is required" when absent. */
  schema: S;
  /** Properties stored as secrets: a failure on one must not lead the engine to print it. */
  secrets?: readonly string[];
  /** Rules across properties, run after every property's own schema. */
  rules?: (values: Partial<z.output<S>>, ctx: RuleContext) => Failure[];
}

export interface RuleContext {
  /**
   * Properties whose value is not settled: unknown at preview, or invalid (already reported).
   * A rule about such a property must stay silent; `values` does not hold them.
   */
  unsettled: ReadonlySet<string>;
  /** The previous inputs ({} for a new resource). */
  olds: Props;
}

export interface Validated<S extends z.ZodObject> {
  /** Known and valid properties, normalised; absent optional ones are left out. */
  values: Partial<z.output<S>>;
  /** Properties whose value is (or holds) the preview's unknown sentinel. */
  unknown: ReadonlySet<string>;
  failures: Failure[];
}

/** Validate an input bag property by property. */
export function validateInputs<S extends z.ZodObject>(
  spec: InputSpec<S>,
  news: Props,
  olds: Props = {},
  extraKeys: "refuse" | "ignore" = "refuse",
): Validated<S> {
  const shape = spec.schema.shape as Record<string, z.ZodType>;
  const failures: Failure[] = [];
  const unknown = new Set<string>();
  const values: Props = {};

  for (const key of Object.keys(news)) {
    if (extraKeys === "ignore" || key === PROVIDER_KEY || key in shape) continue;
    if (news[key] === undefined) continue;
    failures.push({
      property: key,
      reason: `is not a property of ${spec.typeName} (its properties: ${Object.keys(shape).join(", ")})`,
    });
  }
  for (const [key, schema] of Object.entries(shape)) {
    const raw = news[key];
    if (containsUnknown(raw)) {
      unknown.add(key);
      continue;
    }
    const result = schema.safeParse(raw);
    if (!result.success) {
      // One reason per property is enough (an empty name is not also "bad characters").
      for (const f of zodFailures(result.error, key)) {
        if (!failures.some((g) => g.property === f.property)) failures.push(f);
      }
    } else if (result.data !== undefined) {
      values[key] = result.data;
    }
  }
  const known = values as Partial<z.output<S>>;
  if (spec.rules) {
    const unsettled = new Set([...unknown, ...failures.map((f) => f.property.split(".")[0]!)]);
    failures.push(...spec.rules(known, { unsettled, olds }));
  }
  return { values: known, unknown, failures };
}

/**
 * The provider's check: failures for every bad property, else the normalised inputs (unknown
 * values passed on as they came).
 */
export function checkInputs<S extends z.ZodObject>(
  spec: InputSpec<S>,
  olds: Props,
  news: Props,
): pulumi.dynamic.CheckResult<Props> {
  const v = validateInputs(spec, news, olds);
  if (v.failures.length > 0) return { inputs: news, failures: v.failures };
  const inputs: Props = { ...(v.values as Props) };
  for (const key of v.unknown) inputs[key] = news[key];
  if (news[PROVIDER_KEY] !== undefined) inputs[PROVIDER_KEY] = news[PROVIDER_KEY];
  return { inputs };
}

/**
 * check's result as the engine should get it. The engine prints a failure as "property P value
 * V has a problem", V being the input P in clear even when it is a secret: so a failure on a
 * secret input goes without a property (the reason still names it).
 */
export function forEngine<S extends z.ZodObject>(
  spec: InputSpec<S>,
  result: pulumi.dynamic.CheckResult<Props>,
): pulumi.dynamic.CheckResult<Props> {
  if (result.failures === undefined) return result;
  const secrets = new Set(spec.secrets ?? []);
  const failures = result.failures.map((f) =>
    secrets.has(f.property) ? { property: "", reason: `${f.property}: ${f.reason}` } : f,
  );
  return { ...result, failures };
}

/**
 * Typed inputs for create/update/read, which get the engine's untyped bags. They were checked
 * already; a failure here means a state written by something else, reported as bad input.
 */
export function parseInputs<S extends z.ZodObject>(spec: InputSpec<S>, props: Props): z.output<S> {
  // Outputs carry more than the inputs (status, __provider...): those are not refused here.
  const v = validateInputs(spec, props, {}, "ignore");
  const first =
    v.failures[0] ?? [...v.unknown].map((p) => ({ property: p, reason: "is unknown" }))[0];
  if (first !== undefined) throw new ValidationError(first.property, first.reason);
  return v.values as z.output<S>;
}
