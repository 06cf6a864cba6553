/* Corpus generation (own encoders), pcap loading, and the pipeline decode. */
#include "corpus.h"

#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coap.h"
#include "dns.h"
#include "http2.h"
#include "l2l4.h"
#include "mqtt.h"
#include "tls.h"
#include "ws.h"

#define MAX_PKT 2048

static const uint16_t app_port[NP_APP_COUNT] = {
    [NP_APP_DNS] = 53,  [NP_APP_MQTT] = 1883, [NP_APP_HTTP2] = 8080,
    [NP_APP_TLS] = 443, [NP_APP_WS] = 80,     [NP_APP_COAP] = 5683};

/* xorshift64*: the fixed-seed generator of the corpus (no host seed: the
 * default corpus is the same on every run and machine). */
static uint64_t rnd(uint64_t *s) {
  *s ^= *s >> 12;
  *s ^= *s << 25;
  *s ^= *s >> 27;
  return *s * 2685821657736338717ull;
}

/* The application payload of packet i into w. */
static int app_payload(int app, uint64_t *s, bebytes_writer *w) {
  uint8_t body[512];
  size_t blen = 16 + rnd(s) % 200;
  for (size_t i = 0; i < blen; i++)
    body[i] = (uint8_t)('a' + rnd(s) % 26);
  switch (app) {
  case NP_APP_DNS: {
    char name[64];
    proto_dns m = {0};
    m.id = (uint16_t)rnd(s);
    m.flags = 0x0100;
    m.qdcount = 1;
    snprintf(name, sizeof(name), "host%u.example.test",
             (unsigned)(rnd(s) % 1000));
    proto_dns_encode_header(&m, w);
    return proto_dns_put_question(w, name, PROTO_DNS_A, 1);
  }
  case NP_APP_MQTT: {
    proto_mqtt m;
    char topic[32];
    memset(&m, 0, sizeof(m));
    int n = snprintf(topic, sizeof(topic), "sensors/%u/temp",
                     (unsigned)(rnd(s) % 100));
    m.type = PROTO_MQTT_PUBLISH;
    m.version = 5;
    m.qos = 1;
    m.msgid = (uint16_t)(1 + rnd(s) % 60000);
    m.topic = (proto_view){(const uint8_t *)topic, (size_t)n};
    m.payload = (proto_view){body, blen};
    return proto_mqtt_encode(&m, w);
  }
  case NP_APP_HTTP2: {
    proto_h2_frame f;
    memset(&f, 0, sizeof(f));
    f.type = PROTO_H2_DATA;
    f.flags = PROTO_H2_F_END_STREAM;
    f.streamid = 1 + 2 * (uint32_t)(rnd(s) % 100);
    f.data = (proto_view){body, blen};
    return proto_h2_encode(&f, w);
  }
  case NP_APP_TLS: {
    proto_tls_record r = {PROTO_TLS_APPDATA, 0x0303, 0, {body, blen}};
    return proto_tls_record_encode(&r, w);
  }
  case NP_APP_WS: {
    proto_ws_frame f;
    memset(&f, 0, sizeof(f));
    f.fin = 1;
    f.opcode = PROTO_WS_TEXT;
    f.mask = 1;
    uint64_t k = rnd(s);
    memcpy(f.key, &k, 4);
    f.payload = (proto_view){body, blen};
    return proto_ws_encode(&f, w);
  }
  case NP_APP_COAP: {
    proto_coap c;
    static const uint8_t tok[4] = {1, 2, 3, 4};
    memset(&c, 0, sizeof(c));
    c.type = 0;
    c.code = 1;
    c.mid = (uint16_t)rnd(s);
    c.token = (proto_view){tok, 1 + rnd(s) % 4};
    c.nopts = 2;
    c.opt[0].number = 11;
    c.opt[0].value = (proto_view){(const uint8_t *)"sensors", 7};
    c.opt[1].number = 11;
    c.opt[1].value = (proto_view){body, 1 + blen % 20};
    return proto_coap_encode(&c, w);
  }
  default:
    return -1;
  }
}

