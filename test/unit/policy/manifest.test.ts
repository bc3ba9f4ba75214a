// The pack folders shipped in the package: the engine reads PulumiPolicy.yaml for the runtime,
// the policy SDK reads the version from the package.json beside it, and Node follows its `main`.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const read = (p: string) => fs.readFileSync(path.join(ROOT, p), "utf8");
const pkg = JSON.parse(read("package.json")) as {
  version: string;
  files: string[];
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};

describe("policy: the shipped pack folders", () => {
  for (const [dir, runtime] of [
    ["policy", "nodejs"],
    ["policy/aql-engine", "aql-nodejs"],
  ] as const) {
    it(`${dir}: runtime ${runtime}, the package's version, main = dist/policy`, () => {
      assert.match(read(`${dir}/PulumiPolicy.yaml`), new RegExp(`^runtime: ${runtime}$`, "m"));
      const manifest = JSON.parse(read(`${dir}/package.json`)) as { version: string; main: string };
      assert.equal(manifest.version, pkg.version);
      assert.equal(path.resolve(ROOT, dir, manifest.main), path.join(ROOT, "dist/policy/index.js"));
    });
  }

  it("is in the package, with @pulumi/policy an optional peer", () => {
    for (const f of [
      "dist/policy",
      "policy/PulumiPolicy.yaml",
      "policy/package.json",
      "policy/aql-engine",
    ]) {
      assert.ok(pkg.files.includes(f), f);
    }
    assert.equal(pkg.peerDependenciesMeta?.["@pulumi/policy"]?.optional, true);
  });
});
