#!/usr/bin/env bash
# Malformed HTTP, oversize and non-JSON requests get a 4xx and the daemon
# stays up and keeps answering.
. "$BBD_TEST_LIB/bbd.sh"
bbd_start --max-connections 64

expect_raw() { # DATA WANT-STATUS CONTEXT
  local got
  got=$(bbd_raw "$1" | head -n 1 | tr -d '\r')
  case "$got" in
  "HTTP/1.1 $2 "*) ;;
  *) bbd_fail "$3: expected status $2, got '$got'" ;;
  esac
  bbd_alive
}
expect_raw 'GARBAGE\r\n\r\n' 400 "garbage request line"
expect_raw 'GET / HTTP/9.9\r\n\r\n' 505 "bad version"
expect_raw 'GET /api/v1/status HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n' 400 "bad content-length"
expect_raw 'POST /api/v1/runs HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n' 400 "bad chunk"
expect_raw 'GET /api/v1/status HTTP/1.1\r\nBad Header\r\n\r\n' 400 "header without colon"
expect_raw "GET /$(head -c 20000 /dev/zero | tr '\0' a) HTTP/1.1\r\n\r\n" 414 "long URL"
expect_raw "GET / HTTP/1.1\r\nX: $(head -c 20000 /dev/zero | tr '\0' a)\r\n\r\n" 431 "big header"
expect_raw 'POST /api/v1/runs HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n{' 413 "declared oversize body"
expect_raw 'GET /%00 HTTP/1.1\r\nHost: x\r\n\r\n' 400 "encoded NUL"

# Oversize chunked body (no Content-Length up front).
python3 - "$BBD_ADDR" <<'PY' | head -n 1 | grep -q '^HTTP/1.1 413 ' || bbd_fail "chunked oversize"
import socket, sys
h, p = sys.argv[1].rsplit(":", 1)
s = socket.create_connection((h, int(p)), timeout=10)
s.sendall(b"POST /api/v1/runs HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
chunk = b"x" * 65536
try:
    for _ in range(40):
        s.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
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
print(out.decode("latin-1"))
PY
bbd_alive

# Non-JSON and wrong JSON bodies.
bbd_post /api/v1/runs 'this is not json' >/dev/null
bbd_expect_status 400 "non-JSON body"
bbd_post /api/v1/runs '[1,2,3]' >/dev/null
bbd_expect_status 400 "JSON array body"
bbd_post /api/v1/runs '{"filters":["fx_ok/*"],"bogus":1}' >/dev/null
bbd_expect_status 400 "unknown field"
bbd_post /api/v1/runs '{"settings":{"samples":-5}}' >/dev/null
bbd_expect_status 400 "out of range setting"
bbd_post /api/v1/runs '{}' -H 'Content-Type: text/plain' >/dev/null
bbd_expect_status 415 "wrong content type"
head -c 1100000 /dev/zero | tr '\0' ' ' >"$BBD_TMP/big.json"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  --data-binary @"$BBD_TMP/big.json" "$BBD_URL/api/v1/runs")
bbd_expect_eq "$code" 413 "1.1 MB body"
bbd_alive

# Pipelined requests on one connection all get answers, in order.
n=$(bbd_raw 'GET /api/v1/status HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\nGET /api/v1/status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' |
  grep -c '^HTTP/1.1 ')
bbd_expect_eq "$n" 3 "pipelined responses"

# Many half-open connections beyond the limit: refused with 503, then the
# daemon still serves once they go away.
python3 - "$BBD_ADDR" <<'PY' || bbd_fail "connection limit"
import socket, sys, time
h, p = sys.argv[1].rsplit(":", 1)
socks = []
for _ in range(64):
    s = socket.create_connection((h, int(p)), timeout=5)
    s.sendall(b"GET / HTTP/1.1\r\n")  # never finished
    socks.append(s)
time.sleep(0.3)
s = socket.create_connection((h, int(p)), timeout=5)
s.sendall(b"GET /api/v1/status HTTP/1.1\r\nHost: x\r\n\r\n")
first = s.recv(200).decode("latin-1").split("\r\n")[0]
assert first.startswith("HTTP/1.1 503"), first
for s in socks:
    s.close()
PY
sleep 0.3
bbd_alive
bbd_stop || bbd_fail "bbd exited non-zero"
echo ok
