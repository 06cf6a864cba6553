/*
 * per_protocol/<header>/wire_*: libbebytes' generated methods measured on
 * the declared wire headers (proto/wire.h), one benchmark per method:
 *   wire_decode     T_decode_be         bounds-checked decode
 *   wire_raw        T_encode_be_raw     straight-line stores, no checks
 *   wire_into       T_encode_be_into    caller array, checked
 *   wire_to_buf     T_encode_be_to      one bebytes_buf cleared and reused
 *   wire_to_bytes   T_to_be_bytes       a fresh allocation per message
 * setup() encodes the sample and decodes it back before anything is timed.
 */
#include <bbd/plugin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "wire.h"

enum { W_DECODE, W_RAW, W_INTO, W_TO_BUF, W_TO_BYTES };

#define WIRE_TYPE(T, NAME, ...)                                                \
  typedef struct T##_st {                                                      \
    int method;                                                                \
    T msg, out;                                                                \
    uint8_t wire[T##_SIZE];                                                    \
    bebytes_buf buf;                                                           \
  } T##_st;                                                                    \
  static int T##_setup(void **state, char *err, size_t errlen, int method) {   \
    T##_st *s = calloc(1, sizeof(*s));                                         \
    uint8_t back[T##_SIZE];                                                    \
    if (s == NULL) {                                                           \
      snprintf(err, errlen, "out of memory");                                  \
      return 1;                                                                \
    }                                                                          \
    s->method = method;                                                        \
    s->msg = (T){__VA_ARGS__};                                                 \
    size_t n = 0;                                                              \
    int rc = T##_encode_be_into(&s->msg, s->wire, T##_SIZE, &n, NULL);         \
    if (rc == 0)                                                               \
      rc = T##_decode_be(&s->out, s->wire, T##_SIZE, NULL, NULL);              \
    if (rc == 0) {                                                             \
      T##_encode_be_raw(&s->out, back);                                        \
      rc = memcmp(back, s->wire, T##_SIZE) ? PROTO_EMALFORMED : 0;             \
    }                                                                          \
    if (rc) {                                                                  \
      snprintf(err, errlen, NAME ": round trip failed: %s",                    \
               proto_strerror(rc));                                            \
      free(s);                                                                 \
      return 1;                                                                \
    }                                                                          \
    *state = s;                                                                \
    return 0;                                                                  \
  }                                                                            \
  static int T##_run(void *state, uint64_t iters, char *err, size_t errlen) {  \
    T##_st *s = state;                                                         \
    int rc = 0;                                                                \
    for (uint64_t i = 0; i < iters && rc == 0; i++) {                          \
      switch (s->method) {                                                     \
      case W_DECODE:                                                           \
        rc = T##_decode_be(&s->out, s->wire, T##_SIZE, NULL, NULL);            \
        bbd_do_not_optimize_ptr(&s->out);                                      \
        break;                                                                 \
      case W_RAW: {                                                            \
        uint8_t out[T##_SIZE];                                                 \
        T##_encode_be_raw(&s->msg, out);                                       \
        bbd_do_not_optimize_ptr(out);                                          \
        break;                                                                 \
      }                                                                        \
      case W_INTO: {                                                           \
        uint8_t out[T##_SIZE];                                                 \
        rc = T##_encode_be_into(&s->msg, out, T##_SIZE, NULL, NULL);           \
        bbd_do_not_optimize_ptr(out);                                          \
        break;                                                                 \
      }                                                                        \
      case W_TO_BUF:                                                           \
        bebytes_buf_clear(&s->buf);                                            \
        rc = T##_encode_be_to(&s->msg, &s->buf, NULL);                         \
        bbd_do_not_optimize_ptr(s->buf.data);                                  \
        break;                                                                 \
      default: {                                                               \
        uint8_t *p = NULL;                                                     \
        size_t n = 0;                                                          \
        rc = T##_to_be_bytes(&s->msg, &p, &n, NULL);                           \
        bbd_do_not_optimize_ptr(p);                                            \
        free(p);                                                               \
        break;                                                                 \
      }                                                                        \
      }                                                                        \
    }                                                                          \
    if (rc)                                                                    \
      snprintf(err, errlen, NAME ": %s", proto_strerror(rc));                  \
    return rc != 0;                                                            \
  }                                                                            \
  static void T##_teardown(void *state) {                                      \
    T##_st *s = state;                                                         \
    bebytes_buf_free(&s->buf);                                                 \
    free(s);                                                                   \
  }

#define WIRE_BENCH(T, NAME, MNAME, M, SUMMARY)                                 \
  static int T##_setup_##M(const bbd_host_t *h, const bbd_args_t *a,           \
                           void **st, char *e, size_t el) {                    \
    (void)h;                                                                   \
    (void)a;                                                                   \
    return T##_setup(st, e, el, M);                                            \
  }                                                                            \
  const bbd_benchmark_t np_w_##T##_##M = {.size = sizeof(bbd_benchmark_t),     \
                                          .name =                              \
                                              "per_protocol/" NAME "/" MNAME,  \
                                          .summary = SUMMARY,                  \
                                          .bytes_per_iter = T##_SIZE,          \
                                          .elements_per_iter = 1,              \
                                          .setup = T##_setup_##M,              \
                                          .run = T##_run,                      \
                                          .teardown = T##_teardown};

