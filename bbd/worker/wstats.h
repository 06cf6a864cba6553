/*
 * The few statistics the worker itself needs for its summary and its
 * warnings (slope, median, MAD, Tukey fences). Full estimates and
 * comparisons live in bbd/stats.
 */
#ifndef BBD_WORKER_WSTATS_H
#define BBD_WORKER_WSTATS_H

#include <stddef.h>
#include <stdint.h>

typedef struct bbd_wk_summary {
  double slope;  /* OLS through the origin of ns over iters */
  double mean;   /* of per-sample ns/iter */
  double median; /* of per-sample ns/iter */
  double min;
  double mad;         /* median absolute deviation x 1.4826 */
  size_t severe_low;  /* below Q1 - 3 IQR */
  size_t severe_high; /* above Q3 + 3 IQR */
  size_t mild;        /* beyond 1.5 IQR but within 3 IQR */
} bbd_wk_summary_t;

/* Summarises n samples; 0, or -1 when n == 0 or allocation fails. */
int bbd_wk_summarize(const uint64_t *iters, const uint64_t *ns, size_t n,
                     bbd_wk_summary_t *out);

/* Linear-interpolated quantile of sorted data (R type 7). */
double bbd_wk_quantile(const double *sorted, size_t n, double q);

#endif
