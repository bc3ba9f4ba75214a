import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import type { Sim as SimClass } from "../../../provider/resources/sim/resource";
import shim from "../../../provider/resources/sim/shim";

const RUNTIME = "pulumi-aql-mvno/dist/provider/resources/sim/provider";
const METHODS = ["configure", "check", "diff", "create", "read", "update", "delete"];

describe("Sim shim", () => {
  it("is exactly the seven provider methods", () => {
    assert.deepEqual(Object.keys(shim), METHODS);
  });

  it("each method only requires the compiled runtime by package name and delegates", () => {
    for (const [name, fn] of Object.entries(shim)) {
      const src = fn.toString();
      const m = /^\(([\w, ]*)\) => require\(runtime\)\.(\w+)\(([\w, ]*)\)$/.exec(src);
      assert.ok(m, `${name}: ${src}`);
      assert.equal(m[2], name);
      assert.equal(m[3], m[1], `${name} passes its arguments through`);
    }
  });

  it("serializes small, capturing nothing but the require (by value, as outside node_modules)", async () => {
    const sf = await pulumi.runtime.serializeFunction(() => shim, { allowSecrets: true });
    assert.ok(sf.text.length < 3000, `${sf.text.length} bytes`);
    assert.equal(sf.containsSecrets, false);
    // Each method requires `runtime`, which it captures as the runtime's package path.
    const requires = sf.text.match(/require\([^)]*\)/g) ?? [];
    assert.equal(requires.length, 7);
    assert.ok(requires.every((r) => r === "require(runtime)"));
    const captured = [...sf.text.matchAll(/\bruntime: "([^"]+)"/g)].map((m) => m[1]);
    assert.equal(captured.length, 7);
    assert.ok(captured.every((r) => r === RUNTIME));
  });
});

describe("Sim resource", () => {
  const registered: pulumi.runtime.MockResourceArgs[] = [];
  let Sim: typeof SimClass;

  before(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push(args);
          const codes = { pin: "1111", pin2: "2222", puk: "33333333", puk2: "44444444" };
          // State written before the codes were one output: four secret outputs.
          if (args.name === "legacy") {
            const legacy: Record<string, unknown> = {};
            for (const [k, v] of Object.entries(codes)) {
              legacy[k] = {
                [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig,
                value: v,
              };
            }
            return { id: `${args.name}-id`, state: { ...args.inputs, ...legacy } };
          }
          // As the engine returns an additional secret output: wrapped in the secret signature.
          const securityCodes = {
            [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig,
            value: codes,
          };
          return { id: `${args.name}-id`, state: { ...args.inputs, securityCodes } };
        },
        call: () => ({}),
      },
      "proj",
      "stack",
      false,
    );
    ({ Sim } = await import("../../../provider/resources/sim/resource"));
  });

  const args = {
    iccid: "89441000000000000000",
    geoNumber: "+44 113 320 3040",
    subscriber: {
      name: "Ann",
      address: "1 Road",
      postcode: "LS10 1JQ",
      contactNumber: pulumi.output("441133203040"),
    },
    imei: "351234567890123",
  };

  it("registers as pulumi-nodejs:dynamic/aql:Sim, with the shim as __provider", async () => {
    const sim = new Sim("one", args);
    await new Promise<string>((resolve) => sim.urn.apply(resolve));
    const r = registered.find((x) => x.name === "one");
    assert.ok(r);
    assert.equal(r.type, "pulumi-nodejs:dynamic/aql:Sim");
    assert.match(String(r.inputs["__provider"]), new RegExp(RUNTIME));
  });

  it("stores subscriber and imei as secret inputs, and lists every secret output", async () => {
    let seenOpts: pulumi.CustomResourceOptions | undefined;
    const sim = new Sim("two", args, {
      additionalSecretOutputs: ["imsi"],
      transformations: [
        (t) => {
          seenOpts = t.opts;
          return undefined;
        },
      ],
    });
    assert.equal(await isSecret(sim.subscriber), true);
    assert.equal(await isSecret(sim.imei), true);
    assert.equal(await isSecret(sim.iccid), false);
    assert.ok(seenOpts);
    assert.deepEqual([...(seenOpts.additionalSecretOutputs ?? [])].sort(), [
      "imei",
      "imsi",
      "securityCodes",
      "subscriber",
    ]);
  });

  it("reads pin, pin2, puk and puk2 from the one securityCodes output, each a secret", async () => {
    const sim = new Sim("codes", args);
    assert.equal(await isSecret(sim.securityCodes), true);
    await assertCodes(sim);
  });

  it("still reads pin ... puk2 from state that holds them as four outputs", async () => {
    await assertCodes(new Sim("legacy", args));
  });

  it("declares the output-only properties as outputs", async () => {
    const { imei: _imei, ...withoutImei } = args;
    const sim = new Sim("three", withoutImei);
    for (const k of [
      "state",
      "imsi",
      "reportedServices",
      "securityCodes",
      "pin",
      "puk2",
      "lastRequestId",
      "pendingRequest",
    ]) {
      assert.ok(pulumi.Output.isInstance((sim as unknown as Record<string, unknown>)[k]), k);
    }
    assert.equal(await isSecret(sim.imei), false);
    assert.equal(await value(sim.iccid), args.iccid);
  });
});

/** The codes the mocked engine returns, each read as a secret output of the Sim. */
async function assertCodes(sim: SimClass): Promise<void> {
  const want = { pin: "1111", pin2: "2222", puk: "33333333", puk2: "44444444" };
  for (const [k, v] of Object.entries(want)) {
    const o = sim[k as keyof typeof want];
    assert.equal(await isSecret(o), true, k);
    assert.equal(await value(o), v, k);
  }
}

function isSecret(o: pulumi.Output<unknown>): Promise<boolean> {
  return (o as unknown as { isSecret: Promise<boolean> }).isSecret;
}

function value<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply(resolve));
}
