#!/usr/bin/env bash
# bbctl against daemons that misbehave at the transport level (the garbage
# bodies are covered by bbctl_test_cli_garbage): one that never answers, one
# that trickles its body, a 64 MiB body, a connection reset, NUL bytes, and
# a port nobody listens on. Each must end with a clear message on stderr and
# exit 3 (docs/CLI.md), within the --timeout given, never hang or crash.
. "$BBD_TEST_LIB/bbd.sh"
BBCTL=${BBCTL_BIN:-$(dirname "$BBD_BIN")/bbctl}
[ -x "$BBCTL" ] || { echo "SKIP: bbctl not built ($BBCTL)"; exit 77; }
check() { # MODE CONTEXT ARGS...
  local mode=$1 ctx=$2 port rc=0 pid=
  shift 2
  if [ "$mode" = closed ]; then
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  else
    rm -f "$BBD_TMP/port.$mode"
    python3 "$(dirname "$0")/bad_server.py" "$mode" >"$BBD_TMP/port.$mode" &
    pid=$!
    BBD_PIDS="$BBD_PIDS $pid"
    for _ in $(seq 1 100); do [ -s "$BBD_TMP/port.$mode" ] && break; sleep 0.1; done
    port=$(cat "$BBD_TMP/port.$mode")
  fi
  pid=${pid:-}
  timeout 60 "$BBCTL" --url "http://127.0.0.1:$port" --timeout 3 "$@" \
    >"$BBD_TMP/out" 2>"$BBD_TMP/err" </dev/null || rc=$?
  [ -n "${pid:-}" ] && kill -9 "$pid" 2>/dev/null
  [ "$rc" -ne 124 ] || bbd_fail "$ctx: bbctl hung (killed after 60 s with --timeout 3)"
  [ "$rc" -eq 3 ] || bbd_fail "$ctx: exit $rc, want 3: $(head -c 300 "$BBD_TMP/err")"
  [ -s "$BBD_TMP/err" ] || bbd_fail "$ctx: no message on stderr"
  grep -q "Sanitizer\|runtime error" "$BBD_TMP/err" && bbd_fail "$ctx: $(cat "$BBD_TMP/err")"
  for f in "$BBD_TMP/err" "$BBD_TMP/out"; do
    [ "$(tr -d '\000' <"$f" | wc -c)" = "$(wc -c <"$f")" ] || bbd_fail "$ctx: NUL bytes printed"
  done
  bbd_log "$ctx: exit 3: $(head -n 1 "$BBD_TMP/err")"
}
check silent "no answer" status
check silent "no answer (runs)" runs
check trickle "trickled body" status
check huge "64 MiB body" runs
check reset "connection reset" status
check nulls "NUL bytes" status
check closed "nobody listening" status
echo ok
