// Crisp's inputs: the program-facing Args (each a pulumi.Input, so a Sim's outputs can be
// passed straight in) and the zod schema that check validates them with.

import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import * as rules from "../../validation";
import type { Failure, InputSpec, RuleContext } from "../dynamic/check";
import { emailField, geoNumberField, iccidField, text } from "../dynamic/fields";

export const CRISP_MODES = ["new", "existing"] as const;
export type CrispMode = (typeof CRISP_MODES)[number];

export interface CrispArgs {
  /** The SIM's ICCID. A new ICCID replaces the resource. */
  iccid: pulumi.Input<string>;
  /** The SIM's current geographic number (the gateway asks for it with every Crisp action). */
  geoNumber: pulumi.Input<string>;
  /** `new` creates the Crisp account and enables it; `existing` enables an account that exists. */
  mode: pulumi.Input<CrispMode>;
  /** The Crisp account: its identifier is an email address. */
  email: pulumi.Input<string>;
  /** The new account's password. Required with mode `new`, refused otherwise. A secret. */
  password?: pulumi.Input<string>;
  /** The parent's mobile number to notify. Required with mode `new`, refused otherwise. */
  parentSmsNumber?: pulumi.Input<string>;
}

export const crispSchema = z.object({
  iccid: iccidField(),
  geoNumber: geoNumberField(),
  mode: z.enum(CRISP_MODES, {
    error: (i) => (i.input === undefined ? "is required" : `must be "new" or "existing"`),
  }),
  email: emailField(),
  password: text("the Crisp password, as a string", rules.crispPassword).optional(),
  parentSmsNumber: text(
    "a mobile number in E.164 form, e.g. 447700900123",
    rules.geoNumber,
  ).optional(),
});

/** Inputs after check, and outputs (the same: the gateway cannot read Crisp back). */
export type CrispProps = z.output<typeof crispSchema>;

/** Only enable-new uses the password and the parent's number: both needed there, nowhere else. */
export function crispModeRules(values: Partial<CrispProps>, ctx: RuleContext): Failure[] {
  if (values.mode === undefined) return [];
  const failures: Failure[] = [];
  for (const key of ["password", "parentSmsNumber"] as const) {
    if (ctx.unsettled.has(key)) continue;
    if (values.mode === "new" && values[key] === undefined) {
      failures.push({
        property: key,
        reason: `is required with mode "new" (it creates the account)`,
      });
    }
    if (values.mode === "existing" && values[key] !== undefined) {
      failures.push({
        property: key,
        reason: `is used only with mode "new"; leave it out for an existing Crisp account`,
      });
    }
  }
  return failures;
}

export const crispInput: InputSpec<typeof crispSchema> = {
  typeName: "Crisp",
  schema: crispSchema,
  secrets: ["password"],
  rules: crispModeRules,
};
