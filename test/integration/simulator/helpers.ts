// Helpers for the simulator's integration tests: gateway calls over real HTTP with undici.

import { request, type Dispatcher } from "undici";
import type { SimulatorHandle } from "../../../simulator/server";

export const SIM_PATH = "/mobile/configure_sim.php";
export const VM_PATH = "/services/vm.php";
export const REC_PATH = "/services/rec.php";
export const DEMO = { username: "demo", password: "demo-password" };

export const SUBSCRIBER = {
  subname: "Ada Lovelace",
  subaddress: "11-15 Hunslet Road, Leeds",
  subpostcode: "LS10 1JQ",
  subcontactno: "441133203040",
};

export interface GatewayReply {
  httpStatus: number;
  body: string;
  codes: number[];
  fields: Record<string, string>;
}

export function parseAnswer(body: string): Pick<GatewayReply, "codes" | "fields"> {
  const fields: Record<string, string> = {};
  let codes: number[] = [];
  for (const line of body.split("\n")) {
    if (line === "") continue;
    const i = line.indexOf(": ");
    const k = i < 0 ? line.replace(/:$/, "") : line.slice(0, i);
    const v = i < 0 ? "" : line.slice(i + 2);
    if (k === "status") codes = v.split(",").map(Number);
    else fields[k] = v;
  }
  return { codes, fields };
}

export interface CallOptions {
  path?: string;
  method?: "GET" | "POST";
  /** Don't add the demo account's credentials. */
  noAuth?: boolean;
  dispatcher?: Dispatcher;
}

/** One gateway call: POST form by default (GET puts the params in the query string). */
export async function gw(
  sim: Pick<SimulatorHandle, "url">,
  params: Record<string, string>,
  opts: CallOptions = {},
): Promise<GatewayReply> {
  const all = new URLSearchParams(opts.noAuth ? params : { ...DEMO, ...params }).toString();
  const path = opts.path ?? SIM_PATH;
  const method = opts.method ?? "POST";
  const res =
    method === "GET"
      ? await request(`${sim.url}${path}?${all}`, { method, ...dispatcherOf(opts) })
      : await request(`${sim.url}${path}`, {
          method,
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: all,
          ...dispatcherOf(opts),
        });
  const body = await res.body.text();
  return { httpStatus: res.statusCode, body, ...parseAnswer(body) };
}

function dispatcherOf(opts: CallOptions): { dispatcher?: Dispatcher } {
  return opts.dispatcher === undefined ? {} : { dispatcher: opts.dispatcher };
}

/** A control API call. */
export async function control(
  sim: Pick<SimulatorHandle, "url">,
  method: "GET" | "POST" | "DELETE",
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const res = await request(`${sim.url}/_sim/${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
  });
  const text = await res.body.text();
  return { status: res.statusCode, json: JSON.parse(text) as unknown };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Poll until fn returns a value that is not undefined, or fail after timeoutMs. */
export async function waitFor<T>(fn: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await sleep(20);
  }
}

/** Activate a free demo SIM and settle it through the simulator's control (no waiting). */
export async function activate(
  sim: SimulatorHandle,
  offset = 0,
): Promise<{ iccid: string; number: string; id: string }> {
  const iccid = sim.freeIccids(1, { offset })[0]!;
  const number = sim.freeNumbers(1, { offset })[0]!;
  const r = await gw(sim, { command: "activate", iccid, geo_nos: number, ...SUBSCRIBER });
  if (r.codes[0] !== 200) throw new Error(`activate: ${r.body}`);
  sim.settleAll();
  const q = await gw(sim, { command: "queryiccid", iccid });
  if (q.fields.iccidstate !== "active") throw new Error(`activate did not settle: ${q.body}`);
  return { iccid, number, id: r.fields.id! };
}
