// A Pulumi program for the e2e tests: one Sim with optional Voicemail, CallRecording and Crisp,
// each taking the Sim's outputs as inputs so that the engine orders them after it.
"use strict";
const pulumi = require("@pulumi/pulumi");
const { Sim, Voicemail, CallRecording, Crisp } = require("pulumi-aql-mvno");

const config = new pulumi.Config();
const spec = config.requireObject("vas");

const sim = new Sim("line", spec.sim);
exports.state = sim.state;
if (spec.voicemail) {
  new Voicemail("vm", { geoNumber: sim.geoNumber, ...spec.voicemail });
}
if (spec.recording) {
  new CallRecording("rec", { geoNumber: sim.geoNumber, ...spec.recording });
}
if (spec.crisp) {
  new Crisp("crisp", { iccid: sim.iccid, geoNumber: sim.geoNumber, ...spec.crisp });
}
