// What the gateway says about one ICCID, turned into an inventory row or a reason to skip it.
// Pure. PINs, PUKs and the voicemail PIN that the gateway returns stop here: nothing of them is
// in what this returns.

import { InventoryError } from "../errors";
import { readInventoryRecords } from "../estate/inventory";
import type { InventoryColumn } from "../estate/inventory";
import type { RecordingSettings, SimInfo, VoicemailSettings } from "../gateway/types";
import { GATEWAY_SERVICE, SERVICE_NAMES } from "../resources/sim/inputs";

/** The inventory columns discover writes, in order. vmPin stays empty: the PIN is not managed. */
export const DISCOVERED_COLUMNS = [
  "iccid",
  "number",
  "services",
  "suspended",
  "vmDelay",
  "vmPin",
  "vmEmail",
  "vmNotify",
  "vmAttach",
  "recActive",
  "recOnDemand",
  "recEmail",
  "recNotify",
  "recAttach",
] as const satisfies readonly InventoryColumn[];
export type DiscoveredColumn = (typeof DISCOVERED_COLUMNS)[number];
export type DiscoveredRow = Partial<Record<DiscoveredColumn, string>> & { iccid: string };

export const SKIP_REASONS = {
  "not-on-account": "not on the account (63003)",
  "invalid-iccid": "not an ICCID the gateway knows (63001)",
  unused: "unused: never activated (give it subscriber columns to activate it)",
  pending: "pending: an activation is in flight (discover it again once it is active)",
  terminated: "terminated: it cannot come back",
  "no-number": "active or suspended with no number (add it by hand with adopt true)",
  "invalid-values": "the gateway's values do not pass the inventory's checks",
  "service-refused": "its voicemail or call recording could not be read",
} as const;
export type SkipReason = keyof typeof SKIP_REASONS;

export type Outcome =
  | { kind: "row"; row: DiscoveredRow }
  | { kind: "skip"; iccid: string; reason: SkipReason; detail?: string };

/** Whether a SIM in this state gets its voicemail and recording read. */
export function wantsServices(info: SimInfo): boolean {
  return (info.state === "active" || info.state === "suspended") && info.geoNumber !== undefined;
}

export function skipFor(iccid: string, reason: SkipReason, detail?: string): Outcome {
  return detail === undefined
    ? { kind: "skip", iccid, reason }
    : { kind: "skip", iccid, reason, detail };
}

/**
 * The row for a SIM the gateway reports, with its voicemail and recording when it has them
 * (undefined: none). The row is checked as `aql-estate check` would check it.
 */
export function classify(
  info: SimInfo,
  voicemail: VoicemailSettings | undefined,
  recording: RecordingSettings | undefined,
): Outcome {
  const iccid = info.iccid;
  if (info.state === "unused" || info.state === "pending" || info.state === "terminated") {
    return skipFor(iccid, info.state);
  }
  if (info.geoNumber === undefined || info.services === undefined) {
    return skipFor(iccid, "no-number");
  }
  const row: DiscoveredRow = {
    iccid,
    number: info.geoNumber,
    services: servicesCell(info.services),
    suspended: String(info.state === "suspended"),
  };
  // A service the gateway reports with no setting at all gets no cell, and so stays unmanaged.
  if (voicemail !== undefined) {
    setIf(row, "vmDelay", voicemail.delaySeconds);
    setIf(row, "vmEmail", voicemail.email);
    setIf(row, "vmNotify", voicemail.notify);
    // attach without notify does nothing, and the inventory refuses it: leave it unmanaged.
    if (voicemail.notify === true) setIf(row, "vmAttach", voicemail.attach);
  }
  if (recording !== undefined) {
    setIf(row, "recActive", recording.active);
    setIf(row, "recOnDemand", recording.onDemand);
    setIf(row, "recEmail", recording.email);
    setIf(row, "recNotify", recording.notify);
    if (recording.notify === true) setIf(row, "recAttach", recording.attach);
  }
  try {
    readInventoryRecords([row], `ICCID ${iccid}`);
  } catch (e) {
    if (!(e instanceof InventoryError)) throw e;
    // Reasons name the column and the rule, never the value.
    const detail = e.problems.map((p) => `${p.columnName ?? "row"} ${p.reason}`).join("; ");
    return skipFor(iccid, "invalid-values", detail);
  }
  return { kind: "row", row };
}

/** The settable services that are on, camelCase, space-separated; `none` when none is. */
export function servicesCell(flags: NonNullable<SimInfo["services"]>): string {
  const on = SERVICE_NAMES.filter((n) => flags[GATEWAY_SERVICE[n]]);
  return on.length === 0 ? "none" : on.join(" ");
}

function setIf(
  row: DiscoveredRow,
  col: DiscoveredColumn,
  v: string | number | boolean | undefined,
) {
  if (v !== undefined) row[col] = String(v);
}
