/*
 * The measurement loop of one benchmark: warm-up by doubling, the sample
 * plan (Criterion's linear d, 2d, ..., Nd or flat), and one timed batch with
 * counter snapshots and allocation tracking around it.
 */
#ifndef BBD_WORKER_MEASURE_H
#define BBD_WORKER_MEASURE_H

#include "alloc.h"
#include "clock.h"
#include "counters.h"

#include <bbd/plugin.h>
#include <stdint.h>

/* Upper bound of one batch's iteration count (keeps products in range). */
#define BBD_WK_ITERS_MAX (UINT64_C(1) << 40)
#define BBD_WK_SAMPLES_MAX 10000u

typedef struct bbd_wk_mconf {
  double warmup_s;
  double measure_s;
  uint32_t samples;
  int flat;
} bbd_wk_mconf_t;

typedef struct bbd_wk_runner {
  const bbd_benchmark_t *b;
  void *state;
  bbd_wk_counters_t *ctrs; /* may hold no counters */
  bbd_wk_alloc_t *alloc;
  bbd_wk_clock_t clk;
  /* Called between batches for progress events; may be NULL. */
  void (*progress)(void *arg, const char *phase, uint32_t k, uint32_t n);
  void *progress_arg;
  char err[512]; /* "prepare: ..." / "run: ..." after a failure */
} bbd_wk_runner_t;

/* Measured samples; counter values are NaN where null. */
typedef struct bbd_wk_samples {
  uint32_t n, cap;
  size_t nctr;
  uint64_t *iters, *ns;
  double *ctr; /* [cap][BBD_WK_COUNTER_MAX] scaled deltas */
  double *cov; /* [cap][BBD_WK_COUNTER_MAX] coverage */
  bbd_wk_alloc_delta_t *alloc;
} bbd_wk_samples_t;

int bbd_wk_samples_init(bbd_wk_samples_t *s, uint32_t cap, size_t nctr);
void bbd_wk_samples_free(bbd_wk_samples_t *s);

/* One batch of `iters`: prepare (untimed), counters, clock, run, clock,
 * counters. Appends a sample when `s` is not NULL. 0 or BBD_EPLUGIN. */
int bbd_wk_batch(bbd_wk_runner_t *r, uint64_t iters, uint64_t *ns,
                 bbd_wk_samples_t *s);

/* Doubling warm-up until `seconds` of wall time passed. */
int bbd_wk_warmup(bbd_wk_runner_t *r, double seconds, uint64_t *iters,
                  uint64_t *ns);

/*
 * Iteration counts of the N samples (out[n]) from the warm-up estimate.
 * Like Criterion's automatic mode, linear sampling falls back to flat when
 * even d = 1 (1, 2, ..., N iterations) would take more than twice the
 * measurement time. Returns 1 if the plan is flat, else 0.
 */
int bbd_wk_plan(double ns_per_iter, const bbd_wk_mconf_t *c, uint64_t *out);

/* The samples of the plan, appended to s. */
int bbd_wk_measure(bbd_wk_runner_t *r, const uint64_t *plan, uint32_t n,
                   bbd_wk_samples_t *s);

#endif
