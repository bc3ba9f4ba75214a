// The adoption benchmark's estate: a SimEstate of the inventory file that `aql-estate discover`
// wrote, named by the stack config `inventory`.
"use strict";
const pulumi = require("@pulumi/pulumi");
const { SimEstate } = require("pulumi-aql-mvno");

new SimEstate("adopted", { inventory: new pulumi.Config().require("inventory") });
