// The shims serialized into the state: small, capturing nothing but a require() of their own
// runtime module by package name, and delegating every method to it.

import assert from "node:assert/strict";
import Module from "node:module";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import callRecordingShim from "../../../provider/resources/call-recording/shim";
import crispShim from "../../../provider/resources/crisp/shim";
import simOrderShim from "../../../provider/resources/sim-order/shim";
import voicemailShim from "../../../provider/resources/voicemail/shim";
import { NUMBER, PROVIDER } from "./helpers";

const REPO = path.resolve(__dirname, "..", "..", "..");
const PACKAGE_DIST = "pulumi-aql-mvno/dist/";
const METHODS = ["configure", "check", "diff", "create", "read", "update", "delete"] as const;

const SHIMS = [
  ["voicemail", voicemailShim],
  ["call-recording", callRecordingShim],
  ["crisp", crispShim],
  ["sim-order", simOrderShim],
] as const;

type Resolve = (request: string, ...rest: unknown[]) => string;
const mod = Module as unknown as { _resolveFilename: Resolve };

describe("resource shims", () => {
  // The package is not installed in its own repository: map its dist paths to the sources.
  let original: Resolve;
  before(() => {
    original = mod._resolveFilename;
    mod._resolveFilename = (request, ...rest) =>
      request.startsWith(PACKAGE_DIST)
        ? original(path.join(REPO, request.slice(PACKAGE_DIST.length)), ...rest)
        : original(request, ...rest);
  });
  after(() => {
    mod._resolveFilename = original;
  });

  for (const [name, shim] of SHIMS) {
    describe(name, () => {
      it("has the seven methods", () => {
        assert.deepEqual(Object.keys(shim).sort(), [...METHODS].sort());
      });

      it("serializes small, requiring only its runtime by package name", async () => {
        const sf = await pulumi.runtime.serializeFunction(() => shim, { allowSecrets: true });
        assert.ok(sf.text.length < 3000, `${sf.text.length} bytes`);
        // Each method requires `runtime`, which it captures as the runtime's package path.
        const requires = sf.text.match(/require\([^)]*\)/g) ?? [];
        assert.equal(requires.length, METHODS.length);
        assert.ok(requires.every((r) => r === "require(runtime)"));
        const required = [...sf.text.matchAll(/\bruntime: "([^"]+)"/g)].map((m) => m[1]);
        assert.equal(required.length, METHODS.length);
        for (const r of required) {
          assert.equal(r, `pulumi-aql-mvno/dist/provider/resources/${name}/provider`);
        }
        for (const word of ["zod", "undici", "gateway", "password"]) {
          assert.ok(!sf.text.includes(word), `mentions ${word}`);
        }
      });

      it("delegates to the runtime module", async () => {
        const runtime = (await import(`../../../provider/resources/${name}/provider`)) as Record<
          string,
          unknown
        >;
        for (const m of METHODS) assert.equal(typeof runtime[m], "function", m);
        const olds = { __provider: PROVIDER };
        const news = { __provider: PROVIDER, bogus: 1 };
        const viaShim = await shim.check(olds, news);
        const direct = await (runtime["check"] as typeof shim.check)(olds, news);
        assert.deepEqual(viaShim, direct);
        assert.ok((viaShim.failures ?? []).some((f) => f.property === "bogus"));
      });
    });
  }

  it("a shim's diff is the runtime's diff", async () => {
    const olds = { geoNumber: NUMBER, notify: true, __provider: "old" };
    const d = await voicemailShim.diff(NUMBER, olds, {
      ...olds,
      notify: false,
      __provider: PROVIDER,
    });
    assert.deepEqual(d, { changes: true, replaces: [], deleteBeforeReplace: false });
  });
});
