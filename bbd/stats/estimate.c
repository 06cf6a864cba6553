/*
 * Estimates of one benchmark from its samples: the point statistics, Tukey
 * outliers and percentile bootstrap CIs; per-iteration statistics of counters;
 * throughput and derived counter metrics; configuration defaults.
 */
#include "stats_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void bbd_stats_config_default(bbd_stats_config_t *c) {
  memset(c, 0, sizeof *c);
  c->resamples = BBD_STATS_DEFAULT_RESAMPLES;
  c->confidence = BBD_STATS_DEFAULT_CONFIDENCE;
  c->alpha = BBD_STATS_DEFAULT_ALPHA;
  c->threshold = BBD_STATS_DEFAULT_THRESHOLD;
  c->paired_threshold = BBD_STATS_DEFAULT_PAIRED_THRESHOLD;
  c->power = BBD_STATS_DEFAULT_POWER;
  c->seed = BBD_STATS_DEFAULT_SEED;
  c->center = BBD_STATS_CENTER_MEAN;
  c->higher_is_better = 0;
}

int bbd_stats_config_check(const bbd_stats_config_t *c, char *err,
                           size_t errlen) {
  if (!c)
    return bbd_errf(BBD_EINVAL, err, errlen, "stats: no configuration");
  if (c->resamples < 1 || c->resamples > BBD_STATS_MAX_RESAMPLES)
    return bbd_errf(BBD_ERANGE, err, errlen,
                    "stats: resamples %u not in [1, %u]", c->resamples,
                    BBD_STATS_MAX_RESAMPLES);
  if (!(c->confidence > 0 && c->confidence < 1))
    return bbd_errf(BBD_ERANGE, err, errlen,
                    "stats: confidence %g not in (0, 1)", c->confidence);
  if (!(c->alpha > 0 && c->alpha < 1))
    return bbd_errf(BBD_ERANGE, err, errlen, "stats: alpha %g not in (0, 1)",
                    c->alpha);
  if (!(c->threshold >= 0 && c->threshold < 10) ||
      !(c->paired_threshold >= 0 && c->paired_threshold < 10))
    return bbd_errf(BBD_ERANGE, err, errlen,
                    "stats: thresholds %g/%g not in [0, 10)", c->threshold,
                    c->paired_threshold);
  if (!(c->power > 0 && c->power < 1))
    return bbd_errf(BBD_ERANGE, err, errlen, "stats: power %g not in (0, 1)",
                    c->power);
  if (c->center != BBD_STATS_CENTER_MEAN &&
      c->center != BBD_STATS_CENTER_MEDIAN)
    return bbd_errf(BBD_EINVAL, err, errlen, "stats: unknown centre %d",
                    (int)c->center);
  return 0;
}

int bbd__check_work(size_t n, uint32_t resamples, char *err, size_t errlen) {
  if ((double)n * (double)resamples > BBD_STATS_MAX_DRAWS)
    return bbd_errf(BBD_ETOOBIG, err, errlen,
                    "stats: %zu samples x %u resamples exceeds %.0e draws", n,
                    resamples, BBD_STATS_MAX_DRAWS);
  return 0;
}

int bbd__stats_cfg(const bbd_stats_config_t *cfg, bbd_stats_config_t *out,
                   char *err, size_t errlen) {
  bbd_stats_config_default(out);
  if (cfg) {
    *out = *cfg;
    /* Zero means "default" for every numeric field, so callers can
     * zero-initialise and set only what they need. */
    if (!out->resamples)
      out->resamples = BBD_STATS_DEFAULT_RESAMPLES;
    if (out->confidence == 0)
      out->confidence = BBD_STATS_DEFAULT_CONFIDENCE;
    if (out->alpha == 0)
      out->alpha = BBD_STATS_DEFAULT_ALPHA;
    if (out->threshold == 0)
      out->threshold = BBD_STATS_DEFAULT_THRESHOLD;
    if (out->paired_threshold == 0)
      out->paired_threshold = BBD_STATS_DEFAULT_PAIRED_THRESHOLD;
    if (out->power == 0)
      out->power = BBD_STATS_DEFAULT_POWER;
  }
  return bbd_stats_config_check(out, err, errlen);
}

