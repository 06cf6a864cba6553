/* Canonical messages and uniform encode/decode wrappers per protocol. */
#include "codecs_bench.h"

#include <string.h>

static const uint8_t tcp_syn_opts[20] = {2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0,
                                         0, 1, 0,    0,    0, 0, 1, 3,  3, 7};
static const uint8_t ip_opts[4] = {0x94, 0x04, 0, 0}; /* Router Alert */
static const uint8_t payload[125] = {"benchmark payload"};

static void s_eth(np_msg *m) {
  proto_eth e = {{2, 0, 0, 0, 0, 1}, {2, 0, 0, 0, 0, 2}, 0x0800};
  m->eth = e;
}
static int e_eth(const np_msg *m, bebytes_writer *w) {
  return proto_eth_encode(&m->eth, w);
}
static int d_eth(const uint8_t *p, size_t n, np_msg *o) {
  bebytes_reader r;
  bebytes_reader_init(&r, p, n);
  return proto_eth_decode(&r, &o->eth);
}

static void s_ip(np_msg *m) {
  memset(&m->ip, 0, sizeof(m->ip));
  m->ip.total_len = 84;
  m->ip.id = 0x1234;
  m->ip.flags = PROTO_IPV4_FLAG_DF;
  m->ip.ttl = 64;
  m->ip.proto = PROTO_IP_TCP;
  m->ip.src = 0xc0000201u;
  m->ip.dst = 0xc0000202u;
  m->ip.options = (proto_view){ip_opts, sizeof(ip_opts)};
}
static int e_ip(const np_msg *m, bebytes_writer *w) {
  return proto_ipv4_encode(&m->ip, 1, w);
}
static int d_ip(const uint8_t *p, size_t n, np_msg *o) {
  bebytes_reader r;
  bebytes_reader_init(&r, p, n);
  int rc = proto_ipv4_decode(&r, &o->ip);
  return rc ? rc : (o->ip.checksum_ok ? 0 : PROTO_EMALFORMED);
}

static void s_tcp(np_msg *m) {
  memset(&m->tcp, 0, sizeof(m->tcp));
  m->tcp.srcport = 40000;
  m->tcp.dstport = 443;
  m->tcp.seq = 0x01020304;
  m->tcp.flags = PROTO_TCP_SYN;
  m->tcp.window = 64240;
  m->tcp.options = (proto_view){tcp_syn_opts, sizeof(tcp_syn_opts)};
}
static int e_tcp(const np_msg *m, bebytes_writer *w) {
  return proto_tcp_encode(&m->tcp, w);
}
static int d_tcp(const uint8_t *p, size_t n, np_msg *o) {
  bebytes_reader r;
  bebytes_reader_init(&r, p, n);
  return proto_tcp_decode(&r, &o->tcp);
}

static void s_udp(np_msg *m) {
  proto_udp u = {5353, 53, 40, 0xbeef};
  m->udp = u;
}
static int e_udp(const np_msg *m, bebytes_writer *w) {
  return proto_udp_encode(&m->udp, w);
}
static int d_udp(const uint8_t *p, size_t n, np_msg *o) {
  bebytes_reader r;
  bebytes_reader_init(&r, p, n);
  return proto_udp_decode(&r, &o->udp);
}

/* The DNS header alone (all counts zero): a whole, valid message. */
static void s_dns(np_msg *m) {
  memset(&m->dns, 0, sizeof(m->dns));
  m->dns.id = 0x4242;
  m->dns.flags = 0x8180;
}
static int e_dns(const np_msg *m, bebytes_writer *w) {
  return proto_dns_encode_header(&m->dns, w);
}
static int d_dns(const uint8_t *p, size_t n, np_msg *o) {
  return proto_dns_decode(p, n, &o->dns);
}

static void s_mqtt(np_msg *m) {
  static const uint8_t props[] = {0x11, 0, 0, 0, 30, 0x21, 0, 20};
  memset(&m->mqtt, 0, sizeof(m->mqtt));
  m->mqtt.type = PROTO_MQTT_CONNECT;
  m->mqtt.version = 5;
  m->mqtt.protoname = (proto_view){(const uint8_t *)"MQTT", 4};
  m->mqtt.ver = 5;
  m->mqtt.conflags = PROTO_MQTT_CF_CLEAN | PROTO_MQTT_CF_WILL |
                     PROTO_MQTT_CF_USERNAME | PROTO_MQTT_CF_PASSWORD | 0x08;
  m->mqtt.kalive = 60;
  m->mqtt.props.raw = (proto_view){props, sizeof(props)};
  m->mqtt.clientid = (proto_view){(const uint8_t *)"sensor-0042", 11};
  m->mqtt.willtopic = (proto_view){(const uint8_t *)"sensors/0042/gone", 17};
  m->mqtt.willmsg = (proto_view){(const uint8_t *)"offline", 7};
  m->mqtt.username = (proto_view){(const uint8_t *)"alice", 5};
  m->mqtt.passwd = (proto_view){(const uint8_t *)"secret", 6};
}
static int e_mqtt(const np_msg *m, bebytes_writer *w) {
  return proto_mqtt_encode(&m->mqtt, w);
}
static int d_mqtt(const uint8_t *p, size_t n, np_msg *o) {
  bebytes_reader r;
  bebytes_reader_init(&r, p, n);
  return proto_mqtt_decode(&r, 5, &o->mqtt);
}

