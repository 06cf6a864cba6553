#!/usr/bin/env bash
# Runs the whole benchmark suite on bbd, from a fresh clone:
#   installs missing dependencies, builds in Release (build/suite), starts bbd
#   on its embedded SQLite default (./data, or $BBD_DATA_DIR) unless BBD_URL
#   points at a running daemon, runs all four plugins with live progress, and
#   writes benchmark_results_YYYYmmdd_HHMMSS/:
#     results.json, results.csv, summary.md   the run's exports (bbctl export)
#     analysis.md, report.html                measured method ratios, allocation
#                                             bands, slowest, warnings, doctor
#     report_url.txt                          the web report of this run
#     doctor.txt                              bbctl doctor's findings
#
# Options:
#   --quick               quick measurement settings (whole suite in minutes)
#   --filter GLOB         benchmarks to run (repeatable; default: all)
#   --baseline NAME       compare with baseline NAME; exit code as bbctl's
#   --save-baseline NAME  save this run as baseline NAME
#   --no-build            use the existing build
#   --keep-daemon         leave the daemon this script started running
#   -h, --help            this text
#
# Environment: BBD_URL (use a running daemon), BBD_DATA_DIR (data directory
# of the daemon this script starts), BBD_BUILD_DIR (an existing build to use
# without building).
#
# Exit codes: those of `bbctl run` (0 ok, 1 regression, 3 daemon problem,
# 4 a benchmark failed, 7 not found, ...; see docs/CLI.md), 2 for a usage
# error of this script, 130 when interrupted.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here"

quick=0
no_build=0
keep=0
filters=()
baseline=""
save_baseline=""
while [ $# -gt 0 ]; do
  case "$1" in
  --quick) quick=1 ;;
  --no-build) no_build=1 ;;
  --keep-daemon) keep=1 ;;
  --filter) [ $# -ge 2 ] || { echo "benchmark_suite.sh: --filter needs a glob" >&2; exit 2; }; filters+=("$2"); shift ;;
  --baseline) [ $# -ge 2 ] || { echo "benchmark_suite.sh: --baseline needs a name" >&2; exit 2; }; baseline=$2; shift ;;
  --save-baseline) [ $# -ge 2 ] || { echo "benchmark_suite.sh: --save-baseline needs a name" >&2; exit 2; }; save_baseline=$2; shift ;;
  -h | --help) sed -n '2,31p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "benchmark_suite.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

# BBD_BUILD_DIR names an existing build to use as it is (no build step).
build=${BBD_BUILD_DIR:-build/suite}
[ -n "${BBD_BUILD_DIR:-}" ] && no_build=1
if [ "$no_build" = 0 ]; then
  scripts/install-deps run
  echo "== building (Release) in $build"
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DBBD_BUILD_TESTS=OFF \
    -DBBD_BUILD_BENCH=OFF >"$build.configure.log" 2>&1 ||
    { cat "$build.configure.log"; exit 3; }
  cmake --build "$build" -j "$(nproc)" >"$build.build.log" 2>&1 ||
    { tail -40 "$build.build.log"; echo "build failed: $build.build.log" >&2; exit 3; }
fi
bbctl="$build/bin/bbctl"
[ -x "$bbctl" ] && [ -x "$build/bin/bbd" ] || { echo "benchmark_suite.sh: $build has no bbd/bbctl (drop --no-build)" >&2; exit 3; }

stamp=$(date +%Y%m%d_%H%M%S)
results="benchmark_results_$stamp"
mkdir -p "$results"
# The marker says the directory is incomplete; it is removed only at the end.
echo "incomplete: the suite was interrupted or failed before finishing" >"$results/INCOMPLETE"

