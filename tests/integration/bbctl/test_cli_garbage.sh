#!/usr/bin/env bash
# bbctl against a fake daemon that answers garbage: HTML, truncated JSON,
# scalars, binary bytes, hang-ups, wrong shapes, a 500 -> a clear message
# and exit 3, never a crash, never raw control bytes on the terminal.
. "$BBD_TEST_LIB/bbd.sh"
. "$(dirname "$0")/lib_bbctl.sh"

python3 "$(dirname "$0")/garbage_daemon.py" >"$BBD_TMP/port" &
BBD_PIDS="$BBD_PIDS $!"
for _ in $(seq 1 100); do
  [ -s "$BBD_TMP/port" ] && break
  sleep 0.1
done
port=$(cat "$BBD_TMP/port")
[ -n "$port" ] || bbd_fail "fake daemon did not start"
u="http://127.0.0.1:$port"

for mode in html200 trunc scalar binary; do
  for args in status runs "show 3" plugins "baseline list" "history a/b/c" \
    "export 3 --format csv" "compare 1 2"; do
    # shellcheck disable=SC2086
    ctl 3 "$mode: $args" --url "$u/$mode" $args
    grep -q "not JSON\|JSON scalar\|without\|no \"" "$ERR" ||
      bbd_fail "$mode $args: unclear message: $(cat "$ERR")"
    grep -q $'\033\|\007' "$ERR" && bbd_fail "$mode: control bytes on stderr"
  done
done
ctl 3 "500 with error object" --url "$u/err500" status
grep_q "database error (EDB, HTTP 500)" "$ERR" "500 message"
ctl 3 "500 with HTML" --url "$u/html500" runs
grep_q "HTTP 500" "$ERR" "html 500 message"
grep -q $'\033' "$ERR" && bbd_fail "escape bytes from the body reached stderr"
ctl 3 "404 that is not JSON" --url "$u/text404" show 3
ctl 3 "hang-up" --url "$u/hangup" status
ctl 3 "hang-up run" --url "$u/hangup" run --quick
for args in runs "baseline list" "history a/b/c" "compare 1 2" plugins \
  "run --quick"; do
  # shellcheck disable=SC2086
  ctl 3 "wrong shape: $args" --url "$u/wrongshape" $args
done
ctl 3 "json mode garbage" --json --url "$u/trunc" status
json_ok "$OUT" "json error document for garbage"

# A run whose event stream is garbage: bbctl polls and prints what it can.
ctl 0 "garbage events" --url "$u/run" run --quick
grep_q "run 5 done" "$OUT" "run header"
no_escapes "$OUT" "garbage result fields"
grep -q $'\007' "$OUT" && bbd_fail "BEL from a benchmark name reached stdout"
# Valid JSON with the wrong type in every field, for every command: any
# documented exit code is fine, a crash or a sanitizer report is not.
for args in status runs "show 9" "show latest" plugins "plugins -l" \
  "baseline list" "history a/b/c" "history a/b/c --table" \
  "export 9 --format csv" "export 9 --format markdown" \
  "export 9 --format json" "compare 1 2" "compare main 9" \
  "run --quick" "ab /tmp /tmp" "--json runs" "--json show 9"; do
  rc=0
  # shellcheck disable=SC2086
  "$BBCTL_BIN" --url "$u/mutant" $args >"$OUT" 2>"$ERR" </dev/null || rc=$?
  [ "$rc" -le 7 ] || bbd_fail "mutant: bbctl $args died (status $rc): $(cat "$ERR")"
  if grep -q "Sanitizer\|runtime error" "$ERR"; then
    bbd_fail "mutant: bbctl $args: $(cat "$ERR")"
  fi
  grep -q $'\007' "$OUT" && bbd_fail "mutant: control bytes on stdout"
done
echo "PASS"
