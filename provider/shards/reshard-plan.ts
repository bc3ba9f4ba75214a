// Which SIMs a reshard moves between an estate's stacks, and the stacks' states after it, from
// their exported deployments. A SIM moves with everything under it (voicemail, call recording),
// its URNs rewritten to the other stack; what a moved resource needs in its new stack (the root
// stack resource, the SimEstate component, the dynamic provider) is copied there when missing.
// Nothing here talks to the engine or the gateway. Pure.

import { shardOf } from "../estate/shard";
import { SIM_TYPE } from "./progress";

/** A resource as `pulumi stack export` writes it (the fields a move reads or rewrites). */
export interface StateResource {
  urn: string;
  type: string;
  custom?: boolean;
  id?: string;
  parent?: string;
  provider?: string;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
  deletedWith?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  [k: string]: unknown;
}

export interface StackState {
  name: string;
  index: number;
  resources: StateResource[];
  /** Operations an interrupted run left unfinished. */
  pendingOperations: number;
}

export interface Move {
  iccid: string;
  /** The stack index it leaves (or one of them, for a SIM found in several). */
  from: number;
  to: number;
  /** URNs moved (in the source stack): the Sim and everything under it. */
  urns: string[];
}

export interface ReshardPlan {
  moves: Move[];
  /** Copies of a SIM left behind by an interrupted reshard, dropped from these stacks. */
  duplicatesDropped: { iccid: string; stack: number }[];
  /** The new resource list of every stack whose state changes, by index. */
  states: Map<number, StateResource[]>;
  /** SIMs per target stack after the reshard. */
  simsPerStack: number[];
}

export class ReshardRefused extends Error {
  override get name(): string {
    return "ReshardRefused";
  }
}

const ROOT_TYPE = "pulumi:pulumi:Stack";
const PROVIDER_PREFIX = "pulumi:providers:";

/** "urn:pulumi:<stack>::<project>::<type>::<name>" */
function urnParts(urn: string): { stack: string; project: string; rest: string } {
  const m = /^urn:pulumi:([^:]+)::([^:]+)::(.*)$/.exec(urn);
  if (m === null) throw new ReshardRefused(`not a resource URN: ${urn}`);
  return { stack: m[1]!, project: m[2]!, rest: m[3]! };
}

function rootUrn(stack: string, project: string): string {
  return `urn:pulumi:${stack}::${project}::${ROOT_TYPE}::${project}-${stack}`;
}

/** The ICCID of a Sim resource, from its outputs or inputs (plain, never secret). */
export function simIccid(r: StateResource): string | undefined {
  for (const bag of [r.outputs, r.inputs]) {
    const v = bag?.["iccid"];
    if (typeof v === "string") return v;
  }
  return undefined;
}

/** Rewrites the URNs of one stack's resources as another stack's. */
class UrnRewriter {
  constructor(
    private readonly fromStack: string,
    private readonly toStack: string,
  ) {}

  urn(urn: string): string {
    const p = urnParts(urn);
    if (p.stack !== this.fromStack) return urn;
    if (p.rest === `${ROOT_TYPE}::${p.project}-${this.fromStack}`) {
      return rootUrn(this.toStack, p.project);
    }
    return `urn:pulumi:${this.toStack}::${p.project}::${p.rest}`;
  }

  /** A provider reference "<urn>::<id>". */
  ref(ref: string): string {
    const at = ref.lastIndexOf("::");
    return `${this.urn(ref.slice(0, at))}${ref.slice(at)}`;
  }

  resource(r: StateResource, keep: (urn: string) => boolean): StateResource {
    const out: StateResource = { ...r, urn: this.urn(r.urn) };
    if (r.parent !== undefined && r.parent !== "") out.parent = this.urn(r.parent);
    if (r.provider !== undefined && r.provider !== "") out.provider = this.ref(r.provider);
    if (r.deletedWith !== undefined && r.deletedWith !== "") {
      const d = this.urn(r.deletedWith);
      if (keep(d)) out.deletedWith = d;
      else delete out.deletedWith;
    }
    if (r.dependencies !== undefined) {
      out.dependencies = r.dependencies.map((d) => this.urn(d)).filter(keep);
    }
    if (r.propertyDependencies !== undefined) {
      const pd: Record<string, string[]> = {};
      for (const [k, deps] of Object.entries(r.propertyDependencies)) {
        pd[k] = deps.map((d) => this.urn(d)).filter(keep);
      }
      out.propertyDependencies = pd;
    }
    if (r.type === ROOT_TYPE) out.outputs = {};
    return out;
  }
}

/** Every resource under `urn` (children, grandchildren...), in state order. */
function descendants(resources: readonly StateResource[], urn: string): StateResource[] {
  const under = new Set([urn]);
  const out: StateResource[] = [];
  for (const r of resources) {
    if (r.parent !== undefined && under.has(r.parent)) {
      under.add(r.urn);
      out.push(r);
    }
  }
  return out;
}

interface Holder {
  stack: StackState;
  sim: StateResource;
}

/**
 * The plan to go to `count` shards. `stacks` holds every stack of the estate as exported now,
 * including the new ones (empty) up to `count`, and the old ones past it (which end empty).
 */
