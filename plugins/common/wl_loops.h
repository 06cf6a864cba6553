/*
 * Timed-loop templates of the workload plugins. Each macro defines one
 *
 *   static int NAME(state *st, uint64_t iters, char *err, size_t errlen)
 *
 * for one libbebytes struct T and one byte order o (be or le), so the
 * encoder is called directly, the byte order is fixed at compile time
 * inside the loop (as in a real program) and every plugin's loop compiles
 * to the code it measured before it shared the template. Every output is
 * passed to bbd_do_not_optimize_ptr, so the compiler cannot drop an
 * allocation whose result is unused. Failures go through wl_fail.
 *
 * Single value (state ST with the value `v`; `buf` a bebytes_buf reserved
 * in setup; for decode `dec`, and `wire` holding the encoding):
 *   WL_LOOP_VEC      T_to_o_bytes: a freshly allocated buffer per call,
 *                    freed at once (the "Vec" style, exactly one malloc)
 *   WL_LOOP_REUSED   T_encode_o_to into `buf`, cleared before each call
 *   WL_LOOP_NEWBUF   T_encode_o_to into a new growable buffer per call,
 *                    then freed (the old BytesMut::new())
 *   WL_LOOP_DECODE   T_decode_o of LEN bytes of `wire` into `dec`
 *
 * Batch (a wl_batch: `count` records of T per iteration):
 *   WL_BATCH_KEEP    T_to_o_bytes per record, every buffer kept alive until
 *                    the batch ends, then all freed (Vec<Vec<u8>> collect)
 *   WL_BATCH_SHARED  every record appended to the shared `buf`, cleared
 *                    once per batch
 *   WL_BATCH_VEC     T_to_o_bytes per record, each freed at once
 *   WL_BATCH_NEWBUF  T_encode_o_to per record into a new growable buffer,
 *                    each freed at once
 */
#ifndef BBD_WL_LOOPS_H
#define BBD_WL_LOOPS_H

#include <stdlib.h>

#include "wl_batch.h"
#include "wl_common.h"

#define WL_LOOP_VEC(NAME, ST, T, o)                                            \
  static int NAME(ST *st, uint64_t iters, char *err, size_t errlen) {          \
    bebytes_error e = {0};                                                     \
    for (uint64_t i = 0; i < iters; i++) {                                     \
      uint8_t *p = NULL;                                                       \
      size_t n = 0;                                                            \
      int rc = T##_to_##o##_bytes(&st->v, &p, &n, &e);                         \
      if (rc != 0)                                                             \
        return wl_fail(err, errlen, "to_bytes", rc, &e);                       \
      bbd_do_not_optimize_ptr(p);                                              \
      free(p);                                                                 \
    }                                                                          \
    return 0;                                                                  \
  }

#define WL_LOOP_REUSED(NAME, ST, T, o)                                         \
  static int NAME(ST *st, uint64_t iters, char *err, size_t errlen) {          \
    bebytes_error e = {0};                                                     \
    for (uint64_t i = 0; i < iters; i++) {                                     \
      bebytes_buf_clear(&st->buf);                                             \
      int rc = T##_encode_##o##_to(&st->v, &st->buf, &e);                      \
      if (rc != 0)                                                             \
        return wl_fail(err, errlen, "encode_to", rc, &e);                      \
      bbd_do_not_optimize_ptr(st->buf.data);                                   \
    }                                                                          \
    return 0;                                                                  \
  }

#define WL_LOOP_NEWBUF(NAME, ST, T, o)                                         \
  static int NAME(ST *st, uint64_t iters, char *err, size_t errlen) {          \
    bebytes_error e = {0};                                                     \
    for (uint64_t i = 0; i < iters; i++) {                                     \
      bebytes_buf b;                                                           \
      bebytes_buf_init(&b, 0);                                                 \
      int rc = T##_encode_##o##_to(&st->v, &b, &e);                            \
      if (rc != 0) {                                                           \
        bebytes_buf_free(&b);                                                  \
        return wl_fail(err, errlen, "encode_to", rc, &e);                      \
      }                                                                        \
      bbd_do_not_optimize_ptr(b.data);                                         \
      bebytes_buf_free(&b);                                                    \
    }                                                                          \
    return 0;                                                                  \
  }

