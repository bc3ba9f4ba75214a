// Voicemail's runtime module: the vm.php lifecycle of ../number-service on the process-wide
// gateway client. shim.ts loads this module by package name from the installed package and
// calls the seven methods on it: the provider is the module's whole export.

import { runtimeDeps } from "../dynamic/runtime";
import type { RuntimeModule } from "../dynamic/shim";
import { numberServiceProvider } from "../number-service/runtime";
import { voicemailSpec } from "./inputs";

export = numberServiceProvider(voicemailSpec, runtimeDeps) satisfies RuntimeModule;
