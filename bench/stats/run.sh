#!/usr/bin/env bash
# Measures bbd/stats: speed (CPU time of one thread) and simulated accuracy
# of paired vs unpaired comparisons. Figures go to docs/perf/stats.md.
#
#   bench/stats/run.sh [BUILD_DIR]      (default build/bench-stats)
#
# Builds a Release tree with only what bench_stats needs, runs the speed
# figures three times (the machine may be shared: take the lowest) and the
# accuracy and change-point tables once (deterministic: fixed seeds).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${1:-$here/build/bench-stats}
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBBD_BUILD_TESTS=OFF \
  >/dev/null
cmake --build "$build" -j2 --target bench_stats >/dev/null
echo "## bench_stats speed (3 runs; $(nproc) CPUs)"
for i in 1 2 3; do
  # The machine is shared: the load average goes with each run's figures.
  echo "# run $i, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  "$build/bin/bench_stats" speed
  echo "# run $i, load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
done
echo
echo "## bench_stats accuracy"
"$build/bin/bench_stats" accuracy
echo
echo "## bench_stats changepoints"
"$build/bin/bench_stats" changepoints
