// The reshard's plan on exported states: every SIM ends in exactly one stack, its own, with its
// voicemail under it and its URNs, parent and provider rewritten to that stack; what a new stack
// lacks (root, SimEstate, provider) is copied; a copy left by an interrupted reshard is dropped.

import assert from "node:assert/strict";
import { shardOf } from "../../../provider/estate/shard";
import { SIM_TYPE } from "../../../provider/shards/progress";
import {
  planReshard,
  ReshardRefused,
  type StackState,
  type StateResource,
} from "../../../provider/shards/reshard-plan";

const P = "proj";
const urn = (stack: string, type: string, name: string) =>
  `urn:pulumi:${stack}::${P}::${type}::${name}`;
const root = (stack: string) => urn(stack, "pulumi:pulumi:Stack", `${P}-${stack}`);
const estate = (stack: string) => urn(stack, "aql:index:SimEstate", "estate");
const provider = (stack: string) => urn(stack, "pulumi:providers:pulumi-nodejs", "default");
const simUrn = (stack: string, iccid: string) =>
  urn(stack, `aql:index:SimEstate$${SIM_TYPE}`, `sim-${iccid}`);

function base(stack: string, providerId: string): StateResource[] {
  return [
    { urn: root(stack), type: "pulumi:pulumi:Stack", custom: false, outputs: { x: 1 } },
    { urn: estate(stack), type: "aql:index:SimEstate", custom: false, parent: root(stack) },
    {
      urn: provider(stack),
      type: "pulumi:providers:pulumi-nodejs",
      custom: true,
      id: providerId,
      parent: root(stack),
    },
  ];
}

function simGroup(stack: string, iccid: string, providerId: string): StateResource[] {
  const s = simUrn(stack, iccid);
  const vm = urn(
    stack,
    `aql:index:SimEstate$${SIM_TYPE}$pulumi-nodejs:dynamic/aql:Voicemail`,
    `vm-${iccid}`,
  );
  return [
    {
      urn: s,
      type: SIM_TYPE,
      custom: true,
      id: iccid,
      parent: estate(stack),
      provider: `${provider(stack)}::${providerId}`,
      inputs: { iccid },
      outputs: {
        iccid,
        subscriber: {
          "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
          plaintext: '"x"',
        },
      },
    },
    {
      urn: vm,
      type: "pulumi-nodejs:dynamic/aql:Voicemail",
      custom: true,
      id: `vm-${iccid}`,
      parent: s,
      provider: `${provider(stack)}::${providerId}`,
      dependencies: [s],
      propertyDependencies: { geoNumber: [s] },
    },
  ];
}

const ICCIDS = Array.from({ length: 40 }, (_, i) => `89442000000${String(i).padStart(8, "0")}`);

function threeShards(): StackState[] {
  const out: StackState[] = [];
  for (let i = 0; i < 3; i++) {
    const name = `estate-${i}`;
    const resources = base(name, `p${i}`);
    for (const iccid of ICCIDS.filter((x) => shardOf(x, 3) === i)) {
      resources.push(...simGroup(name, iccid, `p${i}`));
    }
    out.push({ name, index: i, resources, pendingOperations: 0 });
  }
  out.push({ name: "estate-3", index: 3, resources: [], pendingOperations: 0 });
  return out;
}

/** Apply the plan's new states to the stacks. */
function applied(stacks: StackState[], count: number): StackState[] {
  const plan = planReshard(stacks, count);
  return stacks.map((s) => ({ ...s, resources: plan.states.get(s.index) ?? s.resources }));
}

describe("reshard plan", () => {
  it("puts every SIM, with its voicemail, in exactly one stack: its own", () => {
    const after = applied(threeShards(), 4);
    for (const iccid of ICCIDS) {
      const at = after.filter((s) =>
        s.resources.some((r) => r.type === SIM_TYPE && r.id === iccid),
      );
      assert.deepEqual(
        at.map((s) => s.index),
        [shardOf(iccid, 4)],
        iccid,
      );
      const stack = at[0]!.name;
      const vm = at[0]!.resources.find((r) => r.id === `vm-${iccid}`)!;
      assert.equal(vm.parent, simUrn(stack, iccid));
      assert.deepEqual(vm.dependencies, [simUrn(stack, iccid)]);
      assert.deepEqual(vm.propertyDependencies, { geoNumber: [simUrn(stack, iccid)] });
    }
  });

  it("gives a new stack what its SIMs need, in order, with URNs of that stack", () => {
    const after = applied(threeShards(), 4);
    const s3 = after[3]!.resources;
    assert.deepEqual(
      s3.slice(0, 3).map((r) => r.urn),
      [root("estate-3"), estate("estate-3"), provider("estate-3")],
    );
    assert.deepEqual(s3[0]!.outputs, {}, "the stack's outputs are its own");
    assert.equal(s3[1]!.parent, root("estate-3"));
    const sims = s3.filter((r) => r.type === SIM_TYPE);
    assert.ok(sims.length > 0);
    for (const r of s3) assert.ok(r.urn.startsWith("urn:pulumi:estate-3::"), r.urn);
    for (const s of sims) {
      assert.equal(s.parent, estate("estate-3"));
      // The provider copied with its id: the one the SIMs it served were created with.
      assert.match(
        s.provider!,
        /^urn:pulumi:estate-3::proj::pulumi:providers:pulumi-nodejs::default::p[0-2]$/,
      );
    }
    // Every parent and provider is defined before its user.
    const seen = new Set<string>();
    for (const r of s3) {
      if (r.parent) assert.ok(seen.has(r.parent), `${r.urn} before its parent`);
      if (r.provider) assert.ok(seen.has(r.provider.slice(0, r.provider.lastIndexOf("::"))));
      seen.add(r.urn);
    }
    assert.equal(s3.filter((r) => r.type.startsWith("pulumi:providers:")).length, 1);
  });

  it("moves SIMs into an existing stack onto that stack's own provider", () => {
    const stacks = threeShards().slice(0, 3);
    const after = applied(stacks, 2);
    for (const s of after.slice(0, 2)) {
      for (const r of s.resources.filter((x) => x.provider)) {
        assert.equal(r.provider, `${provider(s.name)}::p${s.index}`);
      }
    }
    assert.equal(after[2]!.resources.filter((r) => r.type === SIM_TYPE).length, 0);
  });

  it("changes nothing when each SIM is already in its stack", () => {
    const stacks = threeShards();
    const plan = planReshard(stacks, 3);
    assert.equal(plan.moves.length, 0);
    assert.equal(plan.states.size, 0);
  });

  it("drops the copy an interrupted reshard left in the old stack", () => {
    const once = applied(threeShards(), 4);
    // Interrupted after the gaining stack was written: the SIMs are in their old stacks too.
    const half = once.map((s, i) => (i < 3 ? threeShards()[i]! : s));
    const plan = planReshard(half, 4);
    assert.equal(plan.moves.length, 0);
    assert.ok(plan.duplicatesDropped.length > 0);
    const after = half.map((s) => ({ ...s, resources: plan.states.get(s.index) ?? s.resources }));
    for (const iccid of ICCIDS) {
      const n = after.filter((s) => s.resources.some((r) => r.id === iccid)).length;
      assert.equal(n, 1, iccid);
    }
  });

  it("refuses stacks with pending operations", () => {
    const stacks = threeShards();
    stacks[1] = { ...stacks[1]!, pendingOperations: 2 };
    assert.throws(
      () => planReshard(stacks, 4),
      (e: unknown) => e instanceof ReshardRefused && /estate-1 \(2\)/.test(e.message),
    );
  });
});