/* One whole Ethernet/IPv4/L4 packet carrying an app payload. */
static int build_packet(int app, uint64_t *s, uint8_t *out, size_t cap,
                        size_t *len) {
  uint8_t pay[1024];
  bebytes_writer pw;
  bebytes_writer_init(&pw, pay, sizeof(pay));
  if (app_payload(app, s, &pw) != 0)
    return -1;
  size_t plen = bebytes_writer_len(&pw);
  int udp = app == NP_APP_DNS || app == NP_APP_COAP;
  size_t l4 = udp ? PROTO_UDP_LEN : PROTO_TCP_MIN_LEN + 12;
  bebytes_writer w;
  bebytes_writer_init(&w, out, cap);
  proto_eth e = {{2, 0, 0, 0, 0, 1}, {2, 0, 0, 0, 0, 2}, 0x0800};
  proto_eth_encode(&e, &w);
  proto_ipv4 ip;
  memset(&ip, 0, sizeof(ip));
  ip.total_len = (uint16_t)(20 + l4 + plen);
  ip.id = (uint16_t)rnd(s);
  ip.flags = PROTO_IPV4_FLAG_DF;
  ip.ttl = 64;
  ip.proto = udp ? PROTO_IP_UDP : PROTO_IP_TCP;
  ip.src = 0x0a000001u + (uint32_t)(rnd(s) % 250);
  ip.dst = 0x0a000101u;
  proto_ipv4_encode(&ip, 1, &w);
  uint16_t sport = (uint16_t)(32768 + rnd(s) % 28000);
  if (udp) {
    proto_udp u = {sport, app_port[app], (uint16_t)(8 + plen), 0};
    proto_udp_encode(&u, &w);
  } else {
    /* NOP NOP timestamps: the option block of a typical data segment. */
    static const uint8_t opts[12] = {1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2};
    proto_tcp t;
    memset(&t, 0, sizeof(t));
    t.srcport = sport;
    t.dstport = app_port[app];
    t.seq = (uint32_t)rnd(s);
    t.ack = (uint32_t)rnd(s);
    t.flags = PROTO_TCP_ACK | PROTO_TCP_PSH;
    t.window = 512;
    t.options = (proto_view){opts, sizeof(opts)};
    proto_tcp_encode(&t, &w);
  }
  if (bebytes_put_bytes(&w, pay, plen) != 0)
    return -1;
  *len = bebytes_writer_len(&w);
  return 0;
}

static int corpus_alloc(np_corpus *c, size_t n, size_t arena) {
  memset(c, 0, sizeof(*c));
  c->arena = malloc(arena ? arena : 1);
  c->pkt = calloc(n ? n : 1, sizeof(np_pkt));
  return c->arena && c->pkt ? 0 : -1;
}

int np_corpus_synth(np_corpus *c, size_t n, char *err, size_t errlen) {
  if (corpus_alloc(c, n, n * MAX_PKT)) {
    snprintf(err, errlen, "out of memory for %zu packets", n);
    return -1;
  }
  uint64_t s = 0x9e3779b97f4a7c15ull;
  for (size_t i = 0; i < n; i++) {
    int app = 1 + (int)(i % (NP_APP_COUNT - 1));
    size_t len = 0;
    if (build_packet(app, &s, c->arena + c->arena_len, MAX_PKT, &len)) {
      snprintf(err, errlen, "encoding packet %zu (app %d) failed", i, app);
      return -1;
    }
    c->pkt[i] = (np_pkt){(uint32_t)c->arena_len, (uint32_t)len};
    c->arena_len += len;
    c->bytes += len;
  }
  c->n = n;
  return 0;
}

int np_corpus_pcap(np_corpus *c, const char *path, size_t max, int depth,
                   char *err, size_t errlen) {
  char ebuf[PCAP_ERRBUF_SIZE];
  pcap_t *pc = pcap_open_offline(path, ebuf);
  if (pc == NULL) {
    snprintf(err, errlen, "pcap %s: %s", path, ebuf);
    return -1;
  }
  if (pcap_datalink(pc) != DLT_EN10MB) {
    snprintf(err, errlen, "pcap %s: not Ethernet (link type %d)", path,
             pcap_datalink(pc));
    pcap_close(pc);
    return -1;
  }
  size_t cap = 1 << 20, ncap = 1024;
  memset(c, 0, sizeof(*c));
  c->arena = malloc(cap);
  c->pkt = malloc(ncap * sizeof(np_pkt));
  struct pcap_pkthdr *h;
  const u_char *d;
  int rc = 0;
  while (c->arena && c->pkt && c->n < max &&
         (rc = pcap_next_ex(pc, &h, &d)) == 1) {
    /* Only frames the whole stack decodes are kept, so the benchmark never
     * times an error path. */
    if (np_pipeline_decode(d, h->caplen, depth) < 0)
      continue;
    if (c->arena_len + h->caplen > cap) {
      uint8_t *a = realloc(c->arena, cap * 2 + h->caplen);
      if (a == NULL)
        break;
      c->arena = a;
      cap = cap * 2 + h->caplen;
    }
    if (c->n == ncap) {
      np_pkt *p = realloc(c->pkt, 2 * ncap * sizeof(np_pkt));
      if (p == NULL)
        break;
      c->pkt = p;
      ncap *= 2;
    }
    memcpy(c->arena + c->arena_len, d, h->caplen);
    c->pkt[c->n++] = (np_pkt){(uint32_t)c->arena_len, h->caplen};
    c->arena_len += h->caplen;
    c->bytes += h->caplen;
  }
  pcap_close(pc);
  if (c->n == 0) {
    snprintf(err, errlen, "pcap %s: no Ethernet/IPv4 TCP or UDP frames", path);
    return -1;
  }
  return 0;
}

