#!/usr/bin/env bash
# Every bbctl command against a real bbd (port 0, temp data dir, fixture
# plugins): human output on a pipe (plain progress lines, no escapes) and
# one valid JSON document with --json for each command.
. "$BBD_TEST_LIB/bbd.sh"
. "$(dirname "$0")/lib_bbctl.sh"
bbd_start
export BBD_URL
bbd_wait_for sh -c "curl -s $BBD_URL/api/v1/plugins | grep -q '\"fx_ok\"'" ||
  bbd_fail "fx_ok never appeared in the catalog"

# status
ctl 0 status status
grep_q "^bbd 0" "$OUT" "status header"
grep_q "plugins" "$OUT" "status plugins line"
no_escapes "$OUT" "status"
ctl 0 "status json" status --json
json_ok "$OUT" "status json"
[ "$(jq_py "$OUT" 'd["status"]["name"]')" = bbd ] || bbd_fail "status json body"

# plugins: table, broken fixtures with reasons, benchmark listing, filters
ctl 0 plugins plugins
grep_q "fx_ok" "$OUT" "plugins table"
grep_q "fx_bad_major" "$OUT" "broken plugins listed"
grep_q "ABI" "$OUT" "broken plugin reason"
ctl 0 "plugins -l" plugins -l
grep_q "fx_cost/cost/spin *work=100" "$OUT" "benchmarks with parameters"
ctl 0 "plugins filter" plugins 'fx_ok/*'
grep -q fx_cost "$OUT" && bbd_fail "plugins filter kept fx_cost"
grep_q "fx_ok/math/add" "$OUT" "plugins filter"
ctl 7 "plugins filter matching nothing" plugins 'nothing/*'
ctl 0 "plugins json" --json plugins
json_ok "$OUT" "plugins json"
jq_py "$OUT" '[b["id"] for b in d["benchmarks"]]' | grep -q fx_ok/math/add ||
  bbd_fail "plugins json benchmarks"
jq_py "$OUT" '[b["name"] for b in d["broken"]]' | grep -q fx_bad_major ||
  bbd_fail "plugins json broken"

# run: plain progress lines on stderr (not a TTY), results on stdout
ctl 0 "run" run --quick 'fx_ok/math/*' --tag git_sha=abc123 --tag branch=main
grep_q "^run [0-9]* done" "$OUT" "run header"
grep_q "TIME/ITER" "$OUT" "results table"
grep_q "fx_ok/math/add" "$OUT" "results row"
grep_q "git_sha=abc123" "$OUT" "tags shown"
grep_q "^\[1/2\] fx_ok/math/" "$ERR" "plain progress line"
grep_q "^run [0-9]*: done" "$ERR" "plain state line"
grep -q $'\r' "$ERR" && bbd_fail "progress bar redraws on a pipe"
no_escapes "$OUT" "run stdout"
no_escapes "$ERR" "run stderr"
ctl 0 "run json" --json run --quick fx_ok/math/add
json_ok "$OUT" "run json"
[ "$(jq_py "$OUT" 'd["run"]["state"]')" = "done" ] || bbd_fail "run json state"
[ "$(jq_py "$OUT" 'd["summary"]["results"]')" = 1 ] || bbd_fail "run summary"
[ "$(jq_py "$OUT" 'd["exit_code"]')" = 0 ] || bbd_fail "run json exit_code"
last=$(jq_py "$OUT" 'd["run"]["id"]')
ctl 0 "run quiet" --quiet run --quick fx_ok/math/add
[ -s "$ERR" ] && bbd_fail "--quiet still printed progress: $(cat "$ERR")"

# runs, show
ctl 0 runs runs --limit 5
grep_q "^ *$last  done" "$OUT" "runs lists the last run"
ctl 0 "runs tag filter" runs --tag branch=main
grep_q "git_sha=abc123" "$OUT" "runs tag filter"
grep -q "^ *$last " "$OUT" && bbd_fail "runs --tag kept an untagged run"
ctl 0 "runs json" runs --json --limit 2
json_ok "$OUT" "runs json"
[ "$(jq_py "$OUT" 'len(d["runs"])')" = 2 ] || bbd_fail "runs --limit 2"
ctl 0 "show" show "$last"
grep_q "fx_ok/math/add" "$OUT" "show results"
ctl 0 "show latest" show latest
ctl 0 "show json" --json show "$last"
json_ok "$OUT" "show json"

