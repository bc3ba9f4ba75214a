// check: every mistake that can be caught before a gateway call is caught here, at preview,
// naming the property. Pure: no gateway call; warnings are returned for the caller to log.

import type { CheckFailure } from "@pulumi/pulumi/dynamic";
import { luhnValid } from "../../validation";
import type { Failure, InputSpec, Props, RuleContext } from "../dynamic/check";
import { checkInputs, validateInputs } from "../dynamic/check";
import { isUnknown } from "../dynamic/unknown";
import type { CheckedInputs } from "./inputs";
import { simFields, simSchema } from "./inputs";

export interface SimCheck {
  /** Normalised inputs (defaults filled in) on success; the news as given on failure. */
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
  warnings: string[];
}

/** The Sim's inputs with its rule across properties: what check validates. */
export const simInput: InputSpec<typeof simSchema> = { ...simFields, rules: immutableChanges };

export function checkSim(olds: Props, news: Props): SimCheck {
  const r = checkInputs(simInput, olds, news);
  if (r.failures !== undefined) return { inputs: news, failures: r.failures, warnings: [] };
  const inputs = { ...r.inputs };
  // A deletionPolicy the program left out stays out: the engine shows policy packs these inputs,
  // and a pack may require it stated. Create, update and delete apply the default themselves
  // (and diff treats absent as "terminate"), so nothing else changes.
  if (news["deletionPolicy"] === undefined || news["deletionPolicy"] === null) {
    delete inputs["deletionPolicy"];
  }
  const warnings: string[] = [];
  const iccid = inputs["iccid"];
  if (typeof iccid === "string" && !isUnknown(iccid) && !luhnValid(iccid)) {
    // The vendor's own example fails Luhn, so this cannot be an error.
    warnings.push(
      `iccid ${iccid} fails the Luhn check that real ICCIDs carry: check it for a typo`,
    );
  }
  return { inputs, failures: [], warnings };
}

/**
 * subscriber and imei are sent only at activation and cannot be changed on the gateway. Once
 * the resource exists (olds has them) a different value is refused, unless the ICCID changes
 * too: that replaces the SIM, and the new one is activated with the new details. Judged only
 * on inputs that are otherwise valid: a bad value elsewhere is the one to fix first.
 */
function immutableChanges(news: Partial<CheckedInputs>, ctx: RuleContext): Failure[] {
  const olds = ctx.olds;
  if (ctx.failed.size > 0) return [];
  if (olds["subscriber"] === undefined && olds["iccid"] === undefined) return [];
  const old = validateInputs(simFields, olds);
  // State from an older version that no longer validates: nothing reliable to compare with.
  if (old.failures.length > 0) return [];
  if (news.iccid === undefined || old.values.iccid !== news.iccid) return [];

  const failures: Failure[] = [];
  for (const field of changedSubscriberFields(old.values.subscriber, news.subscriber)) {
    failures.push({
      property: `subscriber.${field}`,
      reason:
        `subscriber details are sent only at activation and the gateway cannot change them; ` +
        `to keep a different value in the program on purpose, add ` +
        `\`ignoreChanges: ["subscriber"]\` to the resource options`,
    });
  }
  if (!ctx.unsettled.has("imei") && old.values.imei !== news.imei) {
    failures.push({
      property: "imei",
      reason:
        `the IMEI is sent only at activation and the gateway cannot change it; to keep a ` +
        `different value in the program on purpose, add \`ignoreChanges: ["imei"]\` to the ` +
        `resource options`,
    });
  }
  return failures;
}

type CheckedSubscriber = CheckedInputs["subscriber"] | undefined;

/** The known fields that differ; "LS101JQ" and "LS10 1JQ" are the same postcode. */
function changedSubscriberFields(a: CheckedSubscriber, b: CheckedSubscriber): string[] {
  // Given or dropped after activation changes nothing on the gateway (a SIM taken over has none).
  if (a === undefined || b === undefined || isUnknown(b) || isUnknown(a)) return [];
  const same = (k: keyof typeof a, x: string, y: string) =>
    k === "postcode" ? x.replace(/\s/g, "") === y.replace(/\s/g, "") : x === y;
  const changed: string[] = [];
  for (const k of ["name", "address", "postcode", "contactNumber"] as const) {
    const x = a[k];
    const y = b[k];
    if (isUnknown(y) || isUnknown(x)) continue;
    if (!same(k, x, y)) changed.push(k);
  }
  return changed;
}
