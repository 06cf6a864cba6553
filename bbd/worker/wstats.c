#include "wstats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

double bbd_wk_quantile(const double *s, size_t n, double q) {
  if (n == 0)
    return NAN;
  double h = (double)(n - 1) * q;
  size_t lo = (size_t)floor(h);
  size_t hi = lo + 1 < n ? lo + 1 : lo;
  return s[lo] + (h - (double)lo) * (s[hi] - s[lo]);
}

int bbd_wk_summarize(const uint64_t *iters, const uint64_t *ns, size_t n,
                     bbd_wk_summary_t *o) {
  memset(o, 0, sizeof *o);
  if (n == 0)
    return -1;
  double *y = malloc(n * sizeof *y);
  double *dev = malloc(n * sizeof *dev);
  if (!y || !dev) {
    free(y);
    free(dev);
    return -1;
  }
  double sxy = 0, sxx = 0, sum = 0;
  for (size_t i = 0; i < n; i++) {
    double x = (double)iters[i], t = (double)ns[i];
    sxy += x * t;
    sxx += x * x;
    y[i] = x > 0 ? t / x : 0;
    sum += y[i];
  }
  o->slope = sxx > 0 ? sxy / sxx : 0;
  o->mean = sum / (double)n;
  qsort(y, n, sizeof *y, cmp_double);
  o->min = y[0];
  o->median = bbd_wk_quantile(y, n, 0.5);
  for (size_t i = 0; i < n; i++)
    dev[i] = fabs(y[i] - o->median);
  qsort(dev, n, sizeof *dev, cmp_double);
  o->mad = 1.4826 * bbd_wk_quantile(dev, n, 0.5);
  double q1 = bbd_wk_quantile(y, n, 0.25), q3 = bbd_wk_quantile(y, n, 0.75);
  double iqr = q3 - q1;
  for (size_t i = 0; i < n; i++) {
    if (y[i] < q1 - 3 * iqr)
      o->severe_low++;
    else if (y[i] > q3 + 3 * iqr)
      o->severe_high++;
    else if (y[i] < q1 - 1.5 * iqr || y[i] > q3 + 1.5 * iqr)
      o->mild++;
  }
  free(y);
  free(dev);
  return 0;
}
