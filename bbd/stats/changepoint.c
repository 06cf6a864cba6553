/*
 * Change points in a benchmark's history by PELT (Killick, Fearnhead &
 * Eckley, JASA 2012): the exact minimiser of
 *     sum over segments of cost(segment) + penalty * (number of changes)
 * found in O(n) expected time by pruning candidates that can never again be
 * optimal. Chosen over E-divisive means because it is deterministic (no
 * permutation test, the reason Hunter/Otava dropped E-divisive's), exact for
 * its model, and fast enough to rerun on every appended run.
 *
 * Model: ln(y) is piecewise constant plus noise of one standard deviation
 * sigma. Logs make steps relative (a 5% step is the same size at 10 ns and
 * 10 ms) and steady the variance. sigma is estimated from first differences
 * by the MAD (sd of a difference is sigma * sqrt 2), which a few steps do not
 * disturb, so the penalty (in units of sigma^2) is scale free.
 */
#include "stats_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static double robust_sigma(const double *z, size_t n, double *scratch) {
  if (n < 3)
    return 0;
  for (size_t i = 1; i < n; i++)
    scratch[i - 1] = fabs(z[i] - z[i - 1]);
  /* Median of |diff| (the differences are centred near 0 away from steps),
   * scaled to a normal sigma, divided by sqrt 2. */
  double mad = bbd__quantile_unsorted(scratch, n - 1, 0.5);
  double sigma = mad * BBD__MAD_SCALE / sqrt(2.0);
  if (sigma > 0)
    return sigma;
  /* More than half the differences are exactly 0 (quantised data): fall
   * back to the RMS of the differences. */
  double ss = 0;
  for (size_t i = 1; i < n; i++)
    ss += (z[i] - z[i - 1]) * (z[i] - z[i - 1]);
  return sqrt(ss / (double)(n - 1) / 2);
}

