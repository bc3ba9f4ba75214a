// Preloaded (NODE_OPTIONS=--require) into every Node process the Pulumi CLI starts for a test:
// the program and the dynamic-provider host. Everything such a process writes to its stdout or
// stderr is also appended to a file of its own under $AQL_TEST_OUTPUT_DIR, named by its role
// and pid, so that a test can read what each process wrote, whether the CLI shows it or not.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const dir = process.env.AQL_TEST_OUTPUT_DIR;
if (dir) {
  const script = process.argv[1] || "";
  const role = /dynamic-provider/.test(script)
    ? "provider"
    : /pulumi[\\/]cmd[\\/]run/.test(script)
      ? "program"
      : "node";
  for (const stream of ["stdout", "stderr"]) {
    const file = path.join(dir, `${role}-${process.pid}.${stream}`);
    try {
      fs.appendFileSync(file, ""); // present even when the process writes nothing
    } catch {
      // as below
    }
    const target = process[stream];
    const write = target.write.bind(target);
    target.write = (chunk, ...rest) => {
      try {
        fs.appendFileSync(file, typeof chunk === "string" ? chunk : Buffer.from(chunk));
      } catch {
        // Capturing must never change what the process does.
      }
      return write(chunk, ...rest);
    };
  }
}
