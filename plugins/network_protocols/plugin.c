/*
 * network_protocols plugin: the protocol codecs (proto/) measured on real
 * headers. Groups:
 *   per_protocol/<header>/{decode,encode_raw,encode_fresh,encode_reuse}
 *       the codec (fixed header + options/body, value checks); encode
 *       methods: raw = caller storage, fresh = a new growable buffer per
 *       message (allocates), reuse = one growable buffer cleared
 *   per_protocol/<header>/wire_{decode,raw,into,to_buf,to_bytes}
 *       libbebytes' generated methods on the declared fixed header
 *       (proto/wire.h), see bench_wire.c
 *   layered/eth_ipv4_tcp/{three_buffers,one_buffer}
 *   secure/tls_websocket/{encode,decode}  (decode includes unmasking)
 *   iot/{coap,mqtt_publish}               (decode + encode round trip)
 *   pipeline/mixed                        (whole stack, dispatch on fields)
 *   batch/{alloc,shared,raw}              (1,000 packets)
 * Every setup() decodes its input once and fails if that does not succeed,
 * so a benchmark never times an error path.
 */
#include <bbd/plugin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codecs_bench.h"
#include "corpus.h"

enum { M_DECODE, M_RAW, M_FRESH, M_REUSE };

typedef struct codec_state {
  const np_codec *c;
  int method;
  np_msg msg, out;
  uint8_t wire[2048];
  size_t wire_len;
  bebytes_buf buf;
} codec_state;

static int codec_setup(void **state, char *err, size_t errlen, int id,
                       int method) {
  codec_state *s = calloc(1, sizeof(*s));
  if (s == NULL) {
    snprintf(err, errlen, "out of memory");
    return 1;
  }
  s->c = &np_codecs[id];
  s->method = method;
  s->c->sample(&s->msg);
  bebytes_writer w;
  bebytes_writer_init(&w, s->wire, sizeof(s->wire));
  int rc = s->c->encode(&s->msg, &w);
  if (rc == 0) {
    s->wire_len = bebytes_writer_len(&w);
    rc = s->c->decode(s->wire, s->wire_len, &s->out);
  }
  if (rc) {
    snprintf(err, errlen, "%s: encode/decode check failed: %s", s->c->name,
             proto_strerror(rc));
    free(s);
    return 1;
  }
  *state = s;
  return 0;
}

static int codec_run(void *state, uint64_t iters, char *err, size_t errlen) {
  codec_state *s = state;
  int rc = 0;
  for (uint64_t i = 0; i < iters && rc == 0; i++) {
    bebytes_writer w;
    switch (s->method) {
    case M_DECODE:
      rc = s->c->decode(s->wire, s->wire_len, &s->out);
      bbd_do_not_optimize_ptr(&s->out);
      break;
    case M_RAW: {
      uint8_t out[2048];
      bebytes_writer_init(&w, out, sizeof(out));
      rc = s->c->encode(&s->msg, &w);
      bbd_do_not_optimize_ptr(out);
      break;
    }
    case M_FRESH: {
      bebytes_buf b;
      bebytes_buf_init(&b, 0);
      bebytes_writer_init_buf(&w, &b);
      rc = s->c->encode(&s->msg, &w);
      uint8_t *bytes = bebytes_buf_detach(&b, NULL);
      bbd_do_not_optimize_ptr(bytes);
      free(bytes);
      break;
    }
    default:
      bebytes_buf_clear(&s->buf);
      bebytes_writer_init_buf(&w, &s->buf);
      rc = s->c->encode(&s->msg, &w);
      bbd_do_not_optimize_ptr(s->buf.data);
      break;
    }
  }
  if (rc)
    snprintf(err, errlen, "%s: %s", s->c->name, proto_strerror(rc));
  return rc != 0;
}

static void codec_teardown(void *state) {
  codec_state *s = state;
  bebytes_buf_free(&s->buf);
  free(s);
}