# baselines
ctl 0 "baseline save" baseline save main "$last" --note "first"
grep_q "baseline main -> run $last" "$OUT" "baseline save"
ctl 0 "baseline save default latest" baseline save other
ctl 0 "baseline list" baseline list
grep_q "^main *$last" "$OUT" "baseline list"
ctl 0 "baseline list json" --json baseline list
json_ok "$OUT" "baseline json"
ctl 0 "show by baseline" show main
ctl 0 "baseline rm" --json baseline rm other
json_ok "$OUT" "baseline rm json"
ctl 7 "baseline rm again" baseline rm other
ctl 0 "baseline rm json" --json baseline save x "$last"
json_ok "$OUT" "baseline save json"

# compare (same benchmark twice: a verdict of some kind, table printed)
ctl 0 "run for compare" run --quick fx_ok/math/add
rc=0
"$BBCTL_BIN" compare main latest >"$OUT" 2>"$ERR" || rc=$?
case $rc in 0 | 1) ;; *) bbd_fail "compare main latest: exit $rc: $(cat "$ERR")" ;; esac
grep_q "fx_ok/math/add" "$OUT" "compare row"
grep_q "regressed, .* improved, .* unchanged" "$OUT" "compare summary"
"$BBCTL_BIN" --json compare main latest >"$OUT" 2>"$ERR" || true
json_ok "$OUT" "compare json"

# history
ctl 0 "history" history fx_ok/math/add
grep_q "fx_ok/math/add (mean per iteration" "$OUT" "history header"
ctl 0 "history table" history fx_ok/math/add --table
grep_q "RUN" "$OUT" "history table"
ctl 0 "history json" --json history fx_ok/math/add
json_ok "$OUT" "history json"
ctl 7 "history unknown" history nope/none/x

# export: markdown (default), csv, json, to a file
ctl 0 "export markdown" export "$last"
grep_q "### bbd benchmark report: run $last" "$OUT" "markdown title"
grep_q "| \`fx_ok/math/add\` |" "$OUT" "markdown row"
ctl 0 "export csv" export "$last" --format csv
head -1 "$OUT" | grep -q "^run_id,benchmark,variant,status,mean_ns" ||
  bbd_fail "csv header"
[ "$(wc -l <"$OUT")" -ge 2 ] || bbd_fail "csv rows"
python3 -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1]))); assert all(len(x)==len(r[0]) for x in r), "ragged csv"' "$OUT" ||
  bbd_fail "csv is not rectangular"
ctl 0 "export json" export "$last" --format json -o "$BBD_TMP/e.json"
json_ok "$BBD_TMP/e.json" "export json file"
[ "$(jq_py "$BBD_TMP/e.json" 'd["kind"]')" = bbd-run-export ] || bbd_fail "kind"
[ "$(jq_py "$BBD_TMP/e.json" 'len(d["run"]["results"][0]["samples"]["ns"]) > 1')" = True ] ||
  bbd_fail "export json carries samples"
ctl 0 "export with --json" --json export "$last" --format markdown
json_ok "$OUT" "export markdown as json"
ctl 7 "export unknown run" export 99999

# compare two exports offline (no daemon involved)
ctl 0 "export other" export latest --format json -o "$BBD_TMP/f.json"
rc=0
"$BBCTL_BIN" compare --from-dir "$BBD_TMP/e.json" "$BBD_TMP/f.json" \
  >"$OUT" 2>"$ERR" || rc=$?
case $rc in 0 | 1) ;; *) bbd_fail "compare --from-dir: exit $rc: $(cat "$ERR")" ;; esac
grep_q "fx_ok/math/add" "$OUT" "offline compare row"
mkdir "$BBD_TMP/dir"
cp "$BBD_TMP/e.json" "$BBD_TMP/dir/"
"$BBCTL_BIN" --url http://127.0.0.1:1 compare --from-dir "$BBD_TMP/dir" \
  "$BBD_TMP/f.json" >"$OUT" 2>"$ERR" || rc=$?
grep_q "fx_ok/math/add" "$OUT" "offline compare of a directory, daemon down"
ctl 7 "compare --from-dir missing" compare --from-dir "$BBD_TMP/none" "$BBD_TMP/f.json"
ctl 2 "compare --from-dir not an export" compare --from-dir "$BBD_OUT" "$BBD_TMP/f.json"

