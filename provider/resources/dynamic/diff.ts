// diff for dynamic resources: compares the last known outputs with the new inputs, property by
// property, under a per-resource policy. `__provider` is never compared (a new release of the
// package must not update every resource), and a value unknown at preview counts as a change.
// Pure.

import type * as pulumi from "@pulumi/pulumi";
import type { Props } from "./check";
import { containsUnknown } from "./unknown";

export interface DiffPolicy {
  /** Every input property the diff looks at, and what a change of it means. */
  properties: Readonly<Record<string, "update" | "replace">>;
  /**
   * What an input left out means: `unmanaged` (the program does not manage that setting, so
   * whatever the service has is fine) or `compare` (left out is a value like any other).
   */
  absent: "unmanaged" | "compare";
  deleteBeforeReplace?: boolean;
}

export interface PropertyDiff {
  changed: string[];
  replaces: string[];
}

/** Equality of JSON values (inputs are primitives, arrays and plain objects). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Props)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Props)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameValue((a as Props)[k], (b as Props)[k]));
}

/** A new value differs from the old one when it is unknown yet, or not the same JSON value. */
export function differs(old: unknown, next: unknown): boolean {
  return containsUnknown(next) || !sameValue(old, next);
}

export function changedProperties(policy: DiffPolicy, olds: Props, news: Props): PropertyDiff {
  const changed: string[] = [];
  const replaces: string[] = [];
  for (const [key, effect] of Object.entries(policy.properties)) {
    const next = news[key];
    if (next === undefined && policy.absent === "unmanaged") continue;
    if (differs(olds[key], next)) {
      changed.push(key);
      if (effect === "replace") replaces.push(key);
    }
  }
  return { changed, replaces };
}

export function diffProps(policy: DiffPolicy, olds: Props, news: Props): pulumi.dynamic.DiffResult {
  const { changed, replaces } = changedProperties(policy, olds, news);
  return {
    changes: changed.length > 0,
    replaces,
    deleteBeforeReplace: replaces.length > 0 && policy.deleteBeforeReplace === true,
  };
}
