import assert from "node:assert/strict";
import { GatewayError, ValidationError } from "../../../provider/errors";
import { querySim } from "../../../provider/functions/get-sim";
import { sharedGateway } from "../../../provider/gateway/shared";
import crisp from "../../../provider/resources/crisp/provider";
import { crispProvider } from "../../../provider/resources/crisp/runtime";
import { runtimeDeps } from "../../../provider/resources/dynamic/runtime";
import { PROVIDER, start, type Harness } from "./helpers";

type Props = Record<string, unknown>;

async function checked(raw: Props): Promise<Props> {
  const r = await crisp.check({}, { ...raw, __provider: PROVIDER });
  assert.equal(r.failures, undefined, JSON.stringify(r.failures));
  return r.inputs!;
}

describe("Crisp and getSim against the simulator", () => {
  let h: Harness;
  before(async () => {
    h = await start();
  });
  after(async () => {
    await h.close();
  });

  const crispOf = (iccid: string) => h.sim.sim(iccid)?.crisp;

  it("create enables a new account, delete disables it", async () => {
    const { iccid, number } = h.activeSim(10);
    const inputs = await checked({
      iccid,
      geoNumber: number,
      mode: "new",
      email: "parent@example.com",
      password: "s3cret-pw",
      parentSmsNumber: "447700900123",
    });
    const created = await crisp.create(inputs);
    assert.equal(created.id, iccid);
    assert.deepEqual(
      { ...crispOf(iccid), updatedAt: 0 },
      {
        enabled: true,
        email: "parent@example.com",
        mode: "new",
        parentSmsNumber: "447700900123",
        updatedAt: 0,
      },
    );
    // No read in the gateway: refresh hands the state back unchanged, with no call.
    const seq = h.sim.log().at(-1)!.seq;
    assert.deepEqual(await crisp.read(iccid, created.outs), { id: iccid, props: created.outs });
    assert.equal(h.sim.log(seq).length, 0);

    await crisp.delete(iccid, created.outs!);
    assert.equal(crispOf(iccid)!.enabled, false);
  });

  it("enable-existing, and delete after the SIM's number changed", async () => {
    const { iccid, number } = h.activeSim(11);
    const created = await crisp.create(
      await checked({ iccid, geoNumber: number, mode: "existing", email: "family@example.com" }),
    );
    assert.equal(crispOf(iccid)!.mode, "existing");
    const [other] = h.sim.freeNumbers(1, { offset: 60 });
    h.sim.oob({ op: "number", iccid, number: other! });
    await crisp.delete(iccid, created.outs!);
    assert.equal(crispOf(iccid)!.enabled, false);
  });

  it("delete of a Crisp already disabled, or gone with a terminated SIM, is done", async () => {
    const warnings: string[] = [];
    const p = crispProvider({ ...runtimeDeps, warn: (m) => warnings.push(m) });
    const { iccid, number } = h.activeSim(12);
    const created = await p.create(
      await checked({ iccid, geoNumber: number, mode: "existing", email: "a@example.com" }),
    );
    h.sim.oob({ op: "crisp", iccid, enabled: false });
    await p.delete(iccid, created.outs!);
    assert.equal(warnings.length, 1);

    const second = h.activeSim(13);
    const other = await p.create(
      await checked({
        iccid: second.iccid,
        geoNumber: second.number,
        mode: "existing",
        email: "b@example.com",
      }),
    );
    h.sim.oob({ op: "terminate", iccid: second.iccid });
    await p.delete(second.iccid, other.outs!);
  });

  it("Crisp on a SIM that is not active is refused by the gateway", async () => {
    const [iccid] = h.sim.freeIccids(1, { offset: 70 });
    const [number] = h.sim.freeNumbers(1, { offset: 70 });
    await assert.rejects(
      crisp.create(
        await checked({
          iccid: iccid!,
          geoNumber: number!,
          mode: "existing",
          email: "c@example.com",
        }),
      ),
      (e: unknown) => e instanceof GatewayError && e.has(63017),
    );
  });

  it("getSim reads an active SIM, secrets included", async () => {
    const { iccid, number } = h.activeSim(14);
    const r = await querySim({ iccid }, () => sharedGateway(h.config));
    const view = h.sim.sim(iccid)!;
    assert.equal(r.state, "active");
    assert.equal(r.geoNumber, number);
    assert.equal(r.imsi, view.imsi);
    assert.equal(r.pin, view.pin);
    assert.equal(r.puk2, view.puk2);
    assert.equal(r.services!.moVoice, true);
    assert.equal(r.services!.intRoaming, false);
  });

  it("getSim of an unused SIM, and of a malformed ICCID (refused before any call)", async () => {
    const [iccid] = h.sim.freeIccids(1, { offset: 80 });
    assert.deepEqual(await querySim({ iccid: iccid! }, () => sharedGateway(h.config)), {
      iccid,
      state: "unused",
    });
    const seq = h.sim.log().at(-1)!.seq;
    await assert.rejects(
      querySim({ iccid: "12" }, () => sharedGateway(h.config)),
      ValidationError,
    );
    assert.equal(h.sim.log(seq).length, 0);
  });
});
