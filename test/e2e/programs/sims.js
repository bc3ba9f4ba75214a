// A Pulumi program for the e2e tests: one Sim per entry of the stack config `sims` (JSON), so that
// a test changes the program by changing config.
"use strict";
const pulumi = require("@pulumi/pulumi");
const { Sim } = require("pulumi-aql-mvno");

const config = new pulumi.Config();
const sims = config.requireObject("sims");

exports.sims = {};
for (const s of sims) {
  const { name, options, ...args } = s;
  const sim = new Sim(name, args, options);
  exports.sims[name] = { state: sim.state, geoNumber: sim.geoNumber };
}
