/* Helpers shared by the files of bbd/stats (not part of the public API). */
#ifndef BBD_STATS_INTERNAL_H
#define BBD_STATS_INTERNAL_H

#include <stddef.h>

#include "err.h"
#include "stats.h"

/* Resolves zero fields of cfg to the defaults into *out, then checks it. */
int bbd__stats_cfg(const bbd_stats_config_t *cfg, bbd_stats_config_t *out,
                   char *err, size_t errlen);

/* BBD_ETOOBIG when n samples x resamples exceeds BBD_STATS_MAX_DRAWS. */
int bbd__check_work(size_t n, uint32_t resamples, char *err, size_t errlen);

/* In-place ascending sort of doubles (no NaN). */
void bbd__sort(double *x, size_t n);

/* The k-th smallest (0-based) of x[0..n), partially reordering x. */
double bbd__select(double *x, size_t n, size_t k);

/* Linear-interpolation quantile q of unsorted x[0..n) (reorders x), the same
 * value bbd_stats_quantile_sorted gives after a sort, in O(n). */
double bbd__quantile_unsorted(double *x, size_t n, double q);

/* Fills e->lo/hi (percentile CI at conf) and e->se from the bootstrap
 * distribution dist[0..b) (reordered). e->point is left alone. */
void bbd__ci_from_dist(double *dist, size_t b, double conf, bbd_estimate_t *e);

/* Mean and sample SD of x[0..n). */
void bbd__mean_sd(const double *x, size_t n, double *mean, double *sd);

/* Minimum detectable change from a CI [lo, hi] at confidence conf. */
double bbd__mde(double lo, double hi, double conf, double alpha, double power);

#endif

/* ------------------------------------------------------------ bootstrap */

/*
 * A data set prepared for fast resampling. v[] is sorted ascending, so a
 * resample is fully described by how often each index was drawn (counts[]):
 * the median and the MAD of a resample are then read by walking the counts
 * in O(n), without sorting anything. dv[] = v[] - ref keeps the running sums
 * of squares well conditioned. xy[]/xx[] (optional, same order) give the
 * through-origin slope of (iterations, total time) pairs.
 */
typedef struct bbd__boot_data {
  size_t n;
  const double *v;
  const double *dv;
  const double *xy;
  const double *xx;
  double mad_guess; /* unscaled MAD of v[], the MAD search's start */
} bbd__boot_data_t;

/* Outputs, one slot per resample; a NULL array skips that statistic (the MAD
 * needs the median). */
typedef struct bbd__boot_out {
  double *slope;
  double *mean;
  double *median;
  double *sd;
  double *mad;
} bbd__boot_out_t;

/* Runs b resamples of d with rng. counts must hold d->n zeroed uint32_t and
 * is left zeroed. */
void bbd__boot_run(const bbd__boot_data_t *d, bbd_rng_t *rng, size_t b,
                   uint32_t *counts, const bbd__boot_out_t *out);

/* bbd_rng_next, inlined: the bootstrap loops call it ~10^7 times and an
 * out-of-line call forces the running sums to be spilled around it. */
static inline uint64_t bbd__rng_next(bbd_rng_t *r) {
  uint64_t *s = r->s;
  uint64_t x = s[1] * 5;
  uint64_t result = ((x << 7) | (x >> 57)) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = (s[3] << 45) | (s[3] >> 19);
  return result;
}

/*
 * Uniform indices below n (1 <= n < 2^32) from 32-bit halves of 64-bit
 * outputs, by Lemire's multiply-shift with rejection (unbiased). The
 * rejection bound (2^32 - n) mod n is computed once per sampler, not per
 * draw. (16-bit chunks, four draws per output, measured no faster: the
 * loads and count increments dominate, not the generator.)
 */
typedef struct bbd__sampler {
  bbd_rng_t *rng;
  uint32_t n;
  uint32_t reject_below; /* (2^32 - n) mod n */
  uint64_t spare;
  int have;
} bbd__sampler_t;

static inline void bbd__sampler_init(bbd__sampler_t *s, bbd_rng_t *rng,
                                     uint32_t n) {
  s->rng = rng;
  s->n = n;
  s->reject_below = (uint32_t)(0u - n) % n;
  s->spare = 0;
  s->have = 0;
}

static inline uint32_t bbd__draw(bbd__sampler_t *s) {
  for (;;) {
    uint32_t x;
    if (s->have) {
      x = (uint32_t)(s->spare >> 32);
      s->have = 0;
    } else {
      s->spare = bbd__rng_next(s->rng);
      x = (uint32_t)s->spare;
      s->have = 1;
    }
    uint64_t m = (uint64_t)x * s->n;
    if ((uint32_t)m >= s->reject_below)
      return (uint32_t)(m >> 32);
  }
}

/* Two indices from one generator output, for loops that draw in pairs:
 * no spare-half bookkeeping (10% faster per draw, measured); a rejected
 * half (probability < n / 2^32) is redrawn through bbd__draw. */
static inline void bbd__draw2(bbd__sampler_t *s, uint32_t *i0, uint32_t *i1) {
  uint64_t r = bbd__rng_next(s->rng);
  uint64_t m0 = (r & 0xffffffffu) * s->n, m1 = (r >> 32) * s->n;
  *i0 = (uint32_t)(m0 >> 32);
  *i1 = (uint32_t)(m1 >> 32);
  if (__builtin_expect((uint32_t)m0 < s->reject_below, 0))
    *i0 = bbd__draw(s);
  if (__builtin_expect((uint32_t)m1 < s->reject_below, 0))
    *i1 = bbd__draw(s);
}

/* Point median and scaled MAD of sorted v[0..n). scratch holds n doubles. */
void bbd__median_mad_sorted(const double *v, size_t n, double *scratch,
                            double *median, double *mad);

#define BBD__MAD_SCALE 1.4826

/* bbd_stats_compare with the candidate's bootstrap distributions of the mean
 * and the median supplied (cfg->resamples each, from the stream cfg->seed),
 * or NULL to compute them. */
int bbd__compare(const bbd_stats_config_t *cfg, const double *a, size_t na,
                 const double *b, size_t nb, const double *b_mean_dist,
                 const double *b_median_dist, bbd_comparison_t *out, char *err,
                 size_t errlen);

/* bbd_stats_estimate; when keep is not NULL, *keep receives a malloc'ed
 * block whose [B, 2B) and [2B, 3B) hold the bootstrap distributions of the
 * mean and the median (B = resamples, unsorted, in resample order). */
int bbd__estimate(const bbd_stats_config_t *cfg, const uint64_t *iters,
                  const double *ns, size_t n, bbd_sample_estimates_t *out,
                  double **keep, char *err, size_t errlen);