/* The 9-byte frame header (the BeBytes example: 1024-byte HEADERS frame). */
static void s_h2(np_msg *m) {
  memset(&m->h2, 0, sizeof(m->h2));
  m->h2.length = 1024;
  m->h2.type = PROTO_H2_HEADERS;
  m->h2.flags = PROTO_H2_F_END_HEADERS;
  m->h2.streamid = 1;
}
static int e_h2(const np_msg *m, bebytes_writer *w) {
  return proto_h2_encode_header(&m->h2, w);
}
static int d_h2(const uint8_t *p, size_t n, np_msg *o) {
  bebytes_reader r;
  bebytes_reader_init(&r, p, n);
  return proto_h2_decode_header(&r, &o->h2);
}

static void s_tls(np_msg *m) {
  proto_tls_record t = {PROTO_TLS_APPDATA, 0x0303, 64, {payload, 64}};
  m->tls = t;
}
static int e_tls(const np_msg *m, bebytes_writer *w) {
  return proto_tls_record_encode(&m->tls, w);
}
static int d_tls(const uint8_t *p, size_t n, np_msg *o) {
  bebytes_reader r;
  bebytes_reader_init(&r, p, n);
  return proto_tls_record_decode(&r, &o->tls);
}

static void s_ws(np_msg *m) {
  memset(&m->ws, 0, sizeof(m->ws));
  m->ws.fin = 1;
  m->ws.opcode = PROTO_WS_TEXT;
  m->ws.mask = 1;
  memcpy(m->ws.key, "\x11\x3d\xed\xc4", 4);
  m->ws.payload = (proto_view){payload, sizeof(payload)};
}
static int e_ws(const np_msg *m, bebytes_writer *w) {
  return proto_ws_encode(&m->ws, w);
}
static int d_ws(const uint8_t *p, size_t n, np_msg *o) {
  bebytes_reader r;
  bebytes_reader_init(&r, p, n);
  return proto_ws_decode(&r, &o->ws);
}

static void s_coap(np_msg *m) {
  static const uint8_t tok[2] = {0xca, 0xfe};
  memset(&m->coap, 0, sizeof(m->coap));
  m->coap.code = 1;
  m->coap.mid = 4711;
  m->coap.token = (proto_view){tok, 2};
  m->coap.nopts = 3;
  m->coap.opt[0].number = 11;
  m->coap.opt[0].value = (proto_view){(const uint8_t *)"sensors", 7};
  m->coap.opt[1].number = 11;
  m->coap.opt[1].value = (proto_view){(const uint8_t *)"temperature", 11};
  m->coap.opt[2].number = 17;
  m->coap.opt[2].value = (proto_view){(const uint8_t *)"\x32", 1};
  m->coap.payload = (proto_view){payload, 16};
}
static int e_coap(const np_msg *m, bebytes_writer *w) {
  return proto_coap_encode(&m->coap, w);
}
static int d_coap(const uint8_t *p, size_t n, np_msg *o) {
  bebytes_reader r;
  bebytes_reader_init(&r, p, n);
  return proto_coap_decode(&r, &o->coap);
}

const np_codec np_codecs[NP_C_COUNT] = {
    [NP_C_ETH] = {"ethernet", s_eth, e_eth, d_eth},
    [NP_C_IPV4] = {"ipv4", s_ip, e_ip, d_ip},
    [NP_C_TCP] = {"tcp", s_tcp, e_tcp, d_tcp},
    [NP_C_UDP] = {"udp", s_udp, e_udp, d_udp},
    [NP_C_DNS] = {"dns_header", s_dns, e_dns, d_dns},
    [NP_C_MQTT] = {"mqtt_connect", s_mqtt, e_mqtt, d_mqtt},
    [NP_C_HTTP2] = {"http2_frame_header", s_h2, e_h2, d_h2},
    [NP_C_TLS] = {"tls_record", s_tls, e_tls, d_tls},
    [NP_C_WS] = {"websocket", s_ws, e_ws, d_ws},
    [NP_C_COAP] = {"coap", s_coap, e_coap, d_coap},
};