int bbd_stats_changepoints(const bbd_cp_config_t *cfg_in, const double *y,
                           size_t n, bbd_changepoint_t *cps, size_t max_cps,
                           size_t *ncps, char *err, size_t errlen) {
  if (!y || !ncps || (!cps && max_cps))
    return bbd_errf(BBD_EINVAL, err, errlen, "stats: changepoints: no data");
  if (n > BBD_STATS_MAX_SERIES)
    return bbd_errf(BBD_ETOOBIG, err, errlen,
                    "stats: changepoints: %zu points, max %u", n,
                    BBD_STATS_MAX_SERIES);
  bbd_cp_config_t cfg = {0};
  if (cfg_in)
    cfg = *cfg_in;
  if (!(cfg.penalty >= 0) || !(cfg.min_rel >= 0))
    return bbd_errf(BBD_EINVAL, err, errlen,
                    "stats: changepoints: negative penalty or min_rel");
  if (!cfg.min_segment)
    cfg.min_segment = 2;
  *ncps = 0;
  for (size_t i = 0; i < n; i++)
    if (!isfinite(y[i]) || !(y[i] > 0))
      return bbd_errf(BBD_EINVAL, err, errlen,
                      "stats: changepoints: point %zu (%g) not finite and > 0",
                      i, y[i]);
  size_t m = cfg.min_segment;
  if (n < 2 * m || n < 3)
    return 0;
  if (cfg.penalty == 0)
    cfg.penalty = 3 * log((double)n);

  /* One block: z, prefix sums (n + 1 each), F (n + 1), last (n + 1),
   * candidate set R (n + 1), scratch. */
  double *z = malloc(n * sizeof *z);
  double *s1 = malloc((n + 1) * sizeof *s1);
  double *s2 = malloc((n + 1) * sizeof *s2);
  double *f = malloc((n + 1) * sizeof *f);
  size_t *last = malloc((n + 1) * sizeof *last);
  size_t *r = malloc((n + 1) * sizeof *r);
  double *scratch = malloc(n * sizeof *scratch);
  double *fc = malloc((n + 1) * sizeof *fc);
  double *inv_len = malloc((n + 1) * sizeof *inv_len);
  int rc = 0;
  if (!z || !s1 || !s2 || !f || !last || !r || !scratch || !fc || !inv_len) {
    rc = bbd_errf(BBD_ENOMEM, err, errlen, "stats: out of memory");
    goto out;
  }
  double zbar = 0;
  for (size_t i = 0; i < n; i++) {
    z[i] = log(y[i]);
    zbar += z[i];
  }
  zbar /= (double)n;
  s1[0] = s2[0] = 0;
  for (size_t i = 0; i < n; i++) {
    double c = z[i] - zbar; /* centred for conditioning */
    s1[i + 1] = s1[i] + c;
    s2[i + 1] = s2[i] + c * c;
  }
  double sigma = robust_sigma(z, n, scratch);
  if (!(sigma > 0))
    goto out; /* a constant series has no change */
  /* Cost of segment (tau, t]: sum of squared deviations of z / sigma^2,
   * from the prefix sums. */
  double inv_var = 1 / (sigma * sigma);
  /* 1/len from a table: a division per candidate was half the loop. */
  inv_len[0] = 0;
  for (size_t i = 1; i <= n; i++)
    inv_len[i] = 1 / (double)i;
  double beta = cfg.penalty;

  f[0] = -beta;
  for (size_t t = 1; t <= n; t++)
    f[t] = INFINITY;
  size_t nr = 1;
  r[0] = 0;
  for (size_t t = m; t <= n; t++) {
    /* One pass computes F(tau) + C(tau, t) for every candidate (kept in
     * fc[] for the pruning pass, which would otherwise recompute it: on a
     * long flat history nothing prunes and this loop is the whole cost). */
    double best = INFINITY;
    size_t arg = 0;
    double s1t = s1[t], s2t = s2[t];
    for (size_t i = 0; i < nr; i++) {
      size_t tau = r[i];
      if (t - tau < m) {
        fc[i] = -INFINITY; /* too close to t: kept, not evaluated */
        continue;
      }
      double sum = s1t - s1[tau];
      double v = (s2t - s2[tau]) - sum * sum * inv_len[t - tau];
      double c = f[tau] + (v > 0 ? v : 0) * inv_var;
      fc[i] = c;
      if (c < best) {
        best = c;
        arg = tau;
      }
    }
    best += beta;
    f[t] = best;
    last[t] = arg;
    /* Prune: tau can never be optimal again once F(tau) + C(tau, t) exceeds
     * F(t) (the squared-error cost satisfies PELT's condition with K = 0). */
    size_t w = 0;
    for (size_t i = 0; i < nr; i++) {
      if (isfinite(best) && fc[i] > best)
        continue;
      r[w++] = r[i];
    }
    nr = w;
    /* t becomes a candidate start once it can end a first segment. */
    if (isfinite(best))
      r[nr++] = t;
  }

  /* Backtrack the segment ends, then report boundaries in index order. */
  size_t nb = 0;
  for (size_t t = n; t > 0 && isfinite(f[t]);) {
    size_t tau = last[t];
    if (tau == 0)
      break;
    r[nb++] = tau; /* r is free again */
    t = tau;
  }
  size_t found = 0;
  for (size_t j = nb; j-- > 0;) {
    size_t idx = r[j];
    size_t from = j + 1 < nb ? r[j + 1] : 0;
    size_t to = j > 0 ? r[j - 1] : n;
    double before = 0, after = 0;
    for (size_t i = from; i < idx; i++)
      before += y[i];
    for (size_t i = idx; i < to; i++)
      after += y[i];
    before /= (double)(idx - from);
    after /= (double)(to - idx);
    double lb = (s1[idx] - s1[from]) / (double)(idx - from);
    double la = (s1[to] - s1[idx]) / (double)(to - idx);
    double rel = after / before - 1;
    if (fabs(rel) < cfg.min_rel)
      continue;
    if (found < max_cps) {
      bbd_changepoint_t *c = &cps[found];
      c->index = idx;
      c->run_from = idx - 1;
      c->run_to = idx;
      c->before = before;
      c->after = after;
      c->rel = rel;
      c->z = (la - lb) / sigma;
    }
    found++;
  }
  *ncps = found;
out:
  free(z);
  free(s1);
  free(s2);
  free(f);
  free(last);
  free(r);
  free(scratch);
  free(fc);
  free(inv_len);
  return rc;
}
