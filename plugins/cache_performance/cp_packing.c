/*
 * packing: the same records stored bit-packed or naturally padded.
 *
 * The record is the old suite's BitFieldStruct (version:4, flags:4,
 * type_field:8, length:16, payload:u32). bit_field_packed keeps `count`
 * records in their 8-byte big-endian wire form and decodes each with
 * libbebytes (shifts and masks) to use its fields; naturally_padded keeps
 * the decoded C structs (one naturally aligned member per field, 12 bytes
 * with padding) and reads the members directly. Both sum the same fields.
 */
#include "cp_benches.h"
#include "cp_util.h"

#include <bebytes/bench_structs.h>

#include <stdio.h>
#include <stdlib.h>

typedef struct pk_state {
  uint8_t *wire;                 /* packed: count * 8 bytes */
  bebytes_bench_bitfield8 *recs; /* padded: count structs */
  size_t count;
} pk_state_t;

static void pk_teardown(void *state) {
  pk_state_t *st = state;
  if (st == NULL)
    return;
  free(st->wire);
  free(st->recs);
  free(st);
}

static int pk_setup(const bbd_host_t *host, const bbd_args_t *args,
                    void **state, char *err, size_t errlen, int packed) {
  pk_state_t *st = calloc(1, sizeof *st);
  if (st == NULL)
    goto oom;
  st->count = (size_t)wl_arg_int(host, args, "count", 1000);
  if (packed)
    st->wire = cp_alloc_lines(st->count * bebytes_bench_bitfield8_SIZE);
  else
    st->recs = cp_alloc_lines(st->count * sizeof *st->recs);
  if (st->wire == NULL && st->recs == NULL)
    goto oom;
  for (size_t i = 0; i < st->count; i++) {
    /* The old suite's values {i%16, i%16, i%256, i%65536, i}. */
    bebytes_bench_bitfield8 v = {(uint8_t)(i % 16), (uint8_t)(i % 16),
                                 (uint8_t)(i % 256), (uint16_t)(i % 65536),
                                 (uint32_t)i};
    if (packed)
      bebytes_bench_bitfield8_encode_be_raw(
          &v, st->wire + i * bebytes_bench_bitfield8_SIZE);
    else
      st->recs[i] = v;
  }
  if (host->set_throughput != NULL)
    host->set_throughput(host,
                         st->count * (packed ? bebytes_bench_bitfield8_SIZE
                                             : sizeof(bebytes_bench_bitfield8)),
                         st->count);
  *state = st;
  return 0;
oom:
  pk_teardown(st);
  snprintf(err, errlen, "out of memory");
  return -1;
}

static inline uint64_t pk_fields(const bebytes_bench_bitfield8 *v) {
  return (uint64_t)v->version + v->flags + v->type_field + v->length +
         v->payload;
}

uint64_t cp_packing_sum(const void *state) {
  const pk_state_t *st = state;
  uint64_t acc = 0;
  if (st->wire != NULL) {
    for (size_t i = 0; i < st->count; i++) {
      bebytes_bench_bitfield8 v = {0, 0, 0, 0, 0};
      size_t used;
      if (bebytes_bench_bitfield8_decode_be(
              &v, st->wire + i * bebytes_bench_bitfield8_SIZE,
              bebytes_bench_bitfield8_SIZE, &used, NULL) != 0)
        return UINT64_MAX;
      acc += pk_fields(&v);
    }
  } else {
    for (size_t i = 0; i < st->count; i++)
      acc += pk_fields(&st->recs[i]);
  }
  return acc;
}

static int pk_run(void *state, uint64_t iters, char *err, size_t errlen) {
  for (uint64_t it = 0; it < iters; it++) {
    uint64_t acc = cp_packing_sum(state);
    if (acc == UINT64_MAX) {
      snprintf(err, errlen, "a packed record failed to decode");
      return -1;
    }
    bbd_do_not_optimize(acc);
  }
  return 0;
}

static int pk_setup_packed(const bbd_host_t *host, const bbd_args_t *args,
                           void **state, char *err, size_t errlen) {
  return pk_setup(host, args, state, err, errlen, 1);
}

static int pk_setup_padded(const bbd_host_t *host, const bbd_args_t *args,
                           void **state, char *err, size_t errlen) {
  return pk_setup(host, args, state, err, errlen, 0);
}

static const bbd_param_t pk_params[] = {
    {"count", BBD_PARAM_INT, "1000", "records per iteration", 1, 1 << 24, NULL},
    {NULL, 0, NULL, NULL, 0, 0, NULL},
};

const bbd_benchmark_t cp_packing_bit_packed = {
    .size = sizeof(bbd_benchmark_t),
    .name = "packing/bit_field_packed",
    .summary = "sum the fields of 8-byte bit-packed records, decoded with "
               "libbebytes",
    .bytes_per_iter = 1000 * bebytes_bench_bitfield8_SIZE,
    .elements_per_iter = 1000,
    .params = pk_params,
    .setup = pk_setup_packed,
    .run = pk_run,
    .teardown = pk_teardown,
};

const bbd_benchmark_t cp_packing_naturally_padded = {
    .size = sizeof(bbd_benchmark_t),
    .name = "packing/naturally_padded",
    .summary = "sum the fields of the same records as naturally aligned C "
               "structs (12 bytes with padding)",
    .bytes_per_iter = 1000 * sizeof(bebytes_bench_bitfield8),
    .elements_per_iter = 1000,
    .params = pk_params,
    .setup = pk_setup_padded,
    .run = pk_run,
    .teardown = pk_teardown,
};
