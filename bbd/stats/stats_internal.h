/* Helpers shared by the files of bbd/stats (not part of the public API). */
#ifndef BBD_STATS_INTERNAL_H
#define BBD_STATS_INTERNAL_H

#include <stddef.h>

#include "err.h"
#include "stats.h"

/* Resolves zero fields of cfg to the defaults into *out, then checks it. */
int bbd__stats_cfg(const bbd_stats_config_t *cfg, bbd_stats_config_t *out,
                   char *err, size_t errlen);

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

/* A uniform index below n (n < 2^32) drawn with 32 bits of a 64-bit output;
 * the other half is kept in *spare / *have for the next call. Unbiased. */
static inline uint32_t bbd__draw(bbd_rng_t *r, uint32_t n, uint64_t *spare,
                                 int *have) {
  for (;;) {
    uint32_t x;
    if (*have) {
      x = (uint32_t)(*spare >> 32);
      *have = 0;
    } else {
      *spare = bbd_rng_next(r);
      x = (uint32_t)*spare;
      *have = 1;
    }
    uint64_t m = (uint64_t)x * n;
    uint32_t l = (uint32_t)m;
    if (l >= n || l >= (uint32_t)(0u - n) % n)
      return (uint32_t)(m >> 32);
  }
}

/* Point median and scaled MAD of sorted v[0..n). scratch holds n doubles. */
void bbd__median_mad_sorted(const double *v, size_t n, double *scratch,
                            double *median, double *mad);

#define BBD__MAD_SCALE 1.4826
