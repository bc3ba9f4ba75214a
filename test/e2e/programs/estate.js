// A Pulumi program for the estate e2e test: a SimEstate from the CSV file named by the stack
// config `inventory`, so that a test changes the estate by rewriting the file.
"use strict";
const pulumi = require("@pulumi/pulumi");
const { SimEstate } = require("pulumi-aql-mvno");

const config = new pulumi.Config();
const estate = new SimEstate("estate", {
  inventory: config.require("inventory"),
  defaults: config.getObject("defaults"),
});

exports.summary = estate.summary;
