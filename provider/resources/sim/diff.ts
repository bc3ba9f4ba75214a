// diff: old OUTPUTS (the gateway as last seen) against new checked inputs. Pure.
// `__provider` and the output-only properties are ignored, so a new package version alone
// changes nothing; an unknown value (preview) counts as a change.

import type { DiffResult } from "@pulumi/pulumi/dynamic";
import { normaliseNumber } from "../../validation";
import { isSettled } from "./converge";
import type { ServiceName } from "./inputs";
import { SERVICE_NAMES } from "./inputs";
import type { Props } from "../dynamic/check";
import { differs } from "../dynamic/diff";
import { isUnknown } from "../dynamic/unknown";
import { readPrior } from "./outputs";

export interface SimDiff extends DiffResult {
  /** The properties that differ, for tests and messages (the engine does not read this). */
  readonly changed: string[];
}

export function diffSim(olds: Props, news: Props): SimDiff {
  const changed: string[] = [];
  const note = (property: string, differs: boolean) => {
    if (differs) changed.push(property);
  };

  const iccidChanged = isUnknown(news["iccid"]) || news["iccid"] !== olds["iccid"];
  note("iccid", iccidChanged);

  note("geoNumber", numberDiffers(olds["geoNumber"], news["geoNumber"]));
  note("subscriber", differs(olds["subscriber"], news["subscriber"]));
  note("imei", differs(olds["imei"], news["imei"]));
  note("suspended", (news["suspended"] ?? false) !== oldSuspended(olds));
  note(
    "deletionPolicy",
    (news["deletionPolicy"] ?? "terminate") !== (olds["deletionPolicy"] ?? "terminate"),
  );
  note("adopt", (news["adopt"] ?? false) !== (olds["adopt"] ?? false));
  for (const p of serviceChanges(olds, news)) changed.push(p);

  // An unfinished request or an unsettled SIM: update resumes or converges it.
  const prior = readPrior(String(olds["iccid"] ?? ""), olds);
  if (prior.pendingRequest !== undefined) changed.push("pendingRequest");
  if (prior.info === undefined || !isSettled(prior.info)) changed.push("state");

  if (iccidChanged) {
    // The old SIM goes first (per its deletionPolicy), so that its number is free.
    return { changes: true, replaces: ["iccid"], deleteBeforeReplace: true, changed };
  }
  return { changes: changed.length > 0, changed };
}

function numberDiffers(old: unknown, next: unknown): boolean {
  if (typeof old !== "string" || typeof next !== "string" || isUnknown(next)) return true;
  return normaliseNumber(old) !== normaliseNumber(next);
}

function oldSuspended(olds: Props): boolean {
  if (typeof olds["suspended"] === "boolean") return olds["suspended"];
  return olds["state"] === "suspended";
}

/** Managed services whose reported value differs, and flags newly left unmanaged. */
function serviceChanges(olds: Props, news: Props): string[] {
  const next = news["services"];
  const prev = asRecord(olds["services"]);
  if (next === undefined) return prev === undefined ? [] : ["services"];
  if (isUnknown(next)) return ["services"];
  const want = asRecord(next) ?? {};
  const reported = asRecord(olds["reportedServices"]);
  const out: string[] = [];
  for (const n of SERVICE_NAMES) {
    const w = want[n];
    if (w === undefined) {
      // No longer managed: nothing to send, but the outputs drop it.
      if (prev?.[n] !== undefined) out.push(`services.${n}`);
      continue;
    }
    if (isUnknown(w) || w !== actualService(n, prev, reported)) out.push(`services.${n}`);
  }
  return out;
}

/**
 * The gateway's value as last seen: from all ten reported flags if known (a flag that was not
 * managed before has no value in `services`), else the managed subset. The settable services
 * carry the same camelCase names in both.
 */
function actualService(n: ServiceName, prev: Props | undefined, reported: Props | undefined) {
  return reported?.[n] ?? prev?.[n];
}

function asRecord(v: unknown): Props | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Props) : undefined;
}
