#!/usr/bin/env bash
# Runs every command of every ```sh block in docs/PROFILING.md, in order, the
# way a reader would, against a real bbd on 127.0.0.1 (port 0, temporary data
# directory) and the given build. Fails on the first command that fails.
#
#   tests/docs/check_profiling_doc.sh BUILD_DIR
#
# The reader's checkout is simulated by a temporary directory that links the
# scripts and source folders and maps build/suite to BUILD_DIR (so nothing is
# rebuilt and nothing is written into the source tree). Commands that compare
# performance may legitimately report a regression on a noisy machine, so
# for them exit code 1 ("regressed") is accepted as well as 0.
set -uo pipefail
build=$(realpath "$1")
src=$(cd "$(dirname "$0")/../.." && pwd)
doc="$src/docs/PROFILING.md"
work=$(mktemp -d)
bbd_pid=""
cleanup() {
  [ -n "$bbd_pid" ] && kill "$bbd_pid" 2>/dev/null && wait "$bbd_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

cd "$work"
for f in benchmark_suite.sh profile.sh scripts plugins include docs; do ln -s "$src/$f" "$f"; done
mkdir -p build home
ln -s "$build" build/suite
export HOME="$work/home"
export PATH="$build/bin:$PATH"
export BBD_BUILD_DIR=build/suite
export BBD_PLUGIN_DIR="$build/plugins"
unset BBD_URL BBD_TOKEN

"$build/bin/bbd" --listen 127.0.0.1:0 --data-dir "$work/data" \
  --plugin-dir "$build/plugins" --web-dir "$build/report" >"$work/bbd.log" 2>&1 &
bbd_pid=$!
url=""
for _ in $(seq 300); do
  url=$(grep -o 'listening on http://[0-9.:]*' "$work/bbd.log" | head -1 | sed 's/listening on //')
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { cat "$work/bbd.log"; echo "FAIL: bbd did not start"; exit 1; }
export BBD_URL=$url

# Extract the commands: lines of ```sh blocks, joined at trailing backslashes.
mapfile -t cmds < <(awk '/^```sh$/ {b=1; next} /^```$/ {b=0; next} b && NF {print}' "$doc")
[ ${#cmds[@]} -ge 10 ] || { echo "FAIL: found only ${#cmds[@]} commands in $doc"; exit 1; }

n=0
for cmd in "${cmds[@]}"; do
  n=$((n + 1))
  echo "== [$n/${#cmds[@]}] $cmd"
  bash -c "$cmd" >"$work/out.txt" 2>&1
  rc=$?
  tail -n 5 "$work/out.txt" | sed 's/^/   /'
  ok=0
  [ "$rc" -eq 0 ] && ok=1
  if [ "$rc" -eq 1 ] && [[ "$cmd" == *--baseline* || "$cmd" == *" compare "* ]]; then ok=1; fi
  if [ "$ok" -ne 1 ]; then
    cat "$work/out.txt"
    echo "FAIL: '$cmd' exited $rc"
    exit 1
  fi
done
echo "docs/PROFILING.md: all ${#cmds[@]} commands ran"
