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

/* First index i in sorted v[0..n) with v[i] >= x (or > x when strict). */
static inline size_t bound(const double *v, size_t n, double x, int strict) {
  size_t lo = 0, len = n;
  while (len > 0) {
    size_t half = len / 2;
    int go = strict ? v[lo + half] <= x : v[lo + half] < x;
    lo = go ? lo + half + 1 : lo;
    len = go ? len - half - 1 : half;
  }
  return lo;
}

/*
 * Median of the absolute deviations from med of the resample (unscaled).
 * The set {i : |v_i - med| <= g} is a contiguous window of the sorted v, so
 * starting from a window around a good guess g (the MAD of the original
 * data, which a resample's MAD is close to), the answer is a few steps away:
 * shrink the window from its farther end while it holds more than the wanted
 * rank, or grow it at its nearer side while it holds fewer. This replaced a
 * merge walk from the median outwards that cost 3x more.
 */
static double resample_mad(const double *v, const uint32_t *counts, size_t n,
                           double med, double g) {
  size_t want_lo = (n - 1) / 2, want_hi = n / 2;
  size_t L = bound(v, n, med - g, 0), R = bound(v, n, med + g, 1);
  if (R < L)
    R = L;
  size_t f = 0;
  for (size_t i = L; i < R; i++)
    f += counts[i];
  double dlo;
  if (f > want_lo) {
    for (;;) {
      while (counts[L] == 0)
        L++;
      while (counts[R - 1] == 0)
        R--;
      double dl = med - v[L], dr = v[R - 1] - med;
      int left = dl >= dr;
      size_t e = left ? L : R - 1;
      if (f - counts[e] > want_lo) {
        f -= counts[e];
        if (left)
          L++;
        else
          R--;
      } else {
        dlo = left ? dl : dr;
        break;
      }
    }
  } else {
    for (;;) {
      while (L > 0 && counts[L - 1] == 0)
        L--;
      while (R < n && counts[R] == 0)
        R++;
      double dl = L > 0 ? med - v[L - 1] : INFINITY;
      double dr = R < n ? v[R] - med : INFINITY;
      size_t e = dl <= dr ? --L : R++;
      f += counts[e];
      if (f > want_lo) {
        dlo = dl <= dr ? dl : dr;
        break;
      }
    }
  }
  if (want_hi == want_lo || f > want_hi)
    return dlo;
  /* Even n and the lower middle rank ends the window: the upper middle is
   * the next deviation outside it. */
  while (L > 0 && counts[L - 1] == 0)
    L--;
  while (R < n && counts[R] == 0)
    R++;
  double dl = L > 0 ? med - v[L - 1] : INFINITY;
  double dr = R < n ? v[R] - med : INFINITY;
  return (dlo + (dl <= dr ? dl : dr)) / 2;
}

void bbd__boot_run(const bbd__boot_data_t *d, bbd_rng_t *rng, size_t b,
                   uint32_t *counts, const bbd__boot_out_t *out) {
  size_t n = d->n;
  bbd__sampler_t smp;
  bbd__sampler_init(&smp, rng, (uint32_t)n);
  int need_counts = out->median || out->mad;
  int need_sq = out->sd != NULL;
  int need_slope = out->slope && d->xy && d->xx;
  double nd = (double)n;
  /* Two independent accumulators per sum halve the floating-point add
   * latency chain that otherwise bounds the draw loop. */
  size_t half = n / 2;
  int odd = (int)(n & 1);
  size_t mid = (n - 1) / 2;
  for (size_t k = 0; k < b; k++) {
    double s0 = 0, s1 = 0, q0 = 0, q1 = 0, xy0 = 0, xy1 = 0, xx0 = 0, xx1 = 0;
    if (need_slope) {
      for (size_t j = 0; j < half; j++) {
        uint32_t i0, i1;
        bbd__draw2(&smp, &i0, &i1);
        double x0 = d->dv[i0], x1 = d->dv[i1];
        s0 += x0;
        s1 += x1;
        q0 += x0 * x0;
        q1 += x1 * x1;
        xy0 += d->xy[i0];
        xy1 += d->xy[i1];
        xx0 += d->xx[i0];
        xx1 += d->xx[i1];
        counts[i0]++;
        counts[i1]++;
      }
      if (odd) {
        uint32_t i0 = bbd__draw(&smp);
        double x0 = d->dv[i0];
        s0 += x0;
        q0 += x0 * x0;
        xy0 += d->xy[i0];
        xx0 += d->xx[i0];
        counts[i0]++;
      }
    } else {
      for (size_t j = 0; j < half; j++) {
        uint32_t i0, i1;
        bbd__draw2(&smp, &i0, &i1);
        double x0 = d->dv[i0], x1 = d->dv[i1];
        s0 += x0;
        s1 += x1;
        q0 += x0 * x0;
        q1 += x1 * x1;
        if (need_counts) {
          counts[i0]++;
          counts[i1]++;
        }
      }
      if (odd) {
        uint32_t i0 = bbd__draw(&smp);
        double x0 = d->dv[i0];
        s0 += x0;
        q0 += x0 * x0;
        if (need_counts)
          counts[i0]++;
      }
    }
    double s = s0 + s1, ss = q0 + q1, sxy = xy0 + xy1, sxx = xx0 + xx1;
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
      /* Start the rank walk at the original median's index: a resample's
       * median is near it, so only a few counts are walked one by one. */
      size_t pos = mid, cum = 0;
      for (size_t i = 0; i < mid; i++)
        cum += counts[i];
      while (cum > mid) {
        pos--;
        cum -= counts[pos];
      }
      double m1 = rank_value(d->v, counts, &pos, &cum, (n - 1) / 2);
      double m2 = rank_value(d->v, counts, &pos, &cum, n / 2);
      double med = (n & 1) ? m1 : (m1 + m2) / 2;
      if (out->median)
        out->median[k] = med;
      if (out->mad)
        out->mad[k] =
            resample_mad(d->v, counts, n, med, d->mad_guess) * BBD__MAD_SCALE;
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
