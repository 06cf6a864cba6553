/*
 * buffer_locality: where encoded output goes. `count` (default 1000) 8-byte
 * records (the old suite's SmallStruct {u32 a, u32 b}) per iteration:
 *
 *   individual_buffers  each record into its own freshly allocated buffer,
 *                       all kept until the end of the iteration, then freed
 *   single_buffer       all records appended to one buffer sized once
 *   buffer_reuse        one small buffer, cleared before each record, and
 *                       the record read back from it
 */
#include "cp_benches.h"
#include "cp_util.h"

#include <bebytes/bench_structs.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum bl_kind { BL_INDIVIDUAL, BL_SINGLE, BL_REUSE } bl_kind_t;

typedef struct bl_state {
  bl_kind_t kind;
  size_t count;
  bebytes_bench_pair *recs;
  uint8_t **items; /* individual: the buffers of one iteration */
  size_t *lens;
  bebytes_buf buf; /* single and reuse */
} bl_state_t;

static void bl_teardown(void *state) {
  bl_state_t *st = state;
  if (st == NULL)
    return;
  if (st->items != NULL)
    for (size_t i = 0; i < st->count; i++)
      free(st->items[i]);
  free(st->items);
  free(st->lens);
  free(st->recs);
  bebytes_buf_free(&st->buf);
  free(st);
}

static int bl_setup(const bbd_host_t *host, const bbd_args_t *args,
                    void **state, char *err, size_t errlen, bl_kind_t kind) {
  bl_state_t *st = calloc(1, sizeof *st);
  if (st == NULL)
    goto oom;
  st->kind = kind;
  st->count = (size_t)wl_arg_int(host, args, "count", 1000);
  bebytes_buf_init(&st->buf, 0);
  st->recs = calloc(st->count, sizeof *st->recs);
  st->items = calloc(st->count, sizeof *st->items);
  st->lens = calloc(st->count, sizeof *st->lens);
  if (st->recs == NULL || st->items == NULL || st->lens == NULL)
    goto oom;
  for (size_t i = 0; i < st->count; i++)
    st->recs[i] = (bebytes_bench_pair){(uint32_t)i, (uint32_t)(2 * i)};
  size_t cap = kind == BL_SINGLE ? st->count * bebytes_bench_pair_SIZE
                                 : bebytes_bench_pair_SIZE;
  if (bebytes_buf_reserve(&st->buf, cap, NULL) != 0)
    goto oom;
  if (host->set_throughput != NULL)
    host->set_throughput(host, st->count * bebytes_bench_pair_SIZE, st->count);
  *state = st;
  return 0;
oom:
  bl_teardown(st);
  snprintf(err, errlen, "out of memory");
  return -1;
}

static int bl_run(void *state, uint64_t iters, char *err, size_t errlen) {
  bl_state_t *st = state;
  for (uint64_t it = 0; it < iters; it++) {
    int rc = 0;
    switch (st->kind) {
    case BL_INDIVIDUAL:
      for (size_t i = 0; i < st->count && rc == 0; i++)
        rc = bebytes_bench_pair_to_be_bytes(&st->recs[i], &st->items[i],
                                            &st->lens[i], NULL);
      bbd_do_not_optimize_ptr(st->items);
      for (size_t i = 0; i < st->count; i++) {
        free(st->items[i]);
        st->items[i] = NULL;
      }
      break;
    case BL_SINGLE:
      bebytes_buf_clear(&st->buf);
      for (size_t i = 0; i < st->count && rc == 0; i++)
        rc = bebytes_bench_pair_encode_be_to(&st->recs[i], &st->buf, NULL);
      bbd_do_not_optimize_ptr(st->buf.data);
      break;
    default: {
      uint64_t acc = 0;
      for (size_t i = 0; i < st->count && rc == 0; i++) {
        bebytes_buf_clear(&st->buf);
        rc = bebytes_bench_pair_encode_be_to(&st->recs[i], &st->buf, NULL);
        acc += bebytes_load_be32(st->buf.data + 4);
      }
      bbd_do_not_optimize(acc);
      break;
    }
    }
    if (rc != 0) {
      snprintf(err, errlen, "encode failed: %s", bebytes_strerror(rc));
      return -1;
    }
  }
  return 0;
}

/* Decodes one encoded record and compares it with the input. */
static int bl_check(const bl_state_t *st, size_t i, const uint8_t *p,
                    size_t len, char *err, size_t errlen) {
  bebytes_bench_pair d = {0, 0};
  size_t used = 0;
  if (bebytes_bench_pair_decode_be(&d, p, len, &used, NULL) != 0 ||
      used != bebytes_bench_pair_SIZE || d.a != st->recs[i].a ||
      d.b != st->recs[i].b) {
    snprintf(err, errlen, "record %zu does not round-trip", i);
    return -1;
  }
  return 0;
}

int cp_bl_verify(const void *state, char *err, size_t errlen) {
  const bl_state_t *st = state;
  const size_t sz = bebytes_bench_pair_SIZE;
  switch (st->kind) {
  case BL_SINGLE:
    if (st->buf.len != st->count * sz) {
      snprintf(err, errlen, "buffer holds %zu bytes", st->buf.len);
      return -1;
    }
    for (size_t i = 0; i < st->count; i++)
      if (bl_check(st, i, st->buf.data + i * sz, sz, err, errlen) != 0)
        return -1;
    return 0;
  case BL_REUSE:
    /* The reused buffer holds the last record of the iteration. */
    return bl_check(st, st->count - 1, st->buf.data, st->buf.len, err, errlen);
  default:
    for (size_t i = 0; i < st->count; i++) {
      uint8_t *p = NULL;
      size_t n = 0;
      if (bebytes_bench_pair_to_be_bytes(&st->recs[i], &p, &n, NULL) != 0) {
        snprintf(err, errlen, "encode failed");
        return -1;
      }
      int rc = bl_check(st, i, p, n, err, errlen);
      free(p);
      if (rc != 0)
        return -1;
    }
    return 0;
  }
}

#define BL_BENCH(var, kind, nm, what)                                          \
  static int var##_setup(const bbd_host_t *host, const bbd_args_t *args,       \
                         void **state, char *err, size_t errlen) {             \
    return bl_setup(host, args, state, err, errlen, kind);                     \
  }                                                                            \
  const bbd_benchmark_t var = {                                                \
      .size = sizeof(bbd_benchmark_t),                                         \
      .name = nm,                                                              \
      .summary = what,                                                         \
      .bytes_per_iter = 1000 * bebytes_bench_pair_SIZE,                        \
      .elements_per_iter = 1000,                                               \
      .params = bl_params,                                                     \
      .setup = var##_setup,                                                    \
      .run = bl_run,                                                           \
      .teardown = bl_teardown,                                                 \
  };

static const bbd_param_t bl_params[] = {
    {"count", BBD_PARAM_INT, "1000", "records per iteration", 1, 1 << 22, NULL},
    {NULL, 0, NULL, NULL, 0, 0, NULL},
};

BL_BENCH(cp_bl_individual_buffers, BL_INDIVIDUAL,
         "buffer_locality/individual_buffers",
         "8-byte records, each into its own freshly allocated buffer")
BL_BENCH(cp_bl_single_buffer, BL_SINGLE, "buffer_locality/single_buffer",
         "8-byte records appended to one buffer sized once")
BL_BENCH(cp_bl_buffer_reuse, BL_REUSE, "buffer_locality/buffer_reuse",
         "8-byte records through one small buffer cleared per record")
