// A Pulumi program for the e2e tests: any of the package's resources, declared from the stack
// config `resources`, a JSON list of { type, name, args, options }, so that a test can try any
// input (right or wrong) on any resource by changing config.
"use strict";
const pulumi = require("@pulumi/pulumi");
const aql = require("pulumi-aql-mvno");

const config = new pulumi.Config();
const resources = config.requireObject("resources");

exports.ids = {};
for (const { type, name, args, options } of resources) {
  const Resource = aql[type];
  if (typeof Resource !== "function") throw new Error(`pulumi-aql-mvno has no resource ${type}`);
  exports.ids[name] = new Resource(name, args, options).id;
}
