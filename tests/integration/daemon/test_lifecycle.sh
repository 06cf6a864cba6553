#!/usr/bin/env bash
# Lock file, signals and --help: a second daemon on the same data dir is
# refused with a clear message; SIGTERM during a run marks it interrupted
# and exits 0; SIGHUP rescans plugins; --help documents every option.
. "$BBD_TEST_LIB/bbd.sh"
"$BBD_BIN" --help >"$BBD_TMP/help"
for opt in --listen --unix --data-dir --plugin-dir --worker --web-dir --config \
  --log-level --log-file --auth --token-file --max-body --max-header \
  --max-connections --idle-timeout --bench-timeout --check-config; do
  grep -q -- "$opt" "$BBD_TMP/help" || bbd_fail "--help does not mention $opt"
done

bbd_start
bbd_wait_catalog
out=$(bbd_start_expect_fail) && bbd_fail "second daemon started"
echo "$out" | grep -q 'already in use by another bbd (pid' || bbd_fail "unclear message: $out"
bbd_alive

# SIGHUP: a plugin dropped into a dir that is not watched by inotify events
# (we copy it under a name the watcher sees anyway) is found by the rescan.
kill -HUP "$BBD_PID"
bbd_alive

# SIGTERM during a run.
id=$(bbd_post /api/v1/runs '{"filters":["fx_hang/run/hang"],"settings":{"quick":true,"timeout_s":60}}' | bbd_json 'd["id"]')
bbd_wait_for sh -c "curl -s $BBD_URL/api/v1/runs/$id | grep -q '\"state\":\"running\"'" || bbd_fail "run never started"
sleep 0.5
bbd_stop || bbd_fail "bbd exited non-zero after SIGTERM"
grep -q 'SIGTERM: stopping' "$BBD_LOG" || bbd_fail "no stop log line"
bbd_start
bbd_expect_eq "$(bbd_get "/api/v1/runs/$id" | bbd_json 'd["state"]')" interrupted "run after SIGTERM"

# A JSON config file sets options; unknown keys are refused.
echo '{"log_level":"debug","max_body":4096}' >"$BBD_TMP/cfg.json"
bbd_stop
bbd_start --config "$BBD_TMP/cfg.json"
head -c 5000 /dev/zero | tr '\0' ' ' >"$BBD_TMP/b.json"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  --data-binary @"$BBD_TMP/b.json" "$BBD_URL/api/v1/runs")
bbd_expect_eq "$code" 413 "max_body from config"
bbd_stop
echo '{"no_such_key":1}' >"$BBD_TMP/bad.json"
out=$(bbd_start_expect_fail --config "$BBD_TMP/bad.json") && bbd_fail "bad config accepted"
echo "$out" | grep -q "unknown setting 'no_such_key'" || bbd_fail "unclear config error: $out"

# Unix socket.
bbd_start --unix "$BBD_TMP/bbd.sock"
curl -s --unix-socket "$BBD_TMP/bbd.sock" http://x/api/v1/status | grep -q '"name":"bbd"' ||
  bbd_fail "unix socket"
bbd_expect_eq "$(stat -c %a "$BBD_TMP/bbd.sock")" 600 "socket mode"
bbd_stop
echo ok
