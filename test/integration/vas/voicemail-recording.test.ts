import assert from "node:assert/strict";
import { GatewayError } from "../../../provider/errors";
import rec from "../../../provider/resources/call-recording/provider";
import vm from "../../../provider/resources/voicemail/provider";
import { PROVIDER, start, type Harness } from "./helpers";

type Props = Record<string, unknown>;

/** What the engine does: check, then hand the checked inputs on. */
async function checked(p: typeof vm, raw: Props): Promise<Props> {
  const r = await p.check({}, { ...raw, __provider: PROVIDER });
  assert.equal(r.failures, undefined, JSON.stringify(r.failures));
  return r.inputs!;
}

describe("Voicemail and CallRecording against the simulator", () => {
  let h: Harness;
  before(async () => {
    h = await start();
  });
  after(async () => {
    await h.close();
  });

  const voicemailOf = (n: string) => h.sim.snapshot().accounts["demo"]!.voicemail[n];
  const recordingOf = (n: string) => h.sim.snapshot().accounts["demo"]!.recording[n];
  const vmCommands = (since: number) =>
    h.sim
      .log(since)
      .filter((e) => e.route === "vm")
      .map((e) => e.command);
  const lastSeq = () => h.sim.log().at(-1)?.seq ?? 0;

  it("create, refresh, drift, update, delete: the simulator follows", async () => {
    const { number } = h.activeSim(0);
    const inputs = await checked(vm, {
      geoNumber: `+${number}`,
      delaySeconds: 20,
      pin: "2468",
      email: "alice@example.com",
      notify: true,
      attach: true,
    });

    const created = await vm.create(inputs);
    assert.equal(created.id, number);
    assert.deepEqual(voicemailOf(number), {
      delay: 20,
      pin: "2468",
      email: "alice@example.com",
      notify: true,
      attach: true,
    });
    assert.deepEqual(created.outs, {
      geoNumber: number,
      delaySeconds: 20,
      pin: "2468",
      email: "alice@example.com",
      notify: true,
      attach: true,
      managed: ["delaySeconds", "pin", "email", "notify", "attach"],
    });

    // Changed outside Pulumi: refresh shows it, in the outputs and in the inputs, and diff
    // turns it into an update.
    h.sim.oob({ op: "voicemail", number, settings: { delay: 45, notify: false } });
    const refreshed = await vm.read(number, { ...created.outs, __provider: PROVIDER });
    assert.equal(refreshed.id, number);
    assert.equal(refreshed.props!["delaySeconds"], 45);
    assert.equal(refreshed.props!["notify"], false);
    assert.deepEqual(refreshed.inputs, {
      geoNumber: number,
      delaySeconds: 45,
      pin: "2468",
      email: "alice@example.com",
      notify: false,
      attach: true,
    });
    const diff = await vm.diff(number, refreshed.props!, inputs);
    assert.equal(diff.changes, true);
    assert.deepEqual(diff.replaces, []);

    const seq = lastSeq();
    const updated = await vm.update(number, refreshed.props!, {
      ...inputs,
      email: "bob@example.com",
    });
    assert.deepEqual(vmCommands(seq), ["info", "config"]);
    assert.deepEqual(voicemailOf(number), {
      delay: 20,
      pin: "2468",
      email: "bob@example.com",
      notify: true,
      attach: true,
    });
    assert.equal(updated.outs!["email"], "bob@example.com");

    // Nothing to change: info only.
    const seq2 = lastSeq();
    await vm.update(number, updated.outs!, { ...inputs, email: "bob@example.com" });
    assert.deepEqual(vmCommands(seq2), ["info"]);

    await vm.delete(number, updated.outs!);
    assert.equal(voicemailOf(number), undefined);
    // Gone: refresh drops it, and a second delete is not an error (65002 counts as gone).
    assert.equal((await vm.read(number, updated.outs!)).id, "");
    await vm.delete(number, updated.outs!);
  });

  it("a voicemail removed with its SIM's termination leaves the stack on refresh", async () => {
    const { iccid, number } = h.activeSim(1);
    const created = await vm.create(await checked(vm, { geoNumber: number, delaySeconds: 10 }));
    h.sim.oob({ op: "terminate", iccid });
    assert.deepEqual(await vm.read(number, created.outs!), { id: "" });
  });

  it("the gateway's refusal reaches the user: no voicemail before the SIM is active", async () => {
    const [number] = h.sim.freeNumbers(1, { offset: 50 });
    await assert.rejects(
      vm.create(await checked(vm, { geoNumber: number!, delaySeconds: 10 })),
      (e: unknown) => {
        assert.ok(e instanceof GatewayError);
        assert.ok(e.has(63017));
        assert.match(e.message, new RegExp(`number ${number}`));
        return true;
      },
    );
  });

  it("call recording goes through rec.php", async () => {
    const { number } = h.activeSim(2);
    const inputs = await checked(rec as unknown as typeof vm, {
      geoNumber: number,
      active: true,
      onDemand: false,
      email: "rec@example.com",
      notify: true,
    });
    const created = await rec.create(inputs);
    assert.deepEqual(recordingOf(number), {
      active: true,
      ondemand: false,
      email: "rec@example.com",
      notify: true,
      attach: false,
    });
    // Unmanaged attach is reported as the gateway has it.
    assert.equal(created.outs!["attach"], false);
    assert.equal(voicemailOf(number), undefined);

    const updated = await rec.update(number, created.outs!, { ...inputs, onDemand: true });
    assert.equal(recordingOf(number)!.ondemand, true);
    assert.equal(updated.outs!["onDemand"], true);

    await rec.delete(number, updated.outs!);
    assert.equal(recordingOf(number), undefined);
    assert.deepEqual(await rec.read(number, updated.outs!), { id: "" });
  });
});
