#!/usr/bin/env bash
# Unpaired comparison on CPU time (metric=cpu): the per-iteration values are
# the task-clock counter series divided by the iterations of each sample, and
# the means shown are those values' means. A result without a task-clock
# series (counter not selected) gets no verdict and a note saying why, never
# a silent fallback to wall time. Also the validation (400, bbctl exit 2),
# bbctl compare/run --metric and the run's own comparison (compare_to.metric).
. "$BBD_TEST_LIB/bbd.sh"
BBCTL_BIN=${BBCTL_BIN:-$(dirname "$BBD_BIN")/bbctl}
. "$(dirname "$0")/../bbctl/lib_bbctl.sh"
bbd_start
export BBD_URL
bbd_wait_catalog

start_run() {
  local id
  id=$(bbd_post /api/v1/runs "$1" | bbd_json 'd["id"]')
  bbd_expect_status 202 "POST run $1"
  bbd_expect_eq "$(bbd_wait_run "$id" 50)" done "run $id ($1)"
  echo "$id"
}
Q='"filters":["fx_ok/math/add"],"settings":{"quick":true}'
id1=$(start_run "{$Q}")
id2=$(start_run "{$Q}")

# Mean and median per side = those of task_clock[i] / iters[i].
cpu_stats() {
  local rid
  rid=$(bbd_get "/api/v1/runs/$1" | bbd_json 'd["results"][0]["id"]')
  bbd_get "/api/v1/runs/$1/results/$rid/samples" | python3 -c '
import json, statistics, sys
d = json.load(sys.stdin)
tc = d["counters"]["task-clock"]
assert len(tc) == len(d["iters"]) == d["n"] and d["n"] >= 2, d
assert all(t is not None for t in tc), "task-clock series incomplete"
v = [t / i for t, i in zip(tc, d["iters"])]
w = [n / i for n, i in zip(d["ns"], d["iters"])]
assert v != w, "task-clock values equal the wall values"
print(json.dumps([statistics.mean(v), statistics.median(v)]))'
}
exp1=$(cpu_stats "$id1") || bbd_fail "samples of run $id1"
exp2=$(cpu_stats "$id2") || bbd_fail "samples of run $id2"

doc="$BBD_TMP/cmp.json"
bbd_get "/api/v1/compare?a=run:$id1&b=run:$id2&metric=cpu&resamples=500" >"$doc"
bbd_expect_status 200 "compare metric=cpu"
python3 - "$doc" "$exp1" "$exp2" <<'PY' || bbd_fail "compare metric=cpu document"
import json, math, sys
d = json.load(open(sys.argv[1]))
e1, e2 = json.loads(sys.argv[2]), json.loads(sys.argv[3])
assert d["metric"] == "cpu", d["metric"]
b = d["benchmarks"][0]
assert b["benchmark"] == "fx_ok/math/add"
assert b["verdict"] in ("regressed", "improved", "unchanged", "inconclusive"), b
assert b["decision"] is not None and b["note"] is None, b
for side, e in (("a", e1), ("b", e2)):
    for k, want in zip(("mean", "median"), e):
        got = b[side][k]
        assert math.isclose(got, want, rel_tol=1e-9), (side, k, got, want)
assert d["summary"]["no_metric"] == 0
PY
bbd_get "/api/v1/compare?a=run:$id1&b=run:$id2&resamples=500" |
  bbd_json 'd["metric"]' | grep -qx wall || bbd_fail "default metric is wall"
bbd_get "/api/v1/compare?a=run:$id1&b=run:$id2&metric=bogus" >/dev/null
bbd_expect_status 400 "compare metric=bogus"

