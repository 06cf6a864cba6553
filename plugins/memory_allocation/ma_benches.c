/*
 * The memory_allocation groups (see README.md):
 *
 *   patterns    Medium (46 B): fresh buffer (vec), one reused buffer, a
 *               fresh growable buffer each time (the old BytesMut::new())
 *   efficiency  Dynamic (u16 length, N bytes, u32) at N = 16..4096, fresh
 *               buffer vs reused buffer
 *   reuse       100 Medium encodes into one cleared buffer vs a new buffer
 *               for every record
 *   peak        100 Large (280 B) encoded and kept alive until the end of
 *               the iteration vs each freed as soon as it is encoded
 *
 * The loops keep every output observable (bbd_do_not_optimize_ptr) so the
 * compiler cannot drop an allocation whose result is unused.
 */
#include "ma.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- patterns ---------------------------------------------------------- */

typedef struct pat_st {
  bebytes_bench_medium v;
  int le;
  bebytes_buf buf;
} pat_st;

static int pat_setup(const bbd_host_t *host, const bbd_args_t *args,
                     void **state, char *err, size_t errlen) {
  pat_st *st = calloc(1, sizeof *st);
  if (st == NULL) {
    snprintf(err, errlen, "out of memory");
    return -1;
  }
  ma_init_medium(&st->v, 0);
  st->le = ma_arg_le(host, args);
  bebytes_buf_init(&st->buf, 0);
  bebytes_error e = {0};
  int rc = bebytes_buf_reserve(&st->buf, bebytes_bench_medium_SIZE, &e);
  if (rc != 0) {
    free(st);
    return ma_fail(err, errlen, "setup", rc, &e);
  }
  *state = st;
  return 0;
}

static void pat_teardown(void *state) {
  pat_st *st = state;
  if (st == NULL)
    return;
  bebytes_buf_free(&st->buf);
  free(st);
}

#define PAT_LOOPS(o)                                                           \
  static int pat_vec_##o(pat_st *st, uint64_t iters, char *err,                \
                         size_t errlen) {                                      \
    bebytes_error e = {0};                                                     \
    for (uint64_t i = 0; i < iters; i++) {                                     \
      uint8_t *p = NULL;                                                       \
      size_t n = 0;                                                            \
      int rc = bebytes_bench_medium_to_##o##_bytes(&st->v, &p, &n, &e);        \
      if (rc != 0)                                                             \
        return ma_fail(err, errlen, "to_bytes", rc, &e);                       \
      bbd_do_not_optimize_ptr(p);                                              \
      free(p);                                                                 \
    }                                                                          \
    return 0;                                                                  \
  }                                                                            \
  static int pat_reused_##o(pat_st *st, uint64_t iters, char *err,             \
                            size_t errlen) {                                   \
    bebytes_error e = {0};                                                     \
    for (uint64_t i = 0; i < iters; i++) {                                     \
      bebytes_buf_clear(&st->buf);                                             \
      int rc = bebytes_bench_medium_encode_##o##_to(&st->v, &st->buf, &e);     \
      if (rc != 0)                                                             \
        return ma_fail(err, errlen, "encode_to", rc, &e);                      \
      bbd_do_not_optimize_ptr(st->buf.data);                                   \
    }                                                                          \
    return 0;                                                                  \
  }                                                                            \
  static int pat_bufmut_##o(pat_st *st, uint64_t iters, char *err,             \
                            size_t errlen) {                                   \
    bebytes_error e = {0};                                                     \
    for (uint64_t i = 0; i < iters; i++) {                                     \
      bebytes_buf b;                                                           \
      bebytes_buf_init(&b, 0);                                                 \
      int rc = bebytes_bench_medium_encode_##o##_to(&st->v, &b, &e);           \
      if (rc != 0) {                                                           \
        bebytes_buf_free(&b);                                                  \
        return ma_fail(err, errlen, "encode_to", rc, &e);                      \
      }                                                                        \
      bbd_do_not_optimize_ptr(b.data);                                         \
      bebytes_buf_free(&b);                                                    \
    }                                                                          \
    return 0;                                                                  \
  }
PAT_LOOPS(be)
PAT_LOOPS(le)

#define PAT_RUN(m)                                                             \
  static int pat_run_##m(void *state, uint64_t iters, char *err,               \
                         size_t errlen) {                                      \
    pat_st *st = state;                                                        \
    return st->le ? pat_##m##_le(st, iters, err, errlen)                       \
                  : pat_##m##_be(st, iters, err, errlen);                      \
  }
