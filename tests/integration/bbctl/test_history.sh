#!/usr/bin/env bash
# history with a real step: four runs of the cost fixture at work=100, four
# at work=2000 (20x the cost per iteration). The sparkline, the table and
# the JSON must all show the change point between run 4 and run 5. (On a
# loaded machine quick runs can differ by tens of percent, which may add
# another, smaller change point: that is the detector's business, so the
# test only requires the 20x one.)
. "$BBD_TEST_LIB/bbd.sh"
. "$(dirname "$0")/lib_bbctl.sh"
bbd_start
export BBD_URL
bbd_wait_for sh -c "curl -s $BBD_URL/api/v1/plugins | grep -q '\"fx_cost\"'" ||
  bbd_fail "fx_cost never appeared in the catalog"
for w in 100 100 100 100 2000 2000 2000 2000; do
  ctl 0 "run work=$w" --quiet run --quick fx_cost/cost/spin -p work=$w
done
ctl 0 "history" history fx_cost/cost/spin
grep_q "8 runs" "$OUT" "history length"
grep_q "between run 4 and run 5: .* (+[0-9.]*%)" "$OUT" "change point location"
# The caret line: two spaces of indent, then one column per point.
python3 - "$OUT" <<'PY' || bbd_fail "caret under the 5th point: $(cat "$OUT")"
import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
carets = [l for l in lines if "^" in l and set(l.strip()) <= {"^", " "}]
assert carets and len(carets[0]) > 6 and carets[0][6] == "^", carets
PY
ctl 0 "history table" history fx_cost/cost/spin --table
grep -E "^ +5 .*<- \+[0-9.]+% step" "$OUT" >/dev/null ||
  bbd_fail "table marks run 5: $(cat "$OUT")"
ctl 0 "history slope table" history fx_cost/cost/spin --table --metric slope
grep_q "95% CI" "$OUT" "slope table shows its CI"
ctl 0 "history json" --json history fx_cost/cost/spin
json_ok "$OUT" "history json"
[ "$(jq_py "$OUT" '5 in [c["run_to"] for c in d["history"]["change_points"] if c["rel"] > 5]')" = True ] ||
  bbd_fail "json change points: $(cat "$OUT")"
ctl 0 "history limit" history fx_cost/cost/spin --limit 3 --table
[ "$(grep -c ' ok ' "$OUT")" = 3 ] || bbd_fail "--limit 3: $(cat "$OUT")"
bbd_stop
echo "PASS"
