#!/usr/bin/env bash
# The CI pipeline of docs/CI.md, run as written: the `ci/bench.sh` script is
# extracted from the document and executed twice on one persistent data
# dir, first as the main branch (records baseline "main"), then as a pull
# request whose benchmark got 20x slower (the cost fixture's parameter):
# the job must fail with exit 1 and leave a Markdown report saying so.
. "$BBD_TEST_LIB/bbd.sh"
. "$(dirname "$0")/lib_bbctl.sh"
command -v jq >/dev/null || { echo "jq missing (scripts/install-deps test): skip"; exit 77; }
doc="$BBD_SOURCE_DIR/docs/CI.md"
script="$BBD_TMP/bench.sh"
# The first ```bash block after the "## The job script" heading.
awk '/^## The job script/{f=1} f&&/^```bash/{p=1;next} p&&/^```/{exit} p' \
  "$doc" >"$script"
grep -q 'bbctl --json run' "$script" || bbd_fail "could not extract ci/bench.sh from $doc"
bin=$(dirname "$BBCTL_BIN")
mkdir -p "$BBD_TMP/build" "$BBD_TMP/job"
ln -s "$bin" "$BBD_TMP/build/bin"
export BUILD="$BBD_TMP/build" PLUGIN_DIR="$BBD_FIXTURES"
export BBD_CI_DATA="$BBD_TMP/ci-data" GITHUB_SHA=0123abc
export BENCH_FILTERS=fx_cost/cost/spin
unset BBD_URL GITHUB_HEAD_REF

cd "$BBD_TMP/job" || bbd_fail "cd $BBD_TMP/job"
rc=0
GITHUB_REF_NAME=main BENCH_ARGS="--quick -p work=200" \
  bash "$script" >main.log 2>&1 || rc=$?
[ $rc = 0 ] || { cat main.log; bbd_fail "main job exited $rc"; }
grep -q "no regression" main.log || bbd_fail "main job verdict line"
grep -q '### bbd benchmark report' bench-report.md || bbd_fail "main report"

rc=0
GITHUB_REF_NAME=feature GITHUB_HEAD_REF=feature \
  BENCH_ARGS="--quick -p work=4000" bash "$script" >pr.log 2>&1 || rc=$?
[ $rc = 1 ] || { cat pr.log; bbd_fail "PR job exited $rc, expected 1 (regression)"; }
grep -q "REGRESSION" pr.log || bbd_fail "PR job verdict line"
grep -q "red_circle: \*\*regressed\*\*" bench-report.md ||
  bbd_fail "PR report lacks the regression: $(cat bench-report.md)"
grep -q "against baseline \`main\`" bench-report.md || bbd_fail "report names the baseline"
python3 -m json.tool bench-report.json >/dev/null || bbd_fail "bench-report.json"
# The script's trap stopped its daemon: nothing left listening.
sleep 0.2
pgrep -f -- "--data-dir $BBD_CI_DATA" >/dev/null && bbd_fail "daemon left running"
echo "PASS"
