import assert from "node:assert/strict";
import type { SimInfo } from "../../../provider/gateway/types";
import { decideConvergence } from "../../../provider/resources/sim/converge";
import { DEFAULT_SERVICES } from "../../support/fake-gateway";
import { ICCID, NUMBER, OTHER_NUMBER } from "./helpers";

const info = (over: Partial<SimInfo>): SimInfo => ({ iccid: ICCID, state: "unused", ...over });
const settled = (state: "active" | "suspended", geoNumber?: string): SimInfo =>
  info({ state, services: { ...DEFAULT_SERVICES }, ...(geoNumber !== undefined && { geoNumber }) });
const goal = { geoNumber: NUMBER, adopt: false, owned: false };

describe("Sim convergence decision", () => {
  it("unused: activate", () => {
    assert.deepEqual(decideConvergence(info({ state: "unused" }), goal), { action: "activate" });
  });

  it("pending: wait for the activation in flight, send nothing", () => {
    assert.deepEqual(decideConvergence(info({ state: "pending" }), goal), {
      action: "await-activation",
    });
  });

  for (const state of ["active", "suspended"] as const) {
    it(`${state} with the same number: take it over`, () => {
      const d = decideConvergence(settled(state, NUMBER), goal);
      assert.equal(d.action, "reconcile");
      assert.equal(d.action === "reconcile" && d.current.state, state);
    });

    it(`${state} with another number: refused without adopt, naming adopt: true`, () => {
      const d = decideConvergence(settled(state, OTHER_NUMBER), goal);
      assert.equal(d.action, "refuse");
      assert.match(d.action === "refuse" ? d.reason : "", /adopt: true/);
      assert.match(d.action === "refuse" ? d.reason : "", new RegExp(OTHER_NUMBER));
      // What adopting would then do: change the number, not assign one.
      assert.match(
        d.action === "refuse" ? d.reason : "",
        new RegExp(`\\(its number will then be changed to ${NUMBER} with changegeo\\)$`),
      );
    });

    it(`${state} with no number: refused without adopt, naming adopt: true`, () => {
      const d = decideConvergence(settled(state), goal);
      assert.equal(d.action, "refuse");
      assert.match(d.action === "refuse" ? d.reason : "", /no number.*adopt: true.*assigngeo/);
    });

    it(`${state} with another or no number and adopt: reconcile`, () => {
      for (const n of [OTHER_NUMBER, undefined]) {
        const d = decideConvergence(settled(state, n), { ...goal, adopt: true });
        assert.equal(d.action, "reconcile");
      }
    });

    it(`${state}, already this resource's: a different number is drift to correct`, () => {
      const d = decideConvergence(settled(state, OTHER_NUMBER), { ...goal, owned: true });
      assert.equal(d.action, "reconcile");
    });
  }

  it("terminated: a clear refusal, adopt or not", () => {
    for (const adopt of [false, true]) {
      const d = decideConvergence(info({ state: "terminated" }), { ...goal, adopt });
      assert.equal(d.action, "refuse");
      assert.match(d.action === "refuse" ? d.reason : "", /terminated.*cannot be undone/);
    }
  });
});
