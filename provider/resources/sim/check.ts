// check: every mistake that can be caught before a gateway call is caught here, at preview,
// naming the property. Pure: no gateway call; warnings are returned for the caller to log.

import type { CheckFailure } from "@pulumi/pulumi/dynamic";
import { luhnValid } from "../../validation";
import type { CheckedInputs } from "./inputs";
import { containsUnknown, isUnknown, validateInputs } from "./inputs";

export interface SimCheck {
  /** Normalised inputs (defaults filled in) on success; the news as given on failure. */
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
  warnings: string[];
}

const PROVIDER_KEY = "__provider";

export function checkSim(olds: Record<string, unknown>, news: Record<string, unknown>): SimCheck {
  const v = validateInputs(news);
  if (!v.ok) return { inputs: news, failures: v.failures, warnings: [] };

  const inputs: Record<string, unknown> = { ...v.inputs };
  if (PROVIDER_KEY in news) inputs[PROVIDER_KEY] = news[PROVIDER_KEY];
  // A deletionPolicy the program left out stays out: the engine shows policy packs these inputs,
  // and a pack may require it stated. Create, update and delete apply the default themselves
  // (and diff treats absent as "terminate"), so nothing else changes.
  if (news["deletionPolicy"] === undefined || news["deletionPolicy"] === null) {
    delete inputs["deletionPolicy"];
  }

  const warnings: string[] = [];
  if (!isUnknown(v.inputs.iccid) && !luhnValid(v.inputs.iccid)) {
    // The vendor's own example fails Luhn, so this cannot be an error.
    warnings.push(
      `iccid ${v.inputs.iccid} fails the Luhn check that real ICCIDs carry: check it for a typo`,
    );
  }
  return { inputs, failures: immutableChanges(olds, v.inputs), warnings };
}

/**
 * subscriber and imei are sent only at activation and cannot be changed on the gateway. Once
 * the resource exists (olds has them) a different value is refused, unless the ICCID changes
 * too: that replaces the SIM, and the new one is activated with the new details.
 */
function immutableChanges(olds: Record<string, unknown>, news: CheckedInputs): CheckFailure[] {
  if (olds["subscriber"] === undefined && olds["iccid"] === undefined) return [];
  const old = validateInputs(olds);
  // State from an older version that no longer validates: nothing reliable to compare with.
  if (!old.ok) return [];
  if (isUnknown(news.iccid) || old.inputs.iccid !== news.iccid) return [];

  const failures: CheckFailure[] = [];
  for (const field of changedSubscriberFields(old.inputs.subscriber, news.subscriber)) {
    failures.push({
      property: `subscriber.${field}`,
      reason:
        `subscriber details are sent only at activation and the gateway cannot change them; ` +
        `to keep a different value in the program on purpose, add ` +
        `\`ignoreChanges: ["subscriber"]\` to the resource options`,
    });
  }
  if (!containsUnknown(news.imei) && old.inputs.imei !== news.imei) {
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

/** Inputs stored as secrets: the engine must never be led to print their values. */
const SECRET_INPUTS = new Set(["subscriber", "imei"]);

/**
 * The failures as the engine should get them. The engine prints a failure as "property P
 * value V has a problem", V being the top-level input named P, in clear even if it is a secret.
 * So a failure on a secret input goes without a property (the reason still names it); nested
 * ones (subscriber.postcode) match no top-level input and keep theirs.
 */
export function failuresForEngine(failures: readonly CheckFailure[]): CheckFailure[] {
  return failures.map((f) =>
    SECRET_INPUTS.has(f.property) ? { property: "", reason: `${f.property}: ${f.reason}` } : f,
  );
}

type CheckedSubscriber = CheckedInputs["subscriber"];

/** The known fields that differ; "LS101JQ" and "LS10 1JQ" are the same postcode. */
function changedSubscriberFields(a: CheckedSubscriber, b: CheckedSubscriber): string[] {
  // Given or dropped after activation changes nothing on the gateway (a SIM taken over has none).
  if (a === undefined || b === undefined) return [];
  if (isUnknown(b)) return [];
  if (isUnknown(a)) return [];
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
