// A Pulumi program for the sharded-estate e2e test: one SimEstate from the CSV file named by the
// project-level config `inventory`; which rows a stack declares comes from its
// `aql-estate:shard`, set by `aql-estate up --shards K`.
"use strict";
const pulumi = require("@pulumi/pulumi");
const { SimEstate } = require("pulumi-aql-mvno");

const config = new pulumi.Config();
new SimEstate("estate", {
  inventory: config.require("inventory"),
  defaults: { services: { intRoaming: true } },
});