/* Sorts idx[] by v[] (stable enough: ties keep any order, which does not
 * change any statistic). */
typedef struct {
  double v;
  double x;
  double y;
} triple_t;

static int cmp_triple(const void *pa, const void *pb) {
  double a = ((const triple_t *)pa)->v, b = ((const triple_t *)pb)->v;
  return (a > b) - (a < b);
}

static void tukey(const double *sorted, size_t n, bbd_outliers_t *o) {
  memset(o, 0, sizeof *o);
  o->q1 = bbd_stats_quantile_sorted(sorted, n, 0.25);
  o->q3 = bbd_stats_quantile_sorted(sorted, n, 0.75);
  o->iqr = o->q3 - o->q1;
  o->low_severe_fence = o->q1 - 3 * o->iqr;
  o->low_mild_fence = o->q1 - 1.5 * o->iqr;
  o->high_mild_fence = o->q3 + 1.5 * o->iqr;
  o->high_severe_fence = o->q3 + 3 * o->iqr;
  for (size_t i = 0; i < n; i++) {
    double x = sorted[i];
    if (x < o->low_severe_fence)
      o->low_severe++;
    else if (x < o->low_mild_fence)
      o->low_mild++;
    else if (x > o->high_severe_fence)
      o->high_severe++;
    else if (x > o->high_mild_fence)
      o->high_mild++;
  }
}

static int check_samples(const uint64_t *iters, const double *ns, size_t n,
                         char *err, size_t errlen) {
  if (!iters || !ns)
    return bbd_errf(BBD_EINVAL, err, errlen, "stats: no samples");
  if (n < 2)
    return bbd_errf(BBD_EINVAL, err, errlen, "stats: %zu samples, need 2", n);
  if (n > BBD_STATS_MAX_SAMPLES)
    return bbd_errf(BBD_ETOOBIG, err, errlen, "stats: %zu samples, max %u", n,
                    BBD_STATS_MAX_SAMPLES);
  for (size_t i = 0; i < n; i++) {
    if (iters[i] == 0)
      return bbd_errf(BBD_EINVAL, err, errlen,
                      "stats: sample %zu has 0 "
                      "iterations",
                      i);
    if (!isfinite(ns[i]) || ns[i] < 0)
      return bbd_errf(BBD_EINVAL, err, errlen,
                      "stats: sample %zu value %g is not finite and >= 0", i,
                      ns[i]);
  }
  return 0;
}

