// Fixtures for the Sim tests: valid inputs, and a provider wired to a fake gateway, an instant
// clock, a progress recorder and a termination counter.

import type { PollSchedule } from "../../../provider/gateway/poller";
import type { ServiceFlags, SimInfo } from "../../../provider/gateway/types";
import { applyToInfo } from "../../../provider/resources/sim/converge";
import type { CurrentSim, SimStep } from "../../../provider/resources/sim/plan";
import type { SimProvider } from "../../../provider/resources/sim/runtime";
import { createSimProvider } from "../../../provider/resources/sim/runtime";
import type { SimDeps } from "../../../provider/resources/sim/runner";
import { FakeGateway } from "../../support/fake-gateway";

/** Passes Luhn. */
export const ICCID = "89441000000000000000";
export const ICCID2 = "89441000000000000018";
/** The vendor's example: 19 digits, fails Luhn. */
export const VENDOR_ICCID = "1111111111000000001";
export const NUMBER = "441133203040";
export const OTHER_NUMBER = "441133209999";
export const PROVIDER =
  "exports.handler = () => require('pulumi-aql-mvno/dist/provider/resources/sim/shim')";

export const SUBSCRIBER = {
  name: "Ann Example",
  address: "11-15 Hunslet Road, Leeds",
  postcode: "LS10 1JQ",
  contactNumber: "441133203040",
};

/**
 * A planned step applied as the runner applies it (applyToInfo, to the gateway's view of the
 * SIM), then seen again as the planner sees the SIM. A flag not known stays unknown.
 */
export function applyPlanned(s: CurrentSim, step: SimStep): CurrentSim {
  // The planner's partial flags stand for the gateway's: applyToInfo only sets those a step names.
  const info: SimInfo = { iccid: ICCID, state: s.state, services: s.services as ServiceFlags };
  if (s.geoNumber !== undefined) info.geoNumber = s.geoNumber;
  const next = applyToInfo(info, step);
  if (next.state !== "active" && next.state !== "suspended") throw new Error(next.state);
  const after: CurrentSim = { state: next.state, services: next.services ?? {} };
  if (next.geoNumber !== undefined) after.geoNumber = next.geoNumber;
  return after;
}

/** Raw inputs as a program would give them (check normalises them). */
export function rawInputs(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iccid: ICCID,
    geoNumber: "+44 113 320 3040",
    subscriber: { ...SUBSCRIBER },
    __provider: PROVIDER,
    ...over,
  };
}

/** Inputs after check: normalised, defaults filled in. */
export function checkedInputs(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iccid: ICCID,
    geoNumber: NUMBER,
    subscriber: { ...SUBSCRIBER },
    suspended: false,
    deletionPolicy: "terminate",
    adopt: false,
    __provider: PROVIDER,
    ...over,
  };
}

export const SCHEDULE: PollSchedule = {
  firstCheckDelay: 60_000,
  pollBackoff: 2,
  maxPollInterval: 240_000,
  waitDeadline: 3_600_000,
};

export interface Harness {
  gw: FakeGateway;
  provider: SimProvider;
  progress: string[];
  warnings: string[];
  terminations: { taken: number; limit: number };
}

export function harness(opts: { maxTerminations?: number } = {}): Harness {
  const gw = new FakeGateway();
  const progress: string[] = [];
  const warnings: string[] = [];
  const terminations = { taken: 0, limit: opts.maxTerminations ?? 10 };
  const deps: SimDeps = {
    gateway: gw,
    clock: gw.clock,
    schedule: SCHEDULE,
    progress: (_subject, message) => progress.push(message),
    terminations: {
      take: () => {
        if (terminations.taken >= terminations.limit) return false;
        terminations.taken++;
        return true;
      },
      release: () => {
        terminations.taken--;
      },
      limit: () => terminations.limit,
    },
  };
  const provider = createSimProvider({ deps: () => deps, warn: (m) => warnings.push(m) });
  return { gw, provider, progress, warnings, terminations };
}

/** Asserts that a promise rejects, and returns the error for closer checks. */
export async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Error) return e;
    throw new Error(`rejected with a non-Error: ${String(e)}`);
  }
  throw new Error("expected a rejection, and it resolved");
}

/** No undefined, no Date, no function anywhere: what Struct.fromJavaScript accepts. */
export function assertJsonSafe(v: unknown, path = "$"): void {
  if (v === undefined) throw new Error(`${path} is undefined`);
  if (v instanceof Date) throw new Error(`${path} is a Date`);
  if (typeof v === "function") throw new Error(`${path} is a function`);
  if (typeof v === "number" && !Number.isFinite(v)) throw new Error(`${path} is not finite`);
  if (Array.isArray(v)) v.forEach((x, i) => assertJsonSafe(x, `${path}[${i}]`));
  else if (v !== null && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) assertJsonSafe(x, `${path}.${k}`);
  }
}
