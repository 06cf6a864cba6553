#!/usr/bin/env bash
# Profiles ONE benchmark through the worker's standalone mode (bbd-worker run),
# the same code path the daemon uses, under a profiler.
#
#   ./profile.sh                                 interactive menu
#   ./profile.sh TOOL BENCHMARK_ID [-- WORKER_ARGS...]
#   ./profile.sh --check                         check tools and settings only
#
# TOOL:
#   stat        perf stat with the events this machine supports (falls back
#               to software events when there is no hardware PMU, and says so)
#   record      perf record -g, perf report, and an interactive flame graph
#               (flamegraph.html, d3-flame-graph)
#   flamegraph  same as record
#   callgrind   valgrind --tool=callgrind + callgrind_annotate of hot functions
#   massif      valgrind --tool=massif + ms_print
#   disasm      objdump disassembly of the benchmark's hottest function
#               (found with callgrind, which works without a PMU)
#   time        /usr/bin/time -v
#
# BENCHMARK_ID is plugin/group/name[/param], e.g. serialization/methods/medium_raw.
# WORKER_ARGS go to bbd-worker run (e.g. -p size=64 --samples 20); the
# default is --quick.
#
# Output: profiling_results/<benchmark>_<tool>_<timestamp>/ (summary.txt plus
# the tool's raw files). Environment: BBD_BUILD_DIR (default build/suite,
# built in Release if missing), BBD_PLUGIN_DIR (default <build>/plugins).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here"
build=${BBD_BUILD_DIR:-build/suite}
tools=(stat record flamegraph callgrind massif disasm time)

die() { echo "profile.sh: $*" >&2; exit 2; }
usage() { sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; }

# ---- environment checks, each with the command that fixes it ------------
check_env() {
  local ok=0
  local paranoid
  paranoid=$(cat /proc/sys/kernel/perf_event_paranoid 2>/dev/null || echo unknown)
  if ! command -v perf >/dev/null 2>&1; then
    echo "- perf is missing: sudo apt-get install linux-perf"; ok=1
  else
    if [ "$paranoid" != unknown ] && [ "$paranoid" -gt 1 ] && [ "$(id -u)" -ne 0 ]; then
      echo "- perf_event_paranoid is $paranoid: user-space profiling of others is limited;"
      echo "  fix: sudo sysctl -w kernel.perf_event_paranoid=1"
    fi
    if perf stat -e instructions true 2>&1 | grep -q 'not supported'; then
      echo "- hardware counters are not available (no PMU driver, e.g. a VM without vPMU):"
      echo "  perf stat falls back to software events; perf record samples cpu-clock."
    fi
  fi
  command -v valgrind >/dev/null 2>&1 || { echo "- valgrind is missing: sudo apt-get install valgrind"; ok=1; }
  command -v objdump >/dev/null 2>&1 || { echo "- objdump is missing: sudo apt-get install binutils"; ok=1; }
  [ -x /usr/bin/time ] || echo "- /usr/bin/time is missing: sudo apt-get install time (falls back to the shell's time)"
  if ! command -v node >/dev/null 2>&1 || [ ! -d scripts/flamegraph/node_modules/d3-flame-graph ]; then
    echo "- flame graphs need node and d3-flame-graph: scripts/install-deps run"
  fi
  return $ok
}

ensure_build() {
  if [ ! -x "$build/bin/bbd-worker" ]; then
    echo "profile.sh: building Release into $build" >&2
    scripts/install-deps run
    cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DBBD_BUILD_TESTS=OFF >/dev/null
    cmake --build "$build" -j "$(nproc)" >/dev/null
  fi
}

