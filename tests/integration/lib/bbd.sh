# Shell harness for integration tests that need a real bbd.
#
#   . "$BBD_TEST_LIB/bbd.sh"
#   bbd_start [extra bbd args...]     # temp data dir, 127.0.0.1 port 0
#   bbd_wait_catalog                  # first plugin scan complete
#   bbd_get /api/v1/status            # body on stdout; status: bbd_status
#   bbd_post /api/v1/runs '{"filters":["fx_ok/*"]}'
#   id=$(bbd_get /api/v1/runs | bbd_json 'd["runs"][0]["id"]')
#   bbd_wait_run "$id" 60             # until done/failed/cancelled/...
#   bbd_stop                          # SIGTERM, wait; SIGKILL after 15 s
#
# Environment (set by CMake for ctest; defaults fit a build tree):
#   BBD_BIN       the bbd executable
#   BBD_WORKER    the bbd-worker executable
#   BBD_FIXTURES  directory of fixture plugins (fx_*.so)
#   BBD_PLUGINS   directory of the build's plugins
# After bbd_start: BBD_URL (http://127.0.0.1:PORT), BBD_ADDR (127.0.0.1:PORT),
# BBD_PID, BBD_TMP (scratch dir, removed at exit), BBD_DATA (data dir),
# BBD_LOG (bbd's stderr), BBD_OUT (its stdout).
#
# Every function fails the test (exit 1) with a message on a broken
# precondition, and an EXIT trap kills any daemon this harness started, so a
# failing test never leaves a process behind.

set -u

: "${BBD_BIN:=build/bin/bbd}"
: "${BBD_WORKER:=$(dirname "$BBD_BIN")/bbd-worker}"
: "${BBD_FIXTURES:=$(dirname "$(dirname "$BBD_BIN")")/fixtures}"
: "${BBD_PLUGINS:=$(dirname "$(dirname "$BBD_BIN")")/plugins}"
BBD_STATUS=
BBD_PID=
BBD_PIDS=
BBD_TMP=$(mktemp -d "${TMPDIR:-/tmp}/bbd-it.XXXXXX")
chmod 700 "$BBD_TMP"
BBD_DATA="$BBD_TMP/data"

bbd_fail() {
  echo "FAIL: $*" >&2
  if [ -n "${BBD_LOG:-}" ] && [ -f "$BBD_LOG" ]; then
    echo "---- last lines of bbd's log ----" >&2
    tail -n 30 "$BBD_LOG" >&2
  fi
  exit 1
}

bbd_log() { echo "-- $*" >&2; }

_bbd_cleanup() {
  local p kids
  for p in $BBD_PIDS; do
    kill -0 "$p" 2>/dev/null || continue
    kids=$(bbd_descendants "$p")
    kill -9 "$p" $kids 2>/dev/null
  done
  rm -rf "$BBD_TMP"
}
trap _bbd_cleanup EXIT