#define WL_LOOP_DECODE(NAME, ST, T, o, LEN)                                    \
  static int NAME(ST *st, uint64_t iters, char *err, size_t errlen) {          \
    bebytes_error e = {0};                                                     \
    for (uint64_t i = 0; i < iters; i++) {                                     \
      size_t used = 0;                                                         \
      int rc = T##_decode_##o(&st->dec, st->wire, LEN, &used, &e);             \
      if (rc != 0)                                                             \
        return wl_fail(err, errlen, "decode", rc, &e);                         \
      bbd_do_not_optimize_ptr(&st->dec);                                       \
    }                                                                          \
    return 0;                                                                  \
  }

/* Record i of a batch of T. */
#define WL_REC(T, st, i) (&((T *)(st)->recs)[i])

#define WL_BATCH_KEEP(NAME, T, o)                                              \
  static int NAME(wl_batch *st, uint64_t iters, char *err, size_t errlen) {    \
    bebytes_error e = {0};                                                     \
    for (uint64_t it = 0; it < iters; it++) {                                  \
      for (size_t i = 0; i < st->count; i++) {                                 \
        int rc = T##_to_##o##_bytes(WL_REC(T, st, i), &st->items[i],           \
                                    &st->item_len[i], &e);                     \
        if (rc != 0) {                                                         \
          while (i > 0)                                                        \
            free(st->items[--i]);                                              \
          return wl_fail(err, errlen, "to_bytes", rc, &e);                     \
        }                                                                      \
      }                                                                        \
      bbd_do_not_optimize_ptr(st->items);                                      \
      for (size_t i = 0; i < st->count; i++) {                                 \
        free(st->items[i]);                                                    \
        st->items[i] = NULL;                                                   \
      }                                                                        \
    }                                                                          \
    return 0;                                                                  \
  }

#define WL_BATCH_SHARED(NAME, T, o)                                            \
  static int NAME(wl_batch *st, uint64_t iters, char *err, size_t errlen) {    \
    bebytes_error e = {0};                                                     \
    for (uint64_t it = 0; it < iters; it++) {                                  \
      bebytes_buf_clear(&st->buf);                                             \
      for (size_t i = 0; i < st->count; i++) {                                 \
        int rc = T##_encode_##o##_to(WL_REC(T, st, i), &st->buf, &e);          \
        if (rc != 0)                                                           \
          return wl_fail(err, errlen, "encode_to", rc, &e);                    \
      }                                                                        \
      bbd_do_not_optimize_ptr(st->buf.data);                                   \
    }                                                                          \
    return 0;                                                                  \
  }

#define WL_BATCH_VEC(NAME, T, o)                                               \
  static int NAME(wl_batch *st, uint64_t iters, char *err, size_t errlen) {    \
    bebytes_error e = {0};                                                     \
    for (uint64_t it = 0; it < iters; it++) {                                  \
      for (size_t i = 0; i < st->count; i++) {                                 \
        uint8_t *p = NULL;                                                     \
        size_t n = 0;                                                          \
        int rc = T##_to_##o##_bytes(WL_REC(T, st, i), &p, &n, &e);             \
        if (rc != 0)                                                           \
          return wl_fail(err, errlen, "to_bytes", rc, &e);                     \
        bbd_do_not_optimize_ptr(p);                                            \
        free(p);                                                               \
      }                                                                        \
    }                                                                          \
    return 0;                                                                  \
  }

#define WL_BATCH_NEWBUF(NAME, T, o)                                            \
  static int NAME(wl_batch *st, uint64_t iters, char *err, size_t errlen) {    \
    bebytes_error e = {0};                                                     \
    for (uint64_t it = 0; it < iters; it++) {                                  \
      for (size_t i = 0; i < st->count; i++) {                                 \
        bebytes_buf b;                                                         \
        bebytes_buf_init(&b, 0);                                               \
        int rc = T##_encode_##o##_to(WL_REC(T, st, i), &b, &e);                \
        if (rc != 0) {                                                         \
          bebytes_buf_free(&b);                                                \
          return wl_fail(err, errlen, "encode_to", rc, &e);                    \
        }                                                                      \
        bbd_do_not_optimize_ptr(b.data);                                       \
        bebytes_buf_free(&b);                                                  \
      }                                                                        \
    }                                                                          \
    return 0;                                                                  \
  }

/* A run() that calls the loop of the batch's byte order: NAME##_le or
 * NAME##_be of a loop family defined for both. */
#define WL_RUN_ORDER(RUN, ST, NAME)                                            \
  static int RUN(void *state, uint64_t iters, char *err, size_t errlen) {      \
    ST *st = state;                                                            \
    return st->le ? NAME##_le(st, iters, err, errlen)                          \
                  : NAME##_be(st, iters, err, errlen);                         \
  }

#endif
