// The stack's `aql:*` config as a whole, beyond the values loadConfig reads: keys that are no
// setting (refused, naming the nearest one) and secret settings stored in clear (a warning that
// names the command that fixes it). The program knows which config values are secrets; the
// provider process only gets their values, so the warning is the program's.

import * as pulumi from "@pulumi/pulumi";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import { checkConfigKeys, SECRET_CONFIG_KEYS } from "../config";

/** The full keys ("aql:endpoint") of a dynamic provider's ConfigureRequest config. */
export function configureRequestKeys(config: unknown): string[] {
  // The SDK's dynamic-provider Config keeps the stack config in `rawConfig`; its type shows
  // get() only. Without it, no key is checked (the values are still read one by one).
  const raw = (config as { rawConfig?: unknown } | null | undefined)?.rawConfig;
  return raw !== null && typeof raw === "object" ? Object.keys(raw) : [];
}

/** One warning per secret setting that is set but not stored as a secret. */
export function plaintextSecretWarnings(
  keys: Iterable<string>,
  isSecret: (key: string) => boolean,
): string[] {
  const set = new Set(keys);
  return SECRET_CONFIG_KEYS.map((k) => `aql:${k}`)
    .filter((full) => set.has(full) && !isSecret(full))
    .map(
      (full) =>
        `${full} is stored in clear: in Pulumi.<stack>.yaml and in the state of every stack ` +
        `update. Store it as a secret: pulumi config set --secret ${full} <value>`,
    );
}

/** The SDK's own test of a config key (internal to @pulumi/pulumi: absent, nothing is warned). */
function sdkIsSecret(): ((key: string) => boolean) | undefined {
  const f = (runtimeConfig as unknown as { isConfigSecret?: unknown }).isConfigSecret;
  return typeof f === "function" ? (key) => f(key) === true : undefined;
}

let checked = false;

/**
 * In a Pulumi program, once: refuse `aql:*` keys that are no setting, and warn (at preview as at
 * up) about a secret setting stored in clear. Outside a program (the provider process, tests,
 * the CLI tools) it does nothing.
 */
export function checkProgramConfig(): void {
  if (checked || !pulumi.runtime.hasMonitor()) return;
  checked = true;
  const keys = Object.keys(pulumi.runtime.allConfig());
  checkConfigKeys(keys);
  const isSecret = sdkIsSecret();
  if (isSecret === undefined) return;
  for (const w of plaintextSecretWarnings(keys, isSecret)) void pulumi.log.warn(w);
}
