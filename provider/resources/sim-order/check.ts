// SimOrder's check and diff: pure, no API call.

import type * as pulumi from "@pulumi/pulumi";
import type { Props } from "../dynamic/check";
import { checkInputs } from "../dynamic/check";
import type { DiffPolicy } from "../dynamic/diff";
import { diffProps } from "../dynamic/diff";
import { simOrderInput, simOrderSchema } from "./inputs";

export function checkSimOrder(olds: Props, news: Props): pulumi.dynamic.CheckResult<Props> {
  return checkInputs(simOrderInput, olds, news);
}

/** A placed order cannot change: any input change is a new order (check refuses one that keeps
 *  its orderRef). The status and ICCIDs are outputs and never compared. */
export const SIM_ORDER_DIFF: DiffPolicy = {
  properties: Object.fromEntries(
    Object.keys(simOrderSchema.shape).map((k) => [k, "replace" as const]),
  ),
  absent: "compare",
  deleteBeforeReplace: false,
};

export function diffSimOrder(olds: Props, news: Props): pulumi.dynamic.DiffResult {
  return diffProps(SIM_ORDER_DIFF, olds, news);
}
