#!/usr/bin/env bash
# The counter statuses (capabilities) are known before the first run: bbd
# runs `bbd-worker env` at start-up, in the background. Runs created after
# it answered carry that environment's id, even on a fresh data dir. A
# worker that cannot run makes the probe fail with the reason, and bbd
# still starts.
. "$BBD_TEST_LIB/bbd.sh"
BBCTL_BIN=${BBCTL_BIN:-$(dirname "$BBD_BIN")/bbctl}
. "$(dirname "$0")/../bbctl/lib_bbctl.sh"

# The worker command itself: one env line with every default counter.
"$BBD_WORKER" env --no-alloc >"$BBD_TMP/env.json" || bbd_fail "bbd-worker env failed"
python3 - "$BBD_TMP/env.json" <<'PY' || bbd_fail "bbd-worker env output"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["event"] == "env" and d["schema_version"] == 1, d
c = d["env"]["counters"]
assert c["task-clock"]["status"] in ("ok", "unsupported", "denied"), c
assert "cycles" in c and d["env"]["alloc_tracking"] == "off", d
PY
rc=0
"$BBD_WORKER" env --no-such-option >/dev/null 2>&1 || rc=$?
bbd_expect_eq "$rc" 2 "bbd-worker env usage error"

bbd_start
export BBD_URL
caps() { bbd_get /api/v1/status | bbd_json "d[\"capabilities\"]$1"; }
bbd_wait_for sh -c "curl -s $BBD_URL/api/v1/status | grep -q '\"probe\":\"ok\"'" ||
  bbd_fail "the environment probe did not finish: $(caps '')"
bbd_expect_eq "$(bbd_get /api/v1/runs | bbd_json 'd["total"]')" 0 "no run yet"
bbd_expect_eq "$(caps '["env_known"]')" true "env known before the first run"
st=$(caps '["counters"]["task-clock"]')
case "$st" in ok | unsupported | denied) ;; *) bbd_fail "task-clock status '$st'" ;; esac
caps '["counters"]' | grep -q '"cycles"' || bbd_fail "cycles status missing"
[ "$(caps '["counter_mode"]')" != null ] || bbd_fail "counter mode missing"
bbd_expect_eq "$(caps '["worker_ok"]')" true "worker ok"
ctl 0 "bbctl status" status
grep_q "task-clock" "$OUT" "bbctl status lists the counters"

# A run created now carries the probed environment (fresh data dir).
bbd_wait_catalog
id=$(bbd_post /api/v1/runs '{"filters":["fx_ok/math/add"],"settings":{"quick":true}}' |
  bbd_json 'd["id"]')
env_id=$(bbd_get "/api/v1/runs/$id" | bbd_json 'd["env_id"]')
[ "$env_id" != null ] && [ "$env_id" -gt 0 ] ||
  bbd_fail "run created after the probe has no environment: $env_id"
bbd_expect_eq "$(bbd_wait_run "$id" 50)" done "run state"
bbd_stop || bbd_fail "bbd exited non-zero"

# A worker that cannot run: the probe fails with the reason, bbd serves on.
printf '#!/bin/sh\nexit 3\n' >"$BBD_TMP/false-worker"
chmod 755 "$BBD_TMP/false-worker"
rm -rf "$BBD_DATA"
BBD_WORKER="$BBD_TMP/false-worker"
bbd_start
bbd_wait_for sh -c "curl -s $BBD_URL/api/v1/status | grep -q '\"probe\":\"failed\"'" ||
  bbd_fail "the probe of a broken worker did not fail: $(caps '')"
caps '["probe_error"]' | grep -q "status 3" || bbd_fail "probe error: $(caps '["probe_error"]')"
bbd_expect_eq "$(caps '["worker_ok"]')" false "worker not ok"
bbd_alive
bbd_stop || bbd_fail "bbd exited non-zero"
echo ok
