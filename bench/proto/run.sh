#!/usr/bin/env bash
# Measures the protocol stack and bbdump (figures for docs/perf/proto.md).
#
#   bench/proto/run.sh [BUILD_DIR] [REPEAT]    (defaults: build/release 40)
#
# 1. pipeline throughput on one core (thread CPU time), on the generated
#    corpus and on a capture made of the test captures repeated REPEAT times;
# 2. bbdump vs `tshark -T json` on that capture (CPU seconds, best of 3);
# 3. heap allocations of bbdump (valgrind) on 1x and 10x the captures, to
#    show they do not grow with the number of frames.
# Needs: tshark (mergecap, editcap, capinfos), python3, valgrind.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build/release}
rep=${2:-40}
caps="$root/tests/bbdump/captures"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

editcap -F pcap "$caps/tls.pcapng" "$tmp/tls.pcap"
one=("$caps"/*.pcap "$tmp/tls.pcap")
mk() { # mk OUT N: the captures concatenated N times
  local files=()
  for _ in $(seq "$2"); do files+=("${one[@]}"); done
  mergecap -a -F pcap -w "$1" "${files[@]}"
}
mk "$tmp/big.pcap" "$rep"
frames=$(capinfos -M -c "$tmp/big.pcap" | awk '/Number of packets/ {print $NF}')
echo "capture: ${#one[@]} test captures x $rep = $frames frames," \
  "$(stat -c %s "$tmp/big.pcap") bytes"

echo "== pipeline (bench_proto_pipeline, best of 7 rounds, CPU time)"
"$build/bin/bench_proto_pipeline"
"$build/bin/bench_proto_pipeline" --pcap "$tmp/big.pcap" --packets 10000000

echo "== bbdump vs tshark -T json (CPU seconds, best of 3)"
dec=(-d tcp.port==8080,http2 -d tcp.port==8081,http2)
best() {
  local b=""
  for _ in 1 2 3; do
    local t
    t=$(python3 "$here/cputime.py" "$@" | python3 -c \
      'import json,sys; print(json.load(sys.stdin)["cpu_s"])')
    if [ -z "$b" ] || python3 -c "import sys; sys.exit(not $t < $b)"; then
      b=$t
    fi
  done
  echo "$b"
}
tb=$(best "$build/bin/bbdump" -d tcp.port==8080,http2 "$tmp/big.pcap")
tt=$(best tshark -r "$tmp/big.pcap" -T json "${dec[@]}")
python3 -c "
b, t, n = $tb, $tt, $frames
print(f'bbdump  {b:.3f} s CPU  ({n / b / 1e6:.2f} M frames/s)')
print(f'tshark  {t:.3f} s CPU  ({n / t / 1e3:.1f} k frames/s)')
print(f'ratio   {t / b:.1f}x')"

echo "== bbdump heap allocations (valgrind) at 1x and 10x the captures"
mk "$tmp/x1.pcap" 1
mk "$tmp/x10.pcap" 10
for f in x1 x10; do
  n=$(capinfos -M -c "$tmp/$f.pcap" | awk '/Number of packets/ {print $NF}')
  a=$(valgrind "$build/bin/bbdump" -d tcp.port==8080,http2 "$tmp/$f.pcap" \
    2>&1 >/dev/null | awk '/total heap usage/ {print $5}')
  echo "$f: $n frames, $a allocations"
done
