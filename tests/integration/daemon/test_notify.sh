#!/usr/bin/env bash
# sd_notify without libsystemd: with NOTIFY_SOCKET set (as systemd does for
# Type=notify), bbd sends READY=1 once it listens and STOPPING=1 on SIGTERM.
. "$BBD_TEST_LIB/bbd.sh"
sock="$BBD_TMP/notify.sock"
python3 - "$sock" >"$BBD_TMP/notify.log" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(30)
try:
    while True:
        msg = s.recv(4096).decode()
        print(msg.replace("\n", "|"), flush=True)
        if "STOPPING=1" in msg:
            break
except socket.timeout:
    pass
PY
listener=$!
bbd_wait_for test -S "$sock" || bbd_fail "notify listener did not start"
NOTIFY_SOCKET=$sock bbd_start
bbd_wait_for grep -q 'READY=1' "$BBD_TMP/notify.log" || bbd_fail "no READY=1"
grep -q "STATUS=listening on $BBD_ADDR" "$BBD_TMP/notify.log" || bbd_fail "no STATUS line"
grep -q "MAINPID=$BBD_PID" "$BBD_TMP/notify.log" || bbd_fail "no MAINPID"
bbd_stop || bbd_fail "bbd exited non-zero"
bbd_wait_for grep -q 'STOPPING=1' "$BBD_TMP/notify.log" || bbd_fail "no STOPPING=1"
wait "$listener"
echo ok
