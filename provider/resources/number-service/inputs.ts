// Input rules shared by the services configured per number on vm.php and rec.php (Voicemail,
// CallRecording).

import type { Failure, RuleContext } from "../dynamic/check";

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
