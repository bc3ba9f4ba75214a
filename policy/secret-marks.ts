// Which of a resource's top-level properties the engine sent as secrets. The policy SDK unwraps
// secrets before a validation sees them (seen on the engine: a Voicemail's pin arrives as the
// plain string), so the pack wraps the SDK's deserializer and notes, for each object it
// produces, the keys that carried the secret signature. Read-only: the SDK's result is returned
// unchanged. The wrap reaches the SDK because its server looks the function up on the module's
// exports at each call; if a later SDK stops doing so, `installed()` still says true but no
// marks appear, and the secret-credentials rule reports that it cannot tell.

const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

const marks = new WeakMap<object, ReadonlySet<string>>();
let hooked = false;

interface StructLike {
  toJavaScript(): Record<string, unknown>;
}
type Deserialize = (struct: StructLike, proxySecrets: boolean) => unknown;

/** Wrap @pulumi/policy's deserializer once; false when its module is not as expected. */
export function installSecretMarks(): boolean {
  if (hooked) return true;
  let mod: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require("@pulumi/policy/deserialize") as Record<string, unknown>;
  } catch {
    return false;
  }
  const original = mod["deserializeProperties"];
  if (typeof original !== "function") return false;
  const wrapped: Deserialize = (struct, proxySecrets) => {
    const out = (original as Deserialize)(struct, proxySecrets);
    if (typeof out === "object" && out !== null) {
      try {
        marks.set(out, secretKeys(struct.toJavaScript()));
      } catch {
        // not a Struct: nothing to note
      }
    }
    return out;
  };
  try {
    mod["deserializeProperties"] = wrapped;
  } catch {
    return false;
  }
  hooked = true;
  return true;
}

/** The keys of raw engine properties whose values are secrets. */
export function secretKeys(raw: Record<string, unknown>): Set<string> {
  const out = new Set<string>();
  for (const [k, v] of Object.entries(raw)) {
    if (
      typeof v === "object" &&
      v !== null &&
      (v as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG
    ) {
      out.add(k);
    }
  }
  return out;
}

/** The secret keys noted for these properties (a proxy's or plain), if any were noted. */
export function secretKeysOf(props: unknown): ReadonlySet<string> | undefined {
  if (typeof props !== "object" || props === null) return undefined;
  const target = (props as Record<string, unknown>)["__getSpecialProxyTarget"] ?? props;
  return typeof target === "object" && target !== null ? marks.get(target) : undefined;
}
