// Reading the gateway's answers into the vocabulary of types.ts. An answer that does not say
// what the command promises is a BadAnswerError naming the field.

import type { CallSubject } from "../errors";
import { BadAnswerError } from "../errors";
import type { ParsedAnswer } from "./response";
import type {
  NotificationSettings,
  RecordingSettings,
  RequestState,
  RequestStatus,
  ServiceFlags,
  SimInfo,
  SimState,
  VoicemailSettings,
} from "./types";
import { ALL_SERVICE_FLAGS, REQUEST_STATES, SIM_STATES } from "./types";

function readFlag(
  subject: CallSubject,
  answer: ParsedAnswer,
  key: string,
  required: boolean,
): boolean | undefined {
  const v = answer.fields.get(key);
  if (v === "1") return true;
  if (v === "0") return false;
  if ((v === undefined || v === "") && !required) return undefined;
  throw new BadAnswerError(
    subject,
    v === undefined ? `"${key}" is missing` : `"${key}" is ${JSON.stringify(v)}, not 1 or 0`,
  );
}

function readText(answer: ParsedAnswer, key: string): string | undefined {
  const v = answer.fields.get(key);
  return v === undefined || v === "" ? undefined : v;
}

export function readSimInfo(subject: CallSubject, iccid: string, answer: ParsedAnswer): SimInfo {
  const raw = answer.fields.get("iccidstate")?.toLowerCase();
  if (!(SIM_STATES as readonly (string | undefined)[]).includes(raw)) {
    throw new BadAnswerError(
      subject,
      raw === undefined ? `"iccidstate" is missing` : `unknown iccidstate ${JSON.stringify(raw)}`,
    );
  }
  const info: SimInfo = { iccid, state: raw as SimState };
  // Number, services and secrets are reported for active and suspended SIMs only.
  if (info.state !== "active" && info.state !== "suspended") return info;

  const geo = readText(answer, "geo_nos");
  if (geo !== undefined) info.geoNumber = geo;
  const services = {} as ServiceFlags;
  for (const f of ALL_SERVICE_FLAGS) services[f] = readFlag(subject, answer, f, true)!;
  info.services = services;
  for (const k of ["imsi", "pin", "pin2", "puk", "puk2"] as const) {
    const v = readText(answer, k);
    if (v !== undefined) info[k] = v;
  }
  return info;
}

export function readRequestStatus(
  subject: CallSubject,
  id: string,
  answer: ParsedAnswer,
): RequestStatus {
  const raw = answer.fields.get("requeststate")?.toLowerCase();
  if (!(REQUEST_STATES as readonly (string | undefined)[]).includes(raw)) {
    throw new BadAnswerError(
      subject,
      raw === undefined
        ? `"requeststate" is missing`
        : `unknown requeststate ${JSON.stringify(raw)}`,
    );
  }
  const status: RequestStatus = { id, state: raw as RequestState };
  const iccid = readText(answer, "iccid");
  if (iccid !== undefined) status.iccid = iccid;
  return status;
}

export function readVoicemail(subject: CallSubject, answer: ParsedAnswer): VoicemailSettings {
  const s: VoicemailSettings = {};
  const delay = readText(answer, "delay");
  if (delay !== undefined) {
    if (!/^\d+$/.test(delay)) {
      throw new BadAnswerError(subject, `"delay" is ${JSON.stringify(delay)}, not seconds`);
    }
    s.delaySeconds = Number(delay);
  }
  const pin = readText(answer, "pin");
  if (pin !== undefined) s.pin = pin;
  return { ...s, ...readNotification(subject, answer) };
}

export function readRecording(subject: CallSubject, answer: ParsedAnswer): RecordingSettings {
  const s: RecordingSettings = {};
  const active = readFlag(subject, answer, "active", false);
  if (active !== undefined) s.active = active;
  const onDemand = readFlag(subject, answer, "ondemand", false);
  if (onDemand !== undefined) s.onDemand = onDemand;
  return { ...s, ...readNotification(subject, answer) };
}

/** The notification settings vm.php and rec.php both report, under the same names. */
function readNotification(subject: CallSubject, answer: ParsedAnswer): NotificationSettings {
  const s: NotificationSettings = {};
  const email = readText(answer, "email");
  if (email !== undefined) s.email = email;
  const notify = readFlag(subject, answer, "notify", false);
  if (notify !== undefined) s.notify = notify;
  const attach = readFlag(subject, answer, "attach", false);
  if (attach !== undefined) s.attach = attach;
  return s;
}
