// The schema pieces of dynamic resources' inputs: type checks in front of the value rules of
// ../../validation.ts, so that a wrong type or a missing property also gets a reason that says
// what is expected, and nested values whose leaves may be unknown at preview.

import { z } from "zod";
import * as rules from "../../validation";
import { UNKNOWN, isUnknown, type Unknown } from "./unknown";

const expected = (what: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? "is required" : `must be ${what}`;

/** A string, then the given rule. */
export const text = <T extends z.ZodType<unknown, string>>(what: string, rule: T) =>
  z.string({ error: expected(what) }).pipe(rule);

/** A number, then the given rule. */
export const num = <T extends z.ZodType<unknown, number>>(what: string, rule: T) =>
  z.number({ error: expected(what) }).pipe(rule);

export const bool = () => z.boolean({ error: expected("true or false") });

export const iccidField = () => text("an ICCID: 18 to 22 digits", rules.iccid);

export const geoNumberField = () =>
  text("a number in E.164 form with its country code, e.g. 441133203040", rules.geoNumber);

export const emailField = () => text("an email address", rules.email);

// --- nested values: an object whose leaves may each be unknown at preview ---------------------

/**
 * Let the preview's unknown sentinel through; otherwise validate (and normalise) with `s`. For
 * the leaves of a nested value, so that the known leaves beside an unknown one are still
 * checked; every issue gets a reason that says what is expected, one per unexpected key.
 */
export function knownOr<T extends z.ZodType>(s: T) {
  return z.unknown().transform((v, ctx): z.output<T> | Unknown => {
    if (isUnknown(v)) return UNKNOWN;
    // reportInput: to tell "missing" from "wrong type" in the reason.
    const r = s.safeParse(v, { reportInput: true });
    if (r.success) return r.data;
    for (const issue of r.error.issues) {
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) {
          ctx.addIssue({ code: "custom", message: issue.message, path: [...issue.path, key] });
        }
      } else {
        ctx.addIssue({ code: "custom", message: issueReason(issue), path: issue.path });
      }
    }
    return z.NEVER;
  });
}

/** An object with only these keys; any other key is refused with `unknownKey` as the reason. */
export function closedObject<S extends z.core.$ZodLooseShape>(shape: S, unknownKey: string) {
  return z.strictObject(shape, {
    error: (issue) => (issue.code === "unrecognized_keys" ? unknownKey : undefined),
  });
}

function issueReason(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type") {
    if (issue.input === undefined) return "is required";
    return `must be ${/^[aeiou]/.test(issue.expected) ? "an" : "a"} ${issue.expected}`;
  }
  if (issue.code === "invalid_value") {
    return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
  }
  return issue.message;
}