# The run's own comparison carries the metric through the queue.
out=$(bbd_post /api/v1/runs "{$Q,\"compare_to\":{\"run\":$id1,\"metric\":\"bogus\"}}")
bbd_expect_status 400 "compare_to.metric bogus"
echo "$out" | grep -q 'compare_to.metric' || bbd_fail "reason names compare_to.metric: $out"
id3=$(start_run "{$Q,\"compare_to\":{\"run\":$id1,\"metric\":\"cpu\"}}")
v=$(bbd_get "/api/v1/runs/$id3" | bbd_json 'd["results"][0]["verdict"]')
echo "$v" | python3 -c '
import json, sys
v = json.load(sys.stdin)
assert v["kind"] == "unpaired" and v["metric"] == "cpu", v
assert v["verdict"] in ("regressed", "improved", "unchanged", "inconclusive"), v' ||
  bbd_fail "run $id3 verdict: $v"

# bbctl: exit 0 (no regression) or 1 (regressed) is a verdict; bogus is 2.
rc=0
"$BBCTL_BIN" compare --metric cpu --no-deltas "$id1" "$id2" >"$OUT" 2>"$ERR" || rc=$?
[ "$rc" = 0 ] || [ "$rc" = 1 ] || { cat "$ERR" >&2; bbd_fail "bbctl compare --metric cpu: exit $rc"; }
grep -q "fx_ok/math/add" "$OUT" || bbd_fail "bbctl compare --metric cpu prints the benchmark"
grep -q "metric: CPU time" "$OUT" || bbd_fail "bbctl compare --metric cpu says what BASE/HEAD are"
rc=0
"$BBCTL_BIN" --json compare --metric cpu "$id1" "$id2" >"$OUT" 2>"$ERR" || rc=$?
[ "$rc" = 0 ] || [ "$rc" = 1 ] || bbd_fail "bbctl --json compare --metric cpu: exit $rc"
bbd_expect_eq "$(jq_py "$OUT" 'd["comparison"]["metric"]')" cpu "bbctl --json metric"
ctl 2 "bbctl compare --metric bogus" compare --metric bogus "$id1" "$id2"
grep_q "metric" "$ERR" "bbctl names --metric"
ctl 0 "bbctl baseline save" baseline save m1 "$id1"
rc=0
"$BBCTL_BIN" run --quick --baseline m1 --metric cpu fx_ok/math/add >"$OUT" 2>"$ERR" || rc=$?
[ "$rc" = 0 ] || [ "$rc" = 1 ] || { cat "$ERR" >&2; bbd_fail "bbctl run --metric cpu: exit $rc"; }
last=$(bbd_get '/api/v1/runs?limit=1' | bbd_json 'd["runs"][0]["id"]')
bbd_expect_eq "$(bbd_get "/api/v1/runs/$last" | bbd_json 'd["results"][0]["verdict"]["metric"]')" \
  cpu "bbctl run --metric cpu reaches the run's comparison"
ctl 2 "bbctl run --metric bogus" run --quick --baseline m1 --metric bogus fx_ok/math/add
ctl 2 "bbctl run --metric without --baseline" run --quick --metric cpu fx_ok/math/add

# Without task-clock (counters without it): no verdict, a note, no fallback.
id4=$(start_run '{"filters":["fx_ok/math/add"],"settings":{"quick":true,"counters":"page-faults"}}')
bbd_get "/api/v1/compare?a=run:$id1&b=run:$id4&metric=cpu&force=1&resamples=500" >"$doc"
bbd_expect_status 200 "compare metric=cpu without task-clock"
python3 - "$doc" <<'PY' || bbd_fail "compare without task-clock: $(cat "$doc")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["metric"] == "cpu"
b = d["benchmarks"][0]
assert b["verdict"] is None and b["decision"] is None, b
assert "task-clock not recorded" in b["note"] and " b " in b["note"], b["note"]
assert d["summary"]["no_metric"] == 1 and d["summary"]["missing"] == 0, d["summary"]
PY
# The same pair on wall time still gets a verdict.
bbd_get "/api/v1/compare?a=run:$id1&b=run:$id4&force=1&resamples=500" |
  bbd_json 'd["benchmarks"][0]["verdict"]' | grep -qE 'regressed|improved|unchanged|inconclusive' ||
  bbd_fail "wall-time comparison without task-clock has a verdict"
bbd_stop || bbd_fail "bbd exited non-zero"
echo ok
