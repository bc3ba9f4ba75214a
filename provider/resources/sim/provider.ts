// The Sim's runtime module, on the process-wide context (configuration, gateway client,
// termination counter). shim.ts loads this module by package name from the installed package
// and calls the seven methods on it: the provider is the module's whole export.

import { systemClock } from "../../gateway/retry";
import * as context from "../../runtime/context";
import { progress } from "../../runtime/progress";
import type { RuntimeModule } from "../dynamic/shim";
import type { SimDeps } from "./runner";
import { createSimProvider } from "./runtime";

function processDeps(): SimDeps {
  return {
    gateway: context.gateway(),
    clock: systemClock,
    schedule: context.settings(),
    progress,
    terminations: {
      take: context.takeTerminationSlot,
      release: context.releaseTerminationSlot,
      limit: () => context.settings().maxTerminationsPerRun,
    },
  };
}

export = createSimProvider({
  deps: processDeps,
  configure: context.configure,
}) satisfies RuntimeModule;
