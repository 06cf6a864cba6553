#!/usr/bin/env bash
# Last-Event-ID on GET /api/v1/events: "0" (a client that has seen no event
# yet) replays every buffered event; no header replays nothing; the last id
# replays nothing; an id the daemon has not reached yet (a client of a
# previous daemon: ids restart at 1) replays everything. The replayed events
# come before the "hello" event, so each read stops at "event: hello".
. "$BBD_TEST_LIB/bbd.sh"
bbd_start
bbd_wait_catalog
id=$(bbd_post /api/v1/runs '{"filters":["fx_ok/math/add"],"settings":{"quick":true}}' |
  bbd_json 'd["id"]')
bbd_expect_status 202 "POST /runs"
bbd_expect_eq "$(bbd_wait_run "$id" 50)" done "run state"

# sse [LAST-EVENT-ID]: the stream up to and including the hello event.
sse() {
  python3 - "$BBD_ADDR" "$@" <<'PY'
import socket, sys
host, port = sys.argv[1].rsplit(":", 1)
hdr = "" if len(sys.argv) < 3 else "Last-Event-ID: %s\r\n" % sys.argv[2]
s = socket.create_connection((host, int(port)), timeout=20)
s.sendall(("GET /api/v1/events HTTP/1.1\r\nHost: x\r\n%s\r\n" % hdr).encode())
buf = b""
while b"event: hello\n" not in buf:
    b = s.recv(65536)
    if not b:
        break
    buf += b
s.close()
sys.stdout.write(buf.decode("utf-8", "replace"))
PY
}
ids() { grep -o '^id: [0-9]*' | sed 's/id: //' | tr '\n' ' '; }

all=$(sse 0)
echo "$all" | grep -q '^event: hello' || bbd_fail "no hello event: $all"
got=$(echo "$all" | ids)
# The catalog's "plugins" event is id 1, then the run's queued/running/
# start/result/done events.
case "$got" in
"1 2 "*) ;;
*) bbd_fail "Last-Event-ID 0 must replay from id 1, got ids: '$got'" ;;
esac
echo "$all" | grep -q '"state":"done"' || bbd_fail "replay lacks the run's done event"
last=$(echo "$got" | awk '{print $NF}')

bbd_expect_eq "$(sse | ids)" "" "no Last-Event-ID replays nothing"
bbd_expect_eq "$(sse "$last" | ids)" "" "the last id replays nothing"
bbd_expect_eq "$(sse 1 | ids)" "$(echo "$got" | cut -d' ' -f2-)" "Last-Event-ID 1"
bbd_expect_eq "$(sse 999999 | ids)" "$got" "an id from a previous daemon"
bbd_expect_eq "$(sse abc | ids)" "" "a non-numeric Last-Event-ID"
bbd_stop || bbd_fail "bbd exited non-zero"
echo ok
