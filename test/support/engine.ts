// Finds the real Pulumi CLI: the one `npm run engine` built into .engine/bin, else PATH.

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
const BUILT = path.join(REPO_ROOT, ".engine", "bin");

export interface Engine {
  /** Directory holding `bin/pulumi`, as PulumiCommand.get({ root }) expects. */
  root: string;
  binDir: string;
  version: string;
}

let cached: Engine | undefined;

export function findEngine(): Engine {
  if (cached) return cached;
  let binDir: string | undefined;
  if (fs.existsSync(path.join(BUILT, "pulumi"))) {
    binDir = BUILT;
  } else {
    for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
      if (dir && fs.existsSync(path.join(dir, "pulumi"))) {
        binDir = dir;
        break;
      }
    }
  }
  if (binDir === undefined) {
    throw new Error("no Pulumi CLI: run `npm run engine` (builds it with Go) or install pulumi");
  }
  const version = execFileSync(path.join(binDir, "pulumi"), ["version"], {
    env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
  })
    .toString()
    .trim();
  cached = { root: path.dirname(binDir), binDir, version };
  return cached;
}
