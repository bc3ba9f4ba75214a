// Configuration for functions called from a program (getSim, listSimBatches): they run in the
// program's process, not the provider's, so they read stack config `aql:*` themselves
// (pulumi.Config works outside a program too and then finds nothing), then `AQL_*` variables.

import * as pulumi from "@pulumi/pulumi";
import type { AqlConfig } from "../config";
import { checkConfigKeys, loadConfig } from "../config";

export function programConfig(): AqlConfig {
  checkConfigKeys(Object.keys(pulumi.runtime.allConfig()));
  const stack = new pulumi.Config("aql");
  return loadConfig((key) => stack.get(key));
}
