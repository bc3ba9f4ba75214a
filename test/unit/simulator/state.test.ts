import assert from "node:assert/strict";
import { SIM_COMMANDS, SIM_STATES } from "../../../provider/gateway/types";
import {
  applyEvent,
  commandStateCode,
  defaultServices,
  emptyAccountState,
  finishActivation,
  newPendingSim,
  nextState,
  rebuildNumberOwners,
  setSimNumber,
  terminateSim,
  TRANSITIONS,
  VOICEMAIL_DEFAULTS,
  RECORDING_DEFAULTS,
  type SimEvent,
} from "../../../simulator/state";

const SUB = { name: "A", address: "B", postcode: "LS10 1JQ", contactNumber: "441133203040" };

describe("simulator state machine (pure)", () => {
  it("allows exactly the documented transitions", () => {
    const allowed: [string, SimEvent, string][] = [
      ["unused", "activate", "pending"],
      ["pending", "activation-succeeded", "active"],
      ["pending", "activation-failed", "unused"],
      ["active", "suspend", "suspended"],
      ["suspended", "unsuspend", "active"],
      ["active", "terminate", "terminated"],
      ["suspended", "terminate", "terminated"],
    ];
    const events: SimEvent[] = [
      "activate",
      "activation-succeeded",
      "activation-failed",
      "suspend",
      "unsuspend",
      "terminate",
    ];
    for (const s of SIM_STATES) {
      for (const e of events) {
        const hit = allowed.find(([from, ev]) => from === s && ev === e);
        assert.equal(nextState(s, e), hit?.[2], `${s} --${e}-->`);
      }
    }
    assert.deepEqual(TRANSITIONS.terminated, {});
  });

  it("maps command and state to 63026 / 63017 as documented", () => {
    const expect = (cmd: (typeof SIM_COMMANDS)[number], state: (typeof SIM_STATES)[number]) =>
      commandStateCode(cmd, state);
    for (const c of SIM_COMMANDS) {
      if (c === "queryiccid" || c === "checkstatus") continue;
      assert.equal(expect(c, "terminated"), 63026, `${c} on terminated`);
    }
    for (const s of SIM_STATES) {
      assert.equal(expect("queryiccid", s), null);
      assert.equal(expect("activate", s), s === "unused" ? null : 63026);
      assert.equal(expect("unsuspend", s), s === "suspended" ? null : 63026);
      assert.equal(expect("terminate", s), s === "active" || s === "suspended" ? null : 63026);
      for (const c of [
        "suspend",
        "addservice",
        "removeservice",
        "assigngeo",
        "changegeo",
        "crisp",
      ] as const) {
        assert.equal(
          expect(c, s),
          s === "active" ? null : s === "terminated" ? 63026 : 63017,
          `${c} on ${s}`,
        );
      }
    }
  });

  it("gives the documented default services on activation", () => {
    const d = defaultServices();
    assert.deepEqual(
      Object.entries(d)
        .filter(([, on]) => on)
        .map(([k]) => k)
        .sort(),
      ["internet", "mo_sms", "mo_voice", "mt_sms", "mt_voice"],
    );
    const sim = newPendingSim("8944", "441134960000", SUB, null, "1", 5);
    assert.ok(applyEvent(sim, "activation-succeeded", 10));
    assert.deepEqual(sim.services, d);
    assert.equal(sim.activatedAt, 10);
    assert.equal(applyEvent(sim, "activate", 11), false, "not allowed: unchanged");
    assert.equal(sim.state, "active");
  });

  it("activation failure returns the SIM to unused and frees its number", () => {
    const acc = emptyAccountState();
    acc.sims.set("1", newPendingSim("1", "441134960000", SUB, null, "r", 0));
    rebuildNumberOwners(acc);
    assert.equal(acc.numberOwner.get("441134960000"), "1");
    assert.ok(finishActivation(acc, "1", false, 1));
    assert.equal(acc.sims.has("1"), false);
    assert.equal(acc.numberOwner.size, 0);
    assert.equal(finishActivation(acc, "1", true, 2), false, "nothing pending any more");
  });

  it("termination is final, frees the number and drops its voicemail and recording", () => {
    const acc = emptyAccountState();
    const sim = newPendingSim("1", "441134960000", SUB, null, "r", 0);
    acc.sims.set("1", sim);
    rebuildNumberOwners(acc);
    finishActivation(acc, "1", true, 1);
    acc.voicemail.set("441134960000", { ...VOICEMAIL_DEFAULTS });
    acc.recording.set("441134960000", { ...RECORDING_DEFAULTS });
    assert.ok(terminateSim(acc, "1", 2));
    assert.equal(sim.state, "terminated");
    assert.equal(sim.geoNo, null);
    assert.equal(acc.numberOwner.size, 0);
    assert.equal(acc.voicemail.size + acc.recording.size, 0);
    assert.equal(terminateSim(acc, "1", 3), false);
    for (const e of ["activate", "suspend", "unsuspend", "terminate"] as const) {
      assert.equal(applyEvent(sim, e, 4), false);
    }
  });

  it("setSimNumber moves the number index", () => {
    const acc = emptyAccountState();
    const sim = newPendingSim("1", "441134960000", SUB, null, "r", 0);
    acc.sims.set("1", sim);
    rebuildNumberOwners(acc);
    setSimNumber(acc, sim, "441134960001", 1);
    assert.deepEqual([...acc.numberOwner], [["441134960001", "1"]]);
    setSimNumber(acc, sim, null, 2);
    assert.equal(acc.numberOwner.size, 0);
    assert.equal(sim.geoNo, null);
  });
});
