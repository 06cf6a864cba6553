#!/usr/bin/env bash
# Every exit code of the contract against a real bbd:
#   0 no regression (an improvement too), 1 regression (the cost fixture
#   made 20x slower by its parameter between the baseline and the head run),
#   2 a value the daemon refuses, 3 daemon gone, 4 a crashing benchmark,
#   5 inconclusive only with --fail-on-inconclusive, 6 environments not
#   comparable unless --force, 7 unknown run/baseline/benchmark.
. "$BBD_TEST_LIB/bbd.sh"
. "$(dirname "$0")/lib_bbctl.sh"
bbd_start
export BBD_URL
bbd_wait_for sh -c "curl -s $BBD_URL/api/v1/plugins | grep -q '\"fx_cost\"'" ||
  bbd_fail "fx_cost never appeared in the catalog"
spin=fx_cost/cost/spin

# 0: baseline run, saved
ctl 0 "baseline run" run --quick $spin -p work=200 --save-baseline main
grep_q "baseline main -> run" "$OUT" "baseline saved"
base=$(cd "$BBD_TMP" && "$BBCTL_BIN" --json show latest | jq_py /dev/stdin 'd["run"]["id"]')

# 1: the head is 20x slower -> regressed, exit 1 (also for show/compare)
ctl 1 "regression" run --quick $spin -p work=4000 --baseline main
grep_q "regressed" "$OUT" "regressed verdict"
grep_q "1 regressed" "$OUT" "regression summary"
head=$(cd "$BBD_TMP" && "$BBCTL_BIN" --json show latest | jq_py /dev/stdin 'd["run"]["id"]')
ctl 1 "show regressed run" show "$head"
ctl 1 "compare regressed" compare main "$head"
ctl 1 "compare json regressed" --json compare main "$head"
json_ok "$OUT" "compare json"
[ "$(jq_py "$OUT" 'd["exit_code"]')" = 1 ] || bbd_fail "json exit_code 1"
ctl 0 "export regressed (export never fails on verdicts)" export "$head"
grep_q "red_circle" "$OUT" "markdown verdict"

# 0: the reverse direction is an improvement, which never fails a build
ctl 0 "improvement" compare "$head" "$base"
grep_q "improved" "$OUT" "improved verdict"

# 4: a benchmark crashes (and 4 outranks the regression-free rest)
ctl 4 "crash" run --quick 'fx_crash_run/run/segv' fx_crash_run/ok/add
grep_q "SIGSEGV" "$OUT" "crash reason"
ctl 4 "show crashed run" show latest

# 2: values the daemon refuses
ctl 2 "unknown parameter" run --quick $spin -p nosuch=1

# 7: unknown run, baseline, benchmark
ctl 7 "unknown run" show 424242
ctl 7 "unknown baseline" compare nosuchbaseline latest
ctl 7 "unknown baseline for run" run --quick $spin --baseline nosuchbaseline
ctl 7 "no benchmark matches" run --quick 'no/such/*'
ctl 7 "unknown benchmark history" history no/such/bench
ctl 7 "cancel unknown" cancel 424242

# 5 and 6 on exported runs, where the samples and the environment can be
# set exactly: an inconclusive pair (CI straddling the threshold) and a pair
# from "another CPU".
ctl 0 "export base" export "$base" --format json -o "$BBD_TMP/base.json"
python3 - "$BBD_TMP" <<'PY'
import json, sys, random
tmp = sys.argv[1]
doc = json.load(open(tmp + "/base.json"))
res = doc["run"]["results"][0]
n = 30
def series(center, spread, seed):
    r = random.Random(seed)
    iters = [1000 * (i + 1) for i in range(n)]
    ns = [it * center * (1 + r.uniform(-spread, spread)) for it in iters]
    return {"iters": iters, "ns": ns}
def write(name, center, spread, seed, cpu=None):
    d = json.loads(json.dumps(doc))
    d["run"]["results"][0]["samples"] = series(center, spread, seed)
    d["run"]["results"][0]["mean"] = center
    d["run"]["results"][0].pop("verdict", None)
    if cpu:
        d["environment"]["cpu_model"] = cpu
    json.dump(d, open(f"{tmp}/{name}.json", "w"))
write("a", 100.0, 0.01, 1)
write("steady", 100.0, 0.01, 2)
# +5% with +-25% noise: the CI of the change straddles the 5% threshold.
write("noisy_a", 100.0, 0.25, 3)
write("noisy_b", 105.0, 0.25, 4)
write("othercpu", 130.0, 0.01, 5, cpu="Some Other CPU @ 9 GHz")
PY
ctl 0 "unchanged offline" compare --from-dir "$BBD_TMP/a.json" "$BBD_TMP/steady.json"
grep_q "unchanged" "$OUT" "unchanged verdict"
ctl 0 "inconclusive without the flag" compare --from-dir \
  "$BBD_TMP/noisy_a.json" "$BBD_TMP/noisy_b.json"
grep_q "inconclusive" "$OUT" "inconclusive verdict"
ctl 5 "inconclusive with the flag" compare --fail-on-inconclusive \
  --from-dir "$BBD_TMP/noisy_a.json" "$BBD_TMP/noisy_b.json"
ctl 6 "not comparable" compare --from-dir "$BBD_TMP/a.json" "$BBD_TMP/othercpu.json"
grep_q "environments differ" "$OUT" "env diff shown"
grep_q "cpu_model" "$OUT" "env diff key"
ctl 1 "forced comparison" compare --force --from-dir "$BBD_TMP/a.json" \
  "$BBD_TMP/othercpu.json"

# 3: the daemon is gone
bbd_stop
ctl 3 "daemon stopped" status
ctl 3 "daemon stopped, run" run --quick $spin

# A daemon whose worker is broken: bbd records each benchmark as failed
# ("worker exited with an error"), so bbctl reports 4 and the reason.
bbd_start --worker /bin/false
export BBD_URL
ctl 4 "broken worker" run --quick fx_ok/math/add
grep_q "FAILED: worker" "$OUT" "broken worker reason"
bbd_stop
echo "PASS"
