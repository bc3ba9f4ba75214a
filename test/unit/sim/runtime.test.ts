import assert from "node:assert/strict";
import { parseConfig } from "../../../provider/config";
import { TerminationGuardError } from "../../../provider/errors";
import runtime from "../../../provider/resources/sim/provider";
import { overrideForTests, resetForTests } from "../../../provider/runtime/context";
import { FakeGateway } from "../../support/fake-gateway";
import { ICCID, ICCID2, PROVIDER, checkedInputs } from "./helpers";

// The module the shim requires: its exports, wired to the process-wide context.
describe("Sim runtime module (what the shim delegates to)", () => {
  afterEach(() => resetForTests());

  it("exports the seven provider methods, delete included", () => {
    for (const m of ["configure", "check", "diff", "create", "read", "update", "delete"] as const) {
      assert.equal(typeof runtime[m], "function", m);
    }
  });

  it("runs against the context's gateway and counts terminations per process", async () => {
    const gw = new FakeGateway();
    overrideForTests({
      gateway: gw,
      config: parseConfig({ username: "u", password: "p", maxTerminationsPerRun: 1 }),
    });
    const made = [];
    for (const iccid of [ICCID, ICCID2]) {
      gw.addSim(iccid);
      const r = await runtime.create(checkedInputs({ iccid }));
      made.push({ ...r.outs, __provider: PROVIDER });
    }
    await runtime.delete(ICCID, made[0]!);
    const e = await runtime.delete(ICCID2, made[1]!).catch((x: unknown) => x);
    assert.ok(e instanceof TerminationGuardError);
    assert.equal(e.limit, 1);
    assert.equal(gw.sim(ICCID2).state, "active");
  });

  it("configure reads aql:* stack config", async () => {
    await runtime.configure({
      config: {
        get: (k: string) => (k === "aql:maxTerminationsPerRun" ? "0" : undefined),
        require: (k: string) => {
          throw new Error(k);
        },
      },
    });
    const gw = new FakeGateway();
    overrideForTests({ gateway: gw });
    gw.addSim(ICCID, { state: "active", geoNumber: "441133203040" });
    const e = await runtime
      .delete(ICCID, { ...checkedInputs(), state: "active" })
      .catch((x: unknown) => x);
    assert.ok(e instanceof TerminationGuardError);
    assert.deepEqual(gw.commands(), ["queryiccid"], "asked, and no terminate sent");
  });
});
