#!/usr/bin/env bash
# Measures the store: ingest rate and query latency over 10,000 runs.
# Builds bench_store (Release) in BUILD_DIR (default build/bench-store) and
# runs it twice: per-result overhead with small results, then large results
# plus the 10,000-run history. Figures go to stdout; docs/perf/store.md
# records them with this command.
#
#   bench/store/run.sh [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${1:-$here/build/bench-store}
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release \
  -DBBD_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j2 --target bench_store >/dev/null
bin="$build/bin/bench_store"
echo "== $(date -u +%FT%TZ) $(uname -r) $(nproc) CPUs, SQLite $(sqlite3 --version | cut -d' ' -f1)"
echo "== small results: 5,000 results x 100 samples"
"$bin" --ingest-results 5000 --ingest-samples 100 --runs 2 --benches 1 \
  --queries 10
echo "== large results + history over 10,000 runs x 20 benchmarks"
"$bin" --ingest-results 1000 --ingest-samples 1000 --runs 10000 --benches 20 \
  --samples 10 --queries 1000
