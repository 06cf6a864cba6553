#!/usr/bin/env bash
# Runs every test of the project from a fresh clone:
#   1. installs missing dependencies (scripts/install-deps test);
#   2. builds a Release tree (gcc, -Werror) and a sanitizer tree (clang,
#      ASan+UBSan, -Werror, with the libFuzzer targets);
#   3. runs ctest in both: everything in Release, everything but the browser
#      test under the sanitizers (plus the fuzzers' bounded runs);
#   4. ends with "N passed, N failed" and exits non-zero on any failure.
#
# Options: --release-only / --asan-only, -j N, or extra ctest arguments after
# "--" (for example: tests/run.sh --release-only -- -R bebytes).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"

do_release=1
do_asan=1
jobs=$(nproc 2>/dev/null || echo 2)
ctest_extra=()
while [ $# -gt 0 ]; do
  case "$1" in
  --release-only) do_asan=0 ;;
  --asan-only) do_release=0 ;;
  -j) jobs=$2; shift ;;
  --) shift; ctest_extra=("$@"); break ;;
  -h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "tests/run.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

scripts/install-deps test || { echo "0 passed, 1 failed"; exit 1; }

passed=0
failed=0
status=0

# run_tree NAME CMAKE-ARGS... -- CTEST-ARGS...
run_tree() {
  local name=$1; shift
  local cfg=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do cfg+=("$1"); shift; done
  shift
  local dir="build/$name"
  echo "== [$name] configure and build"
  mkdir -p "$dir"
  if ! cmake -S . -B "$dir" -DBBD_WERROR=ON "${cfg[@]}" >"$dir.configure.log" 2>&1; then
    cat "$dir.configure.log"
    echo "== [$name] configure FAILED"
    failed=$((failed + 1)); status=1; return
  fi
  if ! cmake --build "$dir" -j "$jobs" >"$dir.build.log" 2>&1; then
    grep -E -B2 -A6 'error|Error' "$dir.build.log" | head -80
    echo "== [$name] build FAILED (full log: $dir.build.log)"
    failed=$((failed + 1)); status=1; return
  fi
  echo "== [$name] ctest"
  local log="$dir.ctest.log"
  (cd "$dir" && ctest --output-on-failure --timeout 900 -j "$jobs" "$@" \
    "${ctest_extra[@]}") 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local line
  line=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -1)
  if [ -n "$line" ]; then
    local nf total
    nf=$(sed -E 's/.*passed, ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")
    total=$(sed -E 's/.*failed out of ([0-9]+).*/\1/' <<<"$line")
    passed=$((passed + total - nf)); failed=$((failed + nf))
  elif [ "$rc" -ne 0 ]; then
    failed=$((failed + 1))
  fi
  [ "$rc" -eq 0 ] || status=1
}

mkdir -p build
export BBD_TEST_ARTIFACTS="$here/build/artifacts"
mkdir -p "$BBD_TEST_ARTIFACTS"
# Sanitizer settings: fail loudly, never silently continue.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

if [ "$do_release" = 1 ]; then
  run_tree release -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_COMPILER=gcc -- -LE fuzz
fi
if [ "$do_asan" = 1 ]; then
  run_tree asan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang \
    -DBBD_SANITIZE=ON -DBBD_FUZZ=ON -DBBD_BUILD_BENCH=OFF -- -LE 'web|nosan'
fi

echo
echo "$passed passed, $failed failed"
exit $status