daemon_pid=""
cleanup() {
  if [ -n "$daemon_pid" ] && [ "$keep" = 0 ]; then
    kill -TERM "$daemon_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$daemon_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$daemon_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT
# Ctrl-C reaches every process of the foreground group (bbctl, and bbd if
# this script started it). Children that handle SIGINT themselves exit
# normally, and bash then skips an exiting trap, so the trap only records the
# interruption and every step checks it.
interrupted=0
trap 'interrupted=1' INT TERM
check_interrupt() {
  if [ "$interrupted" = 1 ]; then
    echo
    echo "benchmark_suite.sh: interrupted; partial results in $results/ (marked INCOMPLETE)" >&2
    exit 130
  fi
}

if [ -n "${BBD_URL:-}" ]; then
  url=$BBD_URL
  echo "== using the running daemon at $url"
else
  data=${BBD_DATA_DIR:-$here/data}
  mkdir -p "$data"
  log="$results/bbd.log"
  "$build/bin/bbd" --listen 127.0.0.1:0 --data-dir "$data" \
    --plugin-dir "$build/plugins" --web-dir "$build/report" >"$log" 2>&1 &
  daemon_pid=$!
  url=""
  for _ in $(seq 300); do
    url=$(grep -o 'listening on http://[0-9.:]*' "$log" 2>/dev/null | head -1 | sed 's/listening on //') || true
    [ -n "$url" ] && break
    kill -0 "$daemon_pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$url" ]; then
    cat "$log" >&2
    echo "benchmark_suite.sh: bbd did not start (is another bbd using $data? then set BBD_URL)" >&2
    exit 3
  fi
  echo "== bbd started at $url (data: $data, log: $log)"
fi
check_interrupt
export BBD_URL=$url

# Wait until every plugin has been described, so no benchmark is missed.
for _ in $(seq 100); do
  if curl -fsS "$url/api/v1/status" | python3 -c 'import json,sys; s=json.load(sys.stdin); sys.exit(0 if not s.get("plugins",{}).get("scanning") else 1)' 2>/dev/null; then break; fi
  sleep 0.2
done

"$bbctl" doctor >"$results/doctor.txt" 2>&1 || true
check_interrupt

args=(run --tag "suite=$stamp")
[ "$quick" = 1 ] && args+=(--quick)
[ -n "$baseline" ] && args+=(--baseline "$baseline")
[ -n "$save_baseline" ] && args+=(--save-baseline "$save_baseline")
if [ -n "$(git -C "$here" rev-parse --short HEAD 2>/dev/null)" ]; then
  args+=(--tag "git_sha=$(git -C "$here" rev-parse --short HEAD)")
fi
args+=("${filters[@]}")
echo "== bbctl ${args[*]}"
set +e
"$bbctl" "${args[@]}" | tee "$results/run.txt"
rc=${PIPESTATUS[0]}
set -e
check_interrupt

run_id=$(curl -fsS "$url/api/v1/runs?tag=suite:$stamp&limit=1" |
  python3 -c 'import json,sys; r=json.load(sys.stdin)["runs"]; print(r[0]["id"] if r else "")')
if [ -z "$run_id" ]; then
  echo "benchmark_suite.sh: the run was not created (bbctl exit $rc)" >&2
  exit "$rc"
fi

"$bbctl" export "$run_id" --format json -o "$results/results.json"
"$bbctl" export "$run_id" --format csv -o "$results/results.csv"
"$bbctl" export "$run_id" --format markdown -o "$results/summary.md"
{
  echo "$url/#/run/$run_id"
  echo "# after the daemon stops: $build/bin/bbd --data-dir ${BBD_DATA_DIR:-$here/data} --plugin-dir $build/plugins --web-dir $build/report"
  echo "# then open http://127.0.0.1:8740/#/run/$run_id"
} >"$results/report_url.txt"
echo
python3 scripts/suite_analysis.py "$results/results.json" --doctor "$results/doctor.txt" \
  --markdown "$results/analysis.md" --html "$results/report.html"
check_interrupt
rm -f "$results/INCOMPLETE"

echo
echo "Results:     $results/ (results.json, results.csv, summary.md, analysis.md, report.html)"
if [ -n "$daemon_pid" ] && [ "$keep" = 0 ]; then
  echo "Web report:  the daemon was stopped; to browse run $run_id, see $results/report_url.txt (or use --keep-daemon)"
else
  echo "Web report:  $(head -1 "$results/report_url.txt")"
fi
exit "$rc"
