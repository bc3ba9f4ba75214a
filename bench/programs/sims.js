// The benchmark's estate: a SimEstate of the rows in the JSON file named by the stack config
// `recordsFile`, each with two services switched on that are off by default (one addservice).
"use strict";
const fs = require("node:fs");
const pulumi = require("@pulumi/pulumi");
const { SimEstate } = require("pulumi-aql-mvno");

const config = new pulumi.Config();
const records = JSON.parse(fs.readFileSync(config.require("recordsFile"), "utf8"));

new SimEstate("bench", {
  records,
  source: "bench records",
  defaults: { services: { intRoaming: true, intCall: true } },
});
