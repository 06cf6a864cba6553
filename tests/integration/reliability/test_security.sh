#!/usr/bin/env bash
# Security defaults: loopback by default; any non-loopback address (the
# wildcard, a real interface, IPv6 any) requires a token for every mutating
# request, from any source address; the token file is 0600 and never sent
# back; a token in the query string or as Basic auth does not count; plugin
# files reached through a symlink or owned by another user are refused.
. "$BBD_TEST_LIB/bbd.sh"
. "$(dirname "$0")/rel.sh"

"$BBD_BIN" --help 2>&1 | grep -q 'default 127.0.0.1:8740' ||
  bbd_fail "bbd --help does not document the loopback default"

# Loopback (127.0.0.2 is loopback too): no token needed, auth off.
bbd_start --listen 127.0.0.2:0
bbd_expect_eq "$(bbd_get /api/v1/status | bbd_json 'd["auth"]')" false "auth on 127.0.0.2"
bbd_stop || bbd_fail "bbd exited non-zero"

check_token_enforced() { # LISTEN CONNECT-HOST
  bbd_start --listen "$1"
  local port=${BBD_ADDR##*:} url
  url="http://$2:$port"
  [ "$2" = "::1" ] && url="http://[::1]:$port"
  BBD_URL=$url
  bbd_expect_eq "$(bbd_get /api/v1/status | bbd_json 'd["auth"]')" true "auth on $1"
  [ -f "$BBD_DATA/token" ] || bbd_fail "$1: no token file"
  bbd_expect_eq "$(stat -c %a "$BBD_DATA/token")" 600 "$1: token mode"
  local tok body='{"filters":["fx_ok/math/add"],"settings":{"quick":true}}'
  tok=$(cat "$BBD_DATA/token")
  [ "${#tok}" -ge 32 ] || bbd_fail "$1: token too short (${#tok})"
  rel_wait_plugin fx_ok
  for m in "POST /api/v1/runs" "POST /api/v1/plugins/rescan" "PUT /api/v1/baselines/x" \
    "DELETE /api/v1/runs/1" "POST /api/v1/runs/1/cancel" "POST /api/v1/maintenance/vacuum"; do
    bbd_request ${m% *} "${m#* }" "$body" >/dev/null
    bbd_expect_status 401 "$1: $m without a token"
  done
  bbd_post "/api/v1/runs?token=$tok" "$body" >/dev/null
  bbd_expect_status 401 "$1: token in the query string"
  bbd_post /api/v1/runs "$body" -H "Authorization: Basic $(printf 'x:%s' "$tok" | base64 -w0)" >/dev/null
  bbd_expect_status 401 "$1: Basic auth"
  BBD_TOKEN="${tok}0" bbd_post /api/v1/runs "$body" >/dev/null
  bbd_expect_status 401 "$1: token with a byte appended"
  BBD_TOKEN="${tok%?}" bbd_post /api/v1/runs "$body" >/dev/null
  bbd_expect_status 401 "$1: token missing its last byte"
  # The token never appears in a response.
  for p in /api/v1/status /metrics /api/v1/plugins; do
    bbd_get "$p" | grep -q "$tok" && bbd_fail "$1: $p leaks the token"
  done
  BBD_TOKEN=$tok bbd_post /api/v1/runs "$body" >/dev/null
  bbd_expect_status 202 "$1: POST with the token"
  bbd_stop || bbd_fail "bbd exited non-zero"
}
check_token_enforced 0.0.0.0:0 127.0.0.1
ext=$(ip -4 -o addr show scope global 2>/dev/null | awk '{split($4,a,"/"); print a[1]; exit}')
if [ -n "$ext" ]; then
  check_token_enforced "$ext:0" "$ext"
else
  bbd_log "no global IPv4 address: interface binding not checked"
fi
if [ -f /proc/net/if_inet6 ] && ip -6 addr show lo 2>/dev/null | grep -q '::1'; then
  check_token_enforced '[::]:0' ::1
fi

# Plugin safety beyond modes (daemon_test_unsafe_plugins covers writable
# files and dirs): a file owned by another user, and a symlink to a
# world-writable file outside the dir.
P="$BBD_TMP/plugins"
mkdir -m 755 "$P"
cp "$BBD_FIXTURES/fx_ok.so" "$P/fx_ok.so"
cp "$BBD_FIXTURES/fx_pages.so" "$P/fx_pages.so"
chmod 644 "$P"/*.so
cp "$BBD_FIXTURES/fx_cost.so" "$BBD_TMP/open-cost.so"
chmod 666 "$BBD_TMP/open-cost.so"
ln -s "$BBD_TMP/open-cost.so" "$P/fx_cost.so"
others=
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
  chown nobody "$P/fx_pages.so" && others=1
fi
bbd_start --plugin-dir "$P"
rel_wait_plugin fx_ok
pl=$(bbd_get /api/v1/plugins)
usable=$(echo "$pl" | bbd_json 'sorted(p["name"] for p in d["plugins"])')
case "$usable" in *fx_cost*) bbd_fail "symlink to a world-writable file loaded: $usable" ;; esac
if [ -n "$others" ]; then
  case "$usable" in *fx_pages*) bbd_fail "plugin owned by another user loaded: $usable" ;; esac
fi
bbd_log "usable: $usable; refused: $(echo "$pl" | bbd_json '[(b["name"], b["reason"]) for b in d["broken"]]')"
bbd_stop || bbd_fail "bbd exited non-zero"
echo ok
