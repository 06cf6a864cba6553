#!/usr/bin/env bash
# A plugin .so replaced (in place with cp, and atomically with mv) or
# deleted while a run is using it: the affected benchmarks cost at most
# their own results (with a reason), the daemon stays up, the run ends, the
# catalog follows the new file, and the next run proceeds.
. "$BBD_TEST_LIB/bbd.sh"
. "$(dirname "$0")/rel.sh"
P="$BBD_TMP/plugins"
mkdir -m 700 "$P"
cp "$BBD_FIXTURES/fx_cost.so" "$BBD_FIXTURES/fx_ok.so" "$P/"
chmod 644 "$P"/*.so
bbd_start --plugin-dir "$P"
rel_wait_plugin fx_cost

# Two benchmarks of about 2 s each, so the swap lands inside the run.
spec='{"filters":["fx_cost/*"],"settings":{"warmup_s":0.3,"measure_s":1.5,"samples":10,"timeout_s":60}}'

swap_during_run() { # ACTION: a command run once the first benchmark is under way
  local id i cur
  id=$(bbd_post /api/v1/runs "$spec" | bbd_json 'd["id"]')
  bbd_expect_status 202 "queue run"
  for i in $(seq 1 200); do
    cur=$(bbd_get /api/v1/status | bbd_json '(d["queue"]["current"] or {}).get("benchmark")')
    [ "$cur" != null ] && [ -n "$cur" ] && break
    sleep 0.1
  done
  sleep 0.5
  "$@"
  st=$(bbd_wait_run "$id" 80)
  case "$st" in done | failed) ;; *) bbd_fail "run $id ended $st after '$*'" ;; esac
  bbd_get "/api/v1/runs/$id" | python3 -c '
import json, sys
d = json.load(sys.stdin)
for r in d["results"]:
    print("   ", r["benchmark"], r["status"], r["failure"])
    if r["status"] == "failed" and not r["failure"]:
        sys.exit("failed result without a reason")
if d["state"] == "failed" and not d["error"]:
    sys.exit("failed run without an error")
' || bbd_fail "run $id after '$*'"
  bbd_alive
}

bbd_log "overwrite in place (cp onto the mapped file)"
swap_during_run cp "$BBD_FIXTURES/fx_ok.so" "$P/fx_cost.so"
# The catalog follows: the file now holds a plugin named fx_ok, which does
# not match its file name, so it is listed as broken (or refused).
bbd_wait_for sh -c "curl -s $BBD_URL/api/v1/plugins | python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if any(b[\"file\"]==\"fx_cost.so\" for b in d[\"broken\"]) else 1)'" ||
  bbd_fail "overwritten fx_cost.so not listed as broken"

bbd_log "atomic replace (mv of a new build over the file)"
cp "$BBD_FIXTURES/fx_cost.so" "$P/.fx_cost.tmp" && mv "$P/.fx_cost.tmp" "$P/fx_cost.so"
rel_wait_plugin fx_cost
cp "$BBD_FIXTURES/fx_cost.so" "$P/.fx_cost.tmp"
swap_during_run mv "$P/.fx_cost.tmp" "$P/fx_cost.so"

bbd_log "delete"
swap_during_run rm -f "$P/fx_cost.so"
bbd_wait_for sh -c "! curl -s $BBD_URL/api/v1/plugins | grep -q '\"fx_cost.so\"'" ||
  bbd_fail "deleted fx_cost.so still in the catalog"

id=$(bbd_post /api/v1/runs '{"filters":["fx_ok/math/add"],"settings":{"quick":true}}' | bbd_json 'd["id"]')
bbd_expect_eq "$(bbd_wait_run "$id" 60)" done "next run"
bbd_stop || bbd_fail "bbd exited non-zero"
echo ok
