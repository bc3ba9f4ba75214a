#!/usr/bin/env bash
# Test again the lines of a group's survivors (and mutants with no coverage), after tests were
# added for them: one Stryker run over just those lines, every mutant on them run again (--force),
# its report kept as .cache/mutation/report-GROUP-retest.json. scripts/mutation-score.js then
# counts, per mutant, the latest report that holds it (by modification time).
#   scripts/mutation-retest.sh GROUP   (MUTATION_CONCURRENCY as in mutation-groups.sh)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=.cache/mutation
g="$1"
concurrency="${MUTATION_CONCURRENCY:-1}"
ranges=$(node -e '
const r = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
const lines = new Set();
for (const [name, f] of Object.entries(r.files))
  for (const m of f.mutants)
    if (m.status === "Survived" || m.status === "NoCoverage")
      lines.add(`${name}:${m.location.start.line}-${m.location.end.line}`);
console.log([...lines].join(","));
' "$out/report-$g.json")
[ -z "$ranges" ] && { echo "no survivors in $g"; exit 0; }
echo "== $g retest (concurrency $concurrency) start $(date -u +%FT%TZ)"
npx stryker run --mutate "$ranges" --incrementalFile "$out/incremental-$g-retest.json" --force \
  --reporters clear-text,json,progress --concurrency "$concurrency" || true
cp "$out/report.json" "$out/report-$g-retest.json"
echo "== $g retest end $(date -u +%FT%TZ)"
