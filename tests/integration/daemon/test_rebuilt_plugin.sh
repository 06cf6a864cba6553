#!/usr/bin/env bash
# A run requested while a rebuilt plugin (same file name, new content) is
# being described again is accepted (202), checked against the previous
# description, waits in the queue until the catalog has settled, and then
# runs the new build. If the new build turns out broken, the run fails with
# the reason instead of the request being refused. A request for a plugin
# never described yet is refused (scanning:true); bbctl waits for the scan
# and asks again.
#
# The window is made deterministic with a wrapper worker that holds every
# `describe` while a gate file exists (and says so with GATE.held).
. "$BBD_TEST_LIB/bbd.sh"
P="$BBD_TMP/plugins"
mkdir -m 755 "$P"
cp "$BBD_FIXTURES/fx_ok.so" "$P/fx_ok.so"
chmod 755 "$P/fx_ok.so"
export GATE="$BBD_TMP/gate" REAL_WORKER="$BBD_WORKER"
cat >"$BBD_TMP/worker" <<'SH'
#!/bin/sh
if [ "$1" = describe ] && [ -e "$GATE" ]; then
  : >"$GATE.held"
  while [ -e "$GATE" ]; do sleep 0.05; done
fi
exec "$REAL_WORKER" "$@"
SH
chmod 755 "$BBD_TMP/worker"
BBD_WORKER="$BBD_TMP/worker"
bbd_start --plugin-dir "$P"
bbd_wait_catalog
plugin() { bbd_get /api/v1/plugins/fx_ok | bbd_json "$1"; }
old_hash=$(plugin 'd["hash"]')
req='{"filters":["fx_ok/math/add"],"settings":{"quick":true}}'

# replace SRC: an installer's rebuild (copy aside, rename over the old file)
# while describe is held.
replace() {
  rm -f "$GATE.held"
  : >"$GATE"
  cp "$1" "$P/.fx_ok.so.tmp"
  chmod 755 "$P/.fx_ok.so.tmp"
  mv "$P/.fx_ok.so.tmp" "$P/fx_ok.so"
  bbd_wait_for test -e "$GATE.held" || bbd_fail "the rebuilt plugin was not re-described"
}

# 1. A working rebuild (the same code with one more byte: new size and hash).
cp "$BBD_FIXTURES/fx_ok.so" "$BBD_TMP/fx_ok.new.so"
printf 'x' >>"$BBD_TMP/fx_ok.new.so"
replace "$BBD_TMP/fx_ok.new.so"
out=$(bbd_post /api/v1/runs "$req")
[ "$(bbd_status)" = 202 ] || bbd_fail "run requested during re-describe: HTTP $(bbd_status): $out"
id=$(echo "$out" | bbd_json 'd["id"]')
bbd_expect_eq "$(bbd_get '/api/v1/benchmarks?filter=fx_ok/math/add' | bbd_json 'd["count"]')" 1 \
  "benchmarks stay listed during re-describe"
bbd_expect_eq "$(plugin 'd["redescribing"]')" true "plugin flagged as redescribing"
# Describe is still held, so the catalog has not settled: the run waits.
bbd_expect_eq "$(bbd_get "/api/v1/runs/$id" | bbd_json 'd["state"]')" queued \
  "run waits for the catalog"
rm -f "$GATE"
bbd_expect_eq "$(bbd_wait_run "$id" 50)" done "run after the rebuild"
bbd_expect_eq "$(bbd_get "/api/v1/runs/$id" | bbd_json '[r["status"] for r in d["results"]]')" '["ok"]' \
  "result of the rebuilt plugin"
new_hash=$(plugin 'd["hash"]')
[ "$new_hash" != "$old_hash" ] || bbd_fail "catalog still has the old file's hash"
bbd_expect_eq "$(plugin 'd["redescribing"]')" false "re-described"

# 2. A broken rebuild: accepted in the window, then failed with the reason.
printf 'not an ELF file\n' >"$BBD_TMP/broken.so"
replace "$BBD_TMP/broken.so"
out=$(bbd_post /api/v1/runs "$req")
[ "$(bbd_status)" = 202 ] || bbd_fail "run requested during re-describe (broken): HTTP $(bbd_status): $out"
id=$(echo "$out" | bbd_json 'd["id"]')
rm -f "$GATE"
bbd_expect_eq "$(bbd_wait_run "$id" 50)" failed "run of a broken rebuild"
bbd_get "/api/v1/runs/$id" | bbd_json 'd["error"]' | grep -q "no benchmark matches" ||
  bbd_fail "failed run must say why"
bbd_expect_eq "$(plugin 'd["status"]')" broken "broken rebuild listed as broken"
# Once the catalog knows the plugin is broken, requests are refused again.
bbd_post /api/v1/runs "$req" >/dev/null
bbd_expect_status 400 "request for a broken plugin"

# 3. A plugin dropped in for the first time has no description to check a
# request against: the API says 400 with scanning:true, and `bbctl run`
# waits for the scan and asks again.
rm -f "$GATE.held"
: >"$GATE"
cp "$BBD_FIXTURES/fx_pages.so" "$P/fx_pages.so"
chmod 755 "$P/fx_pages.so"
bbd_wait_for test -e "$GATE.held" || bbd_fail "the new plugin was not described"
out=$(bbd_post /api/v1/runs '{"filters":["fx_pages/*"],"settings":{"quick":true}}')
bbd_expect_status 400 "request for a plugin not described yet"
bbd_expect_eq "$(echo "$out" | bbd_json 'd["error"]["detail"]["scanning"]')" true "detail.scanning"
BBCTL_BIN=${BBCTL_BIN:-$(dirname "$BBD_BIN")/bbctl}
BBD_URL=$BBD_URL "$BBCTL_BIN" run --quick 'fx_pages/*' >"$BBD_TMP/ctl.out" 2>"$BBD_TMP/ctl.err" </dev/null &
ctl_pid=$!
bbd_wait_for grep -q "waiting for the scan" "$BBD_TMP/ctl.err" ||
  bbd_fail "bbctl did not wait for the scan: $(cat "$BBD_TMP/ctl.err")"
rm -f "$GATE"
rc=0
wait "$ctl_pid" || rc=$?
[ "$rc" = 0 ] || bbd_fail "bbctl run of the new plugin: exit $rc: $(cat "$BBD_TMP/ctl.err")"
grep -q "fx_pages/" "$BBD_TMP/ctl.out" || bbd_fail "bbctl printed no result: $(cat "$BBD_TMP/ctl.out")"
bbd_stop || bbd_fail "bbd exited non-zero"
echo ok
