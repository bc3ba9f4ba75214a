// Types shared by the runtime providers.

import type * as pulumi from "@pulumi/pulumi";
import type { Gateway } from "../../gateway/api";

/** What a provider needs from the process: the runtime context, or fakes in tests. */
export interface ProviderDeps {
  gateway(): Gateway;
  configure(req: pulumi.dynamic.ConfigureRequest): Promise<void>;
  /** Warnings for the user (default: runtime/progress's warn, to the engine's log). */
  warn?(message: string): void;
}

/** A dynamic provider with every method present (the shim delegates to each). */
export type FullProvider<I, O> = Required<pulumi.dynamic.ResourceProvider<I, O>>;
