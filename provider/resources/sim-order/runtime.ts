// SimOrder's runtime lifecycle over the despatch API, built over injectable dependencies:
//   create  despatch (submit the order); the outputs add its status and ICCIDs
//   read    querydespatch: status processing | despatched | cancelled, and the ICCIDs sent
//   update  nothing to send: every change is a new order (check.ts)
//   delete  nothing to undo: the API cannot withdraw an order, so the resource only leaves the
//           stack and the order stays with aql (cancel it with aql if it must not be sent)

import type * as pulumi from "@pulumi/pulumi";
import type { OrderInfo } from "../../despatch/answer";
import type { DespatchApi } from "../../despatch/client";
import type { Props } from "../dynamic/check";
import { parseInputs, pureMethods } from "../dynamic/check";
import { compact } from "../dynamic/outputs";
import type { FullProvider } from "../dynamic/types";
import { checkSimOrder, diffSimOrder } from "./check";
import { simOrderInput } from "./inputs";

export interface SimOrderDeps {
  despatch(): DespatchApi;
  configure(req: pulumi.dynamic.ConfigureRequest): Promise<void>;
}

/** The outputs: the order's inputs, plus what the API says about it. */
export function orderOutputs(inputs: Props, info: OrderInfo): Props {
  return { ...compact(inputs), status: info.status, iccids: info.iccids };
}

export function simOrderProvider(deps: SimOrderDeps): FullProvider<Props, Props> {
  const inputsOf = (props: Props): Props => ({ ...compact(parseInputs(simOrderInput, props)) });
  return {
    configure: (req) => deps.configure(req),
    // check's failures go out as forEngine says: the recipient's details are secrets.
    ...pureMethods(simOrderInput, checkSimOrder, diffSimOrder),

    create: async (inputs) => {
      const order = parseInputs(simOrderInput, inputs);
      const info = await deps.despatch().submit(order);
      return { id: order.orderRef, outs: orderOutputs(inputsOf(inputs), info) };
    },

    read: async (id, props) => {
      const info = await deps.despatch().query(id);
      return { id, props: orderOutputs(inputsOf(props ?? {}), info) };
    },

    update: async (_id, olds, news) => ({
      outs: { ...olds, ...inputsOf(news) },
    }),

    delete: async () => {
      // Nothing to undo: see the header.
    },
  };
}
