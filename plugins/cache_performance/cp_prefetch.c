/*
 * prefetch: gathering 64-byte records through a random index array, without
 * and with a software prefetch (__builtin_prefetch) issued `distance`
 * elements ahead.
 *
 * The index array is read sequentially (the hardware prefetcher covers it);
 * the records it points to are spread over a working set larger than the
 * caches, so each gather is a likely miss. The out-of-order core overlaps
 * only as many misses as its window holds; a prefetch far enough ahead
 * starts each miss early. The distance is tuned at setup (distance=0, the
 * default): each candidate is timed on a short pass and the fastest wins,
 * because the best distance depends on the machine's memory latency.
 */
#include "cp_benches.h"
#include "cp_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PF_MAX_DISTANCE 64u

typedef struct pf_state {
  unsigned char *recs; /* n records of 64 bytes; a u64 value at offset 0 */
  uint32_t *idx;       /* n + PF_MAX_DISTANCE indexes (tail repeats head) */
  size_t n;
  size_t pos;        /* where the next iteration resumes */
  uint64_t accesses; /* gathers per iteration */
  unsigned distance; /* prefetch distance, 0 = no prefetch */
  const bbd_host_t *host;
} pf_state_t;

/* One pass of `count` gathers starting at *pos; returns the folded values. */
static inline uint64_t pf_pass(pf_state_t *st, uint64_t count,
                               unsigned distance) {
  const unsigned char *recs = st->recs;
  const uint32_t *idx = st->idx;
  size_t pos = st->pos, n = st->n;
  uint64_t acc = 0;
  for (uint64_t k = 0; k < count; k++) {
    if (distance != 0)
      __builtin_prefetch(recs + (size_t)idx[pos + distance] * CP_LINE, 0, 0);
    uint64_t v;
    memcpy(&v, recs + (size_t)idx[pos] * CP_LINE, sizeof v);
    acc += v;
    if (++pos == n)
      pos = 0;
  }
  st->pos = pos;
  return acc;
}

uint64_t cp_prefetch_pass(void *state, uint64_t count, unsigned distance) {
  return pf_pass(state, count, distance);
}

/* Times each candidate distance on a short pass and returns the fastest. */
static unsigned pf_tune(pf_state_t *st) {
  static const unsigned candidates[] = {4, 8, 16, 32, 64};
  unsigned best = 16;
  uint64_t best_ns = UINT64_MAX;
  if (st->host->now_ns == NULL)
    return best;
  for (size_t c = 0; c < sizeof candidates / sizeof candidates[0]; c++) {
    /* The best of three short passes: the minimum is the least disturbed
     * by other work on a shared machine. */
    for (int rep = 0; rep < 3; rep++) {
      uint64_t t0 = st->host->now_ns(st->host);
      uint64_t acc = pf_pass(st, 16384, candidates[c]);
      bbd_do_not_optimize(acc);
      uint64_t dt = st->host->now_ns(st->host) - t0;
      if (dt < best_ns)
        best_ns = dt, best = candidates[c];
    }
  }
  return best;
}

