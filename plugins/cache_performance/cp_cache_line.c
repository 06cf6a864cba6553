/*
 * cache_line: records of one cache line (64 B) against records of two
 * (128 B), visited in array order or in a real random permutation.
 *
 * The records are the old suite's CacheFriendlyStruct (u8[60] + u32
 * checksum) and CacheUnfriendlyStruct (u8[124] + u32 checksum), declared in
 * libbebytes and stored line-aligned in their encoded big-endian form. Each
 * visit decodes one record with libbebytes, so it touches exactly the lines
 * of that record. Sequential order lets the hardware
 * prefetcher stream lines in; random order pays one (64 B) or two (128 B)
 * misses per record once the array outgrows a cache level (raise `count`).
 */
#include "cp_benches.h"
#include "cp_util.h"

#include <bebytes/bench_structs.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct cl_state {
  uint8_t *records; /* count encoded records of `size` bytes, aligned */
  uint32_t *order;  /* visiting order */
  size_t count;
  size_t size;
} cl_state_t;

/* Decodes every record in the state's order and returns the sum of the
 * checksums. The decoded struct is made observable, so the decoder copies
 * every byte of the record: a visit touches exactly the record's lines. */
#define CL_DECODE_ALL(T)                                                       \
  static uint64_t cl_decode_all_##T(const cl_state_t *st) {                    \
    uint64_t acc = 0;                                                          \
    for (size_t i = 0; i < st->count; i++) {                                   \
      T d;                                                                     \
      size_t used;                                                             \
      const uint8_t *rec = st->records + (size_t)st->order[i] * st->size;      \
      if (T##_decode_be(&d, rec, T##_SIZE, &used, NULL) != 0)                  \
        return UINT64_MAX;                                                     \
      bbd_do_not_optimize_ptr(&d);                                             \
      acc += d.checksum;                                                       \
    }                                                                          \
    return acc;                                                                \
  }
CL_DECODE_ALL(bebytes_bench_cache_friendly)
CL_DECODE_ALL(bebytes_bench_cache_unfriendly)

uint64_t cp_cl_checksum_sum(const void *state) {
  const cl_state_t *st = state;
  return st->size == bebytes_bench_cache_friendly_SIZE
             ? cl_decode_all_bebytes_bench_cache_friendly(st)
             : cl_decode_all_bebytes_bench_cache_unfriendly(st);
}

static int cl_setup(const bbd_host_t *host, const bbd_args_t *args,
                    void **state, char *err, size_t errlen, size_t size,
                    int random) {
  int64_t count = wl_arg_int(host, args, "count", 1000);
  cl_state_t *st = calloc(1, sizeof *st);
  if (st == NULL)
    goto oom;
  st->count = (size_t)count;
  st->size = size;
  st->records = cp_alloc_lines(st->count * size);
  st->order = malloc(st->count * sizeof *st->order);
  if (st->records == NULL || st->order == NULL)
    goto oom;
  for (size_t i = 0; i < st->count; i++) {
    /* The old suite's data = [i as u8; N], checksum = i, big-endian. */
    uint8_t *r = st->records + i * size;
    if (size == bebytes_bench_cache_friendly_SIZE) {
      bebytes_bench_cache_friendly v;
      memset(v.data, (int)(i & 0xff), sizeof v.data);
      v.checksum = (uint32_t)i;
      bebytes_bench_cache_friendly_encode_be_raw(&v, r);
    } else {
      bebytes_bench_cache_unfriendly v;
      memset(v.data, (int)(i & 0xff), sizeof v.data);
      v.checksum = (uint32_t)i;
      bebytes_bench_cache_unfriendly_encode_be_raw(&v, r);
    }
    st->order[i] = (uint32_t)i;
  }
  if (random)
    cp_shuffle_u32(host, st->order, st->count);
  if (host->set_throughput != NULL)
    host->set_throughput(host, st->count * size, st->count);
  *state = st;
  return 0;
oom:
  if (st != NULL) {
    free(st->records);
    free(st->order);
    free(st);
  }
  snprintf(err, errlen, "out of memory for %lld records", (long long)count);
  return -1;
}

static int cl_run(void *state, uint64_t iters, char *err, size_t errlen) {
  for (uint64_t it = 0; it < iters; it++) {
    uint64_t acc = cp_cl_checksum_sum(state);
    if (acc == UINT64_MAX) {
      snprintf(err, errlen, "a record failed to decode");
      return -1;
    }
    bbd_do_not_optimize(acc);
  }
  return 0;
}

static void cl_teardown(void *state) {
  cl_state_t *st = state;
  if (st == NULL)
    return;
  free(st->records);
  free(st->order);
  free(st);
}

static const bbd_param_t cl_params[] = {
    {"count", BBD_PARAM_INT, "1000", "records per iteration", 1, 1 << 24, NULL},
    {NULL, 0, NULL, NULL, 0, 0, NULL},
};

#define CL_BENCH(id, recsize, random, what)                                    \
  static int cl_setup_##id(const bbd_host_t *host, const bbd_args_t *args,     \
                           void **state, char *err, size_t errlen) {           \
    return cl_setup(host, args, state, err, errlen, recsize, random);          \
  }                                                                            \
  const bbd_benchmark_t cp_cl_##id = {                                         \
      .size = sizeof(bbd_benchmark_t),                                         \
      .name = "cache_line/" #id,                                               \
      .summary = what,                                                         \
      .bytes_per_iter = 1000 * (recsize),                                      \
      .elements_per_iter = 1000,                                               \
      .params = cl_params,                                                     \
      .setup = cl_setup_##id,                                                  \
      .run = cl_run,                                                           \
      .teardown = cl_teardown,                                                 \
  };

CL_BENCH(cache_friendly_sequential, 64, 0,
         "64-byte records (one cache line each) in array order")
CL_BENCH(cache_unfriendly_sequential, 128, 0,
         "128-byte records (two cache lines each) in array order")
CL_BENCH(cache_friendly_random, 64, 1,
         "64-byte records in a random permutation")
CL_BENCH(cache_unfriendly_random, 128, 1,
         "128-byte records in a random permutation")
