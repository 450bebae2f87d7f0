#!/usr/bin/env bash
# Rebuilds the regression corpus in seeds/ (npm run corpus). Run it only when a change of the
# trace format or RNG use is intended; otherwise the corpus must keep passing as it is.
# Builds: one shrunk repro per planted bug (from the failing seed with the longest run
# among 20 stormy seeds), plus pinned clean runs.
set -euo pipefail
cd "$(dirname "$0")/.."
S="node bin/simctl.js"
rm -f seeds/*.json
for bug in $($S list --reporter json | node -e 'const d=JSON.parse(require("fs").readFileSync(0));console.log(Object.keys(d.targets.find(t=>t.name==="done-ledger").bugs).join(" "))'); do
  seed=$($S sweep --seeds 20 --fault-level stormy --bug "$bug" --reporter json | node -e 'const d=JSON.parse(require("fs").readFileSync(0));console.log([...d.failures].sort((a,b)=>b.steps-a.steps)[0].seed)' || true)
  $S shrink --seed "$seed" --fault-level stormy --bug "$bug" --out "seeds/done-ledger-$bug.json" > /dev/null || true
done
$S run --seed 1 --fault-level sunny --pin seeds/done-ledger-clean-sunny-1.json > /dev/null
$S run --seed 2 --fault-level stormy --pin seeds/done-ledger-clean-stormy-2.json > /dev/null
$S run --seed 3 --fault-level radioactive --workload swizzle-clog --pin seeds/done-ledger-clean-swizzle-radioactive-3.json > /dev/null
$S run --seed 4 --fault-level stormy --swarm --pin seeds/done-ledger-clean-swarm-4.json > /dev/null
$S run --seed 5 --fault-level stormy --ops 100 --save seeds/done-ledger-clean-recorded-5.json > /dev/null
ls seeds