static int pf_setup(const bbd_host_t *host, const bbd_args_t *args,
                    void **state, char *err, size_t errlen, int prefetch) {
  uint64_t bytes = (uint64_t)wl_arg_int(host, args, "bytes", 64 << 20);
  pf_state_t *st = calloc(1, sizeof *st);
  if (st == NULL)
    goto oom;
  st->host = host;
  st->n = bytes / CP_LINE;
  if (st->n < 2)
    st->n = 2;
  st->accesses = (uint64_t)wl_arg_int(host, args, "accesses", 4096);
  st->recs = cp_alloc_lines(st->n * CP_LINE);
  st->idx = malloc((st->n + PF_MAX_DISTANCE) * sizeof *st->idx);
  if (st->recs == NULL || st->idx == NULL)
    goto oom;
  for (size_t i = 0; i < st->n; i++) {
    uint64_t v = i;
    memcpy(st->recs + i * CP_LINE, &v, sizeof v);
    st->idx[i] = (uint32_t)i;
  }
  cp_shuffle_u32(host, st->idx, st->n);
  /* The tail repeats the head so idx[pos + distance] never reads past the
   * array when pos wraps. */
  for (size_t i = 0; i < PF_MAX_DISTANCE; i++)
    st->idx[st->n + i] = st->idx[i % st->n];
  if (prefetch) {
    st->distance = (unsigned)wl_arg_int(host, args, "distance", 0);
    if (st->distance == 0)
      st->distance = pf_tune(st);
    if (st->distance > PF_MAX_DISTANCE)
      st->distance = PF_MAX_DISTANCE;
    cp_metric(host, "distance", st->distance);
    if (host->log != NULL)
      host->log(host, BBD_LOG_INFO, "prefetch distance %u over %zu records",
                st->distance, st->n);
  }
  st->pos = 0;
  cp_metric(host, "working_set_bytes", (double)(st->n * CP_LINE));
  if (host->set_throughput != NULL)
    host->set_throughput(host, st->accesses * CP_LINE, st->accesses);
  *state = st;
  return 0;
oom:
  if (st != NULL) {
    free(st->recs);
    free(st->idx);
    free(st);
  }
  snprintf(err, errlen, "out of memory for a %llu-byte working set",
           (unsigned long long)bytes);
  return -1;
}

static int pf_run(void *state, uint64_t iters, char *err, size_t errlen) {
  pf_state_t *st = state;
  if (st->distance == 0) {
    for (uint64_t it = 0; it < iters; it++) {
      uint64_t acc = pf_pass(st, st->accesses, 0);
      bbd_do_not_optimize(acc);
    }
  } else {
    for (uint64_t it = 0; it < iters; it++) {
      uint64_t acc = pf_pass(st, st->accesses, st->distance);
      bbd_do_not_optimize(acc);
    }
  }
  return 0;
}

static void pf_teardown(void *state) {
  pf_state_t *st = state;
  if (st == NULL)
    return;
  free(st->recs);
  free(st->idx);
  free(st);
}

static int pf_setup_none(const bbd_host_t *host, const bbd_args_t *args,
                         void **state, char *err, size_t errlen) {
  return pf_setup(host, args, state, err, errlen, 0);
}

static int pf_setup_with(const bbd_host_t *host, const bbd_args_t *args,
                         void **state, char *err, size_t errlen) {
  return pf_setup(host, args, state, err, errlen, 1);
}

static const bbd_param_t pf_none_params[] = {
    {"bytes", BBD_PARAM_INT, "67108864", "working-set size in bytes", 4096,
     4ll << 30, NULL},
    {"accesses", BBD_PARAM_INT, "4096", "gathers per iteration", 1, 1 << 24,
     NULL},
    {NULL, 0, NULL, NULL, 0, 0, NULL},
};

static const bbd_param_t pf_with_params[] = {
    {"bytes", BBD_PARAM_INT, "67108864", "working-set size in bytes", 4096,
     4ll << 30, NULL},
    {"accesses", BBD_PARAM_INT, "4096", "gathers per iteration", 1, 1 << 24,
     NULL},
    {"distance", BBD_PARAM_INT, "0",
     "prefetch distance in elements; 0 = tuned at setup", 0, PF_MAX_DISTANCE,
     NULL},
    {NULL, 0, NULL, NULL, 0, 0, NULL},
};

const bbd_benchmark_t cp_prefetch_none = {
    .size = sizeof(bbd_benchmark_t),
    .name = "prefetch/no_prefetch",
    .summary = "gather 64-byte records through a random index, no prefetch",
    .bytes_per_iter = 4096 * CP_LINE,
    .elements_per_iter = 4096,
    .params = pf_none_params,
    .setup = pf_setup_none,
    .run = pf_run,
    .teardown = pf_teardown,
};

const bbd_benchmark_t cp_prefetch_with = {
    .size = sizeof(bbd_benchmark_t),
    .name = "prefetch/with_prefetch",
    .summary = "gather 64-byte records through a random index, with "
               "__builtin_prefetch at a tuned distance",
    .bytes_per_iter = 4096 * CP_LINE,
    .elements_per_iter = 4096,
    .params = pf_with_params,
    .setup = pf_setup_with,
    .run = pf_run,
    .teardown = pf_teardown,
};
