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
 * The timed loops are the templates of plugins/common/wl_loops.h (shared
 * with serialization), which keep every output observable so the compiler
 * cannot drop an allocation whose result is unused; reuse and peak keep
 * their records in the shared batch state (wl_batch.h).
 */
#include "ma.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wl_loops.h"

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
  st->le = wl_arg_le(host, args);
  bebytes_buf_init(&st->buf, 0);
  bebytes_error e = {0};
  int rc = bebytes_buf_reserve(&st->buf, bebytes_bench_medium_SIZE, &e);
  if (rc != 0) {
    free(st);
    return wl_fail(err, errlen, "setup", rc, &e);
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
  WL_LOOP_VEC(pat_vec_##o, pat_st, bebytes_bench_medium, o)                    \
  WL_LOOP_REUSED(pat_reused_##o, pat_st, bebytes_bench_medium, o)              \
  WL_LOOP_NEWBUF(pat_bufmut_##o, pat_st, bebytes_bench_medium, o)
PAT_LOOPS(be)
PAT_LOOPS(le)
WL_RUN_ORDER(pat_run_vec, pat_st, pat_vec)
WL_RUN_ORDER(pat_run_reused, pat_st, pat_reused)
WL_RUN_ORDER(pat_run_bufmut, pat_st, pat_bufmut)

#define PAT_DESC(var, nm, m, what)                                             \
  WL_BENCHMARK(var, nm, what, bebytes_bench_medium_SIZE, 1, wl_params_order,   \
               pat_setup, pat_run_##m, pat_teardown)
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
  st->le = wl_arg_le(host, args);
  st->reused = reused;
  bebytes_buf_init(&st->buf, 0);
  bebytes_error e = {0};
  int rc = bebytes_buf_reserve(&st->buf, 2u + n + 4u, &e);
  if (rc != 0) {
    eff_teardown(st);
    return wl_fail(err, errlen, "setup", rc, &e);
  }
  *state = st;
  return 0;
}

#define EFF_LOOPS(o)                                                           \
  WL_LOOP_VEC(eff_vec_##o, eff_st, bebytes_bench_dynamic, o)                   \
  WL_LOOP_REUSED(eff_reused_##o, eff_st, bebytes_bench_dynamic, o)
EFF_LOOPS(be)
EFF_LOOPS(le)
WL_RUN_ORDER(eff_run_vec, eff_st, eff_vec)
WL_RUN_ORDER(eff_run_reused, eff_st, eff_reused)

static int eff_run(void *state, uint64_t iters, char *err, size_t errlen) {
  const eff_st *st = state;
  return st->reused ? eff_run_reused(state, iters, err, errlen)
                    : eff_run_vec(state, iters, err, errlen);
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
  WL_BENCHMARK(ma_eff_##N##_vec, "efficiency/dynamic_size_" #N "_vec",         \
               "Dynamic with " #N " payload bytes into a fresh buffer",        \
               2 + (N) + 4, 1, wl_params_order, eff_setup_##N##_vec, eff_run,  \
               eff_teardown)                                                   \
  WL_BENCHMARK(ma_eff_##N##_reused, "efficiency/dynamic_size_" #N "_reused",   \
               "Dynamic with " #N " payload bytes into one reused buffer",     \
               2 + (N) + 4, 1, wl_params_order, eff_setup_##N##_reused,        \
               eff_run, eff_teardown)
EFF_BENCH(16)
EFF_BENCH(64)
EFF_BENCH(256)
EFF_BENCH(1024)
EFF_BENCH(4096)

/* ---- reuse and peak: batches of `count` records (wl_batch) ------------- */

static void init_medium_rec(void *rec, uint32_t i) {
  ma_init_medium(rec, i);
}
static void init_large_rec(void *rec, uint32_t i) {
  ma_init_large(rec, i);
}

/* reuse: Medium records into one buffer with room for the batch, or each
 * into a new buffer. */
static const wl_batch_spec reuse_spec = {
    .rec_size = sizeof(bebytes_bench_medium),
    .wire_size = bebytes_bench_medium_SIZE,
    .default_count = 100,
    .init = init_medium_rec,
    .needs = WL_BATCH_BUF,
};

/* peak: Large records, either all kept alive until the batch ends or each
 * freed at once. */
static const wl_batch_spec peak_spec = {
    .rec_size = sizeof(bebytes_bench_large280),
    .wire_size = bebytes_bench_large280_SIZE,
    .default_count = 100,
    .init = init_large_rec,
    .needs = WL_BATCH_ITEMS,
};

static int reuse_setup(const bbd_host_t *host, const bbd_args_t *args,
                       void **state, char *err, size_t errlen) {
  return wl_batch_setup(&reuse_spec, 0, host, args, state, err, errlen);
}

static int peak_setup(const bbd_host_t *host, const bbd_args_t *args,
                      void **state, char *err, size_t errlen) {
  return wl_batch_setup(&peak_spec, 0, host, args, state, err, errlen);
}

#define BATCH_LOOPS(o)                                                         \
  WL_BATCH_SHARED(reuse_one_##o, bebytes_bench_medium, o)                      \
  WL_BATCH_NEWBUF(reuse_none_##o, bebytes_bench_medium, o)                     \
  WL_BATCH_KEEP(peak_batch_##o, bebytes_bench_large280, o)                     \
  WL_BATCH_VEC(peak_stream_##o, bebytes_bench_large280, o)
BATCH_LOOPS(be)
BATCH_LOOPS(le)
WL_RUN_ORDER(reuse_run_one, wl_batch, reuse_one)
WL_RUN_ORDER(reuse_run_none, wl_batch, reuse_none)
WL_RUN_ORDER(peak_run_batch, wl_batch, peak_batch)
WL_RUN_ORDER(peak_run_stream, wl_batch, peak_stream)

/* A batch benchmark of the default 100 records of wire size SZ. */
#define BATCH_DESC(var, nm, SZ, setupfn, runfn, what)                          \
  WL_BENCHMARK(var, nm, what, 100 * (SZ), 100, ma_params_count, setupfn,       \
               runfn, wl_batch_teardown)
BATCH_DESC(ma_reuse_buffer_reuse, "reuse/buffer_reuse",
           bebytes_bench_medium_SIZE, reuse_setup, reuse_run_one,
           "100 Medium encodes into one buffer, cleared per batch")
BATCH_DESC(ma_reuse_no_reuse, "reuse/no_reuse", bebytes_bench_medium_SIZE,
           reuse_setup, reuse_run_none,
           "100 Medium encodes, each into a new buffer that is freed")
BATCH_DESC(ma_peak_batch, "peak/batch_peak_memory", bebytes_bench_large280_SIZE,
           peak_setup, peak_run_batch,
           "100 Large (280 B) encoded into fresh buffers, all kept alive "
           "until the batch ends")
BATCH_DESC(ma_peak_streaming, "peak/streaming_peak_memory",
           bebytes_bench_large280_SIZE, peak_setup, peak_run_stream,
           "100 Large (280 B) encoded into fresh buffers, each freed at "
           "once")

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
    return wl_fail(err, errlen, "decode", rc, &e);
  if (used != bebytes_bench_medium_SIZE || memcmp(&d, want, sizeof d) != 0) {
    snprintf(err, errlen, "a reused-buffer record does not round-trip");
    return -1;
  }
  return 0;
}

static int check_medium_rec(const wl_batch *b, size_t i, const uint8_t *p,
                            size_t len, char *err, size_t errlen) {
  return check_medium(p, len, b->le, WL_REC(const bebytes_bench_medium, b, i),
                      err, errlen);
}

int ma_verify_reused(const bbd_benchmark_t *b, void *state, char *err,
                     size_t errlen) {
  if (b == &ma_patterns_reused) {
    const pat_st *st = state;
    if (st->buf.len != bebytes_bench_medium_SIZE) {
      snprintf(err, errlen, "reused buffer holds %zu bytes", st->buf.len);
      return -1;
    }
    return check_medium(st->buf.data, st->buf.len, st->le, &st->v, err, errlen);
  }
  if (b == &ma_reuse_buffer_reuse)
    return wl_batch_verify_buf(state, check_medium_rec, err, errlen);
  snprintf(err, errlen, "%s keeps no reused buffer", b->name);
  return -1;
}
