// The program-facing side every resource of this package shares: a Pulumi dynamic resource of
// type `pulumi-nodejs:dynamic/aql:<type>` whose provider is the resource's shim (its own
// module, see ./shim.ts), registered with no stack traces captured (./stack-traces.ts).

import * as pulumi from "@pulumi/pulumi";
import { secretInput, withSecretOutputs } from "./outputs";
import type { RuntimeModule } from "./shim";
import { suspendStackTraces } from "./stack-traces";

/** What a resource registers, besides its name and the caller's options. */
export interface ResourceKind<A extends object> {
  /** The type, after `aql:`. */
  type: string;
  /** The shim: the whole export of the resource's shim.ts. */
  shim: RuntimeModule;
  /** The inputs taken from the args (any other key of the args is not sent). */
  inputs: readonly (keyof A & string)[];
  /**
   * Properties that hold secrets: secret outputs, and secret inputs too where they are inputs
   * (the state keeps the inputs as well, and additionalSecretOutputs covers only the outputs).
   */
  secrets?: readonly string[];
  /** Output-only properties: declared as undefined so that they appear as outputs. */
  outputs?: readonly string[];
}

export abstract class AqlResource<A extends object> extends pulumi.dynamic.Resource {
  protected constructor(
    kind: ResourceKind<A>,
    name: string,
    args: A,
    opts?: pulumi.CustomResourceOptions,
  ) {
    const props: Record<string, unknown> = {};
    for (const key of kind.inputs) props[key] = args[key];
    for (const key of kind.secrets ?? []) {
      if (props[key] !== undefined) props[key] = secretInput(props[key]);
    }
    for (const key of kind.outputs ?? []) props[key] = undefined;
    const restore = suspendStackTraces();
    try {
      super(kind.shim, name, props, withSecretOutputs(opts, kind.secrets ?? []), "aql", kind.type);
    } finally {
      restore();
    }
  }
}

/** A resource's outputs as properties of its class (what `declare readonly` would say). */
export type OutputProperties<O extends object> = {
  readonly [K in keyof O]-?: pulumi.Output<O[K]>;
};

/** The class of a resource whose args are A and whose outputs are O. */
export type ResourceClass<A extends object, O extends object> = new (
  name: string,
  args: A,
  opts?: pulumi.CustomResourceOptions,
) => AqlResource<A> & OutputProperties<O>;

/**
 * The base class of a resource whose outputs have a type of their own: its properties are that
 * type's, so the class and the outputs cannot drift apart. Usage:
 * `export class Voicemail extends resourceClass<VoicemailArgs, VoicemailOutputs>(KIND) {}`.
 */
export function resourceClass<A extends object, O extends object>(
  kind: ResourceKind<A>,
): ResourceClass<A, O> {
  class Resource extends AqlResource<A> {
    constructor(name: string, args: A, opts?: pulumi.CustomResourceOptions) {
      super(kind, name, args, opts);
    }
  }
  // The properties exist: the base constructor sets one per input and output-only property.
  return Resource as unknown as ResourceClass<A, O>;
}
