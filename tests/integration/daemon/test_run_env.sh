#!/usr/bin/env bash
# A run records the environment it was measured in. A run is created with
# the last environment known (the start-up probe's or the previous run's);
# once its worker reports the environment it actually runs in, the run's
# env_id is updated, so comparisons check the right fingerprint. Here the
# second run asks for different counters, which changes the fingerprint.
. "$BBD_TEST_LIB/bbd.sh"
bbd_start
bbd_wait_catalog
run_env() { bbd_get "/api/v1/runs/$1" | bbd_json "$2"; }

id1=$(bbd_post /api/v1/runs '{"filters":["fx_ok/math/add"],"settings":{"quick":true}}' |
  bbd_json 'd["id"]')
bbd_expect_eq "$(bbd_wait_run "$id1" 50)" done "first run"
env1=$(run_env "$id1" 'd["env_id"]')
bbd_expect_eq "$(run_env "$id1" 'd["results"][0]["estimates"]["env_id"]')" "$env1" \
  "first run's env_id is its results' environment"

id2=$(bbd_post /api/v1/runs \
  '{"filters":["fx_ok/math/add"],"settings":{"quick":true,"counters":"page-faults"}}' |
  bbd_json 'd["id"]')
bbd_expect_eq "$(bbd_wait_run "$id2" 50)" done "second run"
env2=$(run_env "$id2" 'd["env_id"]')
res2=$(run_env "$id2" 'd["results"][0]["estimates"]["env_id"]')
[ "$res2" != "$env1" ] || bbd_fail "other counters should give another fingerprint ($res2)"
bbd_expect_eq "$env2" "$res2" "second run's env_id is the environment it ran in"
bbd_expect_eq "$(run_env "$id1" 'd["env_id"]')" "$env1" "first run keeps its environment"
bbd_stop || bbd_fail "bbd exited non-zero"
echo ok
