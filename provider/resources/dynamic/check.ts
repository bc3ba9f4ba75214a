// check for dynamic resources: every property validated by its own zod schema, so that a
// failure names the property, a value still unknown at preview (another resource's output) is
// let through untouched, and the normalised values (e.g. a number as digits) go back to the
// engine. Rules across properties run on the values that are known and valid. Pure: no gateway.

import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { ValidationError } from "../../errors";
import { zodFailures } from "../../validation";
import { PROVIDER_KEY } from "./provider-key";
import { UNKNOWN, containsUnknown } from "./unknown";

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
  /** null for an optional property means absent (the default: null is a wrong value). */
  nullIsAbsent?: boolean;
}

export interface RuleContext {
  /**
   * Properties whose value is not settled: unknown at preview, or invalid (already reported).
   * A rule about such a property must stay silent; `values` does not hold them.
   */
  unsettled: ReadonlySet<string>;
  /** Properties whose value failed its own schema (a subset of `unsettled`). */
  failed: ReadonlySet<string>;
  /** The previous inputs ({} for a new resource). */
  olds: Props;
}

export interface Validated<S extends z.ZodObject> {
  /**
   * Valid properties, normalised; absent optional ones are left out, and so are those that are
   * the unknown sentinel. A nested value may hold the sentinel in a leaf (see fields.knownOr):
   * it is here, and its property is in `unknown` too.
   */
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
    let raw = news[key];
    if (raw === UNKNOWN) {
      unknown.add(key);
      continue;
    }
    if (raw === null && spec.nullIsAbsent === true && schema.safeParse(undefined).success) {
      raw = undefined;
    }
    const result = schema.safeParse(raw);
    if (!result.success) {
      // One reason per property is enough (an empty name is not also "bad characters").
      for (const f of zodFailures(result.error, key)) {
        if (!failures.some((g) => g.property === f.property)) failures.push(f);
      }
    } else if (result.data !== undefined) {
      values[key] = result.data;
      if (containsUnknown(result.data)) unknown.add(key);
    }
  }
  const known = values as Partial<z.output<S>>;
  if (spec.rules) {
    const failed = new Set(failures.map((f) => f.property.split(".")[0]!));
    const unsettled = new Set([...unknown, ...failed]);
    failures.push(...spec.rules(known, { unsettled, failed, olds }));
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
  for (const key of v.unknown) inputs[key] ??= news[key];
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
    v.failures[0] ??
    [...v.unknown].map((p) => ({
      property: p,
      reason: "is still unknown; it cannot be sent to the gateway",
    }))[0];
  if (first !== undefined) throw new ValidationError(first.property, first.reason);
  return v.values as z.output<S>;
}

/** The pure methods of a provider: check (with failures as the engine should get them), diff. */
export interface PureMethods {
  check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult<Props>>;
  diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult>;
}

/** check and diff as the engine calls them, over a resource's pure check and diff. */
export function pureMethods<S extends z.ZodObject>(
  spec: InputSpec<S>,
  check: (olds: Props, news: Props) => pulumi.dynamic.CheckResult<Props>,
  diff: (olds: Props, news: Props) => pulumi.dynamic.DiffResult,
): PureMethods {
  return {
    check: async (olds, news) => forEngine(spec, check(olds, news)),
    diff: async (_id, olds, news) => diff(olds, news),
  };
}
