// A SimEstate at a glance, from its SIMs' outputs: how many in each state, how many with each
// settable service on, and the numbers in use. Pure.

import type { SimState } from "../gateway/types";
import type { ReportedServices, ServiceName } from "../resources/sim/inputs";
import { SERVICE_NAMES } from "../resources/sim/inputs";

export interface SimSnapshot {
  state?: SimState | undefined;
  geoNumber?: string | undefined;
  reportedServices?: Partial<ReportedServices> | undefined;
}

export interface EstateSummary {
  total: number;
  /** SIMs per state as last reported (unused, pending, active, suspended). */
  byState: Record<string, number>;
  /** SIMs with each settable service on. */
  services: Record<ServiceName, number>;
  voicemail: number;
  callRecording: number;
  /** The numbers in use, sorted. */
  numbers: string[];
}

export function summarise(
  sims: readonly SimSnapshot[],
  counts: { voicemail: number; callRecording: number },
): EstateSummary {
  const byState: Record<string, number> = {};
  const services = Object.fromEntries(SERVICE_NAMES.map((n) => [n, 0])) as Record<
    ServiceName,
    number
  >;
  const numbers: string[] = [];
  for (const s of sims) {
    const state = s.state ?? "unknown";
    byState[state] = (byState[state] ?? 0) + 1;
    for (const n of SERVICE_NAMES) if (s.reportedServices?.[n] === true) services[n]++;
    if (s.geoNumber !== undefined) numbers.push(s.geoNumber);
  }
  numbers.sort();
  return { total: sims.length, byState, services, ...counts, numbers };
}
