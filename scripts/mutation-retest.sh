#!/usr/bin/env bash
# Test again the lines of a group's survivors (and mutants with no coverage), after tests were
# added for them: one Stryker run over just those lines, every mutant on them run again (--force),
# its report kept as .cache/mutation/report-GROUP-retest.json. scripts/mutation-score.js then
# counts, per mutant, the latest report that holds it (by modification time).
#   scripts/mutation-retest.sh GROUP            (MUTATION_CONCURRENCY as in mutation-groups.sh)
#   scripts/mutation-retest.sh GROUP timeouts
# The second form runs again the lines of every mutant that timed out in any of the group's
# reports, with a 60 s timeout (MUTATION_TIMEOUT_MS): on a loaded machine a mutant whose tests
# merely ran slowly times out and counts as detected; on a quiet one only a real hang does.
# Its report is kept as report-GROUP-timeouts.json.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=.cache/mutation
g="$1"
mode="${2:-survivors}"
concurrency="${MUTATION_CONCURRENCY:-1}"
case "$mode" in
  survivors) statuses="Survived,NoCoverage" reports="$out/report-$g.json" suffix=retest extra=() ;;
  timeouts)
    statuses="Timeout" suffix=timeouts
    reports=$(ls "$out"/report-"$g".json "$out"/report-"$g"-*.json 2>/dev/null | grep -v -- "-timeouts.json" || true)
    extra=(--timeoutMS "${MUTATION_TIMEOUT_MS:-60000}")
    ;;
  *) echo "usage: $0 GROUP [timeouts]" >&2; exit 2 ;;
esac
ranges=$(node -e '
const fs = require("node:fs");
const [statuses, ...reports] = process.argv.slice(1);
const wanted = new Set(statuses.split(","));
const lines = new Set();
for (const report of reports) {
  const r = JSON.parse(fs.readFileSync(report, "utf8"));
  for (const [name, f] of Object.entries(r.files))
    for (const m of f.mutants)
      if (wanted.has(m.status)) lines.add(`${name}:${m.location.start.line}-${m.location.end.line}`);
}
console.log([...lines].join(","));
' "$statuses" $reports)
[ -z "$ranges" ] && { echo "no $mode in $g"; exit 0; }
echo "== $g $mode (concurrency $concurrency) start $(date -u +%FT%TZ)"
npx stryker run --mutate "$ranges" --incrementalFile "$out/incremental-$g-$suffix.json" --force \
  --reporters clear-text,json,progress --concurrency "$concurrency" "${extra[@]}" || true
cp "$out/report.json" "$out/report-$g-$suffix.json"
echo "== $g $mode end $(date -u +%FT%TZ)"
