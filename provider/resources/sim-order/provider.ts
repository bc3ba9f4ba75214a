// SimOrder's runtime module, on the process-wide configuration. shim.ts loads this module by
// package name from the installed package and calls the seven methods on it: the provider is
// the module's whole export.

import { sharedDespatch } from "../../despatch/client";
import * as context from "../../runtime/context";
import type { RuntimeModule } from "../dynamic/shim";
import { simOrderProvider } from "./runtime";

export = simOrderProvider({
  despatch: () => sharedDespatch(context.settings()),
  configure: context.configure,
}) satisfies RuntimeModule;
