// Crisp's check and diff: pure, no gateway call.

import type * as pulumi from "@pulumi/pulumi";
import type { Props } from "../dynamic/check";
import { checkInputs } from "../dynamic/check";
import type { DiffPolicy } from "../dynamic/diff";
import { diffProps } from "../dynamic/diff";
import { crispInput } from "./inputs";

export function checkCrisp(olds: Props, news: Props): pulumi.dynamic.CheckResult<Props> {
  return checkInputs(crispInput, olds, news);
}

/**
 * Every property replaces: the account (iccid, number, mode, email) is what was enabled, and the
 * password and parent's number are only sent when the account is created. Delete first: on the
 * same SIM, enabling the new one before disabling the old one would end with Crisp disabled.
 */
export const CRISP_DIFF: DiffPolicy = {
  properties: {
    iccid: "replace",
    geoNumber: "replace",
    mode: "replace",
    email: "replace",
    password: "replace",
    parentSmsNumber: "replace",
  },
  absent: "compare",
  deleteBeforeReplace: true,
};

export function diffCrisp(olds: Props, news: Props): pulumi.dynamic.DiffResult {
  return diffProps(CRISP_DIFF, olds, news);
}
