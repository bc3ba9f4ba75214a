// The policies as the engine calls them: args shaped like the policy SDK's (properties behind
// its proxy, the resource's provider with the stack config), a fake state before the update.

import assert from "node:assert/strict";
import type {
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { policies } from "../../../policy/pack";
import { PreviousState } from "../../../policy/previous-state";
import { SIM_TYPE, UNKNOWN_BOOL, simProps, urn } from "./shapes";

const PROVIDER_TYPE = "pulumi:providers:pulumi-nodejs";

function pack(state: PreviousState = new PreviousState(async () => ({ deployment: {} }))) {
  const all = policies({ state });
  const byName = (n: string) => all.find((p) => p.name === n)!;
  return { byName };
}

function proxied(o: Record<string, unknown>): Record<string, unknown> {
  return new Proxy(o, { get: (t, p) => (p === "__getSpecialProxyTarget" ? t : Reflect.get(t, p)) });
}

function resourceArgs(
  type: string,
  name: string,
  props: Record<string, unknown>,
  config: Record<string, unknown> = {},
): ResourceValidationArgs {
  return {
    type,
    urn: `urn:pulumi:dev::estate::${type}::${name}`,
    name,
    props: proxied(props),
    opts: {} as ResourceValidationArgs["opts"],
    provider: { type: PROVIDER_TYPE, urn: "p", name: "default", props: config },
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string) => {
      throw new Error(`not applicable: ${reason}`);
    },
  } as ResourceValidationArgs;
}

async function run(p: ResourceValidationPolicy, args: ResourceValidationArgs): Promise<string[]> {
  const out: string[] = [];
  const v = p.validateResource;
  for (const f of Array.isArray(v) ? v : [v!]) await f(args, (m) => out.push(m));
  return out;
}

async function runStack(p: StackValidationPolicy, args: StackValidationArgs): Promise<string[]> {
  const out: string[] = [];
  await p.validateStack(args, (m) => out.push(m));
  return out;
}

describe("policy: the pack's policies on the engine's shapes", () => {
  it("applies the Sim rules to Sims only", async () => {
    const { byName } = pack();
    const roaming = byName("aql-sim-cost-services") as ResourceValidationPolicy;
    const onSim = resourceArgs(SIM_TYPE, "a", simProps({ services: { intRoaming: true } }));
    assert.equal((await run(roaming, onSim)).length, 1);
    const vm = resourceArgs("pulumi-nodejs:dynamic/aql:Voicemail", "vm", {
      services: { intRoaming: true },
    });
    assert.deepEqual(await run(roaming, vm), []);
  });

  it("reports nothing for a value unknown at preview (the SDK would have thrown on reading it)", async () => {
    const { byName } = pack();
    const roaming = byName("aql-sim-cost-services") as ResourceValidationPolicy;
    const args = resourceArgs(SIM_TYPE, "a", simProps({ services: { intRoaming: UNKNOWN_BOOL } }));
    assert.deepEqual(await run(roaming, args), []);
  });

  it("number ranges: not applicable until ranges are configured", async () => {
    const { byName } = pack();
    const ranges = byName("aql-sim-number-ranges") as ResourceValidationPolicy;
    await assert.rejects(run(ranges, resourceArgs(SIM_TYPE, "a", simProps())), /not applicable/);
  });

  it("secret credentials: the plain PIN is refused; a marked secret config value passes", async () => {
    const { byName } = pack();
    const secrets = byName("aql-secret-credentials") as ResourceValidationPolicy;
    const vm = (pin: string) => resourceArgs("pulumi-nodejs:dynamic/aql:Voicemail", "vm", { pin });
    // No marks noted for this provider object: the rule says it cannot tell.
    assert.match((await run(secrets, vm("1234")))[0]!, /cannot tell/);
  });

  it("stack rules: a state that cannot be read is reported, not taken as empty", async () => {
    const failing = new PreviousState(async () => {
      throw new Error("no such stack");
    });
    const { byName } = pack(failing);
    const terminations = byName("aql-sim-max-terminations") as StackValidationPolicy;
    const args = {
      resources: [{ type: SIM_TYPE, urn: urn("a"), name: "a", props: proxied(simProps()) }],
      getConfig: <T extends object>() => ({}) as T,
      stackTags: new Map(),
      notApplicable: () => {
        throw new Error("n/a");
      },
    } as unknown as StackValidationArgs;
    const out = await runStack(terminations, args);
    assert.match(out[0]!, /cannot read the stack's state.*no such stack/);
  });

  it("stack rules: thresholds from the config over the defaults", async () => {
    const before = {
      deployment: {
        resources: ["a", "b"].map((n, i) => ({
          urn: urn(n),
          type: SIM_TYPE,
          outputs: simProps({ iccid: `894410000000000000${i}`, deletionPolicy: "terminate" }),
        })),
      },
    };
    const { byName } = pack(new PreviousState(async () => before));
    const terminations = byName("aql-sim-max-terminations") as StackValidationPolicy;
    // Both Sims are gone: only the stack itself remains.
    const root = {
      type: "pulumi:pulumi:Stack",
      urn: "urn:pulumi:dev::estate::pulumi:pulumi:Stack::estate-dev",
      name: "estate-dev",
      props: proxied({}),
    };
    const args = (config: object) =>
      ({
        resources: [root],
        getConfig: () => config,
        stackTags: new Map(),
      }) as unknown as StackValidationArgs;
    assert.deepEqual(await runStack(terminations, args({})), [], "default max 10");
    assert.match((await runStack(terminations, args({ max: 1 })))[0]!, /terminates 2 SIMs/);
  });
});
