// Crisp's runtime module, on the process-wide gateway client. shim.ts loads this module by
// package name from the installed package and calls the seven methods on it: the provider is
// the module's whole export.

import { runtimeDeps } from "../dynamic/runtime";
import type { RuntimeModule } from "../dynamic/shim";
import { crispProvider } from "./runtime";

export = crispProvider(runtimeDeps) satisfies RuntimeModule;