# ab: two plugin directories holding the same build (A/A). The verdict of
# an A/A comparison is statistics; the test checks the command's plumbing
# (request, waiting, table) and that it exits 0 or 1, nothing else.
mkdir -p "$BBD_TMP/ab_a" "$BBD_TMP/ab_b"
chmod 755 "$BBD_TMP/ab_a" "$BBD_TMP/ab_b"
cp "$BBD_FIXTURES/fx_cost.so" "$BBD_TMP/ab_a/"
cp "$BBD_FIXTURES/fx_cost.so" "$BBD_TMP/ab_b/"
chmod 755 "$BBD_TMP"/ab_?/fx_cost.so
rc=0
"$BBCTL_BIN" ab "$BBD_TMP/ab_a" "$BBD_TMP/ab_b" fx_cost/cost/spin --quick \
  --budget 2 >"$OUT" 2>"$ERR" || rc=$?
case $rc in 0 | 1) ;; *) bbd_fail "ab: exit $rc: $(cat "$ERR")" ;; esac
grep_q "fx_cost/cost/spin" "$OUT" "ab table"
grep_q "(ab)" "$OUT" "ab run mode"
grep_q "CI: .*% level" "$OUT" "ab table states its CI level"
"$BBCTL_BIN" --json ab "$BBD_TMP/ab_a" "$BBD_TMP/ab_b" fx_cost/cost/spin \
  --quick --budget 2 --min-time 0.5 >"$OUT" 2>"$ERR" || true
json_ok "$OUT" "ab json"
[ "$(jq_py "$OUT" 'd["run"]["mode"]')" = ab ] || bbd_fail "ab json mode"
[ "$(jq_py "$OUT" '[r["verdict"]["min_s"] for r in d["run"]["results"] if r["variant"] == "b"][0]')" = 0.5 ] ||
  bbd_fail "ab --min-time 0.5 reaches the stopping plan"
ctl 2 "ab --min-time 0" ab "$BBD_TMP/ab_a" "$BBD_TMP/ab_b" --min-time 0

# Ctrl-C while following a run: bbctl says the run continues, dies of
# SIGINT (status 130), and the run is still there to cancel.
# (Driven from Python: bash treats a child that died of SIGINT as if the
# shell itself had been interrupted.)
sid=$(python3 - "$BBCTL_BIN" <<'PY'
import signal, subprocess, sys, time
p = subprocess.Popen([sys.argv[1], "run", "fx_cost/cost/sleep", "--measure",
                      "20", "--warmup", "0.01"], stdout=subprocess.DEVNULL,
                     stderr=subprocess.PIPE, text=True)
line = p.stderr.readline()          # "run N queued" (printed once armed)
if "queued" not in line:
    sys.exit("bbctl did not report the queued run: %r" % line)
p.send_signal(signal.SIGINT)
err = p.stderr.read()
rc = p.wait(timeout=30)
if rc != -signal.SIGINT:
    sys.exit("expected death by SIGINT, got status %r; stderr: %s" % (rc, err))
if "continues on the daemon" not in err:
    sys.exit("no 'continues on the daemon' message: %r" % err)
print(line.split()[1])
PY
) || bbd_fail "Ctrl-C while following a run"
ctl 0 "cancel after Ctrl-C" cancel "$sid"

# detach + cancel
ctl 0 "detach" run --detach fx_cost/cost/sleep --measure 20 --warmup 0.01
id=$(cat "$OUT")
[ "$id" -gt 0 ] 2>/dev/null || bbd_fail "detach printed '$id', not a run id"
ctl 0 "cancel" --json cancel "$id"
json_ok "$OUT" "cancel json"
[ "$(jq_py "$OUT" 'd["run"]["state"]')" = cancelled ] || bbd_fail "cancel json state"
ctl 0 "show cancelled run" show "$id"
grep_q "run $id cancelled" "$OUT" "cancelled state shown"
ctl 2 "cancel again (finished run)" cancel "$id"
ctl 0 "detach json" --json run --detach fx_ok/math/add --quick
json_ok "$OUT" "detach json"

bbd_alive
bbd_stop
echo "PASS"
