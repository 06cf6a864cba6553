#!/usr/bin/env bash
# Longer libFuzzer campaign over every target in tests/fuzz (the figures in
# docs/RELIABILITY.md). Needs a clang build with -DBBD_FUZZ=ON
# -DBBD_SANITIZE=ON (ASan+UBSan); the seed corpus is copied so the repo's
# corpus is never modified. Crash inputs are kept in OUT/<target>/.
#
#   tests/stress/fuzz_campaign.sh BUILD_DIR [SECONDS=90] [OUT=/tmp/bbd-fuzz] [JOBS=1]
#
# Prints one line per target: executions, seconds, corpus size, crashes.
set -u
build=${1:?usage: fuzz_campaign.sh BUILD_DIR [SECONDS] [OUT] [JOBS]}
secs=${2:-90}
out=${3:-/tmp/bbd-fuzz}
jobs=${4:-1}
src=$(cd "$(dirname "$0")/../fuzz" && pwd)
mkdir -p "$out"
run_one() {
  local t=$1 bin="$build/bin/fuzz_$1" dir="$out/$1"
  [ -x "$bin" ] || { echo "$t: no binary $bin (skipped)"; return; }
  rm -rf "$dir" && mkdir -p "$dir/corpus" "$dir/crashes"
  cp -r "$src/$t/corpus/." "$dir/corpus/" 2>/dev/null
  "$bin" -max_total_time="$secs" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$dir/crashes/" "$dir/corpus" >"$dir/log" 2>&1
  local rc=$? execs crashes corpus
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -n 1)
  crashes=$(find "$dir/crashes" -type f | wc -l)
  corpus=$(find "$dir/corpus" -type f | wc -l)
  echo "$t: execs=${execs:-?} seconds=$secs corpus=$corpus crashes=$crashes exit=$rc"
}
targets=$(cd "$src" && for d in */; do [ -f "$d/CMakeLists.txt" ] && echo "${d%/}"; done)
if [ "$jobs" -le 1 ]; then
  for t in $targets; do run_one "$t"; done
else
  export -f run_one
  export build secs out src
  printf '%s\n' $targets | xargs -P "$jobs" -I{} bash -c 'run_one {}'
fi
