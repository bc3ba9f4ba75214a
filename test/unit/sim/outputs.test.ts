import assert from "node:assert/strict";
import { ValidationError } from "../../../provider/errors";
import type { SimInfo } from "../../../provider/gateway/types";
import { UNKNOWN, toSimInputs } from "../../../provider/resources/sim/inputs";
import type { SimInputs } from "../../../provider/resources/sim/inputs";
import { buildOutputs, inputsFromState, readPrior } from "../../../provider/resources/sim/outputs";
import { DEFAULT_SERVICES } from "../../support/fake-gateway";
import { ICCID, NUMBER, OTHER_NUMBER, SUBSCRIBER, assertJsonSafe, checkedInputs } from "./helpers";

const inputs: SimInputs = {
  iccid: ICCID,
  geoNumber: NUMBER,
  subscriber: { ...SUBSCRIBER },
  services: { internet: false, intRoaming: true },
  suspended: false,
  deletionPolicy: "suspend",
  adopt: false,
};

const active: SimInfo = {
  iccid: ICCID,
  state: "active",
  geoNumber: OTHER_NUMBER,
  services: { ...DEFAULT_SERVICES },
  imsi: "234201",
  pin: "1234",
  pin2: "2234",
  puk: "12345678",
  puk2: "22345678",
};

describe("Sim outputs", () => {
  it("hold the gateway's values for the managed properties, the inputs for the rest", () => {
    const out = buildOutputs(inputs, active, { lastRequestId: "7" });
    assert.equal(out.geoNumber, OTHER_NUMBER);
    assert.deepEqual(out.services, { intRoaming: false, internet: true });
    assert.equal(out.suspended, false);
    assert.equal(out.deletionPolicy, "suspend");
    assert.equal(out.reportedServices?.mms, true);
    assert.equal(Object.keys(out.reportedServices ?? {}).length, 10);
    assert.equal(out.lastRequestId, "7");
    assert.equal("pendingRequest" in out, false);
    assertJsonSafe(out);
  });

  it("an unsettled SIM: the inputs stand in, nothing the gateway did not report", () => {
    const out = buildOutputs(inputs, { iccid: ICCID, state: "pending" }, {});
    assert.equal(out.state, "pending");
    assert.equal(out.geoNumber, NUMBER);
    for (const k of ["imsi", "securityCodes", "reportedServices", "lastRequestId"]) {
      assert.equal(k in out, false, k);
    }
    assertJsonSafe(out);
  });

  it('an active SIM with no number has geoNumber "" (so that diff sees it)', () => {
    const { geoNumber: _g, ...noNumber } = active;
    assert.equal(buildOutputs(inputs, noNumber, {}).geoNumber, "");
    assert.equal(
      readPrior(ICCID, { ...buildOutputs(inputs, noNumber, {}) }).info?.geoNumber,
      undefined,
    );
  });

  it("read back: the state, the request record and the gateway view round-trip", () => {
    const pendingRequest = { id: "9", command: "suspend" as const, submittedAt: 123 };
    const out = buildOutputs(inputs, active, { lastRequestId: "9", pendingRequest });
    const prior = readPrior(ICCID, { ...out });
    assert.deepEqual(prior, { info: active, lastRequestId: "9", pendingRequest });
  });

  it("the PINs and PUKs are one output, and state that holds them as four still reads", () => {
    const out = buildOutputs(inputs, active, {});
    assert.deepEqual(out.securityCodes, {
      pin: "1234",
      pin2: "2234",
      puk: "12345678",
      puk2: "22345678",
    });
    for (const k of ["pin", "pin2", "puk", "puk2"]) assert.equal(k in out, false, k);
    const { securityCodes: _c, ...rest } = out;
    const legacy = { ...rest, pin: "1234", pin2: "2234", puk: "12345678", puk2: "22345678" };
    assert.deepEqual(readPrior(ICCID, legacy).info, active);
  });

  it("read back defensively: unreadable parts are left out", () => {
    assert.deepEqual(readPrior(ICCID, {}), {});
    assert.deepEqual(
      readPrior(ICCID, {
        state: "frozen",
        pendingRequest: { id: "1", command: "reboot", submittedAt: 1 },
        lastRequestId: 5,
      }),
      {},
    );
    const p = readPrior(ICCID, { state: "active", reportedServices: { internet: true } });
    assert.equal(p.info?.services, undefined);
  });

  it("inputs from the state, for read and delete, never fail", () => {
    const i = inputsFromState(ICCID, { deletionPolicy: "shred", subscriber: "?" });
    assert.equal(i.deletionPolicy, "terminate");
    assert.equal(i.subscriber, undefined);
    assert.equal(i.iccid, ICCID);
  });
});

describe("Sim inputs for create and update", () => {
  it("are the checked inputs, typed", () => {
    const i = toSimInputs(checkedInputs({ services: { internet: true } }));
    assert.deepEqual(i, {
      iccid: ICCID,
      geoNumber: NUMBER,
      subscriber: SUBSCRIBER,
      services: { internet: true },
      suspended: false,
      deletionPolicy: "terminate",
      adopt: false,
    });
  });

  it("refuse an unknown or an invalid value rather than guess", () => {
    assert.throws(() => toSimInputs(checkedInputs({ geoNumber: UNKNOWN })), ValidationError);
    assert.throws(
      () => toSimInputs(checkedInputs({ iccid: "x" })),
      (e: unknown) => e instanceof ValidationError && e.property === "iccid",
    );
  });
});
