#!/usr/bin/env bash
# Regenerates the bbdump test captures on loopback with real tools, and the
# tshark decode of each (the expected output the comparison test reads).
# Needs root (captures on lo, binds standard ports), and the Debian packages
#   tcpdump tshark mosquitto mosquitto-clients nghttp2-client nghttp2-server
#   dnsmasq-base dnsutils libcoap3-bin python3-websockets openssl
# Only needed to regenerate: the captures and decodes are committed.
#
#   tests/bbdump/gen-captures.sh [--expected-only] [NAME...]   (default: all)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out="$here/captures"
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# start_capture FILE FILTER [pcapng]: starts tcpdump (or dumpcap for pcapng)
start_capture() {
  if [ "${3:-}" = pcapng ]; then
    dumpcap -q -i lo -f "$2" -w "$1" 2>/dev/null &
  else
    tcpdump -q -i lo -U -s 0 -w "$1" "$2" 2>/dev/null &
  fi
  cap_pid=$!
  sleep 1.5
}
stop_capture() {
  sleep 0.5
  kill -INT "$cap_pid"
  wait "$cap_pid" 2>/dev/null || true
}
bg() {
  "$@" &
  pids+=($!)
}
stop_bg() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pids=()
}

gen_dns() {
  cat >"$work/dnsmasq.conf" <<'CONF'
port=53
listen-address=127.0.0.1
bind-interfaces
no-resolv
no-hosts
user=root
address=/host.example.test/192.0.2.10
address=/host.example.test/2001:db8::10
cname=alias.example.test,host.example.test
mx-host=example.test,mail.example.test,10
txt-record=example.test,"v=spf1 -all","second string"
srv-host=_mqtt._tcp.example.test,host.example.test,1883,5,20
ptr-record=10.2.0.192.in-addr.arpa,host.example.test
CONF
  start_capture "$out/dns.pcap" "port 53"
  bg dnsmasq -k -C "$work/dnsmasq.conf"
  sleep 1
  local d=(dig @127.0.0.1 +tries=1 +time=2)
  "${d[@]}" host.example.test A >/dev/null
  "${d[@]}" host.example.test AAAA >/dev/null
  "${d[@]}" alias.example.test A >/dev/null
  "${d[@]}" example.test MX >/dev/null
  "${d[@]}" example.test TXT >/dev/null
  "${d[@]}" _mqtt._tcp.example.test SRV >/dev/null
  "${d[@]}" -x 192.0.2.10 >/dev/null
  "${d[@]}" +noedns missing.example.test A >/dev/null || true
  "${d[@]}" +tcp host.example.test A >/dev/null
  stop_capture
  stop_bg
}

gen_mqtt() {
  cat >"$work/mosquitto.conf" <<'CONF'
listener 1883 127.0.0.1
allow_anonymous true
CONF
  start_capture "$out/mqtt.pcap" "tcp port 1883"
  bg mosquitto -c "$work/mosquitto.conf"
  sleep 1
  bg mosquitto_sub -V mqttv5 -h 127.0.0.1 -i sub1 -k 5 -q 2 -t 'bbd/#' \
    -C 3 -W 10 -D subscribe subscription-identifier 7
  sleep 1
  mosquitto_pub -V mqttv5 -h 127.0.0.1 -i pub0 -q 0 -t bbd/q0 -m hello
  mosquitto_pub -V mqttv5 -h 127.0.0.1 -i pub1 -q 1 -t bbd/q1 -m "qos one" \
    -D publish user-property k v -D publish content-type text/plain
  mosquitto_pub -V mqttv5 -h 127.0.0.1 -i pub2 -q 2 -t bbd/q2 -r -m "qos two" \
    -u alice -P secret --will-topic bbd/will --will-payload bye --will-qos 1 \
    -D connect session-expiry-interval 30
  sleep 1
  # A keep-alive of 5 s yields PINGREQ/PINGRESP; -U unsubscribes at start.
  timeout 9 mosquitto_sub -V mqttv5 -h 127.0.0.1 -i sub2 -k 5 -t other \
    -U bbd/none -W 7 >/dev/null || true
  stop_capture
  stop_bg
}

