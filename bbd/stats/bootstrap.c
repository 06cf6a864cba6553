/*
 * The bootstrap engine shared by estimates and comparisons. Speed matters:
 * the default is 100,000 resamples per statistic and a suite analysis runs
 * several per benchmark, so a resample costs one pass of draws (running sums
 * for mean, SD and slope, a count per index) plus short walks over the
 * counts for the median and the MAD. No per-resample sort or allocation.
 */
#include "stats_internal.h"

#include <math.h>
#include <string.h>

/* The value at 0-based rank r of the resample described by counts[] over the
 * sorted v[], starting the walk from index *pos with *cum values before it.
 * Ranks must be requested in increasing order. */
static inline double rank_value(const double *v, const uint32_t *counts,
                                size_t *pos, size_t *cum, size_t r) {
  while (*cum + counts[*pos] <= r) {
    *cum += counts[*pos];
    (*pos)++;
  }
  return v[*pos];
}

/* Median of the absolute deviations from med of the resample: merge the
 * deviations to the right of the median (increasing) with those to its left
 * (increasing as the index goes down), stopping at the middle ranks. */
static double resample_mad(const double *v, const uint32_t *counts, size_t n,
                           size_t total, double med, size_t split) {
  /* split = first index with v >= med. */
  size_t r = split;
  size_t l = split; /* left candidate is l - 1 */
  size_t want_lo = (total - 1) / 2, want_hi = total / 2;
  size_t cum = 0;
  double lo_val = 0;
  for (;;) {
    while (r < n && counts[r] == 0)
      r++;
    while (l > 0 && counts[l - 1] == 0)
      l--;
    double dr = r < n ? v[r] - med : INFINITY;
    double dl = l > 0 ? med - v[l - 1] : INFINITY;
    double d;
    uint32_t c;
    if (dr <= dl) {
      d = dr;
      c = counts[r++];
    } else {
      d = dl;
      c = counts[--l];
    }
    if (cum <= want_lo && want_lo < cum + c)
      lo_val = d;
    if (want_hi < cum + c)
      return want_hi == want_lo ? d : (lo_val + d) / 2;
    cum += c;
  }
}

void bbd__boot_run(const bbd__boot_data_t *d, bbd_rng_t *rng, size_t b,
                   uint32_t *counts, const bbd__boot_out_t *out) {
  size_t n = d->n;
  uint32_t n32 = (uint32_t)n;
  int need_counts = out->median || out->mad;
  int need_sq = out->sd != NULL;
  int need_slope = out->slope && d->xy && d->xx;
  uint64_t spare = 0;
  int have = 0;
  double nd = (double)n;
  for (size_t k = 0; k < b; k++) {
    double s = 0, ss = 0, sxy = 0, sxx = 0;
    if (need_slope) {
      for (size_t j = 0; j < n; j++) {
        uint32_t i = bbd__draw(rng, n32, &spare, &have);
        double x = d->dv[i];
        s += x;
        ss += x * x;
        sxy += d->xy[i];
        sxx += d->xx[i];
        counts[i]++;
      }
    } else if (need_counts) {
      for (size_t j = 0; j < n; j++) {
        uint32_t i = bbd__draw(rng, n32, &spare, &have);
        double x = d->dv[i];
        s += x;
        ss += x * x;
        counts[i]++;
      }
    } else {
      for (size_t j = 0; j < n; j++) {
        uint32_t i = bbd__draw(rng, n32, &spare, &have);
        double x = d->dv[i];
        s += x;
        ss += x * x;
      }
    }
    double shift = d->v[0] - d->dv[0]; /* ref */
    double mean_d = s / nd;
    if (out->mean)
      out->mean[k] = mean_d + shift;
    if (need_sq) {
      double var = (ss - s * mean_d) / (nd - 1);
      out->sd[k] = var > 0 ? sqrt(var) : 0;
    }
    if (need_slope)
      out->slope[k] = sxy / sxx;
    if (need_counts) {
      size_t pos = 0, cum = 0;
      double m1 = rank_value(d->v, counts, &pos, &cum, (n - 1) / 2);
      double m2 = rank_value(d->v, counts, &pos, &cum, n / 2);
      double med = (n & 1) ? m1 : (m1 + m2) / 2;
      if (out->median)
        out->median[k] = med;
      if (out->mad) {
        /* First index with v >= med: the median lies at or right after the
         * lower middle element. */
        size_t split = pos;
        while (split > 0 && d->v[split - 1] >= med)
          split--;
        while (split < n && d->v[split] < med)
          split++;
        out->mad[k] =
            resample_mad(d->v, counts, n, n, med, split) * BBD__MAD_SCALE;
      }
      memset(counts, 0, n * sizeof *counts);
    }
  }
}

void bbd__median_mad_sorted(const double *v, size_t n, double *scratch,
                            double *median, double *mad) {
  double med = bbd_stats_quantile_sorted(v, n, 0.5);
  for (size_t i = 0; i < n; i++)
    scratch[i] = fabs(v[i] - med);
  *median = med;
  *mad = bbd__quantile_unsorted(scratch, n, 0.5) * BBD__MAD_SCALE;
}