PAT_RUN(vec)
PAT_RUN(reused)
PAT_RUN(bufmut)

#define PAT_DESC(var, nm, m, what)                                             \
  const bbd_benchmark_t var = {                                                \
      .size = sizeof(bbd_benchmark_t),                                         \
      .name = nm,                                                              \
      .summary = what,                                                         \
      .bytes_per_iter = bebytes_bench_medium_SIZE,                             \
      .elements_per_iter = 1,                                                  \
      .params = ma_params_order,                                               \
      .setup = pat_setup,                                                      \
      .run = pat_run_##m,                                                      \
      .teardown = pat_teardown,                                                \
  };
PAT_DESC(ma_patterns_vec, "patterns/vec_allocations", vec,
         "Medium (46 B) into a freshly allocated buffer per call (Vec)")
PAT_DESC(ma_patterns_reused, "patterns/reused_buffer", reused,
         "Medium (46 B) into one growable buffer cleared per call")
PAT_DESC(ma_patterns_bufmut, "patterns/bufmut_allocations", bufmut,
         "Medium (46 B) into a new growable buffer per call, then freed")

/* ---- efficiency -------------------------------------------------------- */

typedef struct eff_st {
  bebytes_bench_dynamic v;
  int le;
  int reused;
  bebytes_buf buf;
  uint8_t payload[MA_PAYLOAD_MAX];
} eff_st;

static void eff_teardown(void *state) {
  eff_st *st = state;
  if (st == NULL)
    return;
  bebytes_buf_free(&st->buf);
  free(st);
}

static int eff_setup_n(const bbd_host_t *host, const bbd_args_t *args,
                       void **state, char *err, size_t errlen, uint16_t n,
                       int reused) {
  eff_st *st = calloc(1, sizeof *st);
  if (st == NULL) {
    snprintf(err, errlen, "out of memory");
    return -1;
  }
  memset(st->payload, 0x42, sizeof st->payload);
  ma_init_dynamic(&st->v, st->payload, n);
  st->le = ma_arg_le(host, args);
  st->reused = reused;
  bebytes_buf_init(&st->buf, 0);
  bebytes_error e = {0};
  int rc = bebytes_buf_reserve(&st->buf, 2u + n + 4u, &e);
  if (rc != 0) {
    eff_teardown(st);
    return ma_fail(err, errlen, "setup", rc, &e);
  }
  *state = st;
  return 0;
}

#define EFF_LOOPS(o)                                                           \
  static int eff_run_##o(eff_st *st, uint64_t iters, char *err,                \
                         size_t errlen) {                                      \
    bebytes_error e = {0};                                                     \
    if (st->reused) {                                                          \
      for (uint64_t i = 0; i < iters; i++) {                                   \
        bebytes_buf_clear(&st->buf);                                           \
        int rc = bebytes_bench_dynamic_encode_##o##_to(&st->v, &st->buf, &e);  \
        if (rc != 0)                                                           \
          return ma_fail(err, errlen, "encode_to", rc, &e);                    \
        bbd_do_not_optimize_ptr(st->buf.data);                                 \
      }                                                                        \
      return 0;                                                                \
    }                                                                          \
    for (uint64_t i = 0; i < iters; i++) {                                     \
      uint8_t *p = NULL;                                                       \
      size_t n = 0;                                                            \
      int rc = bebytes_bench_dynamic_to_##o##_bytes(&st->v, &p, &n, &e);       \
      if (rc != 0)                                                             \
        return ma_fail(err, errlen, "to_bytes", rc, &e);                       \
      bbd_do_not_optimize_ptr(p);                                              \
      free(p);                                                                 \
    }                                                                          \
    return 0;                                                                  \
  }
EFF_LOOPS(be)
EFF_LOOPS(le)

static int eff_run(void *state, uint64_t iters, char *err, size_t errlen) {
  eff_st *st = state;
  return st->le ? eff_run_le(st, iters, err, errlen)
                : eff_run_be(st, iters, err, errlen);
}