export function planReshard(stacks: readonly StackState[], count: number): ReshardPlan {
  const pending = stacks.filter((s) => s.pendingOperations > 0);
  if (pending.length > 0) {
    throw new ReshardRefused(
      `stack(s) ${pending.map((s) => `${s.name} (${s.pendingOperations})`).join(", ")} have ` +
        "operations an interrupted run left pending: their SIMs' outcome is unknown. Finish " +
        "them with an up of the estate at its current shard count (or `pulumi refresh`) first",
    );
  }
  const byIndex = new Map(stacks.map((s) => [s.index, s]));
  for (let i = 0; i < count; i++) {
    if (!byIndex.has(i)) throw new ReshardRefused(`stack for shard ${i} of ${count} is missing`);
  }

  const holders = new Map<string, Holder[]>();
  for (const stack of stacks) {
    for (const r of stack.resources) {
      if (r.type !== SIM_TYPE) continue;
      const iccid = simIccid(r);
      if (iccid === undefined) {
        throw new ReshardRefused(`${stack.name}: Sim ${r.urn} has no iccid in its state`);
      }
      holders.set(iccid, [...(holders.get(iccid) ?? []), { stack, sim: r }]);
    }
  }

  const removed = new Map<number, Set<string>>();
  const added = new Map<number, { from: StackState; resources: StateResource[] }[]>();
  const moves: Move[] = [];
  const duplicatesDropped: { iccid: string; stack: number }[] = [];
  const simsPerStack = new Array<number>(count).fill(0);
  const remove = (stack: number, urns: readonly string[]) => {
    const set = removed.get(stack) ?? new Set<string>();
    for (const u of urns) set.add(u);
    removed.set(stack, set);
  };

  for (const [iccid, hs] of [...holders].sort(([a], [b]) => a.localeCompare(b))) {
    const to = shardOf(iccid, count);
    simsPerStack[to]!++;
    const inTarget = hs.find((h) => h.stack.index === to);
    const group = (h: Holder) => [h.sim, ...descendants(h.stack.resources, h.sim.urn)];
    for (const h of hs) {
      if (h === inTarget) continue;
      const urns = group(h).map((r) => r.urn);
      remove(h.stack.index, urns);
      if (inTarget !== undefined) duplicatesDropped.push({ iccid, stack: h.stack.index });
    }
    if (inTarget === undefined) {
      const from = hs[0]!;
      const resources = group(from);
      added.set(to, [...(added.get(to) ?? []), { from: from.stack, resources }]);
      moves.push({ iccid, from: from.stack.index, to, urns: resources.map((r) => r.urn) });
    }
  }

  const states = new Map<number, StateResource[]>();
  for (const stack of stacks) {
    const gone = removed.get(stack.index);
    const incoming = added.get(stack.index);
    if (gone === undefined && incoming === undefined) continue;
    let resources = stack.resources.filter((r) => !(gone?.has(r.urn) ?? false));
    for (const { from, resources: group } of incoming ?? []) {
      resources = addGroup(resources, from, stack.name, group);
    }
    states.set(stack.index, resources);
  }
  return { moves, duplicatesDropped, states, simsPerStack };
}

/**
 * `dest` plus one SIM's resources from `from`, rewritten as `destName`'s, after whatever they
 * need that `dest` lacks (ancestors and providers, copied in `from`'s order).
 */
function addGroup(
  dest: StateResource[],
  from: StackState,
  destName: string,
  group: readonly StateResource[],
): StateResource[] {
  const rw = new UrnRewriter(from.name, destName);
  const present = new Set(dest.map((r) => r.urn));
  const byUrn = new Map(from.resources.map((r) => [r.urn, r]));
  const needed = new Set<string>();
  const need = (urn: string | undefined) => {
    while (urn !== undefined && urn !== "" && !needed.has(urn)) {
      const r = byUrn.get(urn);
      if (r === undefined || present.has(rw.urn(urn))) return;
      needed.add(urn);
      if (r.provider !== undefined && r.provider !== "") {
        need(r.provider.slice(0, r.provider.lastIndexOf("::")));
      }
      urn = r.parent;
    }
  };
  for (const r of group) {
    need(r.parent);
    if (r.provider !== undefined && r.provider !== "") {
      need(r.provider.slice(0, r.provider.lastIndexOf("::")));
    }
  }
  const groupUrns = new Set(group.map((r) => r.urn));
  const groupDest = new Set(group.map((r) => rw.urn(r.urn)));
  const out = [...dest];
  const after = new Set(present);
  // Copies first (in the source's order, which has parents and providers before their users).
  for (const r of from.resources) {
    if (!needed.has(r.urn) || groupUrns.has(r.urn)) continue;
    // A custom resource would then be in two stacks, both managing it: never copied.
    if (r.custom === true && !r.type.startsWith(PROVIDER_PREFIX)) {
      throw new ReshardRefused(
        `${from.name}: ${group[0]!.urn} is under ${r.urn}, which is not part of the estate's ` +
          "SIMs and cannot be in two stacks",
      );
    }
    const copy = rw.resource(r, (u) => after.has(u));
    out.push(copy);
    after.add(copy.urn);
  }
  for (const r of group) {
    const moved = rw.resource(r, (u) => after.has(u) || groupDest.has(u));
    // A provider the destination already has under this URN (another id) serves the moved SIM.
    if (moved.provider !== undefined) {
      const provUrn = moved.provider.slice(0, moved.provider.lastIndexOf("::"));
      const existing = dest.find((d) => d.urn === provUrn);
      if (existing !== undefined) moved.provider = `${existing.urn}::${existing.id ?? ""}`;
    }
    out.push(moved);
    after.add(moved.urn);
  }
  return out;
}
