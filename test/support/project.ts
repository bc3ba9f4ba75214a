// A scratch Pulumi project for several stacks of one program (an estate's shards): the program
// and Pulumi.yaml (with project-level config every stack shares) in a folder where the package
// is installed as a user gets it, a local file backend in a temp folder, and the environment the
// Automation API needs to run the real engine there.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PulumiCommand } from "@pulumi/pulumi/automation";
import { findEngine } from "./engine";
import { installPackage } from "./installed-package";

export interface ScratchProject {
  workDir: string;
  /** The backend's folder (the stacks' states). */
  stateDir: string;
  envVars: Record<string, string>;
  pulumiCommand: PulumiCommand;
  cleanup(): void;
}

export async function scratchProject(o: {
  name: string;
  programFile: string;
  /** Project-level config (plain values), e.g. { "aql:endpoint": "http://..." }. */
  config?: Record<string, string>;
  installRoot?: string;
  env?: Record<string, string>;
}): Promise<ScratchProject> {
  const root = installPackage(o.installRoot);
  const engine = findEngine();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `aql-${o.name}-`));
  const workDir = fs.mkdtempSync(path.join(root, "work-"));
  fs.copyFileSync(o.programFile, path.join(workDir, "index.js"));
  const config = Object.entries(o.config ?? {})
    .map(([k, v]) => `  ${k}: ${JSON.stringify(v)}\n`)
    .join("");
  fs.writeFileSync(
    path.join(workDir, "Pulumi.yaml"),
    `name: aql-${o.name}\nruntime: nodejs\ndescription: ${o.name} program\n` +
      (config ? `config:\n${config}` : ""),
  );
  fs.writeFileSync(
    path.join(workDir, "package.json"),
    JSON.stringify({ name: `aql-${o.name}`, private: true, main: "index.js" }),
  );
  const stateDir = path.join(dir, "state");
  fs.mkdirSync(stateDir);
  const pulumiCommand = await PulumiCommand.get({ root: engine.root, skipVersionCheck: true });
  return {
    workDir,
    stateDir,
    envVars: {
      PULUMI_CONFIG_PASSPHRASE: `${o.name}-passphrase`,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_BACKEND_URL: `file://${stateDir}`,
      PULUMI_HOME: path.join(dir, "home"),
      PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
      PATH: `${engine.binDir}${path.delimiter}${process.env.PATH ?? ""}`,
      ...o.env,
    },
    pulumiCommand,
    cleanup() {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** Every file under a folder with its bytes, to show that nothing was written. */
export function snapshotFiles(...dirs: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.set(p, fs.readFileSync(p).toString("base64"));
    }
  };
  for (const d of dirs) if (fs.existsSync(d)) walk(d);
  return out;
}
