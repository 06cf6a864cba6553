#!/usr/bin/env bash
# Token auth: a non-loopback bind generates a 0600 token; with a token,
# mutating requests need "Authorization: Bearer", reads do not.
. "$BBD_TEST_LIB/bbd.sh"
bbd_start --auth
bbd_wait_catalog
tok="$BBD_DATA/token"
[ -f "$tok" ] || bbd_fail "token file not created"
bbd_expect_eq "$(stat -c %a "$tok")" 600 "token mode"
bbd_get /api/v1/status >/dev/null
bbd_expect_status 200 "GET without token"
body='{"filters":["fx_ok/math/add"],"settings":{"quick":true}}'
e=$(bbd_post /api/v1/runs "$body")
bbd_expect_status 401 "POST without token"
bbd_expect_eq "$(echo "$e" | bbd_json 'd["error"]["code"]')" EAUTH "error code"
BBD_TOKEN=wrong-token-value-000000
bbd_post /api/v1/runs "$body" >/dev/null
bbd_expect_status 401 "POST with a wrong token"
BBD_TOKEN=$(cat "$tok")
bbd_post /api/v1/runs "$body" >/dev/null
bbd_expect_status 202 "POST with the token"
bbd_delete /api/v1/baselines/x >/dev/null
bbd_expect_status 404 "DELETE with the token reaches the handler"
unset BBD_TOKEN
bbd_delete /api/v1/baselines/x >/dev/null
bbd_expect_status 401 "DELETE without token"
bbd_stop || bbd_fail "bbd exited non-zero"

# A non-loopback address requires the token even without --auth; the
# existing token is reused.
before=$(cat "$tok")
bbd_start --listen 0.0.0.0:0
bbd_expect_eq "$(bbd_get /api/v1/status | bbd_json 'd["auth"]')" true "auth on 0.0.0.0"
bbd_post /api/v1/plugins/rescan '{}' >/dev/null
bbd_expect_status 401 "mutating request on 0.0.0.0 without token"
bbd_expect_eq "$(cat "$tok")" "$before" "token reused"
bbd_stop || bbd_fail "bbd exited non-zero"

# A token file readable by others is refused at start.
chmod 644 "$tok"
out=$(bbd_start_expect_fail --auth) && bbd_fail "started with a 0644 token"
echo "$out" | grep -q 'token file' || bbd_fail "no clear message: $out"
echo ok
