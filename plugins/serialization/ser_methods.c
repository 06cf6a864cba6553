/*
 * methods, bit_fields and endianness: the fixed-layout structs (Tiny 4 B,
 * Medium 46 B, Large 232 B, BitField 7 B) through every libbebytes method:
 *
 *   _vec     T_to_{be,le}_bytes: a freshly allocated buffer per call (the
 *            "Vec" style; exactly one malloc), freed after each call
 *   _bufmut  T_encode_{be,le}_to into one bebytes_buf, cleared before each
 *            call (BeBytes' encode_be_to with a reused BytesMut)
 *   _raw     T_encode_{be,le}_raw into a caller array: the straight-line
 *            fast path, no checks (every fixed struct is eligible)
 *   _decode  T_decode_{be,le} with bounds checks, from an encoded record
 *
 * Each function body is generated once per struct and byte order, so the
 * byte order is fixed at compile time inside the timed loop, as it is in a
 * real program; the `order` parameter only picks which loop runs.
 */
#include "ser.h"

#include <stdio.h>
#include <stdlib.h>

#include "wl_loops.h"

/* The timed loops of one struct in one byte order: the shared templates,
 * decode of the fixed size (a constant), and the raw fixed path. */
#define SER_LOOPS(T, id, o)                                                    \
  WL_LOOP_VEC(id##_vec_##o, id##_st, T, o)                                     \
  WL_LOOP_REUSED(id##_bufmut_##o, id##_st, T, o)                               \
  static int id##_raw_##o(id##_st *st, uint64_t iters, char *err,              \
                          size_t errlen) {                                     \
    (void)err, (void)errlen;                                                   \
    for (uint64_t i = 0; i < iters; i++) {                                     \
      T##_encode_##o##_raw(&st->v, st->raw);                                   \
      bbd_do_not_optimize_ptr(st->raw);                                        \
    }                                                                          \
    return 0;                                                                  \
  }                                                                            \
  WL_LOOP_DECODE(id##_decode_##o, id##_st, T, o, T##_SIZE)

/* A run() per method that picks the byte order's loop. */
#define SER_RUN(id, m) WL_RUN_ORDER(id##_run_##m, id##_st, id##_##m)

#define SER_DESC(id, m, nm, what, T, plist, setupfn)                           \
  WL_BENCHMARK(id##_b_##m, nm, what, T##_SIZE, 1, plist, setupfn,              \
               id##_run_##m, id##_teardown)

/*
 * One fixed struct: state, setup (order from the parameter, or forced),
 * the loops in both orders and four descriptors named PFX "vec", PFX
 * "bufmut", PFX "raw", PFX "decode" (PFX is e.g. "methods/tiny_").
 */
#define SER_FIXED(T, id, INIT, label, PFX)                                     \
  typedef struct id##_st {                                                     \
    T v;                                                                       \
    T dec;                                                                     \
    int le;                                                                    \
    bebytes_buf buf;                                                           \
    uint8_t wire[T##_SIZE];                                                    \
    uint8_t raw[T##_SIZE];                                                     \
  } id##_st;                                                                   \
  static int id##_setup_order(void **state, char *err, size_t errlen,          \
                              int le) {                                        \
    id##_st *st = calloc(1, sizeof *st);                                       \
    if (st == NULL) {                                                          \
      snprintf(err, errlen, "out of memory");                                  \
      return -1;                                                               \
    }                                                                          \
    INIT(&st->v);                                                              \
    st->le = le;                                                               \
    bebytes_buf_init(&st->buf, 0);                                             \
    bebytes_error e = {0};                                                     \
    size_t n = 0;                                                              \
    int rc = le ? T##_encode_le_into(&st->v, st->wire, T##_SIZE, &n, &e)       \
                : T##_encode_be_into(&st->v, st->wire, T##_SIZE, &n, &e);      \
    /* Size the reused buffer now, so the timed loop never grows it. */        \
    if (rc == 0)                                                               \
      rc = bebytes_buf_reserve(&st->buf, T##_SIZE, &e);                        \
    if (rc != 0) {                                                             \
      bebytes_buf_free(&st->buf);                                              \
      free(st);                                                                \
      return wl_fail(err, errlen, "setup", rc, &e);                            \
    }                                                                          \
    *state = st;                                                               \
    return 0;                                                                  \
  }                                                                            \
  static int id##_setup(const bbd_host_t *host, const bbd_args_t *args,        \
                        void **state, char *err, size_t errlen) {              \
    return id##_setup_order(state, err, errlen, wl_arg_le(host, args));        \
  }                                                                            \
  static void id##_teardown(void *state) {                                     \
    id##_st *st = state;                                                       \
    if (st == NULL)                                                            \
      return;                                                                  \
    bebytes_buf_free(&st->buf);                                                \
    free(st);                                                                  \
  }                                                                            \
  SER_LOOPS(T, id, be)                                                         \
  SER_LOOPS(T, id, le)                                                         \
  SER_RUN(id, vec)                                                             \
  SER_RUN(id, bufmut)                                                          \
  SER_RUN(id, raw)                                                             \
  SER_RUN(id, decode)                                                          \
  SER_DESC(id, vec, PFX "vec",                                                 \
           label ": encode into a freshly allocated buffer per call (Vec)", T, \
           wl_params_order, id##_setup)                                        \
  SER_DESC(id, bufmut, PFX "bufmut",                                           \
           label ": encode into one reused growable buffer (BufMut)", T,       \
           wl_params_order, id##_setup)                                        \
  SER_DESC(id, raw, PFX "raw",                                                 \
           label ": raw fixed path into a caller array, no checks", T,         \
           wl_params_order, id##_setup)                                        \
  SER_DESC(id, decode, PFX "decode", label ": decode with bounds checks", T,   \
           wl_params_order, id##_setup)

SER_FIXED(bebytes_bench_tiny, ser_tiny, ser_init_tiny, "Tiny (4 B)",
          "methods/tiny_")
SER_FIXED(bebytes_bench_medium, ser_medium, ser_init_medium, "Medium (46 B)",
          "methods/medium_")
SER_FIXED(bebytes_bench_large, ser_large, ser_init_large, "Large (232 B)",
          "methods/large_")
SER_FIXED(bebytes_bench_bitfield, ser_bitfield, ser_init_bitfield,
          "BitField (7 B: 4+4+12+4 bits, u32)", "bit_fields/")

/* endianness: Medium with the byte order fixed by the benchmark. */
static int ser_endian_setup_be(const bbd_host_t *host, const bbd_args_t *args,
                               void **state, char *err, size_t errlen) {
  (void)host, (void)args;
  return ser_medium_setup_order(state, err, errlen, 0);
}

static int ser_endian_setup_le(const bbd_host_t *host, const bbd_args_t *args,
                               void **state, char *err, size_t errlen) {
  (void)host, (void)args;
  return ser_medium_setup_order(state, err, errlen, 1);
}

#define SER_ENDIAN(nm, var, setupfn, runfn, what)                              \
  WL_BENCHMARK(var, nm, what, bebytes_bench_medium_SIZE, 1, NULL, setupfn,     \
               runfn, ser_medium_teardown)

SER_ENDIAN("endianness/big_endian_serialization", ser_endian_be_enc,
           ser_endian_setup_be, ser_medium_run_raw,
           "Medium (46 B): big-endian encode (raw fixed path)")
SER_ENDIAN("endianness/little_endian_serialization", ser_endian_le_enc,
           ser_endian_setup_le, ser_medium_run_raw,
           "Medium (46 B): little-endian encode (raw fixed path)")
SER_ENDIAN("endianness/big_endian_deserialization", ser_endian_be_dec,
           ser_endian_setup_be, ser_medium_run_decode,
           "Medium (46 B): big-endian decode")
SER_ENDIAN("endianness/little_endian_deserialization", ser_endian_le_dec,
           ser_endian_setup_le, ser_medium_run_decode,
           "Medium (46 B): little-endian decode")