int bbd__estimate(const bbd_stats_config_t *cfg_in, const uint64_t *iters,
                  const double *ns, size_t n, bbd_sample_estimates_t *out,
                  double **keep, char *err, size_t errlen) {
  bbd_stats_config_t cfg;
  int rc = bbd__stats_cfg(cfg_in, &cfg, err, errlen);
  if (rc)
    return rc;
  if (!out)
    return bbd_errf(BBD_EINVAL, err, errlen, "stats: no output");
  if ((rc = bbd__check_work(n, cfg.resamples, err, errlen)) ||
      (rc = check_samples(iters, ns, n, err, errlen)))
    return rc;
  memset(out, 0, sizeof *out);
  size_t b = cfg.resamples;

  triple_t *t = malloc(n * sizeof *t);
  double *arr = malloc(5 * n * sizeof *arr);
  uint32_t *counts = calloc(n, sizeof *counts);
  double *dist = malloc(5 * b * sizeof *dist);
  if (!t || !arr || !counts || !dist) {
    free(t);
    free(arr);
    free(counts);
    free(dist);
    return bbd_errf(BBD_ENOMEM, err, errlen,
                    "stats: out of memory (%zu "
                    "resamples)",
                    b);
  }
  for (size_t i = 0; i < n; i++) {
    t[i].x = (double)iters[i];
    t[i].y = ns[i];
    t[i].v = ns[i] / t[i].x;
  }
  qsort(t, n, sizeof *t, cmp_triple);
  double *v = arr, *dv = arr + n, *xy = arr + 2 * n, *xx = arr + 3 * n;
  double *scratch = arr + 4 * n;
  for (size_t i = 0; i < n; i++) {
    v[i] = t[i].v;
    xy[i] = t[i].x * t[i].y;
    xx[i] = t[i].x * t[i].x;
  }

  /* Point estimates. */
  out->n = n;
  out->resamples = (uint32_t)b;
  out->seed = cfg.seed;
  out->min = v[0];
  out->max = v[n - 1];
  out->has_slope = 0;
  for (size_t i = 1; i < n; i++)
    if (t[i].x != t[0].x)
      out->has_slope = 1;
  double mean, sd, med, mad;
  bbd__mean_sd(v, n, &mean, &sd);
  bbd__median_mad_sorted(v, n, scratch, &med, &mad);
  out->mean.point = mean;
  out->stddev.point = sd;
  out->median.point = med;
  out->mad.point = mad;
  double sxy = 0, sxx = 0, sy = 0;
  for (size_t i = 0; i < n; i++) {
    sxy += xy[i];
    sxx += xx[i];
    sy += t[i].y;
  }
  double slope = sxy / sxx;
  double ybar = sy / (double)n, ss_res = 0, ss_tot = 0;
  for (size_t i = 0; i < n; i++) {
    double r = t[i].y - slope * t[i].x, c = t[i].y - ybar;
    ss_res += r * r;
    ss_tot += c * c;
  }
  out->slope.point = slope;
  out->r2 = ss_tot > 0 ? 1 - ss_res / ss_tot : (ss_res == 0 ? 1 : 0);
  tukey(v, n, &out->outliers);

  /* One joint bootstrap for every statistic. */
  for (size_t i = 0; i < n; i++)
    dv[i] = v[i] - med;
  bbd__boot_data_t d = {n, v, dv, xy, xx, mad / BBD__MAD_SCALE};
  bbd__boot_out_t bo = {dist, dist + b, dist + 2 * b, dist + 3 * b,
                        dist + 4 * b};
  bbd__idx_gen_t gen;
  bbd__idx_init(&gen, cfg.seed, (uint32_t)n);
  bbd__boot_run(&d, &gen, b, counts, &bo);
  bbd__ci_from_dist(bo.slope, b, cfg.confidence, &out->slope);
  bbd__ci_from_dist(bo.mean, b, cfg.confidence, &out->mean);
  bbd__ci_from_dist(bo.median, b, cfg.confidence, &out->median);
  bbd__ci_from_dist(bo.sd, b, cfg.confidence, &out->stddev);
  bbd__ci_from_dist(bo.mad, b, cfg.confidence, &out->mad);

  free(t);
  free(arr);
  free(counts);
  /* The CIs leave the distributions in resample order: hand them over. */
  if (keep)
    *keep = dist;
  else
    free(dist);
  return 0;
}

int bbd_stats_estimate(const bbd_stats_config_t *cfg, const uint64_t *iters,
                       const double *ns, size_t n, bbd_sample_estimates_t *out,
                       char *err, size_t errlen) {
  return bbd__estimate(cfg, iters, ns, n, out, NULL, err, errlen);
}

int bbd_stats_analyze(const bbd_stats_config_t *cfg, const uint64_t *iters,
                      const double *ns, size_t n, const double *base,
                      size_t nbase, bbd_sample_estimates_t *est,
                      bbd_comparison_t *cmp, char *err, size_t errlen) {
  if (!cmp)
    return bbd_errf(BBD_EINVAL, err, errlen, "stats: no output");
  double *keep = NULL;
  int rc = bbd__estimate(cfg, iters, ns, n, est, &keep, err, errlen);
  if (rc)
    return rc;
  double *v = malloc(n * sizeof *v);
  if (!v) {
    free(keep);
    return bbd_errf(BBD_ENOMEM, err, errlen, "stats: out of memory");
  }
  for (size_t i = 0; i < n; i++)
    v[i] = ns[i] / (double)iters[i];
  size_t b = est->resamples;
  rc = bbd__compare(cfg, base, nbase, v, n, keep + b, keep + 2 * b, cmp, err,
                    errlen);
  free(v);
  free(keep);
  return rc;
}

