#!/usr/bin/env bash
# kill -9 of the daemon during a run: after a restart the run is marked
# interrupted, results stored before are intact, and the database passes
# PRAGMA integrity_check.
. "$BBD_TEST_LIB/bbd.sh"
command -v sqlite3 >/dev/null || { echo "sqlite3 CLI missing: skip"; exit 77; }
bbd_start
bbd_wait_catalog
bbd_wait_for sh -c "curl -s $BBD_URL/api/v1/plugins | grep -q '\"name\":\"fx_hang\"'" ||
  bbd_fail "fx_hang not in the catalog"

id1=$(bbd_post /api/v1/runs '{"filters":["fx_ok/math/add"],"settings":{"quick":true}}' | bbd_json 'd["id"]')
bbd_expect_eq "$(bbd_wait_run "$id1" 40)" done "first run"
before=$(bbd_get "/api/v1/runs/$id1" | bbd_json '[(r["benchmark"], r["mean"]) for r in d["results"]]')

# Plugins run in catalog (file name) order: fx_cost/cost/spin finishes
# first, then fx_hang/run/hang hangs until the daemon is killed.
id2=$(bbd_post /api/v1/runs '{"filters":["fx_cost/cost/spin","fx_hang/run/hang"],"settings":{"quick":true,"timeout_s":60}}' | bbd_json 'd["id"]')
bbd_wait_for sh -c "curl -s $BBD_URL/api/v1/runs/$id2 | grep -q '\"result_count\":1'" ||
  bbd_fail "first result of run 2 never stored"
# bbd_kill9 also kills the daemon's workers (by parent PID), which would
# otherwise keep the hanging benchmark alive as orphans.
bbd_kill9

sqlite3 "$BBD_DATA/bbd.db" 'PRAGMA integrity_check;' >"$BBD_TMP/ic" 2>&1 || true
bbd_start
bbd_expect_eq "$(bbd_get "/api/v1/runs/$id2" | bbd_json 'd["state"]')" interrupted "run 2 after restart"
bbd_expect_eq "$(bbd_get "/api/v1/runs/$id2" | bbd_json 'd["results"][0]["benchmark"]')" fx_cost/cost/spin "run 2 kept its first result"
after=$(bbd_get "/api/v1/runs/$id1" | bbd_json '[(r["benchmark"], r["mean"]) for r in d["results"]]')
bbd_expect_eq "$after" "$before" "run 1 results intact"
bbd_stop || bbd_fail "bbd exited non-zero"
ic=$(sqlite3 "$BBD_DATA/bbd.db" 'PRAGMA integrity_check;')
bbd_expect_eq "$ic" ok "integrity_check after restart"
echo ok
