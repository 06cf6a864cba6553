/*
 * Numerical building blocks: order statistics, quantiles, the normal and
 * Student t distributions and the Binomial(n, 1/2) CDF. Written here rather
 * than taken from a library because Debian has no small, kept C statistics
 * library that bbd could depend on (GSL is GPL; the daemon is not).
 */
#include "stats_internal.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- sorting */

static int cmp_double(const void *pa, const void *pb) {
  double a = *(const double *)pa, b = *(const double *)pb;
  return (a > b) - (a < b);
}

void bbd__sort(double *x, size_t n) {
  if (n > 1)
    qsort(x, n, sizeof *x, cmp_double);
}

double bbd__select(double *x, size_t n, size_t k) {
  /* Quickselect with Hoare partitioning around a median-of-three pivot
   * moved to the front: O(n) expected, and the pivot choice keeps sorted or
   * constant inputs (common for bootstrap distributions of medians) from
   * going quadratic. With the pivot at x[lo], Hoare's scheme returns
   * lo <= j < hi, so both parts shrink. */
  size_t lo = 0, hi = n - 1;
  while (hi > lo) {
    size_t mid = lo + (hi - lo) / 2;
    if (x[mid] < x[lo]) {
      double t = x[mid];
      x[mid] = x[lo];
      x[lo] = t;
    }
    if (x[hi] < x[lo]) {
      double t = x[hi];
      x[hi] = x[lo];
      x[lo] = t;
    }
    if (x[hi] < x[mid]) {
      double t = x[hi];
      x[hi] = x[mid];
      x[mid] = t;
    }
    /* x[lo] <= x[mid] <= x[hi]: move the median to the front. */
    double t0 = x[mid];
    x[mid] = x[lo];
    x[lo] = t0;
    double pivot = x[lo];
    size_t i = lo - 1, j = hi + 1;
    for (;;) {
      do
        i++;
      while (x[i] < pivot);
      do
        j--;
      while (x[j] > pivot);
      if (i >= j)
        break;
      double t = x[i];
      x[i] = x[j];
      x[j] = t;
    }
    /* Now x[lo..j] <= pivot <= x[j+1..hi]. */
    if (k <= j)
      hi = j;
    else
      lo = j + 1;
  }
  return x[k];
}

double bbd_stats_quantile_sorted(const double *x, size_t n, double q) {
  if (n == 0)
    return NAN;
  if (q <= 0)
    return x[0];
  if (q >= 1)
    return x[n - 1];
  double h = q * (double)(n - 1);
  size_t i = (size_t)floor(h);
  double f = h - (double)i;
  if (i + 1 >= n)
    return x[n - 1];
  return x[i] + f * (x[i + 1] - x[i]);
}

/* Quantile by quickselect: the exact fallback. */
static double quantile_select(double *x, size_t n, size_t i, double f) {
  double lo = bbd__select(x, n, i);
  if (f == 0 || i + 1 >= n)
    return lo;
  /* After selecting i, every element above index i is >= x[i]: the next
   * order statistic is their minimum. */
  double next = x[i + 1];
  for (size_t j = i + 2; j < n; j++)
    if (x[j] < next)
      next = x[j];
  return lo + f * (next - lo);
}

double bbd__quantile_unsorted(double *x, size_t n, double q) {
  if (n == 0)
    return NAN;
  if (q <= 0)
    q = 0;
  if (q >= 1)
    q = 1;
  double h = q * (double)(n - 1);
  size_t i = (size_t)floor(h);
  double f = h - (double)i;
  if (n < 8192)
    return quantile_select(x, n, i, f);
  /*
   * Bootstrap distributions are long (10^5) and the CI needs their 2.5%
   * and 97.5% points. Bracket the wanted rank between two values of a
   * strided sample of 1024, then one pass counts what lies below the
   * bracket and copies what lies inside (about 1/8 of the data, and the
   * branches are predictable since most values fall outside), and a
   * quickselect finishes inside the bracket: several times faster than a
   * quickselect over everything. If the bracket misses (unlucky sample),
   * fall back to the exact quickselect; the result is exact either way.
   */
  enum { M = 1024, MARGIN = 64 };
  double smp[M];
  size_t stride = n / M;
  for (size_t j = 0; j < M; j++)
    smp[j] = x[j * stride];
  bbd__sort(smp, M);
  size_t p = (size_t)(q * (M - 1));
  double lo_piv = p >= MARGIN ? smp[p - MARGIN] : -INFINITY;
  double hi_piv = p + MARGIN < M ? smp[p + MARGIN] : INFINITY;
  size_t cap = n / 4;
  double *band = malloc(cap * sizeof *band);
  if (!band)
    return quantile_select(x, n, i, f);
  size_t below = 0, nb = 0;
  int overflow = 0;
  for (size_t j = 0; j < n; j++) {
    double v = x[j];
    if (v < lo_piv) {
      below++;
    } else if (v <= hi_piv) {
      if (nb < cap)
        band[nb] = v;
      else
        overflow = 1;
      nb++;
    }
  }
  size_t need_hi = f > 0 && i + 1 < n ? i + 1 : i;
  double r;
  if (!overflow && below <= i && need_hi < below + nb)
    r = quantile_select(band, nb, i - below, need_hi > i ? f : 0);
  else
    r = quantile_select(x, n, i, f);
  free(band);
  return r;
}

