#!/usr/bin/env bash
# Rebuilds the regression corpus in seeds/ (npm run corpus). Run it only when a change of the
# trace format or RNG use is intended; otherwise the corpus must keep passing as it is.
# For every planted bug of every built-in target: the shortest shrunk repro of the (up to) three
# failing seeds with the shortest runs, among 20 stormy seeds (or 100 when 20 find fewer) that fail
# one of the invariants the bug breaks. Plus pinned clean runs.
# With target names as arguments (`npm run corpus -- failover`), only their entries are rebuilt.
set -euo pipefail
cd "$(dirname "$0")/.."
S="node bin/simctl.js"
list() { $S list --reporter json | node -e "$1"; }
if [ $# -gt 0 ]; then
  targets="$*"
  for t in $targets; do rm -f seeds/"$t"-*.json; done
else
  targets=$(list 'const d=JSON.parse(require("fs").readFileSync(0));console.log(d.targets.map(t=>t.name).join(" "))')
  rm -f seeds/*.json
fi
for target in $targets; do
  for bug in $(list "const d=JSON.parse(require('fs').readFileSync(0));console.log(Object.keys(d.targets.find(t=>t.name==='$target').bugs).join(' '))"); do
    # 20 seeds, or 100 for a bug that needs a rarer schedule (raft's Figure 8, say); the three
    # failing seeds with the shortest runs are shrunk, and the shortest repro is kept.
    for n in 20 100; do
      seeds=$($S sweep --target "$target" --seeds "$n" --fault-level stormy --bug "$bug" --reporter json | node -e '
        const d = JSON.parse(require("fs").readFileSync(0));
        const breaks = process.argv[1].split(",");
        console.log([...d.failures].filter((f) => breaks.includes(f.violations[0].invariant)).sort((a, b) => a.steps - b.steps).slice(0, 3).map((f) => f.seed).join(" "));
      ' "$(list "const d=JSON.parse(require('fs').readFileSync(0));console.log(d.targets.find(t=>t.name==='$target').bugs['$bug'].breaks.join(','))")" || true)
      [ "$(echo $seeds | wc -w)" -ge 3 ] && break
    done
    best=""
    for seed in $seeds; do
      $S shrink --target "$target" --seed "$seed" --fault-level stormy --bug "$bug" --out "seeds/.candidate.json" > /dev/null || true
      ops=$(node -e 'console.log((JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).ops ?? []).length)' seeds/.candidate.json)
      if [ -z "$best" ] || [ "$ops" -lt "$best" ]; then best=$ops; mv seeds/.candidate.json "seeds/$target-$bug.json"; fi
    done
    rm -f seeds/.candidate.json
  done
  $S run --target "$target" --seed 1 --fault-level sunny --pin "seeds/$target-clean-sunny-1.json" > /dev/null
  $S run --target "$target" --seed 2 --fault-level stormy --pin "seeds/$target-clean-stormy-2.json" > /dev/null
  # The target's last workload (swizzle-clog for the store targets, local for replication).
  w=$(list "const d=JSON.parse(require('fs').readFileSync(0));console.log(Object.keys(d.targets.find(t=>t.name==='$target').workloads).slice(-1)[0])")
  $S run --target "$target" --seed 3 --fault-level radioactive --workload "$w" --pin "seeds/$target-clean-${w%%-*}-radioactive-3.json" > /dev/null
  $S run --target "$target" --seed 4 --fault-level stormy --swarm --pin "seeds/$target-clean-swarm-4.json" > /dev/null
  $S run --target "$target" --seed 5 --fault-level stormy --ops 100 --save "seeds/$target-clean-recorded-5.json" > /dev/null
done
# Classic Raft schedules, written out step by step (each clean and with its bug).
case " $targets " in *" raft "*) node --import tsx scripts/raft-scenarios.ts ;; esac
ls seeds
