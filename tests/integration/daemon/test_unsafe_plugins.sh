#!/usr/bin/env bash
# Group- or world-writable plugin files and directories are refused (listed
# with the reason, never loaded); A/B dirs get the same check.
. "$BBD_TEST_LIB/bbd.sh"
umask 022
mkdir "$BBD_TMP/safe" "$BBD_TMP/open"
cp "$BBD_FIXTURES/fx_ok.so" "$BBD_TMP/safe/fx_ok.so"
cp "$BBD_FIXTURES/fx_pages.so" "$BBD_TMP/safe/fx_pages.so"
chmod 755 "$BBD_TMP/safe/fx_ok.so"
chmod 666 "$BBD_TMP/safe/fx_pages.so"
cp "$BBD_FIXTURES/fx_cost.so" "$BBD_TMP/open/fx_cost.so"
chmod 755 "$BBD_TMP/open/fx_cost.so"
chmod 777 "$BBD_TMP/open"
bbd_start --plugin-dir "$BBD_TMP/safe" --plugin-dir "$BBD_TMP/open"
bbd_wait_for sh -c "curl -s $BBD_URL/api/v1/plugins | grep -q '\"name\":\"fx_ok\"'" ||
  bbd_fail "safe plugin missing"
pl=$(bbd_get /api/v1/plugins)
bbd_expect_eq "$(echo "$pl" | bbd_json '[p["name"] for p in d["plugins"]]')" '["fx_ok"]' "only the safe plugin is usable"
st=$(echo "$pl" | bbd_json '{b["name"]: b["status"] for b in d["broken"]}')
bbd_expect_eq "$st" '{"fx_pages": "refused", "fx_cost": "refused"}' "refused plugins"
echo "$pl" | bbd_json '[b["reason"] for b in d["broken"] if b["name"]=="fx_pages"][0]' | grep -q 'world-writable' ||
  bbd_fail "reason for the writable file"
echo "$pl" | bbd_json '[x["refused"] for x in d["dirs"] if x["path"].endswith("/open")][0]' | grep -q 'writable' ||
  bbd_fail "reason for the writable dir"
# A refused plugin cannot be selected.
bbd_post /api/v1/runs '{"filters":["fx_pages/*"]}' >/dev/null
bbd_expect_status 400 "run of a refused plugin"
# A/B dirs are checked the same way.
bbd_post /api/v1/runs "{\"filters\":[\"fx_ok/math/add\"],\"ab\":{\"a_dir\":\"$BBD_TMP/safe\",\"b_dir\":\"$BBD_TMP/open\"}}" >/dev/null
bbd_expect_status 400 "A/B with a writable dir"
# Fixing the mode makes the plugin usable after a rescan.
chmod 755 "$BBD_TMP/safe/fx_pages.so"
bbd_post /api/v1/plugins/rescan '{}' >/dev/null
bbd_wait_for sh -c "curl -s $BBD_URL/api/v1/plugins | grep -q '\"name\":\"fx_pages\",\"file\":\"fx_pages.so\",\"path\":\"[^\"]*\",\"dir\":\"[^\"]*\",\"mtime_ms\":[0-9]*,\"size\":[0-9]*,\"hash\":\"[0-9a-f]*\",\"version\"'" ||
  bbd_fail "fixed plugin not usable after rescan"
bbd_stop || bbd_fail "bbd exited non-zero"
echo ok
