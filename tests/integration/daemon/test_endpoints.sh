#!/usr/bin/env bash
# Every /api/v1 endpoint of a real bbd (port 0, temp data dir): status,
# plugins, benchmarks, runs (create/list/get/samples/cancel/delete),
# compare, baselines, history, events, metrics, static files, errors.
. "$BBD_TEST_LIB/bbd.sh"
bbd_start
bbd_wait_catalog

# status
st=$(bbd_get /api/v1/status)
bbd_expect_status 200 "status"
bbd_expect_eq "$(echo "$st" | bbd_json 'd["name"]')" bbd "status.name"
echo "$st" | bbd_json 'd["queue"]["queued"]' >/dev/null || bbd_fail "status.queue"
echo "$st" | bbd_json 'd["machine"]["cpus"]' >/dev/null || bbd_fail "status.machine"

# plugins: wait for the first scan, then the broken fixtures are listed
# with file, reason and both ABI versions.
bbd_wait_for sh -c "curl -s $BBD_URL/api/v1/plugins | grep -q '\"fx_ok\"'" ||
  bbd_fail "fx_ok never appeared in the catalog"
pl=$(bbd_get /api/v1/plugins)
bbd_expect_status 200 "plugins"
bbd_expect_eq "$(echo "$pl" | bbd_json '[b["plugin_abi"] for b in d["broken"] if b["name"]=="fx_bad_major"][0]')" 2.0 "broken plugin abi"
echo "$pl" | bbd_json '[b for b in d["broken"] if b["name"]=="fx_bad_major"][0]["host_abi"]' | grep -q . || bbd_fail "host_abi missing"
echo "$pl" | bbd_json '[b for b in d["broken"] if b["name"]=="fx_bad_major"][0]["reason"]' | grep -q 'ABI' || bbd_fail "reason missing"
bbd_get /api/v1/plugins/fx_ok | bbd_json 'len(d["benchmarks"])' >/dev/null
bbd_expect_status 200 "plugins/fx_ok"
bbd_get /api/v1/plugins/nope >/dev/null
bbd_expect_status 404 "unknown plugin"
bbd_post /api/v1/plugins/rescan '{}' >/dev/null
bbd_expect_status 202 "rescan"

# benchmarks
n=$(bbd_get '/api/v1/benchmarks?filter=fx_ok/*' | bbd_json 'd["count"]')
bbd_expect_status 200 "benchmarks"
[ "$n" -ge 2 ] || bbd_fail "expected fx_ok benchmarks, got $n"

# a run, with tags, saved as baseline
r=$(bbd_post /api/v1/runs '{"filters":["fx_ok/math/add"],"settings":{"quick":true},"tags":{"branch":"main","git_sha":"abc"},"save_baseline":"main"}')
bbd_expect_status 202 "POST runs"
id1=$(echo "$r" | bbd_json 'd["id"]')
bbd_expect_eq "$(bbd_wait_run "$id1" 50)" done "run 1 state"
run=$(bbd_get "/api/v1/runs/$id1")
bbd_expect_eq "$(echo "$run" | bbd_json 'd["results"][0]["benchmark"]')" fx_ok/math/add "result id"
bbd_expect_eq "$(echo "$run" | bbd_json 'd["results"][0]["status"]')" ok "result status"
bbd_expect_eq "$(echo "$run" | bbd_json 'd["tags"]["branch"]')" main "tags"
rid=$(echo "$run" | bbd_json 'd["results"][0]["id"]')
ns=$(bbd_get "/api/v1/runs/$id1/results/$rid/samples" | bbd_json 'len(d["ns"]) == d["n"] and d["n"] > 0')
bbd_expect_eq "$ns" true "samples"

# second run compared with the baseline
r=$(bbd_post /api/v1/runs '{"filters":["fx_ok/math/add"],"settings":{"quick":true},"compare_to":{"baseline":"main"}}')
id2=$(echo "$r" | bbd_json 'd["id"]')
bbd_expect_eq "$(bbd_wait_run "$id2" 50)" done "run 2 state"
v=$(bbd_get "/api/v1/runs/$id2" | bbd_json 'd["results"][0]["verdict"]["verdict"]')
case "$v" in unchanged | regressed | improved | inconclusive) ;; *) bbd_fail "verdict '$v'" ;; esac

