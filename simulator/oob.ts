// Out-of-band changes: what happens to SIMs outside the gateway API (a support desk, the network,
// another tool), so that refresh and drift can be tested. Each takes effect at once. The
// account is the one whose inventory holds the ICCID or number.
//
//   { op: "suspend",   iccid }                       active -> suspended
//   { op: "unsuspend", iccid }                       suspended -> active
//   { op: "terminate", iccid }                       active/suspended -> terminated (number freed)
//   { op: "activate",  iccid, number, services? }    unused -> active at once, with that number
//                                                    (services: flags to set after the defaults)
//   { op: "service",   iccid, service, on }          any of the ten flags (premium, video, mms too)
//   { op: "number",    iccid, number }               give the SIM another number (a free one of
//                                                    the account), or none with number: null
//   { op: "voicemail", number, settings }            set voicemail fields (creates it if absent)
//   { op: "recording", number, settings }            set call recording fields (creates it)
//   { op: "remove-voicemail", number }               remove a number's voicemail
//   { op: "remove-recording", number }               remove a number's call recording
//   { op: "crisp",     iccid, enabled, email? }      set Crisp on or off
// A SIM with a two-step request in flight is changed all the same; the request ends `failed`
// when its effect is no longer possible at its due time.

import { z } from "zod";
import { ALL_SERVICE_FLAGS } from "./vocabulary";
import type { Account, SimEngine, SimView } from "./engine";
import {
  applyEvent,
  defaultServices,
  RECORDING_DEFAULTS,
  setSimNumber,
  terminateSim,
  VOICEMAIL_DEFAULTS,
  type SimEvent,
  type SimRecord,
} from "./state";

const iccid = z.string().min(1);
const number = z.string().min(1);
const flags = z.partialRecord(z.enum(ALL_SERVICE_FLAGS), z.boolean());

export const oobSchema = z.discriminatedUnion("op", [
  z.strictObject({ op: z.literal("suspend"), iccid }),
  z.strictObject({ op: z.literal("unsuspend"), iccid }),
  z.strictObject({ op: z.literal("terminate"), iccid }),
  z.strictObject({ op: z.literal("activate"), iccid, number, services: flags.optional() }),
  z.strictObject({
    op: z.literal("service"),
    iccid,
    service: z.enum(ALL_SERVICE_FLAGS),
    on: z.boolean(),
  }),
  z.strictObject({ op: z.literal("number"), iccid, number: number.nullable() }),
  z.strictObject({
    op: z.literal("voicemail"),
    number,
    settings: z.strictObject({
      delay: z.number().int().min(0).optional(),
      pin: z.string().optional(),
      email: z.string().optional(),
      notify: z.boolean().optional(),
      attach: z.boolean().optional(),
    }),
  }),
  z.strictObject({
    op: z.literal("recording"),
    number,
    settings: z.strictObject({
      active: z.boolean().optional(),
      ondemand: z.boolean().optional(),
      email: z.string().optional(),
      notify: z.boolean().optional(),
      attach: z.boolean().optional(),
    }),
  }),
  z.strictObject({ op: z.literal("remove-voicemail"), number }),
  z.strictObject({ op: z.literal("remove-recording"), number }),
  z.strictObject({
    op: z.literal("crisp"),
    iccid,
    enabled: z.boolean(),
    email: z.string().optional(),
  }),
]);

export type OobOp = z.input<typeof oobSchema>;

export interface OobResult {
  op: string;
  sim?: SimView;
  number?: string;
}

/** An out-of-band change that can't be made; `status` is the HTTP status for the control API. */
export class OobError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