gen_http2() {
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" \
    -out "$work/cert.pem" -days 30 -subj /CN=example.test 2>/dev/null
  mkdir -p "$work/htdocs"
  printf 'hello over h2c\n' >"$work/htdocs/index.html"
  printf 'body{}\n' >"$work/htdocs/style.css"
  start_capture "$out/http2.pcap" "tcp port 8080"
  bg nghttpd --no-tls -d "$work/htdocs" --padding=8 \
    -p /index.html=/style.css 8080
  sleep 1
  nghttp -n http://127.0.0.1:8080/index.html
  nghttp -n -H 'x-test: bbd' http://127.0.0.1:8080/style.css
  stop_capture
  stop_bg
}

gen_tls() {
  [ -f "$work/key.pem" ] || openssl req -x509 -newkey rsa:2048 -nodes \
    -keyout "$work/key.pem" -out "$work/cert.pem" -days 30 \
    -subj /CN=example.test 2>/dev/null
  start_capture "$out/tls.pcapng" "tcp port 443" pcapng
  bg openssl s_server -quiet -accept 443 -key "$work/key.pem" \
    -cert "$work/cert.pem" -naccept 2
  sleep 1
  echo hello | timeout 5 openssl s_client -quiet -servername example.test \
    -connect 127.0.0.1:443 -tls1_3 >/dev/null 2>&1 || true
  echo hello | timeout 5 openssl s_client -quiet -servername tls12.example.test \
    -connect 127.0.0.1:443 -tls1_2 >/dev/null 2>&1 || true
  stop_capture
  stop_bg
}

gen_websocket() {
  cat >"$work/ws.py" <<'PY'
import asyncio, sys, websockets

async def echo(ws):
    async for msg in ws:
        await ws.send(msg)

async def main():
    async with websockets.serve(echo, "127.0.0.1", 80, compression=None):
        async with websockets.connect("ws://127.0.0.1:80/chat",
                                      compression=None) as ws:
            await ws.send("hello websocket")
            await ws.recv()
            await ws.send(b"\x00\x01\x02binary")
            await ws.recv()
            await ws.send("m" * 300)
            await ws.recv()
            await ws.send("x" * 70000)
            await ws.recv()
            pong = await ws.ping(b"pp")
            await pong
            await ws.close(code=4001, reason="bye now")

asyncio.run(main())
PY
  start_capture "$out/websocket.pcap" "tcp port 80"
  /usr/bin/python3 "$work/ws.py"
  stop_capture
}

gen_coap() {
  start_capture "$out/coap.pcap" "udp port 5683"
  bg coap-server-notls -A 127.0.0.1 -p 5683
  sleep 1
  local c=coap-client-notls
  $c -m get coap://127.0.0.1/.well-known/core >/dev/null
  $c -m get -T cafe coap://127.0.0.1/time >/dev/null
  $c -m put -e 'hello coap' -t text/plain coap://127.0.0.1/example_data >/dev/null
  $c -m get -A text/plain coap://127.0.0.1/example_data?q=1 >/dev/null
  $c -m get -N coap://127.0.0.1/a/very/long/path/segment/name/to/need/ext \
    >/dev/null || true
  $c -m delete coap://127.0.0.1/missing >/dev/null || true
  stop_capture
  stop_bg
}

# Hand-built frames for cases the tools above do not produce (gen_edge.py).
gen_edge() {
  python3 "$here/gen_edge.py" "$out/edge.pcap"
}

# expected NAME FILE: tshark's decode, the reference the test compares with.
expected() {
  tshark -r "$2" -T json --no-duplicate-keys \
    -o tcp.desegment_tcp_streams:TRUE -o tls.desegment_ssl_records:TRUE \
    -d tcp.port==8080,http2 -d tcp.port==8081,http2 2>/dev/null |
    python3 "$here/tshark_compact.py" >"$out/$1.tshark.jsonl"
}

only_expected=0
if [ "${1:-}" = --expected-only ]; then
  only_expected=1
  shift
fi
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(dns mqtt http2 tls websocket coap edge)
for n in "${names[@]}"; do
  echo "gen-captures: $n"
  [ $only_expected = 1 ] || "gen_$n"
  f=$(ls "$out/$n".pcap* | head -1)
  chmod 644 "$f"
  expected "$n" "$f"
done
