// The SimEstate component under Pulumi's mocks: what it declares, and that a bad inventory
// stops the program before anything is declared.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { SimEstate as SimEstateClass } from "../../../provider/estate/estate";
import { InventoryError, ValidationError } from "../../../provider/errors";
import { ICCIDS, NUMBERS, cells, col, csv } from "./helpers";

const SIM = "pulumi-nodejs:dynamic/aql:Sim";
const VM = "pulumi-nodejs:dynamic/aql:Voicemail";
const REC = "pulumi-nodejs:dynamic/aql:CallRecording";

describe("SimEstate", () => {
  const registered: pulumi.runtime.MockResourceArgs[] = [];
  let SimEstate: typeof SimEstateClass;
  let dir: string;

  before(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push(args);
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call: () => ({}),
      },
      "proj",
      "stack",
      false,
    );
    ({ SimEstate } = await import("../../../provider/estate/estate"));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "aql-estate-"));
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => registered.splice(0));

  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const settle = () => new Promise((r) => setTimeout(r, 50));

  it("declares one Sim per row named by ICCID, and voicemail and recording under their Sim", async () => {
    const file = write(
      "good.csv",
      csv(cells(0, { services: "internet" }), cells(1, { vmPin: "1234", recActive: "true" })),
    );
    const estate = new SimEstate("estate", { inventory: file, defaults: { suspended: true } });
    await settle();

    const byType = (t: string) => registered.filter((r) => r.type === t);
    assert.equal(byType("aql:index:SimEstate").length, 1);
    assert.deepEqual(
      byType(SIM)
        .map((r) => r.name)
        .sort(),
      ICCIDS.slice(0, 2).map((i) => `sim-${i}`),
    );
    assert.deepEqual(
      byType(VM).map((r) => r.name),
      [`vm-${ICCIDS[1]}`],
    );
    assert.deepEqual(
      byType(REC).map((r) => r.name),
      [`rec-${ICCIDS[1]}`],
    );
    const first = byType(SIM).find((r) => r.name === `sim-${ICCIDS[0]}`)!;
    assert.equal(first.inputs.geoNumber, NUMBERS[0]);
    assert.equal(first.inputs.suspended, true);
    assert.equal(first.inputs.services.internet, true);
    assert.equal(byType(VM)[0]!.inputs.geoNumber, NUMBERS[1], "the number comes from the Sim");
    assert.equal(byType(VM)[0]!.inputs.pin.value, "1234", "a secret");
    assert.deepEqual(Object.keys(estate.sims), ICCIDS.slice(0, 2));
    assert.equal(estate.rows.length, 2);
  });

  it("summarises the estate from its SIMs' outputs", async () => {
    const estate = new SimEstate("estate2", {
      records: [
        {
          iccid: ICCIDS[0],
          number: NUMBERS[0],
          name: "Ann",
          address: "1 Road",
          postcode: "LS10 1JQ",
          contact: "441133203040",
        },
      ],
    });
    const summary = await new Promise((resolve) => estate.summary.apply(resolve));
    assert.deepEqual((summary as { numbers: string[] }).numbers, [NUMBERS[0]]);
  });

  it("throws an InventoryError naming file:line:column, with nothing declared", async () => {
    const file = write("bad.csv", csv(cells(0), cells(1, { postcode: "XX" })));
    assert.throws(
      () => new SimEstate("bad", { inventory: file }),
      (e: unknown) =>
        e instanceof InventoryError &&
        e.message.startsWith(`${file}:3:${col("postcode")}: postcode`) &&
        // Pulumi prints a RunError's message without the stack.
        (e as unknown as { __pulumiRunError?: boolean }).__pulumiRunError === true,
    );
    await settle();
    assert.equal(registered.length, 0);
  });

  it("says so when the file cannot be read", () => {
    const file = path.join(dir, "missing.csv");
    assert.throws(
      () => new SimEstate("missing", { inventory: file }),
      (e: unknown) => e instanceof InventoryError && /cannot be read \(ENOENT\)/.test(e.message),
    );
  });

  it("wants exactly one of inventory and records", () => {
    assert.throws(() => new SimEstate("none", {}), ValidationError);
    assert.throws(
      () => new SimEstate("both", { inventory: "x.csv", records: [] }),
      ValidationError,
    );
  });

  it("declares only its shard's rows, and the shards together declare each row once", async () => {
    const file = write("three.csv", csv(cells(0), cells(1), cells(2)));
    const names: string[] = [];
    for (let index = 0; index < 2; index++) {
      registered.splice(0);
      const estate = new SimEstate(`shard${index}`, {
        inventory: file,
        shard: { index, count: 2 },
      });
      await settle();
      const sims = registered.filter((r) => r.type === SIM).map((r) => r.name);
      assert.deepEqual(
        Object.keys(estate.sims).map((i) => `sim-${i}`),
        sims,
      );
      assert.equal(estate.rows.length, 3, "rows stay the whole inventory");
      names.push(...sims);
    }
    assert.deepEqual(names.sort(), ICCIDS.map((i) => `sim-${i}`).sort());
  });

  it("refuses a bad shard before declaring anything", async () => {
    const file = write("ok2.csv", csv(cells(0)));
    assert.throws(
      () => new SimEstate("s", { inventory: file, shard: { index: 2, count: 2 } }),
      (e: unknown) => e instanceof ValidationError && e.property === "shard.index",
    );
    await settle();
    assert.equal(registered.length, 0);
  });

  it("refuses bad defaults before declaring anything", async () => {
    const file = write("ok.csv", csv(cells(0)));
    assert.throws(
      () =>
        new SimEstate("d", {
          inventory: file,
          defaults: { deletionPolicy: "destroy" as never },
        }),
      ValidationError,
    );
    await settle();
    assert.equal(registered.length, 0);
  });

  it("reads a config:NAME PIN as a secret from the estate's config", async () => {
    pulumi.runtime.setAllConfig({ "proj:vmPinAda": "4821" }, ["proj:vmPinAda"]);
    const file = write("ref.csv", csv(cells(0, { vmPin: "config:vmPinAda", vmDelay: "20" })));
    new SimEstate("pins", { inventory: file });
    await settle();
    const vm = registered.find((r) => r.type === VM)!;
    // The engine gets it as a secret (the mocks see the secret's envelope).
    assert.deepEqual(vm.inputs["pin"], {
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
      value: "4821",
    });
    assert.equal(vm.inputs["pinConfig"], undefined);
  });

  it("refuses a config:NAME PIN that is not set, naming the cell, before declaring anything", async () => {
    const file = write("unset.csv", csv(cells(0), cells(1, { vmPin: "config:vmPinNobody" })));
    assert.throws(
      () => new SimEstate("unset", { inventory: file }),
      (e: unknown) =>
        e instanceof InventoryError &&
        e.line === 3 &&
        e.column === col("vmPin") &&
        /config:vmPinNobody, which is not set: pulumi config set --secret vmPinNobody/.test(
          e.message,
        ),
    );
    await settle();
    assert.equal(registered.length, 0);
  });
});