void bbd__mean_sd(const double *x, size_t n, double *mean, double *sd) {
  double m = 0;
  for (size_t i = 0; i < n; i++)
    m += x[i];
  m /= (double)n;
  double ss = 0;
  for (size_t i = 0; i < n; i++)
    ss += (x[i] - m) * (x[i] - m);
  *mean = m;
  *sd = n > 1 ? sqrt(ss / (double)(n - 1)) : 0;
}

/* The exact quantile q of dist[0..b) without reordering dist: a copy is
 * selected in (the rare fallback of bbd__ci_from_dist). */
static double quantile_copy(const double *dist, size_t b, double q) {
  double *c = malloc(b * sizeof *c);
  if (!c)
    return NAN;
  memcpy(c, dist, b * sizeof *c);
  double r = bbd__quantile_unsorted(c, b, q);
  free(c);
  return r;
}

/*
 * Mean and SD as bbd__mean_sd, and both percentile bounds, of a bootstrap
 * distribution, leaving dist untouched (so callers can reuse it) in two
 * passes: one strided sample of 1024 values, sorted once, brackets both
 * wanted ranks; the first pass sums for the mean (in order, the same bits
 * as bbd__mean_sd) while counting what lies below each bracket and copying
 * what lies inside (about 1/8 of the values each); the second sums squared
 * deviations. Quickselects inside the two bands finish. The bounds are the
 * exact linear-interpolation quantiles either way: a missed bracket falls
 * back to a selection over a copy.
 */
void bbd__ci_from_dist(const double *dist, size_t b, double conf,
                       bbd_estimate_t *e) {
  double tail = (1 - conf) / 2, qs[2] = {tail, 1 - tail};
  enum { M = 1024, MARGIN = 64 };
  if (b < 8192) {
    double m, sd;
    bbd__mean_sd(dist, b, &m, &sd);
    e->se = sd;
    e->lo = quantile_copy(dist, b, qs[0]);
    e->hi = quantile_copy(dist, b, qs[1]);
    return;
  }
  double smp[M];
  size_t stride = b / M;
  for (size_t j = 0; j < M; j++)
    smp[j] = dist[j * stride];
  bbd__sort(smp, M);
  double lo_piv[2], hi_piv[2];
  size_t want[2], need_hi[2], below[2] = {0, 0}, nb[2] = {0, 0};
  double frac[2];
  for (int t = 0; t < 2; t++) {
    size_t p = (size_t)(qs[t] * (M - 1));
    lo_piv[t] = p >= MARGIN ? smp[p - MARGIN] : -INFINITY;
    hi_piv[t] = p + MARGIN < M ? smp[p + MARGIN] : INFINITY;
    double h = qs[t] * (double)(b - 1);
    want[t] = (size_t)floor(h);
    frac[t] = h - (double)want[t];
    need_hi[t] = frac[t] > 0 && want[t] + 1 < b ? want[t] + 1 : want[t];
  }
  size_t cap = b / 4;
  double *band = malloc(2 * cap * sizeof *band);
  int overflow = band == NULL;
  double sum = 0;
  if (band) {
    double *b0 = band, *b1 = band + cap;
    for (size_t j = 0; j < b; j++) {
      double v = dist[j];
      sum += v;
      if (v < lo_piv[0]) {
        below[0]++;
      } else if (v <= hi_piv[0]) {
        if (nb[0] < cap)
          b0[nb[0]] = v;
        nb[0]++;
      }
      if (v < lo_piv[1]) {
        below[1]++;
      } else if (v <= hi_piv[1]) {
        if (nb[1] < cap)
          b1[nb[1]] = v;
        nb[1]++;
      }
    }
  } else {
    for (size_t j = 0; j < b; j++)
      sum += dist[j];
  }
  double m = sum / (double)b, ss = 0;
  for (size_t j = 0; j < b; j++)
    ss += (dist[j] - m) * (dist[j] - m);
  e->se = b > 1 ? sqrt(ss / (double)(b - 1)) : 0;
  double r[2];
  for (int t = 0; t < 2; t++) {
    if (!overflow && nb[t] <= cap && below[t] <= want[t] &&
        need_hi[t] < below[t] + nb[t])
      r[t] = quantile_select(band + t * cap, nb[t], want[t] - below[t],
                             need_hi[t] > want[t] ? frac[t] : 0);
    else
      r[t] = quantile_copy(dist, b, qs[t]);
  }
  free(band);
  e->lo = r[0];
  e->hi = r[1];
}

