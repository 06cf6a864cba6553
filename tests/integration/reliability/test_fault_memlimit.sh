#!/usr/bin/env bash
# A benchmark leaking 1 GiB under a run's memory limit (settings.mem_limit,
# RLIMIT_AS of each benchmark child) fails with a reason naming the
# allocation or the limit; its neighbours measure and the daemon stays up.
# (Label nosan: RLIMIT_AS and AddressSanitizer's shadow memory do not mix.)
. "$BBD_TEST_LIB/bbd.sh"
. "$(dirname "$0")/rel.sh"
bbd_start
rel_wait_plugin fx_rel_faults
id=$(bbd_post /api/v1/runs '{"filters":["fx_rel_faults/ok/first","fx_rel_faults/mem/leak1g","fx_rel_faults/ok/last"],"settings":{"quick":true,"timeout_s":30,"mem_limit":536870912}}' | bbd_json 'd["id"]')
bbd_expect_status 202 "queue the leak run"
bbd_expect_eq "$(bbd_wait_run "$id" 80)" done "leak run"
run=$(bbd_get "/api/v1/runs/$id")
for b in ok/first ok/last; do
  bbd_expect_eq "$(echo "$run" | bbd_json "[r['status'] for r in d['results'] if r['benchmark']=='fx_rel_faults/$b'][0]")" ok "$b"
done
leak=$(echo "$run" | bbd_json "[r for r in d['results'] if r['benchmark']=='fx_rel_faults/mem/leak1g'][0]")
bbd_expect_eq "$(echo "$leak" | bbd_json 'd["status"]')" failed "leak status"
reason=$(echo "$leak" | bbd_json 'd["failure"]')
bbd_log "leak reason: $reason"
echo "$reason" | grep -qiE 'malloc|memory|limit' || bbd_fail "unclear leak reason: $reason"
bbd_alive
bbd_stop || bbd_fail "bbd exited non-zero"
echo ok