# list with paging and filters
l=$(bbd_get '/api/v1/runs?limit=1&state=done&tag=branch:main')
bbd_expect_status 200 "list runs"
bbd_expect_eq "$(echo "$l" | bbd_json 'd["total"]')" 1 "tag filter total"
bbd_expect_eq "$(echo "$l" | bbd_json 'd["runs"][0]["id"]')" "$id1" "tag filter run"
bbd_expect_eq "$(bbd_get '/api/v1/runs?limit=1' | bbd_json 'len(d["runs"])')" 1 "limit"
bbd_get '/api/v1/runs?limit=0' >/dev/null
bbd_expect_status 400 "bad limit"

# compare
c=$(bbd_get "/api/v1/compare?a=baseline:main&b=run:$id2")
bbd_expect_status 200 "compare"
bbd_expect_eq "$(echo "$c" | bbd_json 'd["benchmarks"][0]["benchmark"]')" fx_ok/math/add "compare bench"
bbd_get "/api/v1/compare?a=1" >/dev/null
bbd_expect_status 400 "compare without b"

# baselines
bbd_expect_eq "$(bbd_get /api/v1/baselines | bbd_json 'd["baselines"][0]["name"]')" main "baselines"
bbd_put /api/v1/baselines/main "{\"run\":$id2,\"note\":\"moved\"}" >/dev/null
bbd_expect_status 200 "move baseline"
bbd_expect_eq "$(bbd_get /api/v1/baselines/main | bbd_json 'len(d["history"])')" 2 "baseline history"
bbd_put /api/v1/baselines/x '{"run":999999}' >/dev/null
bbd_expect_status 404 "baseline to missing run"

# history
h=$(bbd_get '/api/v1/history?benchmark=fx_ok/math/add')
bbd_expect_status 200 "history"
bbd_expect_eq "$(echo "$h" | bbd_json 'len(d["points"])')" 2 "history points"
echo "$h" | bbd_json 'd["change_points"]' >/dev/null || bbd_fail "change_points"

# metrics
m=$(bbd_get /metrics)
bbd_expect_status 200 "metrics"
echo "$m" | grep -q '^bbd_runs{state="done"} 2$' || bbd_fail "metrics runs: $m"
echo "$m" | grep -q 'bbd_benchmark_mean_ns{benchmark="fx_ok/math/add"' || bbd_fail "metrics last result"

# events: a run's events arrive on the stream
curl -sN --max-time 50 "$BBD_URL/api/v1/events" >"$BBD_TMP/sse" &
sse=$!
sleep 0.5
r=$(bbd_post /api/v1/runs '{"filters":["fx_ok/math/add"],"settings":{"quick":true}}')
id3=$(echo "$r" | bbd_json 'd["id"]')
bbd_wait_run "$id3" 50 >/dev/null
bbd_wait_for grep -q '"state":"done"' "$BBD_TMP/sse" || bbd_fail "no run event on SSE"
kill "$sse" 2>/dev/null
grep -q '^event: hello' "$BBD_TMP/sse" || bbd_fail "no hello event"
grep -q '^event: result' "$BBD_TMP/sse" || bbd_fail "no result event"

# cancel of a finished run is a conflict; delete needs the baseline gone
bbd_post "/api/v1/runs/$id3/cancel" >/dev/null
bbd_expect_status 409 "cancel finished run"
bbd_delete "/api/v1/runs/$id2" >/dev/null
bbd_expect_status 409 "delete baseline run"
bbd_delete /api/v1/baselines/main >/dev/null
bbd_expect_status 204 "delete baseline"
bbd_delete "/api/v1/runs/$id2" >/dev/null
bbd_expect_status 204 "delete run"
bbd_get "/api/v1/runs/$id2" >/dev/null
bbd_expect_status 404 "deleted run"

# errors and static files
e=$(bbd_get /api/v1/nothing)
bbd_expect_status 404 "unknown route"
bbd_expect_eq "$(echo "$e" | bbd_json 'd["error"]["code"]')" ENOTFOUND "error code"
bbd_request PATCH /api/v1/status >/dev/null
bbd_expect_status 405 "method not allowed"
bbd_get / >/dev/null
bbd_expect_status 200 "index"
bbd_get /../../etc/passwd '' --path-as-is >/dev/null
bbd_expect_status 403 "path escape"
bbd_get /%2e%2e/%2e%2e/etc/passwd '' --path-as-is >/dev/null
bbd_expect_status 403 "encoded path escape"

# maintenance
bbd_post /api/v1/maintenance/vacuum '{}' >/dev/null
bbd_expect_status 200 "vacuum"

bbd_alive
bbd_stop || bbd_fail "bbd exited non-zero"
echo "ok"