#define CODEC_BENCH(ID, NAME, MNAME, METHOD, SUMMARY)                          \
  static int setup_##ID##_##METHOD(const bbd_host_t *h, const bbd_args_t *a,   \
                                   void **st, char *e, size_t el) {            \
    (void)h;                                                                   \
    (void)a;                                                                   \
    return codec_setup(st, e, el, ID, METHOD);                                 \
  }                                                                            \
  static const bbd_benchmark_t b_##ID##_##METHOD = {                           \
      .size = sizeof(bbd_benchmark_t),                                         \
      .name = "per_protocol/" NAME "/" MNAME,                                  \
      .summary = SUMMARY,                                                      \
      .elements_per_iter = 1,                                                  \
      .setup = setup_##ID##_##METHOD,                                          \
      .run = codec_run,                                                        \
      .teardown = codec_teardown};

#define CODEC_4(ID, NAME)                                                      \
  CODEC_BENCH(ID, NAME, "decode", M_DECODE, "decode one " NAME)                \
  CODEC_BENCH(ID, NAME, "encode_raw", M_RAW,                                   \
              "encode one " NAME " into caller storage")                       \
  CODEC_BENCH(ID, NAME, "encode_fresh", M_FRESH,                               \
              "encode one " NAME " into a freshly allocated buffer")           \
  CODEC_BENCH(ID, NAME, "encode_reuse", M_REUSE,                               \
              "encode one " NAME " into one reused growable buffer")

CODEC_4(NP_C_ETH, "ethernet")
CODEC_4(NP_C_IPV4, "ipv4")
CODEC_4(NP_C_TCP, "tcp")
CODEC_4(NP_C_UDP, "udp")
CODEC_4(NP_C_DNS, "dns_header")
CODEC_4(NP_C_MQTT, "mqtt_connect")
CODEC_4(NP_C_HTTP2, "http2_frame_header")
CODEC_4(NP_C_TLS, "tls_record")
CODEC_4(NP_C_WS, "websocket")
CODEC_4(NP_C_COAP, "coap")

#define CODEC_REFS(ID)                                                         \
  &b_##ID##_M_DECODE, &b_##ID##_M_RAW, &b_##ID##_M_FRESH, &b_##ID##_M_REUSE

/* ---------------------------------------------------------------------- */
/* layered, secure, iot                                                   */
/* ---------------------------------------------------------------------- */

typedef struct stack_state {
  int kind;
  np_msg eth, ip, tcp;
  uint8_t payload[1024];
  size_t payload_len;
  uint8_t key[4];
  uint8_t wire[4096];
  size_t wire_len;
  uint8_t scratch[4096];
} stack_state;

enum { K_THREE, K_ONE, K_SEC_ENC, K_SEC_DEC, K_COAP, K_MQTT };

/* Layered: encode Ethernet, IPv4 and TCP, then decode them back. Three
 * buffers = each header encoded into and decoded from its own buffer (and
 * joined by copying); one buffer = one writer and one reader across. */
static int layered_once(stack_state *s) {
  int rc;
  np_msg d;
  if (s->kind == K_THREE) {
    uint8_t b[3][64];
    size_t l[3];
    const np_msg *m[3] = {&s->eth, &s->ip, &s->tcp};
    const np_codec *c[3] = {&np_codecs[NP_C_ETH], &np_codecs[NP_C_IPV4],
                            &np_codecs[NP_C_TCP]};
    size_t off = 0;
    for (int i = 0; i < 3; i++) {
      bebytes_writer w;
      bebytes_writer_init(&w, b[i], sizeof(b[i]));
      if ((rc = c[i]->encode(m[i], &w)))
        return rc;
      l[i] = bebytes_writer_len(&w);
      memcpy(s->wire + off, b[i], l[i]);
      off += l[i];
    }
    s->wire_len = off;
    off = 0;
    for (int i = 0; i < 3; i++) {
      if ((rc = c[i]->decode(s->wire + off, l[i], &d)))
        return rc;
      bbd_do_not_optimize_ptr(&d);
      off += l[i];
    }
    return 0;
  }
  bebytes_writer w;
  bebytes_writer_init(&w, s->wire, sizeof(s->wire));
  proto_eth_encode(&s->eth.eth, &w);
  proto_ipv4_encode(&s->ip.ip, 1, &w);
  if ((rc = proto_tcp_encode(&s->tcp.tcp, &w)))
    return rc;
  s->wire_len = bebytes_writer_len(&w);
  bebytes_reader r;
  proto_eth e;
  proto_ipv4 ip;
  proto_tcp t;
  bebytes_reader_init(&r, s->wire, s->wire_len);
  if ((rc = proto_eth_decode(&r, &e)) || (rc = proto_ipv4_decode(&r, &ip)) ||
      (rc = proto_tcp_decode(&r, &t)))
    return rc;
  bbd_do_not_optimize_ptr(&t);
  return 0;
}

