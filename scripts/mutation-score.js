// The mutation score over Stryker JSON reports (one per group, and retests of some lines): killed
// and timed out over every mutant that ran (no compile errors, no ignored ones), per file and in
// all; and the survivors.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const files = new Map();
const key = (m) =>
  `${m.location.start.line}:${m.location.start.column}-${m.location.end.line}:${m.location.end.column} ${m.mutatorName} ${m.replacement ?? ""}`;
// Oldest first, so that each mutant's latest result is the one counted.
const reports = process.argv
  .slice(2)
  .sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs);
for (const report of reports) {
  const r = JSON.parse(fs.readFileSync(report, "utf8"));
  // Per report (one per group): every status, so that the tables in docs/TESTING.md are counts.
  const counts = {};
  for (const [name, f] of Object.entries(r.files)) {
    // A later report (a retest of some lines) replaces the earlier result of the same mutant.
    const known = files.get(name);
    const byKey = new Map((known?.mutants ?? []).map((m) => [key(m), m]));
    for (const m of f.mutants) byKey.set(key(m), m);
    files.set(name, { ...f, mutants: [...byKey.values()] });
    for (const m of f.mutants) counts[m.status] = (counts[m.status] ?? 0) + 1;
  }
  const when = fs.statSync(report).mtime.toISOString().slice(0, 16);
  console.log(`${path.basename(report)} (${when}Z): ${JSON.stringify(counts)}`);
}
const DETECTED = new Set(["Killed", "Timeout"]);
const COUNTED = new Set(["Killed", "Timeout", "Survived", "NoCoverage"]);
let detected = 0;
let counted = 0;
const latest = {};
const survivors = [];
for (const [name, f] of [...files].sort()) {
  let d = 0;
  let c = 0;
  for (const m of f.mutants) {
    if (!COUNTED.has(m.status)) continue;
    latest[m.status] = (latest[m.status] ?? 0) + 1;
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
  `${((100 * detected) / counted).toFixed(2).padStart(6)}%  ${detected}/${counted} in all (${files.size} files): ${JSON.stringify(latest)}`,
);
console.log(`\nSurvivors (${survivors.length}):`);
for (const s of survivors) console.log(`  ${s}`);
