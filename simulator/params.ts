// Request parameters: the query string and an application/x-www-form-urlencoded body merged
// into one map (the body wins, as PHP's $_REQUEST does). Repeated keys: the last one wins.

export type Params = ReadonlyMap<string, string>;

export function parseParams(query: string, body: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(query)) out.set(k, v);
  if (body !== "") for (const [k, v] of new URLSearchParams(body)) out.set(k, v);
  return out;
}

/** A parameter's value; an absent parameter and an empty one both give "". */
export function text(params: Params, name: string): string {
  return params.get(name) ?? "";
}

/** A parameter that is present and not empty, or undefined. */
export function given(params: Params, name: string): string | undefined {
  const v = params.get(name);
  return v === undefined || v === "" ? undefined : v;
}

const SERVICE_KEY = /^service\[(.*)\]$/;

/** The `service[NAME]=VALUE` parameters, as [NAME, VALUE] pairs in the order given. */
export function serviceParams(params: Params): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of params) {
    const m = SERVICE_KEY.exec(k);
    if (m !== null) out.push([m[1] ?? "", v]);
    else if (k === "service") out.push(["", v]);
  }
  return out;
}
