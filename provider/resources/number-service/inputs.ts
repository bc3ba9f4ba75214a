// The inputs shared by the services configured per number on vm.php and rec.php (Voicemail,
// CallRecording): the number, the notification settings both scripts take, the rule between
// them, and the spec each service builds from its own settings.

import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { Gateway, VasApi } from "../../gateway/api";
import type { Failure, RuleContext } from "../dynamic/check";
import { bool, emailField, geoNumberField } from "../dynamic/fields";
import type { ServiceSettings } from "./plan";
import type { NumberServiceSpec } from "./runtime";

/** The program-facing args both services take besides their own settings. */
export interface NumberServiceArgs {
  /**
   * The SIM's geographic number, with its country code: `441133203040`, `+44 113 320 3040`.
   * Stored as digits; it is also the resource's id. Changing it replaces the resource.
   */
  geoNumber: pulumi.Input<string>;
  /** Where notifications (and, with `attach`, the recordings) are sent. */
  email?: pulumi.Input<string>;
  /** Email a notification of each new message (voicemail) or recording. */
  notify?: pulumi.Input<boolean>;
  /** Attach the recording to the notification. Needs `notify: true`. */
  attach?: pulumi.Input<boolean>;
}

/** The notification settings, in the order both scripts take them (after their own). */
export const NOTIFICATION_FIELDS = ["email", "notify", "attach"] as const;

/** Their schemas. */
export const notificationFields = () => ({
  email: emailField().optional(),
  notify: bool().optional(),
  attach: bool().optional(),
});

/** The schema of a service's inputs: the number, its own settings, then the notification's. */
export function numberServiceSchema<O extends z.ZodRawShape>(own: O) {
  return z.object({ geoNumber: geoNumberField(), ...own, ...notificationFields() });
}

/**
 * The gateway attaches the recording to the notification email, so `attach: true` needs
 * `notify: true` in the same program (an unmanaged notify could be off on the gateway).
 */
export function attachNeedsNotify(
  values: { notify?: boolean | undefined; attach?: boolean | undefined },
  ctx: RuleContext,
): Failure[] {
  if (values.attach !== true || ctx.unsettled.has("notify") || values.notify === true) return [];
  return [
    {
      property: "attach",
      reason:
        "attach: true needs notify: true (the recording is attached to the notification email)",
    },
  ];
}

/** A service's spec: its check validates the schema, with attach only with notify. */
export function numberServiceSpec<S extends ServiceSettings, Sch extends z.ZodObject>(s: {
  typeName: string;
  fields: readonly (keyof S & string)[];
  schema: Sch;
  secrets?: readonly string[];
  api(gateway: Gateway): VasApi<S>;
}): NumberServiceSpec<S, Sch> {
  const { typeName, fields, schema, secrets, api } = s;
  const input = { typeName, schema, rules: attachNeedsNotify, ...(secrets && { secrets }) };
  return { typeName, fields, input, api };
}
