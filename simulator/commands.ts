// configure_sim.php: the eleven SIM commands.
//
// Checks run in three stages; the first stage that finds anything answers, with every code it
// found (so a bad name and a bad postcode give `status: 63028,63030`):
//   1. formats (validate.ts): 63001, 63201, 63028-63031, 63007, 63023, 63104, 63004, 63032,
//      63207-63210, 63025
//   2. ownership: 63003 (ICCID not on the account), 65001 (number not allocated to it)
//   3. state: 63026 / 63017 (state machine, state.ts), 63202 (geo_nos is not the SIM's number),
//      63203, 63204, 63211, 63212, and 63026 when another two-step request is still pending on
//      the SIM (one two-step request per SIM at a time), unless the setting whilePending is
//      "queue": then each request is accepted against the SIM's current state and settles on
//      its own (one that can no longer apply when due ends failed).
//
// Readings (the vendor text does not say):
// - suspend, unsuspend, addservice, removeservice and terminate take `geo_nos`; it must be the
//   SIM's current number, else 63202 "No Landline assigned to iccid".
// - assigngeo with the number the SIM already has is a no-op success; with another one 63203.
//   changegeo to the number the SIM already has is a no-op success.
// - crisp answers `status: 200` at once (one step); a malformed or wrong geo_nos is 63211.
//   enable-new / enable-existing on a SIM with Crisp enabled re-enables it with the new email.
// - removing a service that is off, or adding one that is on, succeeds and changes nothing.

import {
  ALL_SERVICE_FLAGS,
  SIM_COMMANDS,
  type SettableService,
  type SimCommand,
  type TwoStepCommand,
} from "./vocabulary";
import { codesOf, fail, flag, ok, type Answer, type CallContext } from "./answer";
import { given, serviceParams } from "./params";
import type { RouteModule } from "./routes";
import { commandStateCode, newPendingSim, setSimNumber, simState, type SimRecord } from "./state";
import {
  crispCheck,
  iccidCode,
  imeiCode,
  landlineCode,
  serviceSelection,
  subscriberCheck,
} from "./validate";

type Handler = (ctx: CallContext) => Answer;

function queued(
  ctx: CallContext,
  sim: SimRecord,
  command: TwoStepCommand,
  services: SettableService[],
): Answer {
  const geoNo = sim.geoNo ?? "";
  const req = ctx.engine.enqueue(
    ctx.account,
    command,
    sim.iccid,
    geoNo,
    services,
    ctx.failRequest(),
  );
  sim.pendingRequestId = req.id;
  sim.updatedAt = ctx.now;
  return ok([["id", req.id]], true, req.id);
}

const activate: Handler = (ctx) => {
  const iccid = given(ctx.params, "iccid");
  const geo = given(ctx.params, "geo_nos");
  const imei = given(ctx.params, "imei");
  const sub = subscriberCheck(ctx.params);
  const formats = codesOf(iccidCode(iccid), landlineCode(geo), sub.codes, imeiCode(imei));
  if (formats.length > 0 || iccid === undefined || geo === undefined) return fail(...formats);
  const inv = ctx.account.inventory;
  const owned = codesOf(inv.ownsIccid(iccid) ? null : 63003, inv.ownsNumber(geo) ? null : 65001);
  if (owned.length > 0) return fail(...owned);
  const acc = ctx.account.state;
  const state = codesOf(
    commandStateCode("activate", simState(acc, iccid)),
    acc.numberOwner.has(geo) ? 63204 : null,
  );
  if (state.length > 0) return fail(...state);
  const req = ctx.engine.enqueue(ctx.account, "activate", iccid, geo, [], ctx.failRequest());
  acc.sims.set(iccid, newPendingSim(iccid, geo, sub.subscriber, imei ?? null, req.id, ctx.now));
  acc.numberOwner.set(geo, iccid);
  return ok([["id", req.id]], true, req.id);
};

