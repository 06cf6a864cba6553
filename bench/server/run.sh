#!/usr/bin/env bash
# Measures the daemon with wrk on loopback (docs/perf/server.md), with
# 10,000 stored runs and one run of 100 results in the database:
#   1. idle CPU and RSS;
#   2. throughput (wrk -t2 -c32) of /status, /runs/ID (100 results),
#      /runs?limit=50 and /metrics; "uncached" rows use vary.lua so every
#      request misses the response cache and is built from the store;
#   3. latency at a moderate load (wrk -t1 -c4): p50/p99;
#   4. the same while a benchmark runs (a worker busy on one CPU);
#   5. idle CPU and RSS afterwards; 6. ingest through the daemon's path.
# Usage: bench/server/run.sh [BUILD_DIR] [SECONDS per wrk run]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${1:-$here/build/release}
secs=${2:-10}
bin=$build/bin
command -v wrk >/dev/null || { echo "wrk is missing (apt install wrk)"; exit 1; }
tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

start() {
  "$bin/bbd" --listen 127.0.0.1:0 --data-dir "$tmp/data" --plugin-dir "$build/fixtures" \
    --worker "$bin/bbd-worker" --log-level warn >"$tmp/out" 2>"$tmp/err" &
  pid=$!
  for _ in $(seq 100); do grep -q 'listening on' "$tmp/out" 2>/dev/null && break; sleep 0.1; done
  url=$(sed -n 's/^bbd: listening on //p' "$tmp/out")
}
stop() { kill "$pid"; wait "$pid" || true; pid=; }

# CPU seconds (user+sys) of the daemon from /proc.
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{print ($14+$15)/hz}' "/proc/$pid/stat"; }
rss_kb() { awk '/^VmRSS/{print $2}' "/proc/$pid/status"; }
idle() { # label
  local c0 c1
  sleep 1
  c0=$(cpu_s); sleep 10; c1=$(cpu_s)
  awk -v l="$1" -v a="$c0" -v b="$c1" -v r="$(rss_kb)" \
    'BEGIN{printf "%-52s cpu %.3f s over 10 s (%.2f%%), RSS %s kB\n", l, b-a, (b-a)*10, r}'
}
bench() { # label path [wrk options...]
  local out label=$1 path=$2
  shift 2
  local opts=("$@")
  [ ${#opts[@]} -eq 0 ] && opts=(-t2 -c32)
  out=$(wrk "${opts[@]}" -d"${secs}s" --latency "$url$path")
  printf '%-52s %10s req/s  p50 %8s  p99 %8s\n' "$label" \
    "$(echo "$out" | awk '/Requests\/sec/{print $2}')" \
    "$(echo "$out" | awk '$1=="50%"{print $2}')" \
    "$(echo "$out" | awk '$1=="99%"{print $2}')"
  echo "$out" | grep -E 'Non-2xx|Socket errors' || true
}

echo "== bbd $(git -C "$here" rev-parse --short HEAD 2>/dev/null) on $(nproc) CPUs, wrk -t2 -c32 -d${secs}s"
mkdir -p "$tmp/data"
big=$("$bin/bench_server_populate" "$tmp/data" 10000 100)
vary=(-t2 -c32 -s "$here/bench/server/vary.lua")
lat=(-t1 -c4)
start
idle "idle, 10,000 stored runs"
bench "GET /api/v1/status" /api/v1/status
bench "GET /api/v1/runs/ID (100 results)" "/api/v1/runs/$big"
bench "GET /api/v1/runs/ID (100 results), uncached" "/api/v1/runs/$big" "${vary[@]}"
bench "GET /api/v1/runs?limit=50" "/api/v1/runs?limit=50"
bench "GET /api/v1/runs?limit=50, uncached" "/api/v1/runs?limit=50" "${vary[@]}"
bench "GET /metrics" /metrics
bench "latency -c4: GET /api/v1/status" /api/v1/status "${lat[@]}"
bench "latency -c4: GET /api/v1/runs?limit=50" "/api/v1/runs?limit=50" "${lat[@]}"
bench "latency -c4: GET /api/v1/runs/ID (100 results)" "/api/v1/runs/$big" "${lat[@]}"

# While a benchmark runs: a long fx_cost run keeps a worker busy.
curl -s -X POST -H 'Content-Type: application/json' "$url/api/v1/runs" \
  -d '{"filters":["fx_cost/cost/spin"],"settings":{"warmup_s":0.5,"measure_s":60,"samples":20}}' >/dev/null
sleep 2
bench "running: GET /api/v1/status" /api/v1/status
bench "running: GET /api/v1/runs/ID (100 results)" "/api/v1/runs/$big"
bench "running: latency -c4: GET /api/v1/status" /api/v1/status "${lat[@]}"
bench "running: latency -c4: GET /api/v1/runs?limit=50" "/api/v1/runs?limit=50" "${lat[@]}"
idle "idle HTTP, benchmark running"
curl -s -X POST "$url/api/v1/runs/$((big + 1))/cancel" >/dev/null
sleep 3
idle "idle after the run"
stop
mkdir -p "$tmp/ingest"
"$bin/bench_server_ingest" "$tmp/ingest" 2000 100
"$bin/bench_server_ingest" "$tmp/ingest2" 200 5000 2>/dev/null ||
  { mkdir -p "$tmp/ingest2" && "$bin/bench_server_ingest" "$tmp/ingest2" 200 5000; }
