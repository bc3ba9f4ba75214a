// CallRecording's runtime provider: the rec.php lifecycle of ../number-service on the
// process-wide gateway client. shim.ts loads this module by package name from the installed
// package.

import { runtimeDeps } from "../dynamic/runtime";
import { numberServiceProvider } from "../number-service/runtime";
import { callRecordingSpec } from "./inputs";

const provider = numberServiceProvider(callRecordingSpec, runtimeDeps);

// The seven methods at module level: shim.ts calls them on this module, required by name.
export const configure = provider.configure;
export const check = provider.check;
export const diff = provider.diff;
export const create = provider.create;
export const read = provider.read;
export const update = provider.update;
const remove = provider.delete;
export { remove as delete };
