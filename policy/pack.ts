// The pack's policies: each one reads the engine's view of a resource (or of the stack) into the
// plain shapes of ./resources and hands it to a pure rule under ./rules. Enforcement levels and
// thresholds come from the policy pack config (`--policy-pack-config`); the defaults are here.

import type {
  PolicyConfigSchema,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { SimChange } from "./changes";
import { simChanges } from "./changes";
import { PreviousState } from "./previous-state";
import { kindOf, resourceName, simView } from "./resources";
import type { Verdict } from "./rules/verdict";
import {
  COST_SERVICES,
  COST_SERVICES_DEFAULTS,
  costServicesVerdict,
  type CostServicesConfig,
} from "./rules/cost-services";
import { EXPLICIT_DELETION_POLICY, deletionPolicyVerdict } from "./rules/deletion-policy";
import {
  NUMBER_RANGES,
  NUMBER_RANGES_DEFAULTS,
  isConfigured,
  numberRangesVerdict,
  type NumberRangesConfig,
} from "./rules/number-ranges";
import {
  SECRET_CREDENTIALS,
  secretCredentialsVerdict,
  secretValues,
} from "./rules/secret-credentials";
import {
  SUSPENSIONS,
  SUSPENSIONS_DEFAULTS,
  suspensionsVerdict,
  type SuspensionsConfig,
} from "./rules/suspensions";
import {
  TERMINATIONS,
  TERMINATIONS_DEFAULTS,
  terminationsVerdict,
  type TerminationsConfig,
} from "./rules/terminations";
import { secretKeysOf } from "./secret-marks";
import { isUnknown, plainProps } from "./unknown";

export const PACK_NAME = "aql-sim-estate";

const strings = { type: "array", items: { type: "string" } } as const;

/** The config a policy was given, over its defaults. */
function configOf<T extends object>(args: { getConfig<C extends object>(): C }, defaults: T): T {
  return { ...defaults, ...args.getConfig<Partial<T>>() };
}

function report(v: Verdict, reportViolation: ReportViolation, urn?: string): void {
  for (const m of v.violations) reportViolation(m, urn);
}

export interface PackOptions {
  /** The state before the update (one read per engine run). */
  state?: PreviousState;
}

export function policies(
  opts: PackOptions = {},
): (ResourceValidationPolicy | StackValidationPolicy)[] {
  const state = opts.state ?? new PreviousState();

  /**
   * Start reading the state at the first resource the engine shows (the stack itself, before
   * any step), so that an `up` without a preview counts against the state as it was, not as
   * its own deletes left it.
   */
  const prefetch = async (urn: string): Promise<void> => {
    await state.sims(urn).catch(() => undefined);
  };

  const simRule =
    (rule: (args: ResourceValidationArgs) => Verdict | undefined) =>
    async (args: ResourceValidationArgs, reportViolation: ReportViolation): Promise<void> => {
      await prefetch(args.urn);
      const props = plainProps(args.props);
      if (kindOf(args.type, props) !== "sim") return;
      const v = rule(args);
      if (v) report(v, reportViolation);
    };

  const stackRule =
    (rule: (changes: SimChange[], args: StackValidationArgs) => Verdict) =>
    async (args: StackValidationArgs, reportViolation: ReportViolation): Promise<void> => {
      const after = args.resources.flatMap((r) => {
        const props = plainProps(r.props);
        return kindOf(r.type, props) === "sim" ? [simView(r.urn, props)] : [];
      });
      let before;
      try {
        before = await state.sims(args.resources[0]?.urn);
      } catch (e) {
        reportViolation(
          `cannot read the stack's state to compare this update with (${(e as Error).message}); ` +
            `the rule cannot tell which SIMs the update removes. Run the CLI where ` +
            `\`pulumi stack export\` works for this stack.`,
        );
        return;
      }
      report(rule(simChanges(before, after), args), reportViolation);
    };

  const terminations: StackValidationPolicy = {
    name: TERMINATIONS,
    description:
      "At most `max` SIMs terminated in one update (removed Sims whose deletionPolicy terminates, and replaced Sims).",
    enforcementLevel: "mandatory",
    configSchema: {
      properties: { max: { type: "integer", minimum: 0, default: TERMINATIONS_DEFAULTS.max } },
    } as PolicyConfigSchema,
    validateStack: stackRule((changes, args) =>
      terminationsVerdict(changes, configOf<TerminationsConfig>(args, TERMINATIONS_DEFAULTS)),
    ),
  };

  const suspensions: StackValidationPolicy = {
    name: SUSPENSIONS,
    description:
      "At most `maxPercent` of the estate suspended in one update (beyond `allowAtLeast` SIMs).",
    enforcementLevel: "mandatory",
    configSchema: {
      properties: {
        maxPercent: {
          type: "number",
          minimum: 0,
          maximum: 100,
          default: SUSPENSIONS_DEFAULTS.maxPercent,
        },
        allowAtLeast: { type: "integer", minimum: 0, default: SUSPENSIONS_DEFAULTS.allowAtLeast },
      },
    } as PolicyConfigSchema,
    validateStack: stackRule((changes, args) =>
      suspensionsVerdict(changes, configOf<SuspensionsConfig>(args, SUSPENSIONS_DEFAULTS)),
    ),
  };

  const costServices: ResourceValidationPolicy = {
    name: COST_SERVICES,
    description:
      "International roaming and calls only on approved SIMs (by ICCID, number or number prefix).",
    enforcementLevel: "mandatory",
    configSchema: {
      properties: {
        services: { ...strings, default: COST_SERVICES_DEFAULTS.services },
        iccids: { ...strings, default: [] },
        numbers: { ...strings, default: [] },
        numberPrefixes: { ...strings, default: [] },
      },
    } as PolicyConfigSchema,
    validateResource: simRule((args) =>
      costServicesVerdict(
        simView(args.urn, plainProps(args.props)),
        configOf<CostServicesConfig>(args, COST_SERVICES_DEFAULTS),
      ),
    ),
  };

  const numberRanges: ResourceValidationPolicy = {
    name: NUMBER_RANGES,
    description: "Geographic numbers only from the configured ranges or prefixes.",
    enforcementLevel: "mandatory",
    configSchema: {
      properties: {
        ranges: {
          type: "array",
          items: {
            type: "object",
            properties: { from: { type: "string" }, to: { type: "string" } },
            required: ["from", "to"],
          },
          default: [],
        },
        prefixes: { ...strings, default: [] },
      },
    } as PolicyConfigSchema,
    validateResource: simRule((args) => {
      const c = configOf<NumberRangesConfig>(args, NUMBER_RANGES_DEFAULTS);
      if (!isConfigured(c)) {
        args.notApplicable("no number ranges or prefixes are configured");
      }
      return numberRangesVerdict(simView(args.urn, plainProps(args.props)), c);
    }),
  };

  const secretCredentials: ResourceValidationPolicy = {
    name: SECRET_CREDENTIALS,
    description: "A voicemail PIN or Crisp password only from a secret, never a plain value.",
    enforcementLevel: "mandatory",
    validateResource: async (args, reportViolation) => {
      await prefetch(args.urn);
      const props = plainProps(args.props);
      const kind = kindOf(args.type, props);
      const property = kind === "voicemail" ? "pin" : kind === "crisp" ? "password" : undefined;
      if (property === undefined) return;
      const label = `${kind === "voicemail" ? "Voicemail" : "Crisp"} ${resourceName(args.urn)}`;
      const value = props[property];
      const known = typeof value === "string" || isUnknown(value) ? value : undefined;
      const v = secretCredentialsVerdict(
        { resource: label, property, value: known },
        stackSecrets(args),
      );
      report(v, reportViolation);
    },
  };

  const explicitDeletionPolicy: ResourceValidationPolicy = {
    name: EXPLICIT_DELETION_POLICY,
    description: "Every Sim states its deletionPolicy (no termination by default).",
    enforcementLevel: "disabled",
    validateResource: simRule((args) =>
      deletionPolicyVerdict(simView(args.urn, plainProps(args.props))),
    ),
  };

  return [
    terminations,
    costServices,
    numberRanges,
    secretCredentials,
    suspensions,
    explicitDeletionPolicy,
  ];
}

/**
 * The stack's secret config values: the resource's provider carries the stack config among its
 * inputs, secret ones marked (see ./secret-marks). Undefined when the config or its marks
 * cannot be seen.
 */
function stackSecrets(args: ResourceValidationArgs): ReadonlySet<string> | undefined {
  if (args.provider === undefined) return undefined;
  const keys = secretKeysOf(args.provider.props);
  if (keys === undefined) return undefined;
  return secretValues(plainProps(args.provider.props), keys);
}
