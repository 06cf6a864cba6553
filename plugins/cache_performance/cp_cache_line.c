/*
 * cache_line: records of one cache line (64 B) against records of two
 * (128 B), visited in array order or in a real random permutation.
 *
 * The records are the old suite's CacheFriendlyStruct (u8[60] + u32
 * checksum) and CacheUnfriendlyStruct (u8[124] + u32 checksum), stored
 * line-aligned in their encoded big-endian form. Each visit decodes the
 * checksum and folds every 8-byte word of the record, so a visit touches
 * exactly the lines of one record. Sequential order lets the hardware
 * prefetcher stream lines in; random order pays one (64 B) or two (128 B)
 * misses per record once the array outgrows a cache level (raise `count`).
 */
#include "cp_benches.h"
#include "cp_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct cl_state {
  unsigned char *records; /* count records of `size` bytes, line-aligned */
  uint32_t *order;        /* visiting order */
  size_t count;
  size_t size;
} cl_state_t;

uint64_t cp_cl_visit(const unsigned char *rec, size_t size) {
  uint64_t acc = 0;
  /* The checksum is the record's last 4 bytes, big-endian. */
  const unsigned char *c = rec + size - 4;
  uint32_t checksum = (uint32_t)c[0] << 24 | (uint32_t)c[1] << 16 |
                      (uint32_t)c[2] << 8 | (uint32_t)c[3];
  for (size_t off = 0; off + 8 <= size; off += 8) {
    uint64_t w;
    memcpy(&w, rec + off, 8);
    acc = (acc ^ w) * 0x100000001b3ull;
  }
  return acc + checksum;
}

static int cl_setup(const bbd_host_t *host, const bbd_args_t *args,
                    void **state, char *err, size_t errlen, size_t size,
                    int random) {
  int64_t count = cp_arg_int(host, args, "count", 1000);
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
    unsigned char *r = st->records + i * size;
    memset(r, (int)(i & 0xff), size - 4); /* data = [i as u8; N] */
    r[size - 4] = (unsigned char)(i >> 24);
    r[size - 3] = (unsigned char)(i >> 16);
    r[size - 2] = (unsigned char)(i >> 8);
    r[size - 1] = (unsigned char)i;
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
  cl_state_t *st = state;
  for (uint64_t it = 0; it < iters; it++) {
    uint64_t acc = 0;
    for (size_t i = 0; i < st->count; i++)
      acc +=
          cp_cl_visit(st->records + (size_t)st->order[i] * st->size, st->size);
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
