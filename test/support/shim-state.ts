// What the state must hold as a dynamic resource's provider (`__provider`): a small require()
// of the resource's own shim module in the installed package, the same in inputs and outputs.

import assert from "node:assert/strict";
import type { StateResource } from "./stack";

export const MAX_PROVIDER_BYTES = 400;

export function assertSmallShim(res: StateResource | undefined, kind: string): void {
  assert.ok(res !== undefined, `no ${kind} resource in the state`);
  const text = res.outputs?.["__provider"];
  assert.equal(typeof text, "string", `${kind}: __provider`);
  const shim = text as string;
  const module = new RegExp(
    `require\\("pulumi-aql-mvno/dist/provider/resources/${kind}/shim(\\.js)?"\\)`,
  );
  assert.match(shim, module, `${kind}: __provider requires its own shim module`);
  const bytes = Buffer.byteLength(shim);
  assert.ok(bytes < MAX_PROVIDER_BYTES, `${kind}: __provider is ${bytes} bytes`);
  assert.equal(res.inputs?.["__provider"], shim, `${kind}: the same provider in the inputs`);
}
