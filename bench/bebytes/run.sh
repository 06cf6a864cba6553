#!/bin/sh
# Builds bench_bebytes (Release) and prints libbebytes versus hand-written
# code for every method, struct and byte order:
#   instructions per op (valgrind callgrind, deterministic: only the
#   measured loop is collected, --toggle-collect='case_*'),
#   ns per op (medians of SAMPLES short alternating lib/hand samples, then
#   the median over TIME_RUNS separate processes: each process places its
#   heap and stack differently, and cache-aliasing luck between the input
#   struct and the output buffer moved single-process ratios by 10-20 %),
#   allocations per op (malloc wrapped at link time),
# then the 1,000-packet Eth+IPv4+TCP decode batch in bytes/s.
#
# Usage: bench/bebytes/run.sh            (from the repository root)
# Env:   BUILD_DIR (default build/bench-bebytes), SAMPLES (default 501),
#        TIME_RUNS (default 5),
#        NO_BUILD=1 to reuse an existing binary, CC to pick the compiler.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD_DIR:-$root/build/bench-bebytes}
samples=${SAMPLES:-501}
time_runs=${TIME_RUNS:-5}
if [ "${NO_BUILD:-0}" != 1 ]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
    -DBBD_BUILD_TESTS=OFF >/dev/null
  cmake --build "$build" -j2 --target bench_bebytes >/dev/null
fi
bin=$build/bin/bench_bebytes
command -v valgrind >/dev/null || { echo "valgrind is needed" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

i=0
while [ "$i" -lt "$time_runs" ]; do
  "$bin" time "$samples"
  i=$((i + 1))
done | sort -k1,1 -k2,2g | awk '
  { v[$1, ++n[$1]] = $2; if (n[$1] == 1) keys[++k] = $1 }
  END { for (i = 1; i <= k; i++) { c = keys[i]; m = n[c]
        med = m % 2 ? v[c, (m + 1) / 2] : (v[c, m / 2] + v[c, m / 2 + 1]) / 2
        print c, med } }' >"$tmp/time"
"$bin" allocs >"$tmp/allocs"
for c in $("$bin" list); do
  case $c in alloc/*) n=2000 ;; *) n=10000 ;; esac
  ir=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null \
    --toggle-collect='case_*' "$bin" run "$c" "$n" 2>&1 |
    awk '/Collected/ {print $4}')
  echo "$c $(awk -v i="$ir" -v n="$n" 'BEGIN {printf "%.1f", i / n}')"
done >"$tmp/ir"

echo "compiler: $(${CC:-cc} --version | head -1)"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
printf '%-22s %9s %9s %7s | %8s %8s %7s | %s\n' "method/struct/order" \
  "lib Ir" "hand Ir" "Ir x" "lib ns" "hand ns" "time x" "allocs lib/hand"
awk '
  FILENAME ~ /ir$/     { split($1, k, "/"); key = k[1] "/" k[2] "/" k[3];
                         ir[key, k[4]] = $2; if (!(key in seen)) {
                         seen[key] = 1; order[++n] = key } }
  FILENAME ~ /time$/   { split($1, k, "/"); ns[k[1] "/" k[2] "/" k[3], k[4]] = $2 }
  FILENAME ~ /allocs$/ { split($1, k, "/"); al[k[1] "/" k[2] "/" k[3], k[4]] = $2 }
  END {
    for (i = 1; i <= n; i++) {
      key = order[i]
      printf "%-22s %9.1f %9.1f %7.3f | %8.2f %8.2f %7.3f | %g/%g\n", key,
        ir[key, "lib"], ir[key, "hand"], ir[key, "lib"] / ir[key, "hand"],
        ns[key, "lib"], ns[key, "hand"], ns[key, "lib"] / ns[key, "hand"],
        al[key, "lib"], al[key, "hand"]
    }
  }' "$tmp/ir" "$tmp/time" "$tmp/allocs"
echo
"$bin" batch 1
