// What a SimEstate declares for each inventory row: the Sim (named by its ICCID, so a row keeps
// its resource whatever its position in the file), and its voicemail and call recording when
// the row configures them, with the estate's defaults filled in. Pure.

import { ValidationError } from "../errors";
import type { RecordingSettings } from "../gateway/types";
import type { DeletionPolicy, SimServices } from "../resources/sim/inputs";
import { DELETION_POLICIES, SERVICE_NAMES } from "../resources/sim/inputs";
import type { InventoryRow, InventoryVoicemail } from "./inventory";
import type { ShardSpec } from "./shard";
import { shardOf } from "./shard";

/** What a row's empty services, suspended and deletionPolicy cells mean. */
export interface EstateDefaults {
  /** Services to manage on every SIM whose services cell is empty; absent: none managed. */
  services?: SimServices;
  /** Default false. */
  suspended?: boolean;
  /** Default "terminate" (the Sim's own default). */
  deletionPolicy?: DeletionPolicy;
}

/** A Sim's args as plain values: the row's SIM cells, else the estate's defaults. */
export type MemberSimArgs = Omit<InventoryRow, "line" | "voicemail" | "recording">;

export interface EstateMember {
  iccid: string;
  /** Resource names: stable per ICCID. */
  simName: string;
  voicemailName: string;
  recordingName: string;
  sim: MemberSimArgs;
  /** `pinConfig` names the stack config key whose secret is the PIN. */
  voicemail?: InventoryVoicemail;
  recording?: RecordingSettings;
}

export function simResourceName(iccid: string): string {
  return `sim-${iccid}`;
}

/** The rows a shard declares (all of them without a shard), in inventory order. */
export function shardRows(
  rows: readonly InventoryRow[],
  shard: ShardSpec | undefined,
): InventoryRow[] {
  if (shard === undefined) return [...rows];
  return rows.filter((r) => shardOf(r.iccid, shard.count) === shard.index);
}

export function estateMembers(
  rows: readonly InventoryRow[],
  defaults: EstateDefaults = {},
  shard?: ShardSpec,
): EstateMember[] {
  return shardRows(rows, shard).map((row) => {
    const sim: MemberSimArgs = {
      iccid: row.iccid,
      geoNumber: row.geoNumber,
    };
    if (row.subscriber !== undefined) sim.subscriber = { ...row.subscriber };
    if (row.imei !== undefined) sim.imei = row.imei;
    const services = row.services ?? defaults.services;
    if (services !== undefined) sim.services = { ...services };
    const suspended = row.suspended ?? defaults.suspended;
    if (suspended !== undefined) sim.suspended = suspended;
    const policy = row.deletionPolicy ?? defaults.deletionPolicy;
    if (policy !== undefined) sim.deletionPolicy = policy;
    if (row.adopt !== undefined) sim.adopt = row.adopt;
    const member: EstateMember = {
      iccid: row.iccid,
      simName: simResourceName(row.iccid),
      voicemailName: `vm-${row.iccid}`,
      recordingName: `rec-${row.iccid}`,
      sim,
    };
    if (row.voicemail !== undefined) member.voicemail = { ...row.voicemail };
    if (row.recording !== undefined) member.recording = { ...row.recording };
    return member;
  });
}

/** The estate's defaults from code, checked as the Sim checks its inputs. */
export function checkDefaults(raw: unknown): EstateDefaults {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw new ValidationError(
      "defaults",
      "must be an object { services, suspended, deletionPolicy }",
    );
  }
  const d = raw as Record<string, unknown>;
  const out: EstateDefaults = {};
  for (const key of Object.keys(d)) {
    if (!["services", "suspended", "deletionPolicy"].includes(key) && d[key] !== undefined) {
      throw new ValidationError(
        `defaults.${key}`,
        "is not an estate default; the defaults are services, suspended, deletionPolicy",
      );
    }
  }
  if (d["services"] !== undefined) {
    const s = d["services"];
    if (typeof s !== "object" || s === null || Array.isArray(s)) {
      throw new ValidationError(
        "defaults.services",
        "must be an object such as { internet: true }",
      );
    }
    const services: SimServices = {};
    for (const [name, on] of Object.entries(s)) {
      if (!(SERVICE_NAMES as readonly string[]).includes(name)) {
        throw new ValidationError(
          `defaults.services.${name}`,
          `is not a settable service; the services are ${SERVICE_NAMES.join(", ")}`,
        );
      }
      if (on === undefined) continue;
      if (typeof on !== "boolean") {
        throw new ValidationError(`defaults.services.${name}`, "must be true or false");
      }
      services[name as keyof SimServices] = on;
    }
    out.services = services;
  }
  if (d["suspended"] !== undefined) {
    if (typeof d["suspended"] !== "boolean") {
      throw new ValidationError("defaults.suspended", "must be true or false");
    }
    out.suspended = d["suspended"];
  }
  const policy = d["deletionPolicy"];
  if (policy !== undefined) {
    if (!(DELETION_POLICIES as readonly unknown[]).includes(policy)) {
      throw new ValidationError(
        "defaults.deletionPolicy",
        `must be one of ${DELETION_POLICIES.join(", ")}`,
      );
    }
    out.deletionPolicy = policy as DeletionPolicy;
  }
  return out;
}