void np_corpus_free(np_corpus *c) {
  free(c->arena);
  free(c->pkt);
  memset(c, 0, sizeof(*c));
}

static int app_of_port(uint16_t sp, uint16_t dp) {
  for (int a = 1; a < NP_APP_COUNT; a++)
    if (app_port[a] == dp || app_port[a] == sp)
      return a;
  return NP_APP_NONE;
}

/* The application message at the start of an L4 payload. */
static int app_decode(int app, const uint8_t *p, size_t n, int depth) {
  bebytes_reader r;
  bebytes_reader_init(&r, p, n);
  int rc = 0;
  switch (app) {
  case NP_APP_DNS: {
    if (depth == NP_DEPTH_FULL) {
      proto_dns m;
      rc = proto_dns_decode(p, n, &m);
    } else {
      uint16_t id = 0, flags = 0;
      bebytes_get_be16(&r, &id);
      bebytes_get_be16(&r, &flags);
      rc = bebytes_skip(&r, 8);
    }
    break;
  }
  case NP_APP_MQTT: {
    proto_mqtt m;
    if (depth == NP_DEPTH_FULL)
      rc = proto_mqtt_decode(&r, 5, &m);
    else
      rc = proto_mqtt_frame(p, n, &m) == 1 ? 0 : PROTO_EMALFORMED;
    break;
  }
  case NP_APP_HTTP2: {
    proto_h2_frame f;
    if (n >= PROTO_H2_PREFACE_LEN && proto_h2_preface(p, n) == 1)
      bebytes_skip(&r, PROTO_H2_PREFACE_LEN);
    rc = depth == NP_DEPTH_FULL ? proto_h2_decode(&r, &f)
                                : proto_h2_decode_header(&r, &f);
    break;
  }
  case NP_APP_TLS: {
    proto_tls_record rec;
    rc = proto_tls_record_decode(&r, &rec);
    break;
  }
  case NP_APP_WS: {
    proto_ws_frame f;
    rc = proto_ws_decode(&r, &f);
    break;
  }
  case NP_APP_COAP: {
    proto_coap c;
    rc = proto_coap_decode(&r, &c);
    break;
  }
  default:
    return NP_APP_NONE;
  }
  return rc ? rc : app;
}

int np_pipeline_decode(const uint8_t *p, size_t n, int depth) {
  bebytes_reader r;
  proto_eth e;
  proto_ipv4 ip;
  int rc;
  bebytes_reader_init(&r, p, n);
  if ((rc = proto_eth_decode(&r, &e)))
    return rc;
  if (e.type != PROTO_ETHERTYPE_IPV4)
    return PROTO_EMALFORMED;
  if ((rc = proto_ipv4_decode(&r, &ip)))
    return rc;
  size_t l3 = PROTO_ETH_LEN + ip.hdr_len;
  size_t end = PROTO_ETH_LEN + (size_t)ip.total_len;
  if (end > n || end < l3)
    return BEBYTES_EINSUFFICIENT;
  bebytes_reader_init(&r, p + l3, end - l3);
  uint16_t sp, dp;
  if (ip.proto == PROTO_IP_TCP) {
    proto_tcp t;
    if ((rc = proto_tcp_decode(&r, &t)))
      return rc;
    sp = t.srcport;
    dp = t.dstport;
  } else if (ip.proto == PROTO_IP_UDP) {
    proto_udp u;
    if ((rc = proto_udp_decode(&r, &u)))
      return rc;
    sp = u.srcport;
    dp = u.dstport;
  } else {
    return PROTO_EMALFORMED;
  }
  size_t off = bebytes_reader_offset(&r);
  if (off == end - l3) /* no payload: a valid L4 packet (ACK, FIN...) */
    return NP_APP_NONE;
  int app = app_of_port(sp, dp);
  if (app == NP_APP_NONE)
    return NP_APP_NONE;
  return app_decode(app, p + l3 + off, end - l3 - off, depth);
}