/**
 * The common shape of terminate, suspend, unsuspend, addservice and removeservice: the SIM
 * named by iccid, whose number must be geo_nos, in a state that allows the command.
 */
function onSimWithNumber(
  ctx: CallContext,
  command: TwoStepCommand,
  extraFormatCodes: readonly number[],
): { sim: SimRecord } | { answer: Answer } {
  const iccid = given(ctx.params, "iccid");
  const geo = given(ctx.params, "geo_nos");
  const formats = codesOf(iccidCode(iccid), landlineCode(geo), extraFormatCodes);
  if (formats.length > 0 || iccid === undefined) return { answer: fail(...formats) };
  if (!ctx.account.inventory.ownsIccid(iccid)) return { answer: fail(63003) };
  const sim = ctx.account.state.sims.get(iccid);
  const stateCode = commandStateCode(command, sim?.state ?? "unused");
  if (stateCode !== null || sim === undefined) return { answer: fail(stateCode ?? 63026) };
  if (sim.geoNo === null || sim.geoNo !== geo) return { answer: fail(63202) };
  if (sim.pendingRequestId !== null && ctx.engine.settings.whilePending === "refuse") {
    return { answer: fail(63026) };
  }
  return { sim };
}

function simpleTwoStep(command: "terminate" | "suspend" | "unsuspend"): Handler {
  return (ctx) => {
    const r = onSimWithNumber(ctx, command, []);
    return "answer" in r ? r.answer : queued(ctx, r.sim, command, []);
  };
}

function serviceChange(command: "addservice" | "removeservice"): Handler {
  return (ctx) => {
    const unsupported = new Set<string>(ctx.engine.settings.unsupportedServices);
    const selection = serviceSelection(serviceParams(ctx.params), unsupported);
    const r = onSimWithNumber(ctx, command, selection.codes);
    return "answer" in r ? r.answer : queued(ctx, r.sim, command, selection.services);
  };
}

/** The SIM named by iccid for a one-step command, after format, ownership and state checks. */
function oneStepSim(
  ctx: CallContext,
  command: SimCommand,
  formatCodes: readonly number[],
): { sim: SimRecord } | { answer: Answer } {
  const iccid = given(ctx.params, "iccid");
  const formats = codesOf(iccidCode(iccid), formatCodes);
  if (formats.length > 0 || iccid === undefined) return { answer: fail(...formats) };
  if (!ctx.account.inventory.ownsIccid(iccid)) return { answer: fail(63003) };
  const sim = ctx.account.state.sims.get(iccid);
  const stateCode = commandStateCode(command, sim?.state ?? "unused");
  if (stateCode !== null || sim === undefined) return { answer: fail(stateCode ?? 63017) };
  return { sim };
}

const assigngeo: Handler = (ctx) => {
  const geo = given(ctx.params, "geo_nos");
  const r = oneStepSim(ctx, "assigngeo", codesOf(landlineCode(geo)));
  if ("answer" in r) return r.answer;
  if (geo === undefined) return fail(63201);
  if (!ctx.account.inventory.ownsNumber(geo)) return fail(65001);
  const { sim } = r;
  if (sim.geoNo === geo) return ok();
  if (sim.geoNo !== null) return fail(63203);
  if (ctx.account.state.numberOwner.has(geo)) return fail(63204);
  setSimNumber(ctx.account.state, sim, geo, ctx.now);
  return ok([], true);
};

const changegeo: Handler = (ctx) => {
  const geo = given(ctx.params, "geo_nos");
  const next = given(ctx.params, "new_geo_nos");
  const r = oneStepSim(ctx, "changegeo", codesOf(landlineCode(geo), landlineCode(next)));
  if ("answer" in r) return r.answer;
  if (next === undefined) return fail(63201);
  if (!ctx.account.inventory.ownsNumber(next)) return fail(65001);
  const { sim } = r;
  if (sim.geoNo === null || sim.geoNo !== geo) return fail(63202);
  if (next === geo) return ok();
  if (ctx.account.state.numberOwner.has(next)) return fail(63204);
  setSimNumber(ctx.account.state, sim, next, ctx.now);
  return ok([], true);
};

