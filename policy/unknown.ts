// A value the engine does not know yet (another resource's output, at preview). The policy SDK
// hands validations the engine's sentinel strings; the pack reads them as this one marker, so
// that each rule decides in one place what an unknown means to it.

export const UNKNOWN: unique symbol = Symbol("unknown at preview");
export type Unknown = typeof UNKNOWN;
export type Maybe<T> = T | Unknown;

// The sentinels of @pulumi/policy (proxy.js, not exported in its types); the dynamic provider's
// own "unknown" string is the string one.
const SENTINELS = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
  "030794c1-ac77-496b-92df-f27374a8bd58", // asset
  "e48ece36-62e2-4504-bad9-02848725956a", // archive
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

export function isSentinel(v: unknown): boolean {
  return typeof v === "string" && SENTINELS.has(v);
}

export function isUnknown(v: unknown): v is Unknown {
  return v === UNKNOWN;
}

/**
 * The resource's properties as plain data, each sentinel replaced by UNKNOWN. The SDK wraps them
 * in a proxy that throws on an unknown; its target is the plain object underneath.
 */
export function plainProps(props: unknown): Record<string, unknown> {
  const target = unwrapProxy(props);
  const out = toPlain(target);
  return typeof out === "object" && out !== null && !Array.isArray(out)
    ? (out as Record<string, unknown>)
    : {};
}

function unwrapProxy(v: unknown): unknown {
  if (typeof v === "object" && v !== null) {
    const target = (v as Record<string, unknown>)["__getSpecialProxyTarget"];
    if (target !== undefined) return target;
  }
  return v;
}

function toPlain(v: unknown): unknown {
  if (isSentinel(v)) return UNKNOWN;
  if (Array.isArray(v)) return v.map(toPlain);
  if (typeof v === "object" && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = toPlain(x);
    return out;
  }
  return v;
}
