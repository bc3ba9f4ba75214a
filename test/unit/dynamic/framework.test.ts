// The shared framework of the dynamic resources (provider/resources/dynamic): what every
// resource, the Sim included, relies on.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { checkInputs, forEngine, parseInputs } from "../../../provider/resources/dynamic/check";
import type { InputSpec } from "../../../provider/resources/dynamic/check";
import { differs, diffProps, sameValue } from "../../../provider/resources/dynamic/diff";
import { closedObject, knownOr } from "../../../provider/resources/dynamic/fields";
import { PROVIDER_KEY } from "../../../provider/resources/dynamic/provider-key";
import { UNKNOWN } from "../../../provider/resources/dynamic/unknown";
import { ValidationError } from "../../../provider/errors";

const PROVIDER_DIR = path.resolve(__dirname, "..", "..", "..", "provider");

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith(".ts") ? [p] : [];
  });
}

const spec: InputSpec<z.ZodObject> = {
  typeName: "Thing",
  schema: z.object({
    code: knownOr(z.string().regex(/^\d+$/, "must be digits")),
    owner: knownOr(
      closedObject(
        { name: knownOr(z.string().min(1, "must not be empty")), pin: knownOr(z.string()) },
        "is not an owner field",
      ),
    ),
    label: knownOr(z.string()).optional(),
  }),
  secrets: ["owner"],
  nullIsAbsent: true,
};

describe("dynamic resource framework", () => {
  it("defines the engine's provider key in one place", () => {
    const holders = sources(PROVIDER_DIR).filter((f) =>
      /["']__provider["']/.test(fs.readFileSync(f, "utf8")),
    );
    assert.deepEqual(
      holders.map((f) => path.relative(PROVIDER_DIR, f)),
      [path.join("resources", "dynamic", "provider-key.ts")],
    );
    assert.equal(PROVIDER_KEY, "__provider");
  });

  it("validates the known leaves of a nested value beside an unknown one", () => {
    const r = checkInputs(spec, {}, { code: "1", owner: { name: "", pin: UNKNOWN } });
    assert.deepEqual(r.failures, [{ property: "owner.name", reason: "must not be empty" }]);
    const ok = checkInputs(spec, {}, { code: "1", owner: { name: "Ann", pin: UNKNOWN } });
    assert.deepEqual(ok, { inputs: { code: "1", owner: { name: "Ann", pin: UNKNOWN } } });
  });

  it("names each unexpected nested key, with the object's own reason", () => {
    const r = checkInputs(spec, {}, { code: "1", owner: { name: "A", pin: "1", pn: "2" } });
    assert.deepEqual(r.failures, [{ property: "owner.pn", reason: "is not an owner field" }]);
  });

  it("takes null as absent for an optional property only when the spec says so", () => {
    assert.deepEqual(checkInputs(spec, {}, { code: "1", owner: UNKNOWN, label: null }), {
      inputs: { code: "1", owner: UNKNOWN },
    });
    const strict = { ...spec, nullIsAbsent: false };
    assert.equal(
      checkInputs(strict, {}, { code: "1", owner: UNKNOWN, label: null }).failures?.[0]?.property,
      "label",
    );
  });

  it("gives the engine no property (so no value) for a failure on a secret", () => {
    const news = { code: "1", owner: "Ann Example, PIN 1234" };
    const r = forEngine(spec, checkInputs(spec, {}, news));
    assert.equal(r.failures?.[0]?.property, "");
    assert.match(r.failures?.[0]?.reason ?? "", /^owner: /);
    assert.ok(!JSON.stringify(r.failures).includes("1234"));
  });

  it("refuses to hand create a value that is still unknown", () => {
    assert.throws(
      () => parseInputs(spec, { code: "1", owner: { name: "A", pin: UNKNOWN } }),
      (e: unknown) =>
        e instanceof ValidationError &&
        e.property === "owner" &&
        /is still unknown; it cannot be sent to the gateway/.test(e.message),
    );
  });

  it("refuses a property the resource does not have, naming the ones it has", () => {
    const r = checkInputs(spec, {}, { code: "1", owner: UNKNOWN, colour: "red" });
    assert.deepEqual(r.failures, [
      {
        property: "colour",
        reason: "is not a property of Thing (its properties: code, owner, label)",
      },
    ]);
    // A key the program left undefined is no property at all.
    assert.equal(
      checkInputs(spec, {}, { code: "1", owner: UNKNOWN, colour: undefined }).failures,
      undefined,
    );
  });

  it("compares JSON values: arrays are not objects, undefined members are absent", () => {
    assert.equal(sameValue([], {}), false);
    assert.equal(sameValue(["a"], { 0: "a" }), false);
    assert.equal(sameValue({ a: 1, b: undefined }, { a: 1 }), true);
    assert.equal(sameValue({ a: 1 }, { a: 1, b: undefined }), true);
    assert.equal(sameValue({ a: 1 }, { a: 1, b: 2 }), false);
    assert.equal(sameValue({ a: 1, b: 2 }, { a: 1, b: 3 }), false);
    assert.equal(sameValue({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), true);
  });

  it("asks for delete-before-replace only when something is replaced", () => {
    const policy = {
      properties: { code: "replace", label: "update" },
      absent: "compare",
      deleteBeforeReplace: true,
    } as const;
    assert.deepEqual(diffProps(policy, { code: "1", label: "a" }, { code: "1", label: "b" }), {
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    assert.deepEqual(diffProps(policy, { code: "1" }, { code: "2" }), {
      changes: true,
      replaces: ["code"],
      deleteBeforeReplace: true,
    });
  });

  it("diff counts an unknown, even nested, as a change", () => {
    assert.equal(differs({ a: 1 }, { a: 1 }), false);
    assert.equal(differs({ a: 1 }, { a: UNKNOWN }), true);
    assert.equal(differs("x", UNKNOWN), true);
  });
});