const queryiccid: Handler = (ctx) => {
  const iccid = given(ctx.params, "iccid");
  if (iccid === undefined || iccidCode(iccid) !== null) return fail(63001);
  if (!ctx.account.inventory.ownsIccid(iccid)) return fail(63003);
  const sim = ctx.account.state.sims.get(iccid);
  if (sim === undefined) return ok([["iccidstate", "unused"]]);
  const fields: [string, string][] = [["iccidstate", sim.state]];
  if (sim.state === "active" || sim.state === "suspended") {
    fields.push(["geo_nos", sim.geoNo ?? ""]);
    for (const f of ALL_SERVICE_FLAGS) fields.push([f, flag(sim.services[f])]);
    const s = ctx.engine.secrets(sim.iccid);
    fields.push(
      ["imsi", s.imsi],
      ["pin", s.pin],
      ["pin2", s.pin2],
      ["puk", s.puk],
      ["puk2", s.puk2],
    );
  }
  return ok(fields);
};

const checkstatus: Handler = (ctx) => {
  const id = given(ctx.params, "id");
  const req = id === undefined ? undefined : ctx.engine.queue.get(id);
  if (req === undefined || req.account !== ctx.account.username) return fail(63025);
  if (ctx.now - req.submittedAt < ctx.engine.settings.minCheckDelayMs) return fail(63022);
  // The log names the request asked about, so that checks per request can be counted.
  return ok(
    [
      ["requeststate", req.state],
      ["iccid", req.iccid],
    ],
    false,
    req.id,
  );
};

const crisp: Handler = (ctx) => {
  const geo = given(ctx.params, "geo_nos");
  const c = crispCheck(ctx.params);
  const r = oneStepSim(ctx, "crisp", codesOf(landlineCode(geo) === null ? null : 63211, c.codes));
  if ("answer" in r) return r.answer;
  const { sim } = r;
  if (sim.geoNo === null || sim.geoNo !== geo) return fail(63211);
  if (c.action === "disable") {
    if (sim.crisp === null || !sim.crisp.enabled) return fail(63212);
    sim.crisp = { ...sim.crisp, enabled: false, updatedAt: ctx.now };
  } else {
    sim.crisp = {
      enabled: true,
      email: c.email,
      mode: c.action === "enable-new" ? "new" : "existing",
      parentSmsNumber:
        c.action === "enable-new" ? c.parentSmsNumber : (sim.crisp?.parentSmsNumber ?? null),
      updatedAt: ctx.now,
    };
  }
  sim.updatedAt = ctx.now;
  return ok([], true);
};

export const SIM_COMMAND_HANDLERS: Readonly<Record<SimCommand, Handler>> = {
  activate,
  terminate: simpleTwoStep("terminate"),
  suspend: simpleTwoStep("suspend"),
  unsuspend: simpleTwoStep("unsuspend"),
  addservice: serviceChange("addservice"),
  removeservice: serviceChange("removeservice"),
  assigngeo,
  changegeo,
  queryiccid,
  checkstatus,
  crisp,
};

function isSimCommand(command: string): command is SimCommand {
  return (SIM_COMMANDS as readonly string[]).includes(command);
}

export const configureSimRoute: RouteModule = {
  name: "sim",
  path: "/mobile/configure_sim.php",
  commands: SIM_COMMANDS,
  subject: (params) => ({
    iccid: params.get("iccid") ?? null,
    number: params.get("geo_nos") ?? null,
  }),
  handle: (ctx) => (isSimCommand(ctx.command) ? SIM_COMMAND_HANDLERS[ctx.command](ctx) : fail(600)),
};
