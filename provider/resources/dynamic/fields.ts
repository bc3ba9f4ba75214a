// Type checks in front of the value rules of ../../validation.ts, so that a wrong type or a
// missing property also gets a reason that says what is expected.

import { z } from "zod";
import * as rules from "../../validation";

const expected = (what: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? "is required" : `must be ${what}`;

/** A string, then the given rule. */
export const text = <T extends z.ZodType<unknown, string>>(what: string, rule: T) =>
  z.string({ error: expected(what) }).pipe(rule);

/** A number, then the given rule. */
export const num = <T extends z.ZodType<unknown, number>>(what: string, rule: T) =>
  z.number({ error: expected(what) }).pipe(rule);

export const bool = () => z.boolean({ error: expected("true or false") });

export const iccidField = () => text("an ICCID: 18 to 22 digits", rules.iccid);

export const geoNumberField = () =>
  text("a number in E.164 form with its country code, e.g. 441133203040", rules.geoNumber);

export const emailField = () => text("an email address", rules.email);
