#!/usr/bin/env bash
# 20 run requests sent at the same time are all queued, executed one at a
# time in FIFO order, and all complete: none lost, none duplicated.
. "$BBD_TEST_LIB/bbd.sh"
bbd_start
bbd_wait_catalog
bbd_wait_for sh -c "curl -s '$BBD_URL/api/v1/benchmarks?filter=fx_ok/math/add' | grep -q fx_ok" ||
  bbd_fail "fx_ok not in the catalog"

body='{"filters":["fx_ok/math/add"],"settings":{"samples":2,"warmup_s":0.001,"measure_s":0.001,"alloc":false,"counters":"none"}}'
pids=()
for i in $(seq 1 20); do
  curl -s -o "$BBD_TMP/post.$i" -w '%{http_code}\n' -X POST \
    -H 'Content-Type: application/json' --data-binary "$body" \
    "$BBD_URL/api/v1/runs" >"$BBD_TMP/code.$i" &
  pids+=($!)
done
# Only the curls: a bare `wait` would also wait for the daemon.
wait "${pids[@]}"
ids=()
for i in $(seq 1 20); do
  bbd_expect_eq "$(cat "$BBD_TMP/code.$i")" 202 "POST $i"
  ids+=("$(bbd_json 'd["id"]' <"$BBD_TMP/post.$i")")
done
uniq=$(printf '%s\n' "${ids[@]}" | sort -u | wc -l)
bbd_expect_eq "$uniq" 20 "distinct run ids"

for id in "${ids[@]}"; do
  bbd_expect_eq "$(bbd_wait_run "$id" 55)" done "run $id"
done
total=$(bbd_get '/api/v1/runs?state=done&limit=100' | bbd_json 'd["total"]')
bbd_expect_eq "$total" 20 "done runs"
# One at a time: no two runs overlap in time.
bbd_get '/api/v1/runs?limit=100&order=asc' | python3 -c '
import json, sys
runs = json.load(sys.stdin)["runs"]
spans = sorted((r["started_ms"], r["finished_ms"], r["id"]) for r in runs)
for (s1, f1, a), (s2, f2, b) in zip(spans, spans[1:]):
    assert f1 <= s2, "runs %d and %d overlap" % (a, b)
ids = [r["id"] for r in sorted(runs, key=lambda r: r["started_ms"])]
assert ids == sorted(ids), "not FIFO: %s" % ids
for r in runs:
    assert r["result_count"] == 1, r
' || bbd_fail "queue order/overlap check"
bbd_stop || bbd_fail "bbd exited non-zero"
echo ok