#define EFF_BENCH(N)                                                           \
  static int eff_setup_##N##_vec(const bbd_host_t *host,                       \
                                 const bbd_args_t *args, void **state,         \
                                 char *err, size_t errlen) {                   \
    return eff_setup_n(host, args, state, err, errlen, N, 0);                  \
  }                                                                            \
  static int eff_setup_##N##_reused(const bbd_host_t *host,                    \
                                    const bbd_args_t *args, void **state,      \
                                    char *err, size_t errlen) {                \
    return eff_setup_n(host, args, state, err, errlen, N, 1);                  \
  }                                                                            \
  const bbd_benchmark_t ma_eff_##N##_vec = {                                   \
      .size = sizeof(bbd_benchmark_t),                                         \
      .name = "efficiency/dynamic_size_" #N "_vec",                            \
      .summary = "Dynamic with " #N " payload bytes into a fresh buffer",      \
      .bytes_per_iter = 2 + (N) + 4,                                           \
      .elements_per_iter = 1,                                                  \
      .params = ma_params_order,                                               \
      .setup = eff_setup_##N##_vec,                                            \
      .run = eff_run,                                                          \
      .teardown = eff_teardown,                                                \
  };                                                                           \
  const bbd_benchmark_t ma_eff_##N##_reused = {                                \
      .size = sizeof(bbd_benchmark_t),                                         \
      .name = "efficiency/dynamic_size_" #N "_reused",                         \
      .summary = "Dynamic with " #N " payload bytes into one reused buffer",   \
      .bytes_per_iter = 2 + (N) + 4,                                           \
      .elements_per_iter = 1,                                                  \
      .params = ma_params_order,                                               \
      .setup = eff_setup_##N##_reused,                                         \
      .run = eff_run,                                                          \
      .teardown = eff_teardown,                                                \
  };
EFF_BENCH(16)
EFF_BENCH(64)
EFF_BENCH(256)
EFF_BENCH(1024)
EFF_BENCH(4096)

/* ---- reuse ------------------------------------------------------------- */

typedef struct reuse_st {
  bebytes_bench_medium *recs;
  size_t count;
  int le;
  bebytes_buf buf; /* buffer_reuse: capacity for count records */
} reuse_st;

static void reuse_teardown(void *state) {
  reuse_st *st = state;
  if (st == NULL)
    return;
  free(st->recs);
  bebytes_buf_free(&st->buf);
  free(st);
}

static int reuse_setup(const bbd_host_t *host, const bbd_args_t *args,
                       void **state, char *err, size_t errlen) {
  reuse_st *st = calloc(1, sizeof *st);
  if (st == NULL) {
    snprintf(err, errlen, "out of memory");
    return -1;
  }
  st->count = (size_t)ma_arg_int(host, args, "count", 100);
  st->le = ma_arg_le(host, args);
  bebytes_buf_init(&st->buf, 0);
  st->recs = calloc(st->count, sizeof *st->recs);
  if (st->recs == NULL) {
    reuse_teardown(st);
    snprintf(err, errlen, "out of memory");
    return -1;
  }
  for (size_t i = 0; i < st->count; i++)
    ma_init_medium(&st->recs[i], (uint32_t)i);
  bebytes_error e = {0};
  int rc =
      bebytes_buf_reserve(&st->buf, st->count * bebytes_bench_medium_SIZE, &e);
  if (rc != 0) {
    reuse_teardown(st);
    return ma_fail(err, errlen, "setup", rc, &e);
  }
  if (host->set_throughput != NULL)
    host->set_throughput(host, st->count * bebytes_bench_medium_SIZE,
                         st->count);
  *state = st;
  return 0;
}

#define REUSE_LOOPS(o)                                                         \
  static int reuse_one_##o(reuse_st *st, uint64_t iters, char *err,            \
                           size_t errlen) {                                    \
    bebytes_error e = {0};                                                     \
    for (uint64_t it = 0; it < iters; it++) {                                  \
      bebytes_buf_clear(&st->buf);                                             \
      for (size_t i = 0; i < st->count; i++) {                                 \
        int rc =                                                               \
            bebytes_bench_medium_encode_##o##_to(&st->recs[i], &st->buf, &e);  \
        if (rc != 0)                                                           \
          return ma_fail(err, errlen, "encode_to", rc, &e);                    \
      }                                                                        \
      bbd_do_not_optimize_ptr(st->buf.data);                                   \
    }                                                                          \
    return 0;                                                                  \
  }                                                                            \
  static int reuse_none_##o(reuse_st *st, uint64_t iters, char *err,           \
                            size_t errlen) {                                   \
    bebytes_error e = {0};                                                     \
    for (uint64_t it = 0; it < iters; it++) {                                  \
      for (size_t i = 0; i < st->count; i++) {                                 \
        bebytes_buf b;                                                         \
        bebytes_buf_init(&b, 0);                                               \
        int rc = bebytes_bench_medium_encode_##o##_to(&st->recs[i], &b, &e);   \
        if (rc != 0) {                                                         \
          bebytes_buf_free(&b);                                                \
          return ma_fail(err, errlen, "encode_to", rc, &e);                    \
        }                                                                      \
        bbd_do_not_optimize_ptr(b.data);                                       \
        bebytes_buf_free(&b);                                                  \
      }                                                                        \
    }                                                                          \
    return 0;                                                                  \
  }