/* ------------------------------------------------------- normal quantile */

double bbd_stats_norm_cdf(double x) {
  return 0.5 * erfc(-x / sqrt(2.0));
}

double bbd_stats_norm_quantile(double p) {
  /* Acklam's rational approximation (relative error < 1.2e-9), refined by
   * one Halley step against erfc to full double precision. */
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                             -2.759285104469687e+02, 1.383577518672690e+02,
                             -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                             -1.556989798598866e+02, 6.680131188771972e+01,
                             -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                             -2.400758277161838e+00, -2.549732539343734e+00,
                             4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                             2.445134137142996e+00, 3.754408661907416e+00};
  if (!(p > 0))
    return -INFINITY;
  if (!(p < 1))
    return INFINITY;
  /* Upper half by symmetry: 1 - p is exact for p >= 0.5 (Sterbenz), while
   * refining against cdf(x) - p near 1 would lose the tail's digits. */
  if (p > 0.5)
    return -bbd_stats_norm_quantile(1 - p);
  double q, x;
  if (p < 0.02425) {
    q = sqrt(-2 * log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else {
    q = p - 0.5;
    double r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) *
        q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  double e = bbd_stats_norm_cdf(x) - p;
  double u = e * sqrt(2 * M_PI) * exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

/* ------------------------------------------------------------- Student t */

/* Continued fraction of the regularised incomplete beta (Lentz), as in
 * Numerical Recipes' betacf. */
static double betacf(double a, double b, double x) {
  const double tiny = 1e-300, eps = 1e-15;
  double qab = a + b, qap = a + 1, qam = a - 1;
  double c = 1, d = 1 - qab * x / qap;
  if (fabs(d) < tiny)
    d = tiny;
  d = 1 / d;
  double h = d;
  for (int m = 1; m <= 1000; m++) {
    int m2 = 2 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (fabs(d) < tiny)
      d = tiny;
    c = 1 + aa / c;
    if (fabs(c) < tiny)
      c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (fabs(d) < tiny)
      d = tiny;
    c = 1 + aa / c;
    if (fabs(c) < tiny)
      c = tiny;
    d = 1 / d;
    double del = d * c;
    h *= del;
    if (fabs(del - 1) < eps)
      break;
  }
  return h;
}

/* Regularised incomplete beta I_x(a, b). */
static double betai(double a, double b, double x) {
  if (x <= 0)
    return 0;
  if (x >= 1)
    return 1;
  double lbt =
      lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x);
  double bt = exp(lbt);
  if (x < (a + 1) / (a + b + 2))
    return bt * betacf(a, b, x) / a;
  return 1 - bt * betacf(b, a, 1 - x) / b;
}

double bbd_stats_t_p2(double t, double df) {
  if (isnan(t) || !(df > 0))
    return NAN;
  if (isinf(t))
    return 0;
  /* P(|T| > |t|) = I_{df/(df+t^2)}(df/2, 1/2). */
  return betai(df / 2, 0.5, df / (df + t * t));
}

/* ------------------------------------------------------ Binomial(n, 1/2) */

double bbd_stats_binom_half_cdf(size_t k, size_t n) {
  if (k >= n)
    return 1;
  /* Sum pmf terms in log space from the small tail: exact enough for the
   * sign test (terms are combined with log-sum-exp). */
  double ln2n = (double)n * log(2.0);
  double lgn1 = lgamma((double)n + 1);
  double maxl = -INFINITY;
  /* The terms grow with i for i <= n/2, so the last is the largest when
   * k <= n/2; otherwise use the complement. */
  int complement = k > n / 2;
  size_t from = complement ? k + 1 : 0, to = complement ? n : k;
  for (size_t i = from; i <= to; i++) {
    double l = lgn1 - lgamma((double)i + 1) - lgamma((double)(n - i) + 1);
    if (l > maxl)
      maxl = l;
  }
  double s = 0;
  for (size_t i = from; i <= to; i++) {
    double l = lgn1 - lgamma((double)i + 1) - lgamma((double)(n - i) + 1);
    s += exp(l - maxl);
  }
  double tail = exp(maxl + log(s) - ln2n);
  if (tail > 1)
    tail = 1;
  return complement ? 1 - tail : tail;
}

double bbd__mde(double lo, double hi, double conf, double alpha, double power) {
  /* se recovered from the CI as if it were normal: (hi - lo) / (2 z). */
  double zc = bbd_stats_norm_quantile(1 - (1 - conf) / 2);
  if (!(hi >= lo) || !(zc > 0))
    return NAN;
  double se = (hi - lo) / (2 * zc);
  return (bbd_stats_norm_quantile(1 - alpha / 2) +
          bbd_stats_norm_quantile(power)) *
         se;
}
