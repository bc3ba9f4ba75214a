// One row's cells through the Sim, Voicemail and CallRecording schemas, so that a row accepted
// here passes their `check`. Problems are reported per cell through `at`; a literal PIN is a
// warning through `warn`.

import type { z } from "zod";
import type { Subscriber } from "../../gateway/types";
import { callRecordingSpec } from "../../resources/call-recording/inputs";
import { validateInputs as validateProps } from "../../resources/dynamic/check";
import type { ServiceSettings } from "../../resources/number-service/plan";
import type { NumberServiceSpec } from "../../resources/number-service/runtime";
import { simFields, toSimInputs } from "../../resources/sim/inputs";
import { voicemailSpec } from "../../resources/voicemail/inputs";
import { normaliseNumber } from "../../validation";
import { CellReader, type At } from "./cells";
import {
  RECORDING_COLUMNS,
  SIM_PROPERTY_COLUMN,
  SUBSCRIBER_COLUMNS,
  VOICEMAIL_COLUMNS,
  type InventoryColumn,
} from "./columns";
import type { InventoryCell, InventoryRow, InventoryVoicemail } from "./model";
import { LITERAL_PIN_WARNING, readPinCell } from "./pin";

export interface CheckedRow {
  /** The row, when every cell is valid. */
  row?: Omit<InventoryRow, "line">;
  /** The normalised ICCID and number when those cells are valid, to look for duplicates. */
  iccid?: string;
  geoNumber?: string;
}

const SUBSCRIBER_TOGETHER =
  "is empty while other subscriber columns are given: name, address, postcode and contact go " +
  "together (all four to activate an unused SIM, none for a SIM already active)";

export function validateRow(
  cells: ReadonlyMap<InventoryColumn, InventoryCell>,
  at: At,
  warn: At,
): CheckedRow {
  const read = new CellReader(cells, at);
  const raw: Record<string, unknown> = {
    iccid: read.text("iccid"),
    geoNumber: read.text("number"),
  };
  const subscriber = readSubscriber(read);
  if (subscriber !== undefined) raw["subscriber"] = subscriber;
  const optional = {
    imei: read.text("imei"),
    services: read.services("services"),
    suspended: read.bool("suspended"),
    deletionPolicy: read.text("deletionPolicy"),
    adopt: read.bool("adopt"),
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) raw[k] = v;
  const vm = read.settings(VOICEMAIL_COLUMNS);
  const rec = read.settings(RECORDING_COLUMNS);

  const sim = validateProps(simFields, raw);
  const simFailed = sim.failures.length > 0;
  const badSim = new Set<string>();
  if (simFailed) {
    for (const f of sim.failures) {
      const top = f.property.startsWith("services.") ? "services" : f.property;
      badSim.add(top);
      const missingSubscriberField =
        f.property.startsWith("subscriber.") && f.reason === "is required";
      at(
        SIM_PROPERTY_COLUMN[top] ?? "iccid",
        missingSubscriberField ? SUBSCRIBER_TOGETHER : f.reason,
      );
    }
  }
  const out: CheckedRow = {};
  if (typeof raw["iccid"] === "string" && !badSim.has("iccid")) out.iccid = raw["iccid"];
  if (typeof raw["geoNumber"] === "string" && !badSim.has("geoNumber")) {
    out.geoNumber = normaliseNumber(raw["geoNumber"]);
  }

  // The PIN by reference is not known here: the Voicemail checks it when config supplies it.
  let pinConfig: string | undefined;
  if (vm !== undefined && typeof vm["pin"] === "string") {
    const pin = readPinCell(vm["pin"]);
    if ("problem" in pin) read.fail("vmPin", pin.problem);
    else if ("pinConfig" in pin) {
      pinConfig = pin.pinConfig;
      delete vm["pin"];
    } else warn("vmPin", LITERAL_PIN_WARNING);
  }

  const vmSettings = validateSettings(voicemailSpec, vm, VOICEMAIL_COLUMNS, read, at);
  const recSettings = validateSettings(callRecordingSpec, rec, RECORDING_COLUMNS, read, at);
  if (simFailed || read.failed || vmSettings === null || recSettings === null) return out;

  const inputs = toSimInputs(raw);
  const row: Omit<InventoryRow, "line"> = { iccid: inputs.iccid, geoNumber: inputs.geoNumber };
  if (inputs.subscriber !== undefined) row.subscriber = inputs.subscriber;
  if (inputs.imei !== undefined) row.imei = inputs.imei;
  if (inputs.services !== undefined) row.services = inputs.services;
  if (optional.suspended !== undefined) row.suspended = inputs.suspended;
  if (optional.deletionPolicy !== undefined) row.deletionPolicy = inputs.deletionPolicy;
  if (optional.adopt !== undefined) row.adopt = inputs.adopt;
  if (vmSettings !== undefined) {
    const voicemail: InventoryVoicemail = { ...vmSettings };
    if (pinConfig !== undefined) voicemail.pinConfig = pinConfig;
    row.voicemail = voicemail;
  }
  if (recSettings !== undefined) row.recording = recSettings;
  return { ...out, row };
}

/** The four subscriber cells; undefined when all are empty (a SIM already active needs none). */
function readSubscriber(read: CellReader): Partial<Subscriber> | undefined {
  const out: Partial<Subscriber> = {};
  for (const [field, col] of Object.entries(SUBSCRIBER_COLUMNS)) {
    const v = read.text(col);
    if (v !== undefined) out[field as keyof Subscriber] = v;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/**
 * Voicemail or call recording settings through that resource's own schema (attach needs
 * notify, and so on): undefined when the row gives none, null after a problem. The number is
 * the Sim's, checked there.
 */
function validateSettings<S extends ServiceSettings, Sch extends z.ZodObject>(
  spec: NumberServiceSpec<S, Sch>,
  given: Record<string, unknown> | undefined,
  columns: Readonly<Record<string, InventoryColumn>>,
  read: CellReader,
  at: At,
): S | null | undefined {
  if (given === undefined) return undefined;
  // A group with an unreadable cell is not checked further: its rules would mislead.
  if (read.failedIn(columns)) return null;
  const v = validateProps(spec.input, { geoNumber: "441130000000", ...given });
  let failed = false;
  for (const f of v.failures) {
    const col = columns[f.property.split(".")[0]!];
    if (col === undefined) continue;
    at(col, f.reason);
    failed = true;
  }
  if (failed) return null;
  const { geoNumber: _n, ...settings } = v.values as Record<string, unknown>;
  return settings as S;
}
