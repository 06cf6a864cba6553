/*
 * batch: `count` (default 1,000) Small records (u32, u16, u16 = 8 B) per
 * iteration, three ways:
 *
 *   per_item_vec   one fresh buffer per record, all kept until the end of
 *                  the batch, then freed (the old Vec<Vec<u8>> collect)
 *   shared_buffer  every record appended to one bebytes_buf, cleared once
 *                  per batch (the old single BytesMut of 8 * 1000)
 *   raw_array      the raw fixed path into one caller array of 8 * count
 *
 * The ratio per_item_vec / shared_buffer is the old guide's "batch
 * processing with buffer reuse" claim (2-3x), now measured.
 */
#include "ser.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wl_loops.h"

/* wl_batch.variant: which of the three loops run() takes. */
typedef enum batch_kind { BATCH_PER_ITEM, BATCH_SHARED, BATCH_RAW } batch_kind;

static void init_small_rec(void *rec, uint32_t i) {
  ser_init_small(rec, i);
}

#define BATCH_SPEC(needs_)                                                     \
  {                                                                            \
    .rec_size = sizeof(bebytes_bench_small),                                   \
    .wire_size = bebytes_bench_small_SIZE, .default_count = 1000,              \
    .init = init_small_rec, .needs = needs_,                                   \
  }
static const wl_batch_spec batch_spec[] = {
    [BATCH_PER_ITEM] = BATCH_SPEC(WL_BATCH_ITEMS),
    [BATCH_SHARED] = BATCH_SPEC(WL_BATCH_BUF),
    [BATCH_RAW] = BATCH_SPEC(WL_BATCH_RAW),
};

#define BATCH_LOOPS(o)                                                         \
  WL_BATCH_KEEP(batch_per_item_##o, bebytes_bench_small, o)                    \
  WL_BATCH_SHARED(batch_shared_##o, bebytes_bench_small, o)                    \
  static int batch_raw_##o(wl_batch *st, uint64_t iters) {                     \
    for (uint64_t it = 0; it < iters; it++) {                                  \
      for (size_t i = 0; i < st->count; i++)                                   \
        bebytes_bench_small_encode_##o##_raw(                                  \
            WL_REC(bebytes_bench_small, st, i),                                \
            st->raw + i * bebytes_bench_small_SIZE);                           \
      bbd_do_not_optimize_ptr(st->raw);                                        \
    }                                                                          \
    return 0;                                                                  \
  }

BATCH_LOOPS(be)
BATCH_LOOPS(le)

static int batch_run(void *state, uint64_t iters, char *err, size_t errlen) {
  wl_batch *st = state;
  switch (st->variant) {
  case BATCH_PER_ITEM:
    return st->le ? batch_per_item_le(st, iters, err, errlen)
                  : batch_per_item_be(st, iters, err, errlen);
  case BATCH_SHARED:
    return st->le ? batch_shared_le(st, iters, err, errlen)
                  : batch_shared_be(st, iters, err, errlen);
  default:
    return st->le ? batch_raw_le(st, iters) : batch_raw_be(st, iters);
  }
}

/* Checks one encoded record against its input. */
static int batch_check(const wl_batch *st, size_t i, const uint8_t *p,
                       size_t len, char *err, size_t errlen) {
  const bebytes_bench_small *want = WL_REC(const bebytes_bench_small, st, i);
  bebytes_bench_small d;
  bebytes_error e = {0};
  size_t used = 0;
  memset(&d, 0, sizeof d);
  int rc = st->le ? bebytes_bench_small_decode_le(&d, p, len, &used, &e)
                  : bebytes_bench_small_decode_be(&d, p, len, &used, &e);
  if (rc != 0)
    return wl_fail(err, errlen, "batch decode", rc, &e);
  if (used != bebytes_bench_small_SIZE || d.header != want->header ||
      d.flags != want->flags || d.data != want->data) {
    snprintf(err, errlen, "batch record %zu does not round-trip", i);
    return -1;
  }
  return 0;
}

int ser_batch_verify(void *state, char *err, size_t errlen) {
  wl_batch *st = state;
  switch (st->variant) {
  case BATCH_SHARED:
    return wl_batch_verify_buf(st, batch_check, err, errlen);
  case BATCH_RAW:
    return wl_batch_verify_array(st, st->raw, batch_check, err, errlen);
  default: {
    /* The timed loop frees its buffers; produce one batch the same way
     * and check it before freeing. */
    int rc = 0;
    for (size_t i = 0; i < st->count && rc == 0; i++) {
      const bebytes_bench_small *rec = WL_REC(const bebytes_bench_small, st, i);
      bebytes_error e = {0};
      rc = st->le ? bebytes_bench_small_to_le_bytes(rec, &st->items[i],
                                                    &st->item_len[i], &e)
                  : bebytes_bench_small_to_be_bytes(rec, &st->items[i],
                                                    &st->item_len[i], &e);
      if (rc != 0)
        rc = wl_fail(err, errlen, "batch to_bytes", rc, &e);
      else
        rc = batch_check(st, i, st->items[i], st->item_len[i], err, errlen);
    }
    for (size_t i = 0; i < st->count; i++) {
      free(st->items[i]);
      st->items[i] = NULL;
    }
    return rc;
  }
  }
}

#define BATCH_DESC(var, nm, kind, what)                                        \
  static int var##_setup(const bbd_host_t *host, const bbd_args_t *args,       \
                         void **state, char *err, size_t errlen) {             \
    return wl_batch_setup(&batch_spec[kind], kind, host, args, state, err,     \
                          errlen);                                             \
  }                                                                            \
  WL_BENCHMARK(var, nm, what, 1000 * bebytes_bench_small_SIZE, 1000,           \
               ser_params_batch, var##_setup, batch_run, wl_batch_teardown)

BATCH_DESC(ser_batch_per_item, "batch/per_item_vec", BATCH_PER_ITEM,
           "1,000 Small records, one freshly allocated buffer each")
BATCH_DESC(ser_batch_shared, "batch/shared_buffer", BATCH_SHARED,
           "1,000 Small records appended to one shared reused buffer")
BATCH_DESC(ser_batch_raw, "batch/raw_array", BATCH_RAW,
           "1,000 Small records through the raw fixed path into one array")
