// The Sims in the stack's state before this update. The engine shows a policy only the
// resources the program declares, so the stack-level rules (terminations, suspensions) compare
// with the state, read once per engine run through the CLI that runs it (`pulumi stack export`
// works for every backend the CLI is logged in to, and needs no passphrase: secrets stay
// encrypted, and no rule reads them).

import { execFile } from "node:child_process";
import type { PriorSim } from "./changes";
import { kindOf, simView } from "./resources";

export interface StackRef {
  stack: string;
  project: string;
  /** Absent when the CLI did not pass it; then the stack is named as the CLI's default org. */
  organization?: string;
}

/** The stack being updated: the CLI's environment for its policy plugin, else a resource URN. */
export function stackRef(env: NodeJS.ProcessEnv, urn: string | undefined): StackRef | undefined {
  const stack = env["PULUMI_STACK"];
  const project = env["PULUMI_PROJECT"];
  if (stack && project) {
    const org = env["PULUMI_ORGANIZATION"];
    return org ? { stack, project, organization: org } : { stack, project };
  }
  // urn:pulumi:<stack>::<project>::<type>::<name>
  const m = urn === undefined ? null : /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn);
  return m ? { stack: m[1]!, project: m[2]! } : undefined;
}

export function qualifiedName(s: StackRef): string {
  return s.organization ? `${s.organization}/${s.project}/${s.stack}` : s.stack;
}

/**
 * The names to try, in order. `AQL_POLICY_STACK` (a fully qualified `org/project/stack`) wins.
 * Without an organization, the bare name works where the CLI runs in the project's folder with
 * its default organization; the file backend's `organization/<project>/<stack>` comes second.
 */
export function stackNames(s: StackRef, env: NodeJS.ProcessEnv = process.env): string[] {
  const given = env["AQL_POLICY_STACK"];
  if (given) return [given];
  if (s.organization) return [qualifiedName(s)];
  return [s.stack, `organization/${s.project}/${s.stack}`];
}

interface StateResource {
  urn?: unknown;
  type?: unknown;
  inputs?: unknown;
  outputs?: unknown;
  retainOnDelete?: unknown;
  delete?: unknown;
}

/** The Sims of `pulumi stack export` output. Pure. */
export function priorSims(exported: unknown): PriorSim[] {
  const d = (exported as { deployment?: { resources?: StateResource[] } } | null)?.deployment;
  const out: PriorSim[] = [];
  for (const r of d?.resources ?? []) {
    if (typeof r.urn !== "string" || typeof r.type !== "string") continue;
    // A resource left pending deletion by an earlier replacement is not part of the estate.
    if (r.delete === true) continue;
    const inputs = asRecord(r.inputs);
    const outputs = asRecord(r.outputs);
    // Outputs are what the gateway last reported; inputs fill what an interrupted create lacks.
    const props = { ...inputs, ...outputs };
    if (kindOf(r.type, props) !== "sim") continue;
    out.push({ ...simView(r.urn, props), retainOnDelete: r.retainOnDelete === true });
  }
  return out;
}

function asRecord(v: unknown): Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : {};
}

const EXPORT_TIMEOUT_MS = 120_000;

export class StateReadError extends Error {
  readonly code = "POLICY_STATE_UNREADABLE";
}

/** Runs `pulumi stack export` (the CLI on PATH) for the stack, under each name to try. */
export async function exportStack(ref: StackRef, cwd: string = process.cwd()): Promise<unknown> {
  const failures: string[] = [];
  for (const name of stackNames(ref)) {
    try {
      return await exportOne(name, cwd);
    } catch (e) {
      failures.push((e as Error).message);
    }
  }
  throw new StateReadError(failures.join("; "));
}

function exportOne(name: string, cwd: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    execFile(
      "pulumi",
      ["stack", "export", "--stack", name, "--non-interactive"],
      {
        cwd,
        maxBuffer: 1 << 30,
        // A CLI that waits on something (a login, a lock) must not hold the preview forever.
        timeout: EXPORT_TIMEOUT_MS,
        env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
      },
      (err, stdout, stderr) => {
        if (err) {
          const why = (stderr || err.message).trim().split("\n").slice(-2).join(" ");
          reject(new StateReadError(`pulumi stack export --stack ${name}: ${why}`));
          return;
        }
        try {
          resolve(JSON.parse(stdout) as unknown);
        } catch (e) {
          reject(
            new StateReadError(`pulumi stack export printed no JSON: ${(e as Error).message}`),
          );
        }
      },
    );
  });
}

/** One read per process (one engine run): the state as it was when the pack first asked. */
export class PreviousState {
  private pending: Promise<PriorSim[]> | undefined;

  constructor(private readonly read: (ref: StackRef) => Promise<unknown> = exportStack) {}

  /** Start (or join) the read; the first caller's URN names the stack if the env does not. */
  sims(urn?: string): Promise<PriorSim[]> {
    if (this.pending === undefined) {
      const ref = stackRef(process.env, urn);
      this.pending =
        ref === undefined
          ? Promise.reject(new StateReadError("the stack being updated is not known"))
          : this.read(ref).then(priorSims);
      // Keep a failed read from being reported as unhandled before a rule awaits it.
      this.pending.catch(() => undefined);
    }
    return this.pending;
  }
}
