// The package as a user installs it (npm pack, unpacked into node_modules): what `exports`
// lets a program reach, and what it must keep reachable for stacks created by earlier releases
// (their state requires each shim by path, and the shims require their runtime by path).

import assert from "node:assert/strict";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import * as ts from "typescript";
import { installPackage } from "../support/installed-package";

const KINDS = ["sim", "voicemail", "call-recording", "crisp", "sim-order"];

/** Every name a program can import from "pulumi-aql-mvno", values and types. */
const PUBLIC = [
  "AnswerLostError",
  "AqlConfig",
  "AqlConfigInput",
  "AqlError",
  "AqlErrorCode",
  "BadAnswerError",
  "CallRecording",
  "CallRecordingArgs",
  "CallSubject",
  "ConfigError",
  "Crisp",
  "CrispArgs",
  "CrispMode",
  "DELETION_POLICIES",
  "DeadlineError",
  "DeletionPolicy",
  "DespatchRefusedError",
  "EstateDefaults",
  "EstateSummary",
  "GatewayError",
  "GetSimArgs",
  "GetSimOptions",
  "GetSimOutputArgs",
  "GetSimOutputResult",
  "GetSimResult",
  "InvalidStateError",
  "Inventory",
  "InventoryCell",
  "InventoryColumn",
  "InventoryError",
  "InventoryProblem",
  "InventoryRecord",
  "InventoryRow",
  "InventoryVoicemail",
  "ListSimBatchesOptions",
  "OrderAnswerLostError",
  "OrderStatus",
  "PartialStateError",
  "PendingRequest",
  "ReportedServices",
  "RequestFailedError",
  "SERVICE_NAMES",
  "SecurityCodes",
  "ServiceName",
  "ShardSpec",
  "Sim",
  "SimArgs",
  "SimBatch",
  "SimEstate",
  "SimEstateArgs",
  "SimOrder",
  "SimOrderArgs",
  "SimOutputs",
  "SimServices",
  "SimServicesArgs",
  "SimSnapshot",
  "SimState",
  "Subscriber",
  "SubscriberArgs",
  "TerminationGuardError",
  "TransportError",
  "ValidationError",
  "Voicemail",
  "VoicemailArgs",
  "getSim",
  "getSimOutput",
  "listSimBatches",
  "parseInventoryCsv",
  "parseInventoryRecords",
  "readInventoryCsv",
  "readInventoryRecords",
];

describe("e2e: the installed package's entry points", function () {
  let root: string;
  let req: NodeJS.Require;
  const pkg = path.join("node_modules", "pulumi-aql-mvno");

  before(() => {
    root = installPackage();
    // A program of its own (package.json): inside this repository, a file with no nearer
    // package.json would resolve "pulumi-aql-mvno" to the repository itself (self-reference).
    const program = path.join(root, "exports-check");
    fs.mkdirSync(program, { recursive: true });
    fs.writeFileSync(path.join(program, "package.json"), '{ "name": "exports-check" }\n');
    req = createRequire(path.join(program, "index.js"));
  });

  it("exports what a program uses and nothing internal", () => {
    assert.equal(req.resolve("pulumi-aql-mvno"), path.join(root, pkg, "dist/provider/index.js"));
    const dts = req.resolve("pulumi-aql-mvno").replace(/\.js$/, ".d.ts");
    const program = ts.createProgram([dts], { skipLibCheck: true, noResolve: false });
    const checker = program.getTypeChecker();
    const module = checker.getSymbolAtLocation(program.getSourceFile(dts)!)!;
    const names = checker.getExportsOfModule(module).map((s) => s.getName());
    assert.deepEqual(names.sort(), [...PUBLIC].sort());
    const values = Object.keys(req("pulumi-aql-mvno") as object);
    for (const v of values) assert.ok(PUBLIC.includes(v), `${v} is exported`);
  });

  it("has the simulator as pulumi-aql-mvno/simulator, and at its old dist path", () => {
    const sim = req("pulumi-aql-mvno/simulator") as { startSimulator?: unknown };
    assert.equal(typeof sim.startSimulator, "function");
    assert.equal(
      req.resolve("pulumi-aql-mvno/dist/simulator"),
      req.resolve("pulumi-aql-mvno/simulator"),
    );
  });

  it("keeps every shim and runtime module reachable by the paths old states require", () => {
    for (const kind of KINDS) {
      const dir = path.join(root, pkg, "dist", "provider", "resources", kind);
      const base = `pulumi-aql-mvno/dist/provider/resources/${kind}`;
      assert.equal(req.resolve(`${base}/shim.js`), path.join(dir, "shim.js"));
      assert.equal(req.resolve(`${base}/shim`), path.join(dir, "shim.js"));
      assert.equal(req.resolve(`${base}/provider`), path.join(dir, "provider.js"));
      assert.equal(req.resolve(`${base}/provider.js`), path.join(dir, "provider.js"));
    }
  });

  it("refuses an internal module outside dist/ (exports is in force)", () => {
    assert.throws(
      () => req.resolve("pulumi-aql-mvno/provider/index"),
      /ERR_PACKAGE_PATH_NOT_EXPORTED|Cannot find/,
    );
  });
});
