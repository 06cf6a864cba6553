#!/usr/bin/env bash
# Paired interleaved A/B: two serve workers on the same .so (an A/A run)
# give both variants with identical round and iteration counts and a paired
# verdict that is not a regression or improvement (the A/A guard), decided
# on CPU time under the minimum-rounds/seconds stopping rule. A missing B file fails
# the benchmark with a clear reason instead of running unpaired.
. "$BBD_TEST_LIB/bbd.sh"
umask 022
mkdir "$BBD_TMP/a" "$BBD_TMP/b" "$BBD_TMP/empty"
cp "$BBD_FIXTURES/fx_cost.so" "$BBD_TMP/a/"
cp "$BBD_FIXTURES/fx_cost.so" "$BBD_TMP/b/"
bbd_start
bbd_wait_catalog
bbd_wait_for sh -c "curl -s $BBD_URL/api/v1/plugins | grep -q '\"name\":\"fx_cost\"'" ||
  bbd_fail "fx_cost not in the catalog"

body="{\"filters\":[\"fx_cost/cost/spin\"],\"params\":{\"work\":50},\"settings\":{\"warmup_s\":0.05},\"ab\":{\"a_dir\":\"$BBD_TMP/a\",\"b_dir\":\"$BBD_TMP/b\",\"budget_s\":4,\"min_rounds\":10,\"max_rounds\":200,\"round_ms\":5}}"
# Round progress is streamed (SSE); collect the stream during the run.
curl -sN --max-time 50 "$BBD_URL/api/v1/events" >"$BBD_TMP/sse" &
sse=$!
sleep 0.3
id=$(bbd_post /api/v1/runs "$body" | bbd_json 'd["id"]')
bbd_expect_status 202 "POST A/B run"
bbd_expect_eq "$(bbd_wait_run "$id" 50)" done "A/B run"
bbd_wait_for grep -q '"state":"done"' "$BBD_TMP/sse" || bbd_fail "no run event"
kill "$sse" 2>/dev/null
grep -q '"phase":"round"' "$BBD_TMP/sse" || bbd_fail "no round progress events"
run=$(bbd_get "/api/v1/runs/$id")
bbd_expect_eq "$(echo "$run" | bbd_json 'd["mode"]')" ab "mode"
bbd_expect_eq "$(echo "$run" | bbd_json 'd["env_id"] == d["results"][0]["estimates"]["env_id"] > 0')" true "run env_id is the environment A ran in"
bbd_expect_eq "$(echo "$run" | bbd_json 'sorted(r["variant"] for r in d["results"])')" '["a", "b"]' "variants"
bbd_expect_eq "$(echo "$run" | bbd_json '[r["n_samples"] for r in d["results"]][0] == [r["n_samples"] for r in d["results"]][1]')" true "same sample count"
v=$(echo "$run" | bbd_json '[r for r in d["results"] if r["variant"]=="b"][0]["verdict"]')
echo "$v" | bbd_json 'd["kind"]' | grep -qx paired || bbd_fail "verdict kind: $v"
verdict=$(echo "$v" | bbd_json 'd["verdict"]')
case "$verdict" in
unchanged | inconclusive) ;;
*) bbd_fail "A/A gave '$verdict'" ;;
esac
rounds=$(echo "$v" | bbd_json 'd["rounds"]')
[ "$rounds" -ge 10 ] || bbd_fail "only $rounds rounds"
# No early stop (precise/beyond) before min_rounds AND min_s (half the 4 s
# budget here): checked on the daemon's own record, not on a clock.
echo "$v" | python3 -c 'import json,sys
v=json.load(sys.stdin)
assert v["min_rounds"] == 10 and v["min_s"] == 2, v
if v["stop"] in ("precise", "beyond"):
    assert v["rounds"] >= 10 and v["elapsed_s"] >= 2, v
else:
    assert v["stop"] in ("budget", "max_rounds"), v
assert 1 <= v["looks"] <= v["planned_looks"] == 3, v
assert 0.95 < v["confidence"] < 1, v' || bbd_fail "stopping rule: $v"
# The verdict is on CPU time (task-clock), with wall time reported beside.
bbd_expect_eq "$(echo "$v" | bbd_json 'd["metric"]')" cpu "verdict metric"
echo "$v" | bbd_json 'd["wall"]["decision"]["change"]' >/dev/null ||
  bbd_fail "no wall-time analysis in $v"
# Identical iteration counts on both sides in every round, and the verdict's
# change is the median CPU-time log-ratio of the stored rounds (it would be
# the wall-time one if the daemon judged wall time).
for var in a b; do
  rid=$(echo "$run" | bbd_json "[r for r in d['results'] if r['variant']=='$var'][0]['id']")
  bbd_get "/api/v1/runs/$id/results/$rid/samples" >"$BBD_TMP/s_$var.json"
done
echo "$v" | python3 -c 'import json,math,statistics,sys
v=json.load(sys.stdin)
a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2]))
assert a["iters"] == b["iters"], "iteration counts differ between A and B"
assert set(a["iters"]) == {v["iters_per_round"]}, "not one count per round"
assert len(a["iters"]) == v["rounds"], (len(a["iters"]), v["rounds"])
ca, cb = a["counters"]["task-clock"], b["counters"]["task-clock"]
cpu = statistics.median(math.log(y / x) for x, y in zip(ca, cb))
wall = statistics.median(math.log(y / x) for x, y in zip(a["ns"], b["ns"]))
ch = v["decision"]["change"]
assert abs(math.expm1(cpu) - ch) < 1e-9, ("cpu", math.expm1(cpu), ch)
assert abs(math.expm1(wall) - v["wall"]["decision"]["change"]) < 1e-9
assert abs(math.expm1(wall) - ch) > 1e-12, "wall and CPU medians identical"' \
  "$BBD_TMP/s_a.json" "$BBD_TMP/s_b.json" || bbd_fail "paired rounds do not match the verdict"

# B side missing: failed results with the reason, the run still ends.
body="{\"filters\":[\"fx_cost/cost/spin\"],\"ab\":{\"a_dir\":\"$BBD_TMP/a\",\"b_dir\":\"$BBD_TMP/empty\",\"budget_s\":2}}"
id=$(bbd_post /api/v1/runs "$body" | bbd_json 'd["id"]')
bbd_wait_run "$id" 30 >/dev/null
bbd_get "/api/v1/runs/$id" | bbd_json '[r["failure"] for r in d["results"]][0]' | grep -q 'B:' ||
  bbd_fail "missing B file not reported"
bbd_alive
bbd_stop || bbd_fail "bbd exited non-zero"
echo ok
