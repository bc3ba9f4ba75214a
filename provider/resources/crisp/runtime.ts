// Crisp's runtime lifecycle, built over injectable dependencies (the process-wide context in
// provider.ts, fakes in tests):
//   create  crisp enable-new / enable-existing. A lost answer: enable-existing is sent again
//           (harmless); enable-new is not (it could create the account twice) but recorded
//           `unconfirmed`, and the next update confirms it with enable-existing
//   read    nothing to ask: the gateway has no command that reads Crisp back, so the state's
//           values are returned unchanged (refresh cannot show Crisp drift)
//   update  nothing to send (every change is a replacement, check.ts), unless unconfirmed
//   delete  crisp disable (see plan.ts for the refusals that count as done)

import { AnswerLostError } from "../../errors";
import { warn as warnUser } from "../../runtime/progress";
import type { Props } from "../dynamic/check";
import { parseInputs, pureMethods } from "../dynamic/check";
import { withProviderKey } from "../dynamic/provider-key";
import { compact } from "../dynamic/outputs";
import type { FullProvider, ProviderDeps } from "../dynamic/types";
import { PartialStateError } from "../../errors";
import { checkCrisp, diffCrisp } from "./check";
import { crispInput } from "./inputs";
import {
  CrispUnconfirmedError,
  confirmParams,
  disableParams,
  disableVerdict,
  enableParams,
} from "./plan";

/** An output that marks a Crisp whose enable-new answer was lost. */
export const UNCONFIRMED = "unconfirmed";

export function crispProvider(deps: ProviderDeps): FullProvider<Props, Props> {
  const warn = deps.warn ?? warnUser;
  return {
    configure: (req) => deps.configure(req),
    ...pureMethods(crispInput, checkCrisp, diffCrisp),

    create: async (inputs) => {
      const p = parseInputs(crispInput, inputs);
      const outs: Props = { ...compact(p) };
      const gateway = deps.gateway();
      try {
        await gateway.crisp(enableParams(p));
      } catch (err) {
        if (!(err instanceof AnswerLostError)) throw err;
        if (p.mode === "existing") {
          await gateway.crisp(enableParams(p));
        } else {
          throw new PartialStateError(
            p.iccid,
            withProviderKey({ ...outs, [UNCONFIRMED]: true }, inputs),
            new CrispUnconfirmedError(p.iccid, err.reason),
          );
        }
      }
      return { id: p.iccid, outs };
    },

    read: async (id, props) => ({ id, props: props ?? {} }),

    update: async (_id, olds, news) => {
      const p = parseInputs(crispInput, news);
      if (olds[UNCONFIRMED] === true) await deps.gateway().crisp(confirmParams(p));
      return { outs: { ...compact(p) } };
    },

    delete: async (_id, props) => {
      const p = parseInputs(crispInput, props);
      const gateway = deps.gateway();
      try {
        await gateway.crisp(disableParams(p));
      } catch (err) {
        switch (disableVerdict(err)) {
          case "gone":
            return;
          case "not-enabled":
            warn(
              `Crisp on ICCID ${p.iccid}: the gateway says there is no Crisp to disable ` +
                `(63212); counted as already disabled`,
            );
            return;
          case "other-number": {
            const sim = await gateway.queryIccid(p.iccid);
            if (sim.state === "terminated") return;
            if (sim.geoNumber === undefined || sim.geoNumber === p.geoNumber) throw err;
            await gateway.crisp(disableParams({ ...p, geoNumber: sim.geoNumber }));
            return;
          }
          case "fail":
            throw err;
        }
      }
    },
  };
}
