// The engine's floor: `count` dynamic resources whose provider does nothing, the same engine
// path as a Sim (program, engine, dynamic-provider host) minus any gateway work.
"use strict";
const pulumi = require("@pulumi/pulumi");

const count = new pulumi.Config().requireNumber("count");

const provider = {
  async check(_olds, news) {
    return { inputs: news };
  },
  async diff() {
    return { changes: false };
  },
  async create(inputs) {
    return { id: inputs.key, outs: inputs };
  },
  async update(_id, _olds, news) {
    return { outs: news };
  },
  async read(id, props) {
    return { id, props };
  },
  async delete() {},
};

class Noop extends pulumi.dynamic.Resource {
  constructor(name, props, opts) {
    super(provider, name, props, opts, "bench", "Noop");
  }
}

for (let i = 0; i < count; i++) new Noop(`noop-${i}`, { key: String(i) });
