// A voicemail PIN or Crisp password only from a secret: never written into the program or an
// inventory file. The resources keep these values encrypted in the state whatever the program
// passed, and the policy SDK shows a validation every value in plain text, so the rule cannot
// ask "is it a secret" of the value itself. It asks where the value came from instead: it must
// be one of the stack's secret config values (`pulumi config set --secret`), or a field of one
// holding JSON. A value unknown at preview comes from another resource: undecided.

import { isUnknown } from "../unknown";
import type { Maybe } from "../unknown";
import type { Verdict } from "./verdict";
import { PASS, undecided, violation } from "./verdict";

export const SECRET_CREDENTIALS = "aql-secret-credentials";

export interface Credential {
  /** e.g. `Voicemail vm-8944...` */
  resource: string;
  /** `pin` or `password`. */
  property: string;
  value: Maybe<string> | undefined;
}

/**
 * `secrets`: the stack's secret config values (and the string fields of those holding JSON);
 * undefined when the pack could not see which config values are secret.
 */
export function secretCredentialsVerdict(
  cred: Credential,
  secrets: ReadonlySet<string> | undefined,
): Verdict {
  if (cred.value === undefined || cred.value === "") return PASS;
  if (isUnknown(cred.value)) return undecided(`${cred.resource}: ${cred.property}`);
  const how =
    `Keep it in the stack's config as a secret (\`pulumi config set --secret <key>\`) and pass ` +
    `\`config.requireSecret("<key>")\`.`;
  if (secrets === undefined) {
    return violation(
      `${cred.resource}: cannot tell whether ${cred.property} comes from a secret (this version ` +
        `of @pulumi/policy does not show the pack which config values are secret). ${how}`,
    );
  }
  if (secrets.has(cred.value)) return PASS;
  return violation(
    `${cred.resource}: ${cred.property} is a plain value (written in the program or an ` +
      `inventory file, or from config that is not secret). ${how}`,
  );
}

/** The secret config values, and each string or number inside those that hold JSON. */
export function secretValues(
  config: Record<string, unknown>,
  secretKeys: Iterable<string>,
): Set<string> {
  const out = new Set<string>();
  for (const key of secretKeys) {
    const v = config[key];
    if (typeof v !== "string") continue;
    out.add(v);
    try {
      collect(JSON.parse(v) as unknown, out);
    } catch {
      // not JSON: the value itself is the secret
    }
  }
  return out;
}

function collect(v: unknown, out: Set<string>): void {
  if (typeof v === "string") out.add(v);
  else if (typeof v === "number") out.add(String(v));
  else if (Array.isArray(v)) for (const x of v) collect(x, out);
  else if (typeof v === "object" && v !== null) for (const x of Object.values(v)) collect(x, out);
}
