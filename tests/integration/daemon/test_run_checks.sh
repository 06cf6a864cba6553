#!/usr/bin/env bash
# Checks made when a run is requested (POST /api/v1/runs, bbctl run), not
# after it ran: parameter values against the selected benchmarks' declared
# types, ranges and choices (400, bbctl exit 2, no run stored), and that
# compare_to.baseline exists (404 naming it, bbctl exit 7), except when the
# same run saves that baseline (the first run of a compare-then-move job).
. "$BBD_TEST_LIB/bbd.sh"
BBCTL_BIN=${BBCTL_BIN:-$(dirname "$BBD_BIN")/bbctl}
. "$(dirname "$0")/../bbctl/lib_bbctl.sh"
bbd_start
export BBD_URL
bbd_wait_catalog
runs() { bbd_get /api/v1/runs | bbd_json 'd["total"]'; }

# fx_ok/math/params declares n: int in [1, 1000], mode: enum be|le,
# flag: bool, f: float.
for bad in '"n":"5000"' '"n":0' '"n":"12x"' '"mode":"middle"' '"flag":"maybe"' '"f":"fast"'; do
  out=$(bbd_post /api/v1/runs "{\"filters\":[\"fx_ok/math/params\"],\"params\":{$bad},\"settings\":{\"quick\":true}}")
  bbd_expect_status 400 "params {$bad}"
  echo "$out" | grep -q 'fx_ok/math/params: parameter' ||
    bbd_fail "params {$bad}: reason must name the benchmark and parameter: $out"
done
out=$(bbd_post /api/v1/runs '{"filters":["fx_ok/math/params"],"params":{"n":5000}}')
bbd_expect_eq "$(echo "$out" | bbd_json 'd["error"]["code"]')" ERANGE "range error code"
echo "$out" | grep -q 'outside \[1, 1000\]' || bbd_fail "range in the reason: $out"
bbd_expect_eq "$(runs)" 0 "refused requests store no run"

ctl 2 "bbctl out-of-range parameter" run --quick fx_ok/math/params -p n=5000
grep_q "outside" "$ERR" "bbctl names the range"
bbd_expect_eq "$(runs)" 0 "bbctl: no run stored"

# In range (bounds included) the run is accepted and its result is ok.
id=$(bbd_post /api/v1/runs '{"filters":["fx_ok/math/params"],"params":{"n":"1000","mode":"le","flag":"yes","f":"0.25"},"settings":{"quick":true}}' |
  bbd_json 'd["id"]')
bbd_expect_status 202 "valid params"
bbd_expect_eq "$(bbd_wait_run "$id" 50)" done "valid params run"
bbd_expect_eq "$(bbd_get "/api/v1/runs/$id" | bbd_json '[r["status"] for r in d["results"]]')" '["ok"]' "valid params result"

# Unknown baseline: refused, naming it.
out=$(bbd_post /api/v1/runs '{"filters":["fx_ok/math/add"],"compare_to":{"baseline":"nosuch"}}')
bbd_expect_status 404 "unknown baseline"
bbd_expect_eq "$(echo "$out" | bbd_json 'd["error"]["code"]')" ENOTFOUND "unknown baseline code"
echo "$out" | grep -q "nosuch" || bbd_fail "the error must name the baseline: $out"
ctl 7 "bbctl unknown baseline" run --quick fx_ok/math/add --baseline nosuch
grep_q "nosuch" "$ERR" "bbctl names the baseline"
before=$(runs)

# The same name in --save-baseline: accepted, run without verdicts, and the
# baseline exists afterwards; the next run is compared with it.
ctl 0 "first run of compare-and-save" run --quick fx_ok/math/add --baseline first --save-baseline first
grep_q "baseline first -> run" "$OUT" "baseline saved"
bbd_expect_eq "$(runs)" "$((before + 1))" "one run stored"
bbd_get /api/v1/baselines/first >/dev/null
bbd_expect_status 200 "baseline created by the first run"
id=$(bbd_post /api/v1/runs '{"filters":["fx_ok/math/add"],"compare_to":{"baseline":"first"},"settings":{"quick":true}}' |
  bbd_json 'd["id"]')
bbd_expect_status 202 "existing baseline"
bbd_expect_eq "$(bbd_wait_run "$id" 50)" done "compared run"
v=$(bbd_get "/api/v1/runs/$id" | bbd_json 'd["results"][0]["verdict"]["against"]["baseline"]')
bbd_expect_eq "$v" first "verdict against the baseline"
bbd_stop || bbd_fail "bbd exited non-zero"
echo ok
