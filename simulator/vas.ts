// vm.php (voicemail) and rec.php (call recording): command=config|remove|info on `geo_no`.
//
// Checks: geo_no missing -> 400; malformed -> 63201; not allocated to the account -> 65001;
// a bad config value -> 63004 (validate.ts). info/remove on a number with nothing configured
// -> 65002.
// Readings (the vendor text does not say):
// - config needs the number to be held by a SIM of the account that is active or suspended,
//   else 63017 (so a Voicemail can't be configured before its SIM is activated). info and
//   remove work on any number of the account (so cleanup after a termination works).
// - config on a number with nothing configured starts from the defaults (state.ts:
//   VOICEMAIL_DEFAULTS, RECORDING_DEFAULTS) and sets the fields given; later configs change
//   only the fields given.
// - terminating a SIM removes the voicemail and recording of its number (state.ts).
// - changegeo leaves the configs on the old number.

import { codesOf, fail, flag, ok, type Answer, type CallContext } from "./answer";
import { given, type Params } from "./params";
import type { RouteModule } from "./routes";
import {
  RECORDING_DEFAULTS,
  VOICEMAIL_DEFAULTS,
  type AccountState,
  type RecordingConfig,
  type VoicemailConfig,
} from "./state";
import { landlineCode, recordingPatch, voicemailPatch } from "./validate";

export const VAS_COMMAND_NAMES = ["config", "remove", "info"] as const;

interface VasKind<C> {
  store(acc: AccountState): Map<string, C>;
  defaults: Readonly<C>;
  patch(params: Params): { codes: number[]; patch: Partial<C> };
  info(c: C): [string, string][];
}

const voicemail: VasKind<VoicemailConfig> = {
  store: (acc) => acc.voicemail,
  defaults: VOICEMAIL_DEFAULTS,
  patch: voicemailPatch,
  info: (c) => [
    ["delay", String(c.delay)],
    ["pin", c.pin],
    ["email", c.email],
    ["notify", flag(c.notify)],
    ["attach", flag(c.attach)],
  ],
};

const recording: VasKind<RecordingConfig> = {
  store: (acc) => acc.recording,
  defaults: RECORDING_DEFAULTS,
  patch: recordingPatch,
  info: (c) => [
    ["active", flag(c.active)],
    ["email", c.email],
    ["ondemand", flag(c.ondemand)],
    ["notify", flag(c.notify)],
    ["attach", flag(c.attach)],
  ],
};

function handleVas<C extends object>(kind: VasKind<C>, ctx: CallContext): Answer {
  const number = given(ctx.params, "geo_no");
  if (number === undefined) return fail(400);
  const isConfig = ctx.command === "config";
  const patch = isConfig ? kind.patch(ctx.params) : { codes: [], patch: {} };
  const formats = codesOf(landlineCode(number), patch.codes);
  if (formats.length > 0) return fail(...formats);
  if (!ctx.account.inventory.ownsNumber(number)) return fail(65001);
  const acc = ctx.account.state;
  const store = kind.store(acc);
  const current = store.get(number);
  switch (ctx.command) {
    case "info":
      return current === undefined ? fail(65002) : ok(kind.info(current));
    case "remove":
      if (current === undefined) return fail(65002);
      store.delete(number);
      return ok([], true);
    default: {
      const holder = acc.numberOwner.get(number);
      const sim = holder === undefined ? undefined : acc.sims.get(holder);
      if (sim === undefined || (sim.state !== "active" && sim.state !== "suspended")) {
        return fail(63017);
      }
      store.set(number, { ...kind.defaults, ...current, ...patch.patch });
      return ok([], true);
    }
  }
}

const numberSubject = (params: Params): { iccid: string | null; number: string | null } => ({
  iccid: null,
  number: params.get("geo_no") ?? null,
});

export const voicemailRoute: RouteModule = {
  name: "vm",
  path: "/services/vm.php",
  commands: VAS_COMMAND_NAMES,
  subject: numberSubject,
  handle: (ctx) => handleVas(voicemail, ctx),
};

export const recordingRoute: RouteModule = {
  name: "rec",
  path: "/services/rec.php",
  commands: VAS_COMMAND_NAMES,
  subject: numberSubject,
  handle: (ctx) => handleVas(recording, ctx),
};
