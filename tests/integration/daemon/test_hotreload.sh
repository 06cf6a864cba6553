#!/usr/bin/env bash
# A plugin copied into a watched plugin dir while bbd runs becomes
# available without a restart (fs_event), and disappears when removed.
. "$BBD_TEST_LIB/bbd.sh"
mkdir -m 755 "$BBD_TMP/plugins"
bbd_start --plugin-dir "$BBD_TMP/plugins"
n=$(bbd_get /api/v1/plugins | bbd_json 'len(d["plugins"])')
bbd_expect_eq "$n" 0 "empty plugin dir"

# Copy under a temporary name, then rename: what an installer does.
cp "$BBD_FIXTURES/fx_ok.so" "$BBD_TMP/plugins/.fx_ok.so.tmp"
chmod 755 "$BBD_TMP/plugins/.fx_ok.so.tmp"
mv "$BBD_TMP/plugins/.fx_ok.so.tmp" "$BBD_TMP/plugins/fx_ok.so"
bbd_wait_for sh -c "curl -s $BBD_URL/api/v1/plugins | grep -q '\"name\":\"fx_ok\"'" ||
  bbd_fail "copied plugin not picked up"
bbd_get '/api/v1/benchmarks?filter=fx_ok/*' | bbd_json 'd["count"]' | grep -qx '[1-9][0-9]*' ||
  bbd_fail "benchmarks of the new plugin"

# A plain cp (written in place) is picked up too.
cp "$BBD_FIXTURES/fx_pages.so" "$BBD_TMP/plugins/fx_pages.so"
bbd_wait_for sh -c "curl -s $BBD_URL/api/v1/plugins | grep -q '\"name\":\"fx_pages\"'" ||
  bbd_fail "cp'd plugin not picked up"

# The new plugin can run right away.
id=$(bbd_post /api/v1/runs '{"filters":["fx_pages/*"],"settings":{"quick":true}}' | bbd_json 'd["id"]')
bbd_expect_eq "$(bbd_wait_run "$id" 50)" done "run of hot-loaded plugin"

rm "$BBD_TMP/plugins/fx_ok.so"
bbd_wait_for sh -c "! curl -s $BBD_URL/api/v1/plugins | grep -q '\"name\":\"fx_ok\"'" ||
  bbd_fail "removed plugin still listed"
bbd_stop || bbd_fail "bbd exited non-zero"
echo ok
