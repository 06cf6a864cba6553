/*
 * vectors and mixed: the structs with byte vectors.
 *
 *   vectors/fixed_vector              Vector: u32, 16 fixed bytes, u16 (22 B)
 *   vectors/dynamic_vector_size_N     DynamicVector: u8 length, N bytes, u32
 *                                     (N = 1, 4, 16, 64, 255)
 *   mixed/mixed_payload_N             Mixed: 2+6 bits, u16 length, N bytes,
 *                                     u32 (N = 0, 16, 64, 256, 1024)
 *
 * The default method is the old suite's to_be_bytes (a fresh buffer per
 * call); `method=bufmut` encodes into one reused buffer and `method=decode`
 * decodes (the byte vector is a zero-copy view into the input).
 */
#include "ser.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wl_loops.h"

#define SER_VAR_LOOPS(T, id, o)                                                \
  WL_LOOP_VEC(id##_vec_##o, id##_st, T, o)                                     \
  WL_LOOP_REUSED(id##_bufmut_##o, id##_st, T, o)                               \
  WL_LOOP_DECODE(id##_decode_##o, id##_st, T, o, st->wire_len)

/* State, setup for a payload of n bytes, loops, run and teardown of one
 * variable-length struct. */
#define SER_VAR(T, id, INIT)                                                   \
  typedef struct id##_st {                                                     \
    T v;                                                                       \
    T dec;                                                                     \
    int le;                                                                    \
    ser_method_t method;                                                       \
    bebytes_buf buf;                                                           \
    uint8_t *wire; /* the encoded instance, for decode */                      \
    size_t wire_len;                                                           \
    uint8_t payload[SER_PAYLOAD_MAX];                                          \
  } id##_st;                                                                   \
  static void id##_teardown(void *state) {                                     \
    id##_st *st = state;                                                       \
    if (st == NULL)                                                            \
      return;                                                                  \
    bebytes_buf_free(&st->buf);                                                \
    free(st->wire);                                                            \
    free(st);                                                                  \
  }                                                                            \
  static int id##_setup_n(const bbd_host_t *host, const bbd_args_t *args,      \
                          void **state, char *err, size_t errlen, size_t n) {  \
    id##_st *st = calloc(1, sizeof *st);                                       \
    if (st == NULL) {                                                          \
      snprintf(err, errlen, "out of memory");                                  \
      return -1;                                                               \
    }                                                                          \
    memset(st->payload, 0x42, sizeof st->payload);                             \
    INIT(&st->v, st->payload, n);                                              \
    st->le = wl_arg_le(host, args);                                            \
    st->method = ser_arg_method(host, args);                                   \
    bebytes_buf_init(&st->buf, 0);                                             \
    bebytes_error e = {0};                                                     \
    int rc = st->le ? T##_to_le_bytes(&st->v, &st->wire, &st->wire_len, &e)    \
                    : T##_to_be_bytes(&st->v, &st->wire, &st->wire_len, &e);   \
    if (rc == 0)                                                               \
      rc = bebytes_buf_reserve(&st->buf, st->wire_len, &e);                    \
    if (rc != 0) {                                                             \
      id##_teardown(st);                                                       \
      return wl_fail(err, errlen, "setup", rc, &e);                            \
    }                                                                          \
    *state = st;                                                               \
    return 0;                                                                  \
  }                                                                            \
  SER_VAR_LOOPS(T, id, be)                                                     \
  SER_VAR_LOOPS(T, id, le)                                                     \
  static int id##_run(void *state, uint64_t iters, char *err, size_t errlen) { \
    id##_st *st = state;                                                       \
    switch (st->method) {                                                      \
    case SER_BUFMUT:                                                           \
      return st->le ? id##_bufmut_le(st, iters, err, errlen)                   \
                    : id##_bufmut_be(st, iters, err, errlen);                  \
    case SER_DECODE:                                                           \
      return st->le ? id##_decode_le(st, iters, err, errlen)                   \
                    : id##_decode_be(st, iters, err, errlen);                  \
    default:                                                                   \
      return st->le ? id##_vec_le(st, iters, err, errlen)                      \
                    : id##_vec_be(st, iters, err, errlen);                     \
    }                                                                          \
  }

static void init_vector(bebytes_bench_vector *s, const uint8_t *p, size_t n) {
  (void)n;
  ser_init_vector(s, p);
}
static void init_dynamic(bebytes_bench_dynamic_vector *s, const uint8_t *p,
                         size_t n) {
  ser_init_dynamic(s, p, (uint8_t)n);
}
static void init_mixed(bebytes_bench_mixed *s, const uint8_t *p, size_t n) {
  ser_init_mixed(s, p, (uint16_t)n);
}

SER_VAR(bebytes_bench_vector, ser_vector, init_vector)
SER_VAR(bebytes_bench_dynamic_vector, ser_dynamic, init_dynamic)
SER_VAR(bebytes_bench_mixed, ser_mixed, init_mixed)

/* One benchmark of a variable struct with a payload of N bytes. */
#define SER_VAR_BENCH(var, id, N, nm, wire, what)                              \
  static int var##_setup(const bbd_host_t *host, const bbd_args_t *args,       \
                         void **state, char *err, size_t errlen) {             \
    return id##_setup_n(host, args, state, err, errlen, N);                    \
  }                                                                            \
  WL_BENCHMARK(var, nm, what, wire, 1, ser_params_var, var##_setup, id##_run,  \
               id##_teardown)

SER_VAR_BENCH(ser_vec_fixed, ser_vector, 16, "vectors/fixed_vector", 22,
              "Vector (u32, 16 fixed bytes, u16 = 22 B)")
#define SER_DYN(N)                                                             \
  SER_VAR_BENCH(ser_vec_dyn_##N, ser_dynamic, N,                               \
                "vectors/dynamic_vector_size_" #N, 1 + (N) + 4,                \
                "DynamicVector (u8 length, " #N " bytes, u32)")
SER_DYN(1)
SER_DYN(4)
SER_DYN(16)
SER_DYN(64)
SER_DYN(255)
#define SER_MIX(N)                                                             \
  SER_VAR_BENCH(ser_mixed_##N, ser_mixed, N, "mixed/mixed_payload_" #N,        \
                1 + 2 + (N) + 4,                                               \
                "Mixed (2+6 bits, u16 length, " #N " bytes, u32)")
SER_MIX(0)
SER_MIX(16)
SER_MIX(64)
SER_MIX(256)
SER_MIX(1024)