REUSE_LOOPS(be)
REUSE_LOOPS(le)

static int reuse_run_one(void *state, uint64_t iters, char *err,
                         size_t errlen) {
  reuse_st *st = state;
  return st->le ? reuse_one_le(st, iters, err, errlen)
                : reuse_one_be(st, iters, err, errlen);
}

static int reuse_run_none(void *state, uint64_t iters, char *err,
                          size_t errlen) {
  reuse_st *st = state;
  return st->le ? reuse_none_le(st, iters, err, errlen)
                : reuse_none_be(st, iters, err, errlen);
}

const bbd_benchmark_t ma_reuse_buffer_reuse = {
    .size = sizeof(bbd_benchmark_t),
    .name = "reuse/buffer_reuse",
    .summary = "100 Medium encodes into one buffer, cleared per batch",
    .bytes_per_iter = 100 * bebytes_bench_medium_SIZE,
    .elements_per_iter = 100,
    .params = ma_params_count,
    .setup = reuse_setup,
    .run = reuse_run_one,
    .teardown = reuse_teardown,
};

const bbd_benchmark_t ma_reuse_no_reuse = {
    .size = sizeof(bbd_benchmark_t),
    .name = "reuse/no_reuse",
    .summary = "100 Medium encodes, each into a new buffer that is freed",
    .bytes_per_iter = 100 * bebytes_bench_medium_SIZE,
    .elements_per_iter = 100,
    .params = ma_params_count,
    .setup = reuse_setup,
    .run = reuse_run_none,
    .teardown = reuse_teardown,
};

/* ---- peak -------------------------------------------------------------- */

typedef struct peak_st {
  bebytes_bench_large280 *recs;
  uint8_t **out; /* batch: the live buffers */
  size_t *len;
  size_t count;
  int le;
} peak_st;

static void peak_teardown(void *state) {
  peak_st *st = state;
  if (st == NULL)
    return;
  free(st->recs);
  free(st->out);
  free(st->len);
  free(st);
}

static int peak_setup(const bbd_host_t *host, const bbd_args_t *args,
                      void **state, char *err, size_t errlen) {
  peak_st *st = calloc(1, sizeof *st);
  if (st == NULL)
    goto oom;
  st->count = (size_t)ma_arg_int(host, args, "count", 100);
  st->le = ma_arg_le(host, args);
  st->recs = calloc(st->count, sizeof *st->recs);
  st->out = calloc(st->count, sizeof *st->out);
  st->len = calloc(st->count, sizeof *st->len);
  if (st->recs == NULL || st->out == NULL || st->len == NULL)
    goto oom;
  for (size_t i = 0; i < st->count; i++)
    ma_init_large(&st->recs[i], (uint32_t)i);
  if (host->set_throughput != NULL)
    host->set_throughput(host, st->count * bebytes_bench_large280_SIZE,
                         st->count);
  *state = st;
  return 0;
oom:
  peak_teardown(st);
  snprintf(err, errlen, "out of memory");
  return -1;
}

