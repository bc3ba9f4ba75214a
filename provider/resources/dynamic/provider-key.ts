// The key under which the engine keeps a dynamic resource's serialized provider (the shim) in
// its inputs and outputs. check passes it on, diff never compares it, and a partial state must
// carry it (the dynamic-provider host adds none to an error's properties).

export const PROVIDER_KEY = "__provider";

/** `props` with the provider taken from `from` (the engine's bag), when it has one. */
export function withProviderKey(props: Record<string, unknown>, from: Record<string, unknown>) {
  const provider = from[PROVIDER_KEY];
  return provider === undefined ? props : { ...props, [PROVIDER_KEY]: provider };
}
