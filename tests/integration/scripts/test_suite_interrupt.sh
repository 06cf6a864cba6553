#!/usr/bin/env bash
# benchmark_suite.sh interrupted with Ctrl-C (SIGINT) mid-run: nothing may be
# left running, and the results directory must carry its INCOMPLETE marker.
# Then a complete run: the marker is gone and every promised file exists.
set -uo pipefail
build=$(realpath "$1")
src=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d)
trap 'pkill -f "data-dir $work/data" 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$work"
for f in benchmark_suite.sh scripts; do ln -s "$src/$f" "$f"; done
mkdir -p plugins
cp "$build/fixtures/fx_cost.so" plugins/
mkdir -p fakebuild
ln -s "$build/bin" fakebuild/bin
ln -s "$work/plugins" fakebuild/plugins
ln -s "$build/report" fakebuild/report
export BBD_BUILD_DIR=fakebuild BBD_DATA_DIR="$work/data"
unset BBD_URL

# A run long enough to interrupt: the sleeping fixture at full settings.
# Job control gives the suite its own process group, as a terminal would,
# and keeps SIGINT from being ignored in a background job.
set -m
bash ./benchmark_suite.sh --filter 'fx_cost/cost/sleep' >int.log 2>&1 &
pid=$!
set +m
for _ in $(seq 100); do grep -q '\[1/1\]\|queued' int.log 2>/dev/null && break; sleep 0.1; done
sleep 1
kill -INT -- -"$pid"
wait "$pid"
rc=$?
[ "$rc" -eq 130 ] || { cat int.log; fail "interrupted suite exited $rc, expected 130"; }
sleep 0.5
pgrep -f "data-dir $work/data" >/dev/null && fail "bbd still running after Ctrl-C"
d=$(ls -d benchmark_results_* | head -1)
[ -f "$d/INCOMPLETE" ] || fail "interrupted results directory has no INCOMPLETE marker"

bash ./benchmark_suite.sh --quick --filter 'fx_cost/cost/spin' >ok.log 2>&1 || { cat ok.log; fail "complete suite run failed"; }
d=$(ls -td benchmark_results_* | head -1)
[ ! -e "$d/INCOMPLETE" ] || fail "complete run kept the INCOMPLETE marker"
for f in results.json results.csv summary.md analysis.md report.html report_url.txt doctor.txt; do
  [ -s "$d/$f" ] || fail "missing $d/$f"
done
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["run"]["results"][0]["benchmark"]=="fx_cost/cost/spin"' "$d/results.json" || fail "results.json lacks the run"
pgrep -f "data-dir $work/data" >/dev/null && fail "bbd still running after the suite"
echo "benchmark_suite.sh: Ctrl-C and complete run ok"