export function applyOob(engine: SimEngine, input: unknown): OobResult {
  const parsed = oobSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? "" : issue.path.map(String).join(".");
    throw new OobError(
      400,
      `invalid out-of-band op${where ? ` (${where})` : ""}: ${issue?.message ?? ""}`,
    );
  }
  engine.settle();
  const op = parsed.data;
  const now = engine.now();
  const result = ((): OobResult => {
    switch (op.op) {
      case "suspend":
      case "unsuspend":
      case "terminate": {
        const { account, sim } = existingSim(engine, op.iccid);
        const done =
          op.op === "terminate"
            ? terminateSim(account.state, sim.iccid, now)
            : applyEvent(sim, op.op as SimEvent, now);
        if (!done) throw new OobError(409, `can't ${op.op} SIM ${sim.iccid} in state ${sim.state}`);
        return { op: op.op, sim: engine.simView(account, sim) };
      }
      case "activate": {
        const account = ownerOfIccid(engine, op.iccid);
        if (account.state.sims.has(op.iccid)) {
          throw new OobError(409, `SIM ${op.iccid} is not unused`);
        }
        freeNumberOf(account, op.number);
        const sim: SimRecord = {
          iccid: op.iccid,
          state: "active",
          geoNo: null,
          services: { ...defaultServices(), ...op.services },
          subscriber: null,
          imei: null,
          crisp: null,
          pendingRequestId: null,
          activatedAt: now,
          updatedAt: now,
        };
        account.state.sims.set(sim.iccid, sim);
        setSimNumber(account.state, sim, op.number, now);
        return { op: op.op, sim: engine.simView(account, sim) };
      }
      case "service": {
        const { account, sim } = liveSim(engine, op.iccid);
        sim.services[op.service] = op.on;
        sim.updatedAt = now;
        return { op: op.op, sim: engine.simView(account, sim) };
      }
      case "number": {
        const { account, sim } = liveSim(engine, op.iccid);
        if (op.number !== null && op.number !== sim.geoNo) freeNumberOf(account, op.number);
        setSimNumber(account.state, sim, op.number, now);
        return { op: op.op, sim: engine.simView(account, sim) };
      }
      case "voicemail": {
        const account = ownerOfNumber(engine, op.number);
        const store = account.state.voicemail;
        store.set(op.number, {
          ...VOICEMAIL_DEFAULTS,
          ...store.get(op.number),
          ...defined(op.settings),
        });
        return { op: op.op, number: op.number };
      }
      case "recording": {
        const account = ownerOfNumber(engine, op.number);
        const store = account.state.recording;
        store.set(op.number, {
          ...RECORDING_DEFAULTS,
          ...store.get(op.number),
          ...defined(op.settings),
        });
        return { op: op.op, number: op.number };
      }
      case "remove-voicemail":
      case "remove-recording": {
        const account = ownerOfNumber(engine, op.number);
        const store =
          op.op === "remove-voicemail" ? account.state.voicemail : account.state.recording;
        if (!store.delete(op.number)) {
          throw new OobError(404, `number ${op.number} has no ${op.op.slice(7)}`);
        }
        return { op: op.op, number: op.number };
      }
      case "crisp": {
        const { account, sim } = liveSim(engine, op.iccid);
        sim.crisp = {
          enabled: op.enabled,
          email: op.email ?? sim.crisp?.email ?? "",
          mode: sim.crisp?.mode ?? "existing",
          parentSmsNumber: sim.crisp?.parentSmsNumber ?? null,
          updatedAt: now,
        };
        sim.updatedAt = now;
        return { op: op.op, sim: engine.simView(account, sim) };
      }
    }
  })();
  engine.changed();
  return result;
}

/** The fields that are set (zod gives `T | undefined` for optional fields). */
function defined<T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

function ownerOfIccid(engine: SimEngine, iccid: string): Account {
  const account = engine.accountOfIccid(iccid);
  if (account === undefined) throw new OobError(404, `ICCID ${iccid} is on no account`);
  return account;
}

function ownerOfNumber(engine: SimEngine, number: string): Account {
  const account = engine.accountOfNumber(number);
  if (account === undefined) throw new OobError(404, `number ${number} is on no account`);
  return account;
}

function existingSim(engine: SimEngine, iccid: string): { account: Account; sim: SimRecord } {
  const account = ownerOfIccid(engine, iccid);
  const sim = account.state.sims.get(iccid);
  if (sim === undefined) throw new OobError(409, `SIM ${iccid} is unused`);
  return { account, sim };
}

/** A SIM that is active or suspended. */
function liveSim(engine: SimEngine, iccid: string): { account: Account; sim: SimRecord } {
  const r = existingSim(engine, iccid);
  if (r.sim.state !== "active" && r.sim.state !== "suspended") {
    throw new OobError(409, `SIM ${iccid} is ${r.sim.state}, not active or suspended`);
  }
  return r;
}

function freeNumberOf(account: Account, number: string): void {
  if (!account.inventory.ownsNumber(number)) {
    throw new OobError(409, `number ${number} is not allocated to ${account.username}`);
  }
  const holder = account.state.numberOwner.get(number);
  if (holder !== undefined) throw new OobError(409, `number ${number} is in use on ${holder}`);
}
