// A Pulumi program for the e2e tests: one Sim per entry of the stack config `sims` (JSON), so that
// a test changes the program by changing config.
"use strict";
const pulumi = require("@pulumi/pulumi");
const { Sim } = require("pulumi-aql-mvno");

const config = new pulumi.Config();
const sims = config.requireObject("sims");

exports.sims = {};
// The PINs and PUKs, read from the Sim's one secret securityCodes output: a secret stack output.
exports.codes = {};
for (const s of sims) {
  const { name, options, ...args } = s;
  const sim = new Sim(name, args, options);
  exports.sims[name] = { state: sim.state, geoNumber: sim.geoNumber };
  exports.codes[name] = { pin: sim.pin, pin2: sim.pin2, puk: sim.puk, puk2: sim.puk2 };
}
