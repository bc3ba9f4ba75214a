// Helpers for what dynamic resources hand back to the engine and for their constructors.

import * as pulumi from "@pulumi/pulumi";

/** Outputs must be JSON-safe: properties whose value is undefined are left out. */
export function compact<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

/** A secret input, wrapped so that the state keeps it encrypted among the inputs too. */
export function secretInput<T>(
  value: pulumi.Input<T> | undefined,
): pulumi.Output<pulumi.Unwrap<T>> | undefined {
  return value === undefined ? undefined : pulumi.secret(value);
}

/** The caller's options plus the outputs that hold secrets. */
export function withSecretOutputs(
  opts: pulumi.CustomResourceOptions | undefined,
  secrets: readonly string[],
): pulumi.CustomResourceOptions {
  const already = opts?.additionalSecretOutputs ?? [];
  return {
    ...opts,
    additionalSecretOutputs: [...already, ...secrets.filter((s) => !already.includes(s))],
  };
}