# bbd_start [args...]: starts bbd and waits (up to 30 s) for its readiness
# line "bbd: listening on http://ADDR". Extra args are appended (a later
# --listen or --data-dir overrides the defaults; any --plugin-dir replaces
# the fixtures dir).
bbd_start() {
  [ -x "$BBD_BIN" ] || bbd_fail "bbd binary not found: $BBD_BIN"
  local n=$(( ${BBD_STARTS:-0} + 1 ))
  BBD_STARTS=$n
  BBD_OUT="$BBD_TMP/bbd.$n.out"
  BBD_LOG="$BBD_TMP/bbd.$n.log"
  # The fixtures are the plugin dir unless the test names its own.
  local dirs=(--plugin-dir "$BBD_FIXTURES") a
  for a in "$@"; do
    [ "$a" = --plugin-dir ] && dirs=()
  done
  "$BBD_BIN" --listen 127.0.0.1:0 --data-dir "$BBD_DATA" \
    --worker "$BBD_WORKER" "${dirs[@]}" "$@" \
    >"$BBD_OUT" 2>"$BBD_LOG" &
  BBD_PID=$!
  BBD_PIDS="$BBD_PIDS $BBD_PID"
  local i
  for i in $(seq 1 300); do
    if grep -q '^bbd: listening on ' "$BBD_OUT" 2>/dev/null; then
      BBD_URL=$(sed -n 's/^bbd: listening on //p' "$BBD_OUT" | head -n 1)
      BBD_ADDR=${BBD_URL#http://}
      return 0
    fi
    if ! kill -0 "$BBD_PID" 2>/dev/null; then
      wait "$BBD_PID" 2>/dev/null
      bbd_fail "bbd exited during start-up"
    fi
    sleep 0.1
  done
  bbd_fail "bbd did not become ready within 30 s"
}

# bbd_start_expect_fail [args...]: runs bbd expecting it to refuse to start;
# prints its stderr; returns bbd's exit status.
bbd_start_expect_fail() {
  local out="$BBD_TMP/fail.$$.log" rc=0
  timeout 20 "$BBD_BIN" --listen 127.0.0.1:0 --data-dir "$BBD_DATA" \
    --worker "$BBD_WORKER" --plugin-dir "$BBD_FIXTURES" "$@" \
    >/dev/null 2>"$out" || rc=$?
  cat "$out"
  return $rc
}

# bbd_stop: SIGTERM and wait for a clean exit (SIGKILL after 15 s, which
# fails the test). Returns bbd's exit status.
bbd_stop() {
  [ -n "$BBD_PID" ] || return 0
  kill -TERM "$BBD_PID" 2>/dev/null
  local i rc=0
  for i in $(seq 1 150); do
    if ! kill -0 "$BBD_PID" 2>/dev/null; then
      wait "$BBD_PID" || rc=$?
      BBD_PID=
      return $rc
    fi
    sleep 0.1
  done
  kill -9 "$BBD_PID" 2>/dev/null
  bbd_fail "bbd did not stop within 15 s of SIGTERM"
}

# bbd_descendants PID: the PIDs of PID's children, grandchildren, ...
bbd_descendants() {
  local c
  for c in $(pgrep -P "$1" 2>/dev/null); do
    echo "$c"
    bbd_descendants "$c"
  done
}

# bbd_kill9: kills the daemon without a chance to clean up, then the
# workers it had started (found by parent PID before the kill, never by
# name), which would otherwise outlive it as orphans.
bbd_kill9() {
  local kids
  kids=$(bbd_descendants "$BBD_PID")
  kill -9 "$BBD_PID" 2>/dev/null
  wait "$BBD_PID" 2>/dev/null
  [ -n "$kids" ] && kill -9 $kids 2>/dev/null
  BBD_PID=
}

# bbd_alive: fails the test if the daemon is gone or /status does not
# answer 200.
bbd_alive() {
  kill -0 "$BBD_PID" 2>/dev/null || bbd_fail "bbd is not running"
  bbd_get /api/v1/status >/dev/null
  bbd_expect_status 200 "GET /api/v1/status"
}

# bbd_request METHOD PATH [BODY] [curl args...]: body on stdout, HTTP status
# in BBD_STATUS (and from bbd_status, which also works after $(...)). A token in BBD_TOKEN is sent as a bearer token.
bbd_request() {
  local method=$1 path=$2 body=${3-} out="$BBD_TMP/resp.$$"
  shift 2
  [ $# -gt 0 ] && shift
  local auth=()
  [ -n "${BBD_TOKEN:-}" ] && auth=(-H "Authorization: Bearer $BBD_TOKEN")
  if [ -n "$body" ]; then
    BBD_STATUS=$(curl -sS -o "$out" -w '%{http_code}' -X "$method" \
      -H 'Content-Type: application/json' "${auth[@]}" --data-binary "$body" \
      "$@" "$BBD_URL$path") || BBD_STATUS=000
  else
    BBD_STATUS=$(curl -sS -o "$out" -w '%{http_code}' -X "$method" \
      "${auth[@]}" "$@" "$BBD_URL$path") || BBD_STATUS=000
  fi
  # Requests usually run inside $(...), a subshell: the status also goes
  # to a file so bbd_status / bbd_expect_status see it afterwards.
  echo "$BBD_STATUS" >"$BBD_TMP/last_status"
  cat "$out" 2>/dev/null
  rm -f "$out"
}

# bbd_status: the HTTP status of the last bbd_request (also from $(...)).
bbd_status() { cat "$BBD_TMP/last_status" 2>/dev/null; }

bbd_get() { bbd_request GET "$@"; }
bbd_post() { bbd_request POST "$@"; }
bbd_put() { bbd_request PUT "$@"; }
bbd_delete() { bbd_request DELETE "$@"; }

# bbd_json EXPR: evaluates a Python expression over the JSON on stdin,
# bound to d (e.g. 'd["runs"][0]["id"]', 'len(d["results"])').
bbd_json() {
  python3 -c 'import json,sys
d=json.load(sys.stdin)
v=eval(sys.argv[1])
print(json.dumps(v) if isinstance(v,(dict,list)) else ("null" if v is None else (str(v).lower() if isinstance(v,bool) else v)))' "$1"
}

# bbd_expect_status WANT CONTEXT: fails unless BBD_STATUS is WANT.
bbd_expect_status() {
  local got
  got=$(bbd_status)
  [ "$got" = "$1" ] || bbd_fail "$2: expected HTTP $1, got $got"
}

# bbd_expect_eq GOT WANT CONTEXT
bbd_expect_eq() {
  [ "$1" = "$2" ] || bbd_fail "$3: expected '$2', got '$1'"
}

# bbd_wait_run ID [TIMEOUT_S]: waits until the run leaves queued/running;
# prints the final state.
bbd_wait_run() {
  local id=$1 limit=${2:-60} i state
  for i in $(seq 1 $((limit * 5))); do
    state=$(bbd_get "/api/v1/runs/$id" | bbd_json 'd["state"]')
    case "$state" in
    queued | running) sleep 0.2 ;;
    *) echo "$state"; return 0 ;;
    esac
  done
  bbd_fail "run $id still $state after ${limit}s"
}

# bbd_wait_catalog: waits (up to 30 s) until the first plugin scan is
# complete (every plugin described), so runs can select any fixture.
bbd_wait_catalog() {
  local i
  for i in $(seq 1 150); do
    if bbd_get /api/v1/status |
      bbd_json 'd["plugins"]["generation"] >= 1 and not d["plugins"]["scanning"]' |
      grep -qx true; then
      return 0
    fi
    sleep 0.2
  done
  bbd_fail "the plugin catalog was not ready within 30 s"
}

# bbd_wait_for CMD... : retries a command (up to 20 s) until it succeeds.
bbd_wait_for() {
  local i
  for i in $(seq 1 100); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  return 1
}

# bbd_raw DATA: sends raw bytes (printf-style escapes) over a fresh TCP
# connection and prints whatever comes back until the server closes or 5 s
# pass. For malformed-HTTP tests.
bbd_raw() {
  python3 - "$BBD_ADDR" "$1" <<'PY'
import socket, sys
host, port = sys.argv[1].rsplit(":", 1)
data = sys.argv[2].encode().decode("unicode_escape").encode("latin-1")
s = socket.create_connection((host, int(port)), timeout=5)
try:
    s.sendall(data)
except OSError:
    pass
out = b""
try:
    while True:
        b = s.recv(65536)
        if not b:
            break
        out += b
except OSError:
    pass
sys.stdout.write(out.decode("latin-1"))
PY
}
