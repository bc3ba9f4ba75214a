// The mutation score over Stryker JSON reports (one per group): killed and timed out over every
// mutant that ran (no compile errors, no ignored ones), per file and in all; and the survivors.
"use strict";
const fs = require("node:fs");
const files = new Map();
for (const report of process.argv.slice(2)) {
  const r = JSON.parse(fs.readFileSync(report, "utf8"));
  for (const [name, f] of Object.entries(r.files)) files.set(name, f);
}
const DETECTED = new Set(["Killed", "Timeout"]);
const COUNTED = new Set(["Killed", "Timeout", "Survived", "NoCoverage"]);
let detected = 0;
let counted = 0;
const survivors = [];
for (const [name, f] of [...files].sort()) {
  let d = 0;
  let c = 0;
  for (const m of f.mutants) {
    if (!COUNTED.has(m.status)) continue;
    c++;
    if (DETECTED.has(m.status)) d++;
    else
      survivors.push(
        `${name}:${m.location.start.line} ${m.mutatorName} ${m.status}: ${JSON.stringify(m.replacement ?? "")}`,
      );
  }
  detected += d;
  counted += c;
  console.log(
    `${(c === 0 ? 100 : (100 * d) / c).toFixed(2).padStart(6)}%  ${String(d).padStart(4)}/${String(c).padEnd(4)} ${name}`,
  );
}
console.log(
  `${((100 * detected) / counted).toFixed(2).padStart(6)}%  ${detected}/${counted} in all (${files.size} files)`,
);
console.log(`\nSurvivors (${survivors.length}):`);
for (const s of survivors) console.log(`  ${s}`);
