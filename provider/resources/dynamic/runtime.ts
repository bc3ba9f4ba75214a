// The process-wide runtime (../../runtime/context.ts) as the dependencies of a provider. Only the
// runtime providers import this: it loads the gateway client, which the pure parts never need.

import { configure, gateway } from "../../runtime/context";
import type { ProviderDeps } from "./types";

export const runtimeDeps: ProviderDeps = { gateway, configure };
