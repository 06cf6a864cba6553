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
 * distribution dist[0..b) (left unchanged). e->point is left alone. */
void bbd__ci_from_dist(const double *dist, size_t b, double conf,
                       bbd_estimate_t *e);

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
 * Bootstrap index streams: uniform indices below n (1 <= n < 2^32), made in
 * blocks by BBD__LANES interleaved xoshiro256** generators. One generator
 * is a serial chain of ~20 integer operations per 64-bit output and bounded
 * the old draw loop (~0.9 of its ~1.4 ns per draw); independent lanes let
 * the compiler run them side by side in vector registers. Lane l is the
 * seed's xoshiro256** stream advanced by l jumps of 2^128 (non-overlapping).
 * Each 64-bit output gives two 32-bit values (low half first), turned into
 * indices by Lemire's multiply-shift; a value whose low product word is
 * below (2^32 - n) mod n is skipped (rejection: exactly uniform). The
 * sequence depends only on (seed, n): no floating point, identical with or
 * without AVX2.
 */
#define BBD__LANES 8
#define BBD__IDX_BLOCK 512 /* indices per refill (2 x lanes x 32 steps) */

typedef struct bbd__idx_gen {
  uint64_t s[4][BBD__LANES]; /* word-major so each word is one vector */
  uint32_t n;
  uint32_t reject_below; /* (2^32 - n) mod n */
  size_t pos, len;       /* unread indices are buf[pos..len) */
  int avx2;              /* use the AVX2 code (set by bbd__idx_init) */
  uint32_t buf[BBD__IDX_BLOCK];
} bbd__idx_gen_t;

/* Seeds g for indices below n (1 <= n <= UINT32_MAX). */
void bbd__idx_init(bbd__idx_gen_t *g, uint64_t seed, uint32_t n);
/* Refills g->buf (called when it is empty); the _portable variant never
 * uses AVX2 (for tests: both must give the same stream). */
void bbd__idx_refill(bbd__idx_gen_t *g);
void bbd__idx_refill_portable(bbd__idx_gen_t *g);
/* Draws m indices and adds each to counts[] (the same stream as m
 * bbd__idx_next calls). */
void bbd__idx_count(bbd__idx_gen_t *g, uint32_t *counts, size_t m);

/* Up to `want` (>= 1) next indices: returns a pointer to *got >= 1 of them,
 * valid until the next call. */
static inline const uint32_t *bbd__idx_take(bbd__idx_gen_t *g, size_t want,
                                            size_t *got) {
  while (g->pos == g->len)
    bbd__idx_refill(g);
  size_t avail = g->len - g->pos;
  if (avail > want)
    avail = want;
  const uint32_t *p = g->buf + g->pos;
  g->pos += avail;
  *got = avail;
  return p;
}

/* One next index. */
static inline uint32_t bbd__idx_next(bbd__idx_gen_t *g) {
  while (g->pos == g->len)
    bbd__idx_refill(g);
  return g->buf[g->pos++];
}

/* Runs b resamples of d with indices from g (made for n = d->n). counts must
 * hold d->n zeroed uint32_t and is left zeroed. */
void bbd__boot_run(const bbd__boot_data_t *d, bbd__idx_gen_t *g, size_t b,
                   uint32_t *counts, const bbd__boot_out_t *out);

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
 * mean and the median (B = resamples, in resample order). */
int bbd__estimate(const bbd_stats_config_t *cfg, const uint64_t *iters,
                  const double *ns, size_t n, bbd_sample_estimates_t *out,
                  double **keep, char *err, size_t errlen);
