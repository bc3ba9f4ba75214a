import assert from "node:assert/strict";
import { kindOf, simView } from "../../../policy/resources";
import { UNKNOWN, plainProps } from "../../../policy/unknown";
import { UNKNOWN_BOOL, UNKNOWN_STRING, simProps, urn } from "./shapes";

describe("policy: the engine's view of this package's resources", () => {
  it("tells the kinds apart by type token", () => {
    assert.equal(kindOf("pulumi-nodejs:dynamic/aql:Sim", {}), "sim");
    assert.equal(kindOf("pulumi-nodejs:dynamic/aql:Voicemail", {}), "voicemail");
    assert.equal(kindOf("pulumi-nodejs:dynamic/aql:CallRecording", {}), "call-recording");
    assert.equal(kindOf("pulumi-nodejs:dynamic/aql:Crisp", {}), "crisp");
    assert.equal(kindOf("pulumi-nodejs:dynamic/aql:SimOrder", {}), "sim-order");
    assert.equal(kindOf("pulumi-nodejs:dynamic/other:Sim", {}), undefined);
    assert.equal(kindOf("aql:index:SimEstate", {}), undefined);
  });

  it("tells them apart by the provider module when the type is the generic one", () => {
    const provider = (kind: string) =>
      `exports.handler = () => require('pulumi-aql-mvno/dist/provider/resources/${kind}/shim')`;
    const generic = "pulumi-nodejs:dynamic:Resource";
    assert.equal(kindOf(generic, { __provider: provider("sim") }), "sim");
    assert.equal(kindOf(generic, { __provider: provider("sim-order") }), "sim-order");
    assert.equal(kindOf(generic, { __provider: provider("call-recording") }), "call-recording");
    assert.equal(kindOf(generic, { __provider: "exports.handler = () => 1" }), undefined);
    assert.equal(kindOf(generic, {}), undefined);
  });

  it("reads a SimEstate member (sim-<iccid>, child of the estate) like any Sim", () => {
    const s = simView(urn("sim-8944100000000000001", "estate"), simProps());
    assert.equal(s.name, "sim-8944100000000000001");
    assert.equal(s.iccid, "8944100000000000001");
  });

  it("turns the SDK's unknown sentinels into one marker, under its proxy too", () => {
    const raw = simProps({
      iccid: UNKNOWN_STRING,
      services: { intRoaming: UNKNOWN_BOOL, internet: true },
    });
    const proxied = new Proxy(raw, {
      get: (t, p) => (p === "__getSpecialProxyTarget" ? t : assert.fail("read through the proxy")),
    });
    const s = simView(urn("a"), plainProps(proxied));
    assert.equal(s.iccid, UNKNOWN);
    assert.deepEqual(s.services, { intRoaming: UNKNOWN, internet: true });
  });

  it("keeps an absent deletionPolicy absent, and a number as digits", () => {
    const s = simView(urn("a"), simProps({ geoNumber: "+44 113 320 3040" }));
    assert.equal(s.deletionPolicy, undefined);
    assert.equal(s.geoNumber, "441133203040");
  });
});
