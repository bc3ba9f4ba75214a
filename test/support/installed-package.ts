// Installs this package into a scratch folder the way a user gets it: `npm pack` of the built
// package, unpacked into node_modules (a real folder, not a link, so that Pulumi serializes each
// resource's provider as a `require()` of the installed module). Dependencies are linked to the
// repository's own node_modules so that no network is needed.

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./engine";

export const E2E_ROOT = path.join(REPO_ROOT, ".cache", "e2e");
const LINKED_DEPS = ["@pulumi", "undici", "zod", "csv-parse"];

const installed = new Set<string>();

/**
 * Idempotent per test run and root; requires `npm run build` first (test:e2e does it). A suite
 * that runs while others may (test:faults) passes its own root, so that another run's install
 * never replaces the package under its running stacks.
 */
export function installPackage(root: string = E2E_ROOT): string {
  if (installed.has(root)) return root;
  const modules = path.join(root, "node_modules");
  if (!fs.existsSync(path.join(REPO_ROOT, "dist", "provider", "index.js"))) {
    throw new Error("dist/ is missing: run `npm run build` before the e2e tests");
  }
  fs.mkdirSync(modules, { recursive: true });
  const packDir = fs.mkdtempSync(path.join(root, "pack-"));
  const out = execFileSync(
    "npm",
    ["pack", "--silent", "--ignore-scripts", "--pack-destination", packDir],
    {
      cwd: REPO_ROOT,
    },
  )
    .toString()
    .trim()
    .split("\n")
    .pop()!;
  const target = path.join(modules, "pulumi-aql-mvno");
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target);
  execFileSync("tar", ["-xzf", path.join(packDir, out), "-C", target, "--strip-components=1"]);
  fs.rmSync(packDir, { recursive: true, force: true });
  for (const dep of LINKED_DEPS) {
    const link = path.join(modules, dep);
    fs.rmSync(link, { recursive: true, force: true });
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules", dep), link, "dir");
  }
  installed.add(root);
  return root;
}
