// Helpers for the simulator's unit tests: a fake clock and gateway calls without HTTP.

import { SimEngine, type EngineOptions } from "../../../simulator/engine";
import { dispatch, ROUTES } from "../../../simulator/routes";
import { parseParams } from "../../../simulator/params";
import { DEMO_ACCOUNT, VENDOR_EXAMPLE_ACCOUNT } from "../../../simulator/seed";

export interface Clock {
  now: () => number;
  advance: (ms: number) => void;
}

export function fakeClock(start = 1_700_000_000_000): Clock {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

export interface Parsed {
  codes: number[];
  fields: Record<string, string>;
}

/** Parse the gateway's text answer. */
export function parseAnswer(body: string): Parsed {
  const lines = body.split("\n").filter((l) => l !== "");
  const fields: Record<string, string> = {};
  let codes: number[] = [];
  for (const line of lines) {
    const i = line.indexOf(": ");
    const k = i < 0 ? line.replace(/:$/, "") : line.slice(0, i);
    const v = i < 0 ? "" : line.slice(i + 2);
    if (k === "status") codes = v.split(",").map(Number);
    else fields[k] = v;
  }
  return { codes, fields };
}

export function engineFor(clock: Clock, options: EngineOptions = {}): SimEngine {
  return new SimEngine({
    accounts: [DEMO_ACCOUNT, VENDOR_EXAMPLE_ACCOUNT],
    latencyMs: 1000,
    timers: false,
    now: clock.now,
    ...options,
  });
}

export const DEMO_AUTH = { username: "demo", password: "demo-password" };

/** One call through the gateway pipeline, as the demo account unless params say otherwise. */
export function call(
  engine: SimEngine,
  params: Record<string, string>,
  path = "/mobile/configure_sim.php",
): Parsed & { body: string } {
  const route = ROUTES.find((r) => r.path === path);
  if (route === undefined) throw new Error(`no route ${path}`);
  const d = dispatch(
    engine,
    route,
    parseParams("", new URLSearchParams({ ...DEMO_AUTH, ...params }).toString()),
  );
  if (d.outcome.kind !== "answer") throw new Error(`no answer: ${d.outcome.kind}`);
  return { ...parseAnswer(d.outcome.body), body: d.outcome.body };
}

export const SUBSCRIBER = {
  subname: "Ada Lovelace",
  subaddress: "11-15 Hunslet Road, Leeds",
  subpostcode: "LS10 1JQ",
  subcontactno: "441133203040",
};

/** Activate a free SIM of the demo account and settle it; returns its ICCID and number. */
export function activeSim(
  engine: SimEngine,
  clock: Clock,
  offset = 0,
): { iccid: string; number: string } {
  const iccid = engine.freeIccids(1, { offset })[0]!;
  const number = engine.freeNumbers(1, { offset })[0]!;
  const r = call(engine, { command: "activate", iccid, geo_nos: number, ...SUBSCRIBER });
  if (r.codes[0] !== 200) throw new Error(`activate: ${r.body}`);
  clock.advance(engine.settings.latencyMs);
  engine.settle();
  return { iccid, number };
}