/* Secure: a masked WebSocket text frame inside a TLS application record. */
static int secure_encode(stack_state *s) {
  bebytes_writer w;
  proto_ws_frame f;
  memset(&f, 0, sizeof(f));
  f.fin = 1;
  f.opcode = PROTO_WS_TEXT;
  f.mask = 1;
  memcpy(f.key, s->key, 4);
  f.payload = (proto_view){s->payload, s->payload_len};
  /* The record header is written after the frame is, so the frame goes
   * 5 bytes in and the record's length is known. */
  bebytes_writer_init(&w, s->wire + PROTO_TLS_REC_HDR_LEN,
                      sizeof(s->wire) - PROTO_TLS_REC_HDR_LEN);
  int rc = proto_ws_encode(&f, &w);
  if (rc)
    return rc;
  size_t n = bebytes_writer_len(&w);
  bebytes_writer_init(&w, s->wire, PROTO_TLS_REC_HDR_LEN);
  bebytes_put_u8(&w, PROTO_TLS_APPDATA);
  bebytes_put_be16(&w, 0x0303);
  rc = bebytes_put_be16(&w, (uint16_t)n);
  s->wire_len = PROTO_TLS_REC_HDR_LEN + n;
  bbd_do_not_optimize_ptr(s->wire);
  return rc;
}

static int secure_decode(stack_state *s) {
  bebytes_reader r;
  proto_tls_record rec;
  proto_ws_frame f;
  bebytes_reader_init(&r, s->wire, s->wire_len);
  int rc = proto_tls_record_decode(&r, &rec);
  if (rc)
    return rc;
  bebytes_reader_init(&r, rec.fragment.p, rec.fragment.len);
  if ((rc = proto_ws_decode(&r, &f)))
    return rc;
  proto_ws_unmask(s->scratch, f.payload.p, f.payload.len, f.key, 0);
  bbd_do_not_optimize_ptr(s->scratch);
  return 0;
}

static int iot_once(stack_state *s) {
  np_msg m;
  const np_codec *c = &np_codecs[s->kind == K_COAP ? NP_C_COAP : NP_C_MQTT];
  int rc = c->decode(s->wire, s->wire_len, &m);
  if (rc)
    return rc;
  bebytes_writer w;
  bebytes_writer_init(&w, s->scratch, sizeof(s->scratch));
  rc = c->encode(&m, &w);
  bbd_do_not_optimize_ptr(s->scratch);
  return rc;
}

static int stack_once(stack_state *s) {
  switch (s->kind) {
  case K_THREE:
  case K_ONE:
    return layered_once(s);
  case K_SEC_ENC:
    return secure_encode(s);
  case K_SEC_DEC:
    return secure_decode(s);
  default:
    return iot_once(s);
  }
}

static void mqtt_publish_sample(stack_state *s) {
  proto_mqtt m;
  static const uint8_t props[] = {0x01, 1,   0x03, 0,   10,  't', 'e', 'x',
                                  't',  '/', 'p',  'l', 'a', 'i', 'n'};
  memset(&m, 0, sizeof(m));
  m.type = PROTO_MQTT_PUBLISH;
  m.version = 5;
  m.qos = 1;
  m.msgid = 7;
  m.topic = (proto_view){(const uint8_t *)"sensors/0042/temperature", 24};
  m.props.raw = (proto_view){props, sizeof(props)};
  m.payload = (proto_view){s->payload, 48};
  bebytes_writer w;
  bebytes_writer_init(&w, s->wire, sizeof(s->wire));
  proto_mqtt_encode(&m, &w);
  s->wire_len = bebytes_writer_len(&w);
}

