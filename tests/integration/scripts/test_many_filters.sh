#!/usr/bin/env bash
# The daemon passes every selected benchmark id of a plugin to the worker as
# one filter each, so a plugin with more benchmarks than an arbitrary filter
# cap (network_protocols has 95) must still run: 150 filters are accepted.
set -euo pipefail
build=$(realpath "$1")
filters=()
for _ in $(seq 150); do filters+=(fx_ok/math/add); done
out=$("$build/bin/bbd-worker" run "$build/fixtures/fx_ok.so" "${filters[@]}" \
  --quick --samples 3 --no-alloc --counters none --json)
n=$(grep -c '"event":"result"' <<<"$out")
[ "$n" -eq 1 ] || { echo "FAIL: expected 1 result for 150 identical filters, got $n"; exit 1; }
echo "150 filters: ok"