#define PEAK_LOOPS(o)                                                          \
  static int peak_batch_##o(peak_st *st, uint64_t iters, char *err,            \
                            size_t errlen) {                                   \
    bebytes_error e = {0};                                                     \
    for (uint64_t it = 0; it < iters; it++) {                                  \
      for (size_t i = 0; i < st->count; i++) {                                 \
        int rc = bebytes_bench_large280_to_##o##_bytes(                        \
            &st->recs[i], &st->out[i], &st->len[i], &e);                       \
        if (rc != 0) {                                                         \
          while (i > 0)                                                        \
            free(st->out[--i]);                                                \
          return ma_fail(err, errlen, "to_bytes", rc, &e);                     \
        }                                                                      \
      }                                                                        \
      bbd_do_not_optimize_ptr(st->out);                                        \
      for (size_t i = 0; i < st->count; i++) {                                 \
        free(st->out[i]);                                                      \
        st->out[i] = NULL;                                                     \
      }                                                                        \
    }                                                                          \
    return 0;                                                                  \
  }                                                                            \
  static int peak_stream_##o(peak_st *st, uint64_t iters, char *err,           \
                             size_t errlen) {                                  \
    bebytes_error e = {0};                                                     \
    for (uint64_t it = 0; it < iters; it++) {                                  \
      for (size_t i = 0; i < st->count; i++) {                                 \
        uint8_t *p = NULL;                                                     \
        size_t n = 0;                                                          \
        int rc =                                                               \
            bebytes_bench_large280_to_##o##_bytes(&st->recs[i], &p, &n, &e);   \
        if (rc != 0)                                                           \
          return ma_fail(err, errlen, "to_bytes", rc, &e);                     \
        bbd_do_not_optimize_ptr(p);                                            \
        free(p);                                                               \
      }                                                                        \
    }                                                                          \
    return 0;                                                                  \
  }
PEAK_LOOPS(be)
PEAK_LOOPS(le)

static int peak_run_batch(void *state, uint64_t iters, char *err,
                          size_t errlen) {
  peak_st *st = state;
  return st->le ? peak_batch_le(st, iters, err, errlen)
                : peak_batch_be(st, iters, err, errlen);
}

static int peak_run_stream(void *state, uint64_t iters, char *err,
                           size_t errlen) {
  peak_st *st = state;
  return st->le ? peak_stream_le(st, iters, err, errlen)
                : peak_stream_be(st, iters, err, errlen);
}

const bbd_benchmark_t ma_peak_batch = {
    .size = sizeof(bbd_benchmark_t),
    .name = "peak/batch_peak_memory",
    .summary = "100 Large (280 B) encoded into fresh buffers, all kept alive "
               "until the batch ends",
    .bytes_per_iter = 100 * bebytes_bench_large280_SIZE,
    .elements_per_iter = 100,
    .params = ma_params_count,
    .setup = peak_setup,
    .run = peak_run_batch,
    .teardown = peak_teardown,
};

const bbd_benchmark_t ma_peak_streaming = {
    .size = sizeof(bbd_benchmark_t),
    .name = "peak/streaming_peak_memory",
    .summary = "100 Large (280 B) encoded into fresh buffers, each freed at "
               "once",
    .bytes_per_iter = 100 * bebytes_bench_large280_SIZE,
    .elements_per_iter = 100,
    .params = ma_params_count,
    .setup = peak_setup,
    .run = peak_run_stream,
    .teardown = peak_teardown,
};

/* ---- verification ------------------------------------------------------ */

static int check_medium(const uint8_t *p, size_t len, int le,
                        const bebytes_bench_medium *want, char *err,
                        size_t errlen) {
  bebytes_bench_medium d;
  bebytes_error e = {0};
  size_t used = 0;
  memset(&d, 0, sizeof d);
  int rc = le ? bebytes_bench_medium_decode_le(&d, p, len, &used, &e)
              : bebytes_bench_medium_decode_be(&d, p, len, &used, &e);
  if (rc != 0)
    return ma_fail(err, errlen, "decode", rc, &e);
  if (used != bebytes_bench_medium_SIZE || memcmp(&d, want, sizeof d) != 0) {
    snprintf(err, errlen, "a reused-buffer record does not round-trip");
    return -1;
  }
  return 0;
}

int ma_verify_reused(const bbd_benchmark_t *b, void *state, char *err,
                     size_t errlen) {
  const size_t sz = bebytes_bench_medium_SIZE;
  if (b == &ma_patterns_reused) {
    const pat_st *st = state;
    if (st->buf.len != sz) {
      snprintf(err, errlen, "reused buffer holds %zu bytes", st->buf.len);
      return -1;
    }
    return check_medium(st->buf.data, st->buf.len, st->le, &st->v, err, errlen);
  }
  if (b == &ma_reuse_buffer_reuse) {
    const reuse_st *st = state;
    if (st->buf.len != st->count * sz) {
      snprintf(err, errlen, "reused buffer holds %zu bytes, expected %zu",
               st->buf.len, st->count * sz);
      return -1;
    }
    for (size_t i = 0; i < st->count; i++)
      if (check_medium(st->buf.data + i * sz, sz, st->le, &st->recs[i], err,
                       errlen) != 0)
        return -1;
    return 0;
  }
  snprintf(err, errlen, "%s keeps no reused buffer", b->name);
  return -1;
}
