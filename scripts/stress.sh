#!/usr/bin/env bash
# npm run stress: long radioactive sweeps (50 seeds x 5,000 ops) of every built-in target and
# each of its workloads, with swarm off and on. Opt-in (a few minutes); stops at the first sweep
# that does not pass (exit 1 violation, 4 inconclusive).
set -euo pipefail
cd "$(dirname "$0")/.."
cells=$(node bin/simctl.js list --reporter json | node -e '
  const doc = JSON.parse(require("fs").readFileSync(0, "utf8"));
  for (const t of doc.targets) for (const w of Object.keys(t.workloads)) console.log(`${t.name} ${w}`);')
while read -r target workload; do
  for swarm in "" "--swarm"; do
    node bin/simctl.js sweep --target "$target" --workload "$workload" $swarm --fault-level radioactive --seeds 50 --ops 5000 --no-progress
  done
done <<< "$cells"
