import assert from "node:assert/strict";
import { GatewayError, ValidationError } from "../../../provider/errors";
import { callRecordingSpec } from "../../../provider/resources/call-recording/inputs";
import { numberServiceProvider } from "../../../provider/resources/number-service/runtime";
import { voicemailSpec } from "../../../provider/resources/voicemail/inputs";
import { NUMBER, PROVIDER, VasFakeGateway, fakeDeps } from "./helpers";

const inputs = (over: Record<string, unknown> = {}) => ({
  geoNumber: NUMBER,
  delaySeconds: 20,
  pin: "1234",
  email: "alice@example.com",
  notify: true,
  attach: true,
  __provider: PROVIDER,
  ...over,
});

function voicemail() {
  const gw = new VasFakeGateway();
  return { gw, p: numberServiceProvider(voicemailSpec, fakeDeps(gw)) };
}

describe("Voicemail provider (vm.php lifecycle)", () => {
  it("create with no voicemail there: info, config with every setting given, info", async () => {
    const { gw, p } = voicemail();
    const r = await p.create(inputs());
    assert.equal(r.id, NUMBER);
    assert.deepEqual(gw.vasCommands(), ["vm:info", "vm:config", "vm:info"]);
    assert.deepEqual(gw.vasCalls[1]!.settings, {
      delaySeconds: 20,
      pin: "1234",
      email: "alice@example.com",
      notify: true,
      attach: true,
    });
    assert.deepEqual(r.outs, {
      geoNumber: NUMBER,
      delaySeconds: 20,
      pin: "1234",
      email: "alice@example.com",
      notify: true,
      attach: true,
      managed: ["delaySeconds", "pin", "email", "notify", "attach"],
    });
  });

  it("create with the number alone sends a config with no settings", async () => {
    const { gw, p } = voicemail();
    await p.create({ geoNumber: NUMBER, __provider: PROVIDER });
    assert.deepEqual(gw.vasCommands(), ["vm:info", "vm:config", "vm:info"]);
    assert.deepEqual(gw.vasCalls[1]!.settings, {});
  });

  it("create over a voicemail that has the declared values: takes it over with info alone", async () => {
    const { gw, p } = voicemail();
    gw.vmStore.set(NUMBER, {
      delaySeconds: 20,
      pin: "9876",
      notify: false,
      email: "x@example.com",
    });
    const r = await p.create({
      geoNumber: NUMBER,
      delaySeconds: 20,
      notify: false,
      __provider: PROVIDER,
    });
    assert.deepEqual(gw.vasCommands(), ["vm:info"], "no config sent");
    assert.deepEqual(r.outs, {
      geoNumber: NUMBER,
      delaySeconds: 20,
      pin: "9876",
      email: "x@example.com",
      notify: false,
      managed: ["delaySeconds", "notify"],
    });
  });

  it("create over a voicemail with one value differing: config sends that one only", async () => {
    const { gw, p } = voicemail();
    gw.vmStore.set(NUMBER, { delaySeconds: 20, pin: "9876", notify: false });
    await p.create({ geoNumber: NUMBER, delaySeconds: 25, notify: false, __provider: PROVIDER });
    assert.deepEqual(gw.vasCommands(), ["vm:info", "vm:config", "vm:info"]);
    assert.deepEqual(gw.vasCalls[1]!.settings, { delaySeconds: 25 });
  });

  it("outputs report what the gateway has, including settings the program leaves out", async () => {
    const { gw, p } = voicemail();
    gw.vmStore.set(NUMBER, { delaySeconds: 30, email: "old@example.com" });
    const r = await p.create({ geoNumber: NUMBER, pin: "4321", __provider: PROVIDER });
    assert.deepEqual(r.outs, {
      geoNumber: NUMBER,
      delaySeconds: 30,
      pin: "4321",
      email: "old@example.com",
      managed: ["pin"],
    });
  });

  it("update plans against the gateway's values and sends only what differs", async () => {
    const { gw, p } = voicemail();
    gw.vmStore.set(NUMBER, {
      delaySeconds: 20,
      pin: "1234",
      email: "alice@example.com",
      notify: true,
      attach: true,
    });
    const r = await p.update(NUMBER, inputs(), inputs({ delaySeconds: 45 }));
    assert.deepEqual(gw.vasCommands(), ["vm:info", "vm:config"]);
    assert.deepEqual(gw.vasCalls[1]!.settings, { delaySeconds: 45 });
    assert.equal(r.outs!["delaySeconds"], 45);
    assert.equal(gw.vmStore.get(NUMBER)!.delaySeconds, 45);
  });

  it("update sends no config when the gateway already matches", async () => {
    const { gw, p } = voicemail();
    gw.vmStore.set(NUMBER, {
      delaySeconds: 45,
      pin: "1234",
      email: "alice@example.com",
      notify: true,
      attach: true,
    });
    // The state is stale (20) but the gateway already has 45: nothing to send.
    await p.update(NUMBER, inputs(), inputs({ delaySeconds: 45 }));
    assert.deepEqual(gw.vasCommands(), ["vm:info"]);
  });

  it("update of a voicemail removed since the last refresh configures it all again", async () => {
    const { gw, p } = voicemail();
    await p.update(NUMBER, inputs(), inputs({ delaySeconds: 45 }));
    assert.deepEqual(gw.vasCalls[1]!.settings, {
      delaySeconds: 45,
      pin: "1234",
      email: "alice@example.com",
      notify: true,
      attach: true,
    });
  });

  it("read returns the gateway's values, so drift shows", async () => {
    const { gw, p } = voicemail();
    gw.vmStore.set(NUMBER, { delaySeconds: 60, pin: "1234", notify: false });
    const r = await p.read(NUMBER, inputs());
    const reported = { geoNumber: NUMBER, delaySeconds: 60, pin: "1234", notify: false };
    // A state from before the managed settings were recorded: every setting is reported.
    assert.deepEqual(r, { id: NUMBER, props: reported, inputs: reported });
  });

  it("read returns as inputs the managed settings only, as the gateway reports them", async () => {
    const { gw, p } = voicemail();
    gw.vmStore.set(NUMBER, { delaySeconds: 20, email: "x@example.com", notify: false });
    const created = await p.create({ geoNumber: NUMBER, delaySeconds: 20, __provider: PROVIDER });
    gw.vmStore.set(NUMBER, { delaySeconds: 90, email: "y@example.com", notify: false });
    const r = await p.read(NUMBER, { ...created.outs, __provider: PROVIDER });
    assert.deepEqual(r.props, {
      geoNumber: NUMBER,
      delaySeconds: 90,
      email: "y@example.com",
      notify: false,
      managed: ["delaySeconds"],
    });
    // email and notify are not in the program: after a refresh they are not among the inputs.
    assert.deepEqual(r.inputs, { geoNumber: NUMBER, delaySeconds: 90 });
    // An update made from the program records what it manages now.
    const u = await p.update(NUMBER, r.props!, {
      geoNumber: NUMBER,
      delaySeconds: 20,
      notify: true,
    });
    assert.deepEqual(u.outs?.["managed"], ["delaySeconds", "notify"]);
  });

  it("read of a voicemail gone (65002) returns an empty id: it leaves the stack", async () => {
    const { p } = voicemail();
    assert.deepEqual(await p.read(NUMBER, inputs()), { id: "" });
  });

  it("read finds the number in the outputs when the id is empty", async () => {
    const { gw, p } = voicemail();
    gw.vmStore.set(NUMBER, { delaySeconds: 5 });
    assert.equal((await p.read("", inputs())).id, NUMBER);
    await assert.rejects(p.read("", {}), ValidationError);
  });

  it("delete sends remove for the number", async () => {
    const { gw, p } = voicemail();
    gw.vmStore.set(NUMBER, { delaySeconds: 5 });
    await p.delete(NUMBER, inputs());
    assert.deepEqual(gw.vasCommands(), ["vm:remove"]);
    assert.equal(gw.vmStore.has(NUMBER), false);
  });

  it("a gateway refusal reaches the user as it is", async () => {
    const { gw, p } = voicemail();
    gw.voicemail.config = async () => {
      throw new GatewayError({ command: "vm.php config", number: NUMBER }, [63017]);
    };
    await assert.rejects(
      p.create(inputs()),
      (e: unknown) => e instanceof GatewayError && e.has(63017),
    );
  });

  it("configure delegates to the process's configuration", async () => {
    let seen = 0;
    const p = numberServiceProvider(voicemailSpec, {
      gateway: () => new VasFakeGateway(),
      configure: async () => {
        seen++;
      },
    });
    await p.configure({ config: { get: () => undefined, require: () => "" } });
    assert.equal(seen, 1);
  });
});

describe("CallRecording provider (rec.php lifecycle)", () => {
  it("goes through rec.php with the recording's settings", async () => {
    const gw = new VasFakeGateway();
    const p = numberServiceProvider(callRecordingSpec, fakeDeps(gw));
    const r = await p.create({
      geoNumber: NUMBER,
      active: true,
      onDemand: true,
      __provider: PROVIDER,
    });
    assert.deepEqual(gw.vasCommands(), ["rec:info", "rec:config", "rec:info"]);
    assert.deepEqual(gw.vasCalls[1]!.settings, { active: true, onDemand: true });
    assert.deepEqual(r.outs, {
      geoNumber: NUMBER,
      active: true,
      onDemand: true,
      managed: ["active", "onDemand"],
    });
    assert.equal(gw.vmStore.size, 0);

    await p.update(NUMBER, r.outs!, { geoNumber: NUMBER, active: false, onDemand: true });
    assert.deepEqual(gw.vasCalls[4]!.settings, { active: false });
    await p.delete(NUMBER, r.outs!);
    assert.equal(gw.recStore.size, 0);
  });
});