int bbd_stats_per_iter(const bbd_stats_config_t *cfg_in, const uint64_t *iters,
                       const double *values, size_t n,
                       bbd_per_iter_stats_t *out, char *err, size_t errlen) {
  bbd_stats_config_t cfg;
  int rc = bbd__stats_cfg(cfg_in, &cfg, err, errlen);
  if (rc)
    return rc;
  if (!out)
    return bbd_errf(BBD_EINVAL, err, errlen, "stats: no output");
  if ((rc = bbd__check_work(n, cfg.resamples, err, errlen)) ||
      (rc = check_samples(iters, values, n, err, errlen)))
    return rc;
  memset(out, 0, sizeof *out);
  size_t b = cfg.resamples;
  double *arr = malloc(2 * n * sizeof *arr);
  uint32_t *counts = calloc(n, sizeof *counts);
  double *dist = malloc(2 * b * sizeof *dist);
  if (!arr || !counts || !dist) {
    free(arr);
    free(counts);
    free(dist);
    return bbd_errf(BBD_ENOMEM, err, errlen, "stats: out of memory");
  }
  double *v = arr, *dv = arr + n;
  for (size_t i = 0; i < n; i++)
    v[i] = values[i] / (double)iters[i];
  bbd__sort(v, n);
  double mean, sd;
  bbd__mean_sd(v, n, &mean, &sd);
  out->n = n;
  out->min = v[0];
  out->max = v[n - 1];
  out->mean.point = mean;
  out->median.point = bbd_stats_quantile_sorted(v, n, 0.5);
  for (size_t i = 0; i < n; i++)
    dv[i] = v[i] - out->median.point;
  bbd__boot_data_t d = {n, v, dv, NULL, NULL, 0};
  bbd__boot_out_t bo = {NULL, dist, dist + b, NULL, NULL};
  bbd__idx_gen_t gen;
  bbd__idx_init(&gen, cfg.seed, (uint32_t)n);
  bbd__boot_run(&d, &gen, b, counts, &bo);
  bbd__ci_from_dist(bo.mean, b, cfg.confidence, &out->mean);
  bbd__ci_from_dist(bo.median, b, cfg.confidence, &out->median);
  free(arr);
  free(counts);
  free(dist);
  return 0;
}

int bbd_stats_per_iter_values(const uint64_t *iters, const double *ns, size_t n,
                              double *out) {
  if (!iters || !ns || !out || n > BBD_STATS_MAX_SAMPLES)
    return BBD_EINVAL;
  for (size_t i = 0; i < n; i++) {
    if (iters[i] == 0)
      return BBD_EINVAL;
    out[i] = ns[i] / (double)iters[i];
  }
  return 0;
}

/* rate = work / time * scale; a non-positive time gives +inf. */
static double rate(double work, double time_ns, double scale) {
  if (work <= 0)
    return 0;
  if (!(time_ns > 0))
    return INFINITY;
  return work / time_ns * 1e9 / scale;
}

int bbd_stats_throughput(const bbd_estimate_t *time_ns, double bytes_per_iter,
                         double elements_per_iter, bbd_throughput_t *out) {
  if (!time_ns || !out || !(time_ns->point > 0))
    return BBD_EINVAL;
  const double mib = 1024.0 * 1024.0;
  /* The faster end of the time CI is the higher end of the rate CI. */
  out->mib_per_s = rate(bytes_per_iter, time_ns->point, mib);
  out->mib_per_s_lo = rate(bytes_per_iter, time_ns->hi, mib);
  out->mib_per_s_hi = rate(bytes_per_iter, time_ns->lo, mib);
  out->elems_per_s = rate(elements_per_iter, time_ns->point, 1);
  out->elems_per_s_lo = rate(elements_per_iter, time_ns->hi, 1);
  out->elems_per_s_hi = rate(elements_per_iter, time_ns->lo, 1);
  return 0;
}

static bbd_opt_t ratio(bbd_opt_t num, bbd_opt_t den) {
  bbd_opt_t r = {0, 0};
  if (num.ok && den.ok && isfinite(num.value) && isfinite(den.value) &&
      den.value > 0 && num.value >= 0) {
    r.value = num.value / den.value;
    r.ok = 1;
  }
  return r;
}

void bbd_stats_derived(const bbd_derived_inputs_t *in, bbd_derived_t *out) {
  out->ipc = ratio(in->instructions, in->cycles);
  out->branch_miss_rate = ratio(in->branch_misses, in->branches);
  out->cache_miss_rate = ratio(in->cache_misses, in->cache_references);
  out->l1d_miss_rate = ratio(in->l1d_load_misses, in->l1d_loads);
}