# ---- arguments -----------------------------------------------------------
if [ $# -eq 0 ]; then
  [ -t 0 ] || die "no arguments and no terminal for the menu (usage: ./profile.sh TOOL BENCHMARK_ID)"
  ensure_build
  plugin_dir=${BBD_PLUGIN_DIR:-$build/plugins}
  echo "Benchmarks:"
  mapfile -t ids < <(for so in "$plugin_dir"/*.so; do
    "$build/bin/bbd-worker" describe "$so" 2>/dev/null |
      python3 -c 'import json,sys; [print(b["id"]) for b in json.load(sys.stdin).get("benchmarks",[])]' || true
  done)
  [ ${#ids[@]} -gt 0 ] || die "no benchmarks found in $plugin_dir"
  PS3="Benchmark number: "
  select bench in "${ids[@]}"; do [ -n "$bench" ] && break; done
  PS3="Tool number: "
  select tool in "${tools[@]}"; do [ -n "$tool" ] && break; done
  set -- "$tool" "$bench"
fi
case "${1:-}" in
-h | --help) usage; exit 0 ;;
--check) check_env; exit $? ;;
esac
[ $# -ge 2 ] || { usage >&2; exit 2; }
tool=$1
bench=$2
shift 2
[ "${1:-}" = "--" ] && shift
wargs=("$@")
[ ${#wargs[@]} -gt 0 ] || wargs=(--quick)
printf '%s\n' "${tools[@]}" | grep -qx "$tool" || die "unknown tool '$tool' (${tools[*]})"
[[ "$bench" =~ ^[a-z0-9_]+/[a-z0-9_./-]+$ ]] || die "benchmark id must be plugin/group/name[/param], got '$bench'"

ensure_build
plugin=${bench%%/*}
plugin_dir=${BBD_PLUGIN_DIR:-$build/plugins}
so="$plugin_dir/$plugin.so"
[ -f "$so" ] || die "no plugin $so (is '$plugin' built? plugins: $(ls "$plugin_dir" 2>/dev/null | tr '\n' ' '))"
worker=$(realpath "$build/bin/bbd-worker")
so=$(realpath "$so")

stamp=$(date +%Y%m%d_%H%M%S)
out="profiling_results/${bench//\//_}_${tool}_${stamp}"
mkdir -p "$out"
summary="$out/summary.txt"
run=("$worker" run "$so" "$bench" "${wargs[@]}")
echo "profile.sh: $tool on $bench -> $out/"
{
  echo "benchmark: $bench"
  echo "tool: $tool"
  echo "command: ${run[*]}"
  echo "date: $(date -u +%FT%TZ)"
  echo "perf_event_paranoid: $(cat /proc/sys/kernel/perf_event_paranoid 2>/dev/null || echo unknown)"
} >"$summary"

hw_events_work() { ! perf stat -e instructions true 2>&1 | grep -q 'not supported'; }

# The hottest function of the plugin object, from a callgrind profile:
# annotate lines look like "121,044,454 (87.56%)  ???:cl_run [/path/x.so]".
# awk reads to the end (no early exit) so callgrind_annotate never gets
# SIGPIPE, which pipefail would turn into a failure.
hot_function() {
  local cg=$1 base
  base=$(basename "$so")
  callgrind_annotate "$cg" 2>/dev/null |
    awk -v so="/$base]" '!found && index($0, so) { sub(/ \[.*$/, ""); n = split($0, a, ":"); print a[n]; found = 1 }'
}

run_callgrind() {
  # The worker forks one child per benchmark; %p gives each process its own
  # file. The benchmark's profile is the one that ran the plugin the most.
  valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out.%p" \
    "${run[@]}" --no-alloc >"$out/worker.txt" 2>"$out/valgrind.log"
  local best="" best_n=-1 f n
  for f in "$out"/callgrind.out.*; do
    grep -q "$(basename "$so")" "$f" || continue
    n=$(awk '/^(summary|totals):/ {print $2; exit}' "$f")
    if [ "${n:-0}" -gt "$best_n" ]; then best=$f; best_n=${n:-0}; fi
  done
  [ -n "$best" ] || best=$(ls -S "$out"/callgrind.out.* | sed -n 1p)
  echo "$best"
}

case "$tool" in
stat)
  command -v perf >/dev/null || die "perf is missing: sudo apt-get install linux-perf"
  if hw_events_work; then
    events="cycles,instructions,branches,branch-misses,cache-references,cache-misses,task-clock,page-faults,context-switches,cpu-migrations"
  else
    events="task-clock,page-faults,minor-faults,major-faults,context-switches,cpu-migrations"
    echo "note: no hardware counters on this machine (perf stat -e instructions: <not supported>); using software events only" | tee -a "$summary"
  fi
  perf stat -e "$events" -o "$out/perf-stat.txt" -- "${run[@]}" --no-alloc >"$out/worker.txt"
  cat "$out/perf-stat.txt" | tee -a "$summary"
  ;;
record | flamegraph)
  command -v perf >/dev/null || die "perf is missing: sudo apt-get install linux-perf"
  ev=()
  hw_events_work || { ev=(-e cpu-clock); echo "note: no hardware PMU: sampling the cpu-clock software event" | tee -a "$summary"; }
  perf record "${ev[@]}" -g -F 999 -o "$out/perf.data" -- "${run[@]}" --no-alloc >"$out/worker.txt" 2>"$out/perf-record.log"
  perf report -i "$out/perf.data" --stdio --no-children --percent-limit 1 >"$out/perf-report.txt" 2>/dev/null
  perf script -i "$out/perf.data" >"$out/perf.script" 2>/dev/null
  sed -n '1,60p' "$out/perf-report.txt" >>"$summary"
  if command -v node >/dev/null && [ -d scripts/flamegraph/node_modules/d3-flame-graph ]; then
    node scripts/flamegraph/make.mjs "$out/perf.script" "$out/flamegraph.html" "$bench" | tee -a "$summary"
  else
    echo "flame graph skipped: run scripts/install-deps run (node + d3-flame-graph)" | tee -a "$summary"
  fi
  awk 'n < 15 && /^ +[0-9.]+%/ { print; n++ }' "$out/perf-report.txt"
  ;;
callgrind)
  command -v valgrind >/dev/null || die "valgrind is missing: sudo apt-get install valgrind"
  cg=$(run_callgrind)
  callgrind_annotate "$cg" >"$out/callgrind-annotate.txt" 2>/dev/null
  echo "profile: $cg" >>"$summary"
  sed -n '1,40p' "$out/callgrind-annotate.txt" | tee -a "$summary"
  ;;
massif)
  command -v valgrind >/dev/null || die "valgrind is missing: sudo apt-get install valgrind"
  valgrind --tool=massif --massif-out-file="$out/massif.out.%p" \
    "${run[@]}" --no-alloc >"$out/worker.txt" 2>"$out/valgrind.log"
  ms=$(ls -S "$out"/massif.out.* | sed -n 1p)
  ms_print "$ms" >"$out/ms_print.txt"
  echo "profile: $ms" >>"$summary"
  sed -n '1,40p' "$out/ms_print.txt" | tee -a "$summary"
  ;;
disasm)
  command -v objdump >/dev/null || die "objdump is missing: sudo apt-get install binutils"
  command -v valgrind >/dev/null || die "valgrind is missing: sudo apt-get install valgrind"
  cg=$(run_callgrind)
  fn=$(hot_function "$cg")
  [ -n "$fn" ] || die "could not find a hot function of $(basename "$so") in $cg"
  echo "hot function: $fn" | tee -a "$summary"
  objdump -d --no-show-raw-insn -M intel -C --disassemble="$fn" "$so" >"$out/disasm.txt"
  grep -c $'\t' "$out/disasm.txt" | sed 's/^/instructions: /' | tee -a "$summary"
  awk "/<${fn}>:/,0" "$out/disasm.txt" | head -n 80 || true
  ;;
time)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -v -o "$out/time.txt" "${run[@]}" >"$out/worker.txt"
  else
    { time "${run[@]}" >"$out/worker.txt"; } 2>"$out/time.txt"
  fi
  tee -a "$summary" <"$out/time.txt"
  ;;
esac
echo "results: $out/"
