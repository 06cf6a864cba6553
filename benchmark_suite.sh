#!/usr/bin/env bash
# Runs the whole benchmark suite: installs missing dependencies, builds in
# Release, starts bbd (embedded SQLite in ./data unless BBD_URL is set), runs
# every plugin through bbctl and writes benchmark_results_<timestamp>/.
#
# This first version builds the tree and runs the parts that exist so far;
# the full workflow (daemon, baselines, analysis) is completed with the
# daemon and the CLI.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here"

no_build=0
for arg in "$@"; do
  case "$arg" in
  --no-build) no_build=1 ;;
  -h | --help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "benchmark_suite.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

if [ "$no_build" = 0 ]; then
  scripts/install-deps run
  cmake -S . -B build/suite -DCMAKE_BUILD_TYPE=Release -DBBD_BUILD_TESTS=OFF >/dev/null
  cmake --build build/suite -j "$(nproc)" >/dev/null
fi
echo "benchmark_suite: built build/suite"
