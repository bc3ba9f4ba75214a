// Helpers of the Sim e2e tests (test/e2e/sim-*.test.ts): where they install the package, and
// how they compare the simulator and the stack's state with the program.

import assert from "node:assert/strict";
import * as path from "node:path";
import type { Deployment } from "@pulumi/pulumi/automation";
import type { SimulatorHandle } from "../../simulator";
import type { ServiceFlag } from "../../provider/gateway/types";
import { REPO_ROOT } from "./engine";
import { SIM_TYPE, type SimSpec } from "./sim-fixture";
import type { E2EStack, StateResource } from "./stack";

/**
 * The Sim e2e files install the packed package here, apart from the shared .cache/e2e, so that
 * another suite's install never replaces the package under their running stacks.
 */
export const SIM_E2E_ROOT = path.join(REPO_ROOT, ".cache", "e2e-sim");

/** The gateway's flag for each settable service as the program names it. */
export const FLAG: Readonly<Record<string, ServiceFlag>> = {
  intRoaming: "int_roaming",
  intCall: "int_call",
  moVoice: "mo_voice",
  mtVoice: "mt_voice",
  moSms: "mo_sms",
  mtSms: "mt_sms",
  internet: "internet",
};

/** How Pulumi marks a secret value in a deployment. */
export const SECRET_SIG = "4dabf18193072939515e22adb298388d";
export const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";

/** A number as the gateway has it: digits, no "+", no spaces. */
export function digits(n: string): string {
  return n.replace(/\s/g, "").replace(/^\+/, "");
}

/** The Sims of a deployment by resource name. */
export function simsIn(d: Deployment): Map<string, StateResource> {
  const all = (d.deployment as { resources?: StateResource[] }).resources ?? [];
  const out = new Map<string, StateResource>();
  for (const r of all) if (r.type === SIM_TYPE) out.set(r.urn.split("::").pop()!, r);
  return out;
}

/** The Sims in the stack's state (secrets decrypted) by resource name. */
export async function simResources(stack: E2EStack): Promise<Map<string, StateResource>> {
  return simsIn(await stack.exportStack());
}

/** The simulator's SIM is as the spec says: state, number, each managed flag. */
export function assertSimulatorMatches(sim: SimulatorHandle, spec: SimSpec): void {
  const s = sim.sim(spec.iccid);
  assert.ok(s, `SIM ${spec.name} is unused`);
  assert.equal(s.state, spec.suspended === true ? "suspended" : "active", `${spec.name}: state`);
  assert.equal(s.geoNo, digits(spec.geoNumber), `${spec.name}: number`);
  for (const [name, on] of Object.entries(spec.services ?? {})) {
    assert.equal(s.services[FLAG[name]!], on, `${spec.name}: ${name}`);
  }
}

/** v is a secret as `pulumi stack export` stores it: the signature and a ciphertext only. */
export function assertSecret(v: unknown, what: string): void {
  assert.ok(v !== null && typeof v === "object", `${what} is not a secret object`);
  const o = v as Record<string, unknown>;
  assert.equal(o[SECRET_SIG], SECRET_VALUE, `${what} is not a secret`);
  assert.equal(typeof o.ciphertext, "string", `${what} has no ciphertext`);
  assert.deepEqual(Object.keys(o).sort(), [SECRET_SIG, "ciphertext"].sort());
}