static int stack_setup(const bbd_host_t *host, const bbd_args_t *args,
                       void **state, char *err, size_t errlen, int kind) {
  stack_state *s = calloc(1, sizeof(*s));
  if (s == NULL) {
    snprintf(err, errlen, "out of memory");
    return 1;
  }
  s->kind = kind;
  int64_t size = 1024;
  if (kind == K_SEC_ENC || kind == K_SEC_DEC) {
    host->arg_int(host, args, "payload", &size);
    host->set_throughput(host, (uint64_t)size, 1);
  }
  s->payload_len = (size_t)size;
  for (size_t i = 0; i < sizeof(s->payload); i++)
    s->payload[i] = (uint8_t)('a' + i % 26);
  memcpy(s->key, "\x37\xfa\x21\x3d", 4);
  np_codecs[NP_C_ETH].sample(&s->eth);
  np_codecs[NP_C_IPV4].sample(&s->ip);
  np_codecs[NP_C_TCP].sample(&s->tcp);
  int rc = 0;
  if (kind == K_SEC_DEC) {
    rc = secure_encode(s);
  } else if (kind == K_COAP) {
    np_msg m;
    np_codecs[NP_C_COAP].sample(&m);
    bebytes_writer w;
    bebytes_writer_init(&w, s->wire, sizeof(s->wire));
    rc = np_codecs[NP_C_COAP].encode(&m, &w);
    s->wire_len = bebytes_writer_len(&w);
  } else if (kind == K_MQTT) {
    mqtt_publish_sample(s);
  }
  if (rc == 0)
    rc = stack_once(s); /* verify before timing */
  if (rc) {
    snprintf(err, errlen, "self-check failed: %s", proto_strerror(rc));
    free(s);
    return 1;
  }
  *state = s;
  return 0;
}

static int stack_run(void *state, uint64_t iters, char *err, size_t errlen) {
  int rc = 0;
  for (uint64_t i = 0; i < iters && rc == 0; i++)
    rc = stack_once(state);
  if (rc)
    snprintf(err, errlen, "%s", proto_strerror(rc));
  return rc != 0;
}

static const bbd_param_t secure_params[] = {
    {.name = "payload",
     .type = BBD_PARAM_INT,
     .default_value = "1024",
     .summary = "WebSocket payload bytes",
     .min = 0,
     .max = 1024},
    {.name = NULL}};

#define STACK_BENCH(VAR, KIND, NAME, SUMMARY, PARAMS)                          \
  static int setup_##VAR(const bbd_host_t *h, const bbd_args_t *a, void **st,  \
                         char *e, size_t el) {                                 \
    return stack_setup(h, a, st, e, el, KIND);                                 \
  }                                                                            \
  static const bbd_benchmark_t VAR = {.size = sizeof(bbd_benchmark_t),         \
                                      .name = NAME,                            \
                                      .summary = SUMMARY,                      \
                                      .elements_per_iter = 1,                  \
                                      .params = PARAMS,                        \
                                      .setup = setup_##VAR,                    \
                                      .run = stack_run,                        \
                                      .teardown = free};

STACK_BENCH(b_three, K_THREE, "layered/eth_ipv4_tcp/three_buffers",
            "Ethernet, IPv4, TCP encoded and decoded in three buffers", NULL)
STACK_BENCH(b_one, K_ONE, "layered/eth_ipv4_tcp/one_buffer",
            "Ethernet, IPv4, TCP encoded and decoded in one buffer", NULL)
STACK_BENCH(b_sec_enc, K_SEC_ENC, "secure/tls_websocket/encode",
            "masked WebSocket frame inside a TLS record", secure_params)
