#!/usr/bin/env bash
# Mutation testing of the decision core in groups, one Stryker run each (incremental, so a
# group whose files and tests did not change is not tested again), then one score over all.
# `npm run test:mutation` runs every file at once; this is the same work in parts that can be
# run one at a time on a busy machine: scripts/mutation-groups.sh [group...]
# MUTATION_CONCURRENCY sets Stryker's test-runner processes (default 1: the machine is shared).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=.cache/mutation
concurrency="${MUTATION_CONCURRENCY:-1}"
mkdir -p "$out"
declare -A SETS=(
  [gateway]="provider/gateway/retry.ts,provider/gateway/response.ts,provider/gateway/answers.ts,provider/gateway/params.ts,provider/gateway/poller.ts,provider/gateway/limiter.ts"
  [sim]="provider/resources/sim/check.ts,provider/resources/sim/diff.ts,provider/resources/sim/plan.ts,provider/resources/sim/converge.ts,provider/resources/sim/recovery.ts,provider/resources/sim/recovery-model.ts"
  [resources]="provider/resources/dynamic/check.ts,provider/resources/dynamic/diff.ts,provider/resources/number-service/inputs.ts,provider/resources/crisp/check.ts,provider/resources/crisp/plan.ts,provider/resources/number-service/plan.ts,provider/resources/sim-order/check.ts"
  [inventory]="provider/estate/inventory.ts,provider/estate/inventory/*.ts"
)
names=("$@")
[ ${#names[@]} -eq 0 ] && names=(gateway sim resources inventory)
for g in "${names[@]}"; do
  echo "== $g (concurrency $concurrency) start $(date -u +%FT%TZ)"
  npx stryker run --mutate "${SETS[$g]}" --incrementalFile "$out/incremental-$g.json" \
    --reporters clear-text,json,progress --concurrency "$concurrency" || true
  cp "$out/report.json" "$out/report-$g.json"
  echo "== $g end $(date -u +%FT%TZ)"
done
node scripts/mutation-score.js "$out"/report-*.json