#define WIRE_5(T, NAME)                                                        \
  WIRE_BENCH(T, NAME, "wire_decode", W_DECODE,                                 \
             "libbebytes declared " NAME ": decode_be")                        \
  WIRE_BENCH(T, NAME, "wire_raw", W_RAW,                                       \
             "libbebytes declared " NAME ": encode_be_raw")                    \
  WIRE_BENCH(T, NAME, "wire_into", W_INTO,                                     \
             "libbebytes declared " NAME ": encode_be_into")                   \
  WIRE_BENCH(T, NAME, "wire_to_buf", W_TO_BUF,                                 \
             "libbebytes declared " NAME ": encode_be_to, reused buffer")      \
  WIRE_BENCH(T, NAME, "wire_to_bytes", W_TO_BYTES,                             \
             "libbebytes declared " NAME ": to_be_bytes, fresh allocation")

WIRE_TYPE(proto_w_eth, "ethernet", {2, 0, 0, 0, 0, 1}, {2, 0, 0, 0, 0, 2},
          0x0800)
WIRE_TYPE(proto_w_ipv4, "ipv4", 4, 5, 0, 84, 0x1234, 2, 0, 64, 6, 0xb1e5,
          0xc0000201u, 0xc0000202u)
WIRE_TYPE(proto_w_tcp, "tcp", 40000, 443, 0x01020304u, 0, 5, 0x002, 64240, 0, 0)
WIRE_TYPE(proto_w_udp, "udp", 5353, 53, 40, 0xbeef)
WIRE_TYPE(proto_w_dns, "dns_header", 0x4242, 0x8180, 1, 1, 0, 1)
WIRE_TYPE(proto_w_h2, "http2_frame_header", 1024, 1, 4, 0, 1)
WIRE_TYPE(proto_w_tls, "tls_record", 23, 0x0303, 64)
WIRE_TYPE(proto_w_coap, "coap", 1, 0, 2, 1, 4711)
WIRE_TYPE(proto_w_ws, "websocket", 1, 0, 1, 1, 125)

WIRE_5(proto_w_eth, "ethernet")
WIRE_5(proto_w_ipv4, "ipv4")
WIRE_5(proto_w_tcp, "tcp")
WIRE_5(proto_w_udp, "udp")
WIRE_5(proto_w_dns, "dns_header")
WIRE_5(proto_w_h2, "http2_frame_header")
WIRE_5(proto_w_tls, "tls_record")
WIRE_5(proto_w_coap, "coap")
WIRE_5(proto_w_ws, "websocket")