STACK_BENCH(b_sec_dec, K_SEC_DEC, "secure/tls_websocket/decode",
            "TLS record, WebSocket frame and payload unmasking", secure_params)
STACK_BENCH(b_coap, K_COAP, "iot/coap",
            "CoAP GET with token and options: decode + encode", NULL)
STACK_BENCH(b_mqtt, K_MQTT, "iot/mqtt_publish",
            "MQTT v5 PUBLISH QoS 1 with properties: decode + encode", NULL)

/* The declared wire headers' generated methods live in bench_wire.c. */
#define WIRE_REFS(T)                                                           \
  &np_w_##T##_W_DECODE, &np_w_##T##_W_RAW, &np_w_##T##_W_INTO,                 \
      &np_w_##T##_W_TO_BUF, &np_w_##T##_W_TO_BYTES
#define WIRE_EXTERN(T)                                                         \
  extern const bbd_benchmark_t np_w_##T##_W_DECODE, np_w_##T##_W_RAW,          \
      np_w_##T##_W_INTO, np_w_##T##_W_TO_BUF, np_w_##T##_W_TO_BYTES;
WIRE_EXTERN(proto_w_eth)
WIRE_EXTERN(proto_w_ipv4)
WIRE_EXTERN(proto_w_tcp)
WIRE_EXTERN(proto_w_udp)
WIRE_EXTERN(proto_w_dns)
WIRE_EXTERN(proto_w_h2)
WIRE_EXTERN(proto_w_tls)
WIRE_EXTERN(proto_w_coap)
WIRE_EXTERN(proto_w_ws)

/* Pipeline and batch live in bench_pipeline.c. */
extern const bbd_benchmark_t np_b_pipeline, np_b_batch_alloc, np_b_batch_shared,
    np_b_batch_raw;

static const bbd_benchmark_t *const benches[] = {CODEC_REFS(NP_C_ETH),
                                                 CODEC_REFS(NP_C_IPV4),
                                                 CODEC_REFS(NP_C_TCP),
                                                 CODEC_REFS(NP_C_UDP),
                                                 CODEC_REFS(NP_C_DNS),
                                                 CODEC_REFS(NP_C_MQTT),
                                                 CODEC_REFS(NP_C_HTTP2),
                                                 CODEC_REFS(NP_C_TLS),
                                                 CODEC_REFS(NP_C_WS),
                                                 CODEC_REFS(NP_C_COAP),
                                                 WIRE_REFS(proto_w_eth),
                                                 WIRE_REFS(proto_w_ipv4),
                                                 WIRE_REFS(proto_w_tcp),
                                                 WIRE_REFS(proto_w_udp),
                                                 WIRE_REFS(proto_w_dns),
                                                 WIRE_REFS(proto_w_h2),
                                                 WIRE_REFS(proto_w_tls),
                                                 WIRE_REFS(proto_w_coap),
                                                 WIRE_REFS(proto_w_ws),
                                                 &b_three,
                                                 &b_one,
                                                 &b_sec_enc,
                                                 &b_sec_dec,
                                                 &b_coap,
                                                 &b_mqtt,
                                                 &np_b_pipeline,
                                                 &np_b_batch_alloc,
                                                 &np_b_batch_shared,
                                                 &np_b_batch_raw,
                                                 NULL};

static const bbd_plugin_t plugin = {
    .size = sizeof(bbd_plugin_t),
    .abi_major = BBD_PLUGIN_ABI_MAJOR,
    .abi_minor = BBD_PLUGIN_ABI_MINOR,
    .name = "network_protocols",
    .version = "1.0",
    .summary = "protocol codecs on libbebytes: per header, layered, secure, "
               "IoT, whole-stack pipeline and batches",
    .benchmarks = benches};

BBD_PLUGIN_EXPORT int bbd_plugin_init(const bbd_host_t *host,
                                      const bbd_plugin_t **out, char *err,
                                      size_t errlen) {
  (void)host;
  (void)err;
  (void)errlen;
  *out = &plugin;
  return 0;
}
