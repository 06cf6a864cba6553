#!/usr/bin/env bash
# Drives profile.sh's non-interactive mode on one quick fixture benchmark:
# perf stat (software events here), callgrind with its annotation, and the
# disassembly of the hottest function. Fails if any tool's output is missing.
set -euo pipefail
build=$(realpath "$1")
src=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/plugins"
cp "$build/fixtures/fx_cost.so" "$work/plugins/"
cd "$work"
export BBD_BUILD_DIR=$build BBD_PLUGIN_DIR=$work/plugins
fail() { echo "FAIL: $*" >&2; exit 1; }
ln -s "$src/profile.sh" profile.sh
ln -s "$src/scripts" scripts

bash ./profile.sh stat fx_cost/cost/spin -- --quick --samples 5 >stat.log 2>&1 || { cat stat.log; fail "profile.sh stat"; }
d=$(ls -d profiling_results/fx_cost_cost_spin_stat_* | head -1)
[ -s "$d/perf-stat.txt" ] || fail "no perf-stat.txt"
grep -q 'task-clock' "$d/perf-stat.txt" || fail "perf stat did not count task-clock"
if perf stat -e instructions true 2>&1 | grep -q 'not supported'; then
  grep -q 'software events only' "$d/summary.txt" || fail "no note about the software-event fallback"
fi

bash ./profile.sh callgrind fx_cost/cost/spin -- --quick --samples 5 >cg.log 2>&1 || { cat cg.log; fail "profile.sh callgrind"; }
d=$(ls -d profiling_results/fx_cost_cost_spin_callgrind_* | head -1)
grep -q 'spin_run' "$d/callgrind-annotate.txt" || fail "callgrind annotation lacks the benchmark's run function"

bash ./profile.sh disasm fx_cost/cost/spin -- --quick --samples 5 >da.log 2>&1 || { cat da.log; fail "profile.sh disasm"; }
grep -q 'hot function: spin_run' da.log || { cat da.log; fail "disasm did not find spin_run"; }

bash ./profile.sh bogus fx_cost/cost/spin >/dev/null 2>&1 && fail "an unknown tool must be refused"
bash ./profile.sh stat 'NOT AN ID' >/dev/null 2>&1 && fail "a malformed id must be refused"
echo "profile.sh: stat, callgrind and disasm ok"
