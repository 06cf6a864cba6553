#!/bin/sh
# Cost of allocation tracking inside the timed region: the fixture
# fx_ok/alloc/pattern (one malloc(100) + free per iteration) measured with
# tracking on and with --no-alloc, alternately. Prints the fastest sample and
# the median slope (ns/iter) of each.
#
#   bench/worker/alloc_overhead.sh BUILD_DIR [ROUNDS] [CPU]
set -eu
build=${1:?usage: alloc_overhead.sh BUILD_DIR [ROUNDS] [CPU]}
rounds=${2:-5}
cpu=${3:-1}
w="$build/bin/bbd-worker"
p="$build/fixtures/fx_ok.so"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
i=1
while [ "$i" -le "$rounds" ]; do
  "$w" run "$p" alloc/pattern --cpu "$cpu" --warmup 0.2 --measure 0.5 \
    --counters none --json >>"$tmp/on"
  "$w" run "$p" alloc/pattern --cpu "$cpu" --warmup 0.2 --measure 0.5 \
    --counters none --no-alloc --json >>"$tmp/off"
  i=$((i + 1))
done
python3 - "$tmp" <<'PY'
import json, os, statistics, sys
for mode in ("on", "off"):
    slopes, mins = [], []
    for line in open(os.path.join(sys.argv[1], mode)):
        e = json.loads(line)
        if e["event"] == "result":
            slopes.append(e["summary"]["ns_per_iter"]["slope"])
            mins.append(e["summary"]["ns_per_iter"]["min"])
    print("tracking %-3s: fastest sample %.2f ns/iter, median slope %.2f ns/iter"
          % (mode, min(mins), statistics.median(slopes)))
PY
