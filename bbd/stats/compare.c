/*
 * Verdict rule and the unpaired comparison of two runs (Criterion's method:
 * bootstrap CIs of the relative change of mean and median, Welch t with a
 * mixed-bootstrap null distribution), extended with the inconclusive verdict
 * and the minimum detectable change.
 */
#include "stats_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *bbd_verdict_name(bbd_verdict_t v) {
  switch (v) {
  case BBD_VERDICT_UNCHANGED:
    return "unchanged";
  case BBD_VERDICT_REGRESSED:
    return "regressed";
  case BBD_VERDICT_IMPROVED:
    return "improved";
  case BBD_VERDICT_INCONCLUSIVE:
    return "inconclusive";
  case BBD_VERDICT_INCOMPARABLE:
    return "incomparable";
  }
  return "unknown";
}

const char *bbd_straddle_name(bbd_straddle_t s) {
  switch (s) {
  case BBD_STRADDLE_NONE:
    return "none";
  case BBD_STRADDLE_WORSE:
    return "worse";
  case BBD_STRADDLE_BETTER:
    return "better";
  case BBD_STRADDLE_BOTH:
    return "both";
  case BBD_STRADDLE_NOT_SIGNIFICANT:
    return "not_significant";
  case BBD_STRADDLE_TOO_FEW:
    return "too_few";
  }
  return "unknown";
}

void bbd_stats_decide(bbd_decision_t *d) {
  double thr = d->threshold;
  /* Map the CI to "worse" coordinates: positive = worse. */
  double lo = d->higher_is_better ? -d->hi : d->lo;
  double hi = d->higher_is_better ? -d->lo : d->hi;
  d->straddle = BBD_STRADDLE_NONE;
  if (isnan(lo) || isnan(hi)) {
    d->verdict = BBD_VERDICT_INCONCLUSIVE;
    d->straddle = BBD_STRADDLE_TOO_FEW;
    return;
  }
  int significant = d->p_adjusted < d->alpha;
  if (lo > -thr && hi < thr) {
    d->verdict = BBD_VERDICT_UNCHANGED;
    return;
  }
  if (lo > thr || hi < -thr) {
    if (significant) {
      d->verdict = lo > thr ? BBD_VERDICT_REGRESSED : BBD_VERDICT_IMPROVED;
    } else {
      d->verdict = BBD_VERDICT_INCONCLUSIVE;
      d->straddle = BBD_STRADDLE_NOT_SIGNIFICANT;
    }
    return;
  }
  d->verdict = BBD_VERDICT_INCONCLUSIVE;
  int worse = hi >= thr, better = lo <= -thr;
  d->straddle = worse && better ? BBD_STRADDLE_BOTH
                : worse         ? BBD_STRADDLE_WORSE
                                : BBD_STRADDLE_BETTER;
}

static int check_side(const double *x, size_t n, const char *name, char *err,
                      size_t errlen) {
  if (!x)
    return bbd_errf(BBD_EINVAL, err, errlen, "stats: no %s samples", name);
  if (n < 2)
    return bbd_errf(BBD_EINVAL, err, errlen, "stats: %zu %s samples, need 2", n,
                    name);
  if (n > BBD_STATS_MAX_SAMPLES)
    return bbd_errf(BBD_ETOOBIG, err, errlen, "stats: %zu %s samples, max %u",
                    n, name, BBD_STATS_MAX_SAMPLES);
  for (size_t i = 0; i < n; i++)
    if (!isfinite(x[i]) || !(x[i] > 0))
      return bbd_errf(BBD_EINVAL, err, errlen,
                      "stats: %s sample %zu (%g) is not finite and > 0", name,
                      i, x[i]);
  return 0;
}

/* Welch t and its Welch-Satterthwaite degrees of freedom. */
static double welch(double ma, double va, double na, double mb, double vb,
                    double nb, double *df) {
  double sa = va / na, sb = vb / nb, s = sa + sb;
  if (df)
    *df = s > 0 ? s * s / (sa * sa / (na - 1) + sb * sb / (nb - 1)) : NAN;
  if (!(s > 0))
    return mb == ma ? 0 : (mb > ma ? INFINITY : -INFINITY);
  return (mb - ma) / sqrt(s);
}

/*
 * Criterion's mixed bootstrap: under H0 both samples come from one
 * population, so resample both sides from the pooled data and recompute t.
 * The two-sided p counts resampled |t| >= |t_obs|. Sequential (Besag &
 * Clifford 1991): once `h` such exceedances are seen after L resamples,
 * p = h / L is already known to the precision a decision needs, so an
 * unchanged benchmark (large p) stops after a few hundred resamples while a
 * real change (tiny p) uses all b. Otherwise p = (e + 1) / (b + 1), which
 * never claims p = 0 from a finite bootstrap. Both are valid p-values.
 * *used receives the number of resamples drawn.
 */
#define BBD__MIXED_H 200

static double mixed_p(const double *pool, size_t na, size_t nb, double t_obs,
                      bbd__idx_gen_t *g, size_t b, size_t *used) {
  size_t extreme = 0;
  double at = fabs(t_obs);
  size_t sz[2] = {na, nb};
  for (size_t k = 0; k < b; k++) {
    double m[2], v[2];
    for (int side = 0; side < 2; side++) {
      /* Two accumulators per sum halve the add latency chain. */
      double s0 = 0, s1 = 0, q0 = 0, q1 = 0;
      for (size_t left = sz[side]; left > 0;) {
        size_t got, j = 0;
        const uint32_t *ix = bbd__idx_take(g, left, &got);
        for (; j + 2 <= got; j += 2) {
          double x0 = pool[ix[j]], x1 = pool[ix[j + 1]];
          s0 += x0;
          s1 += x1;
          q0 += x0 * x0;
          q1 += x1 * x1;
        }
        if (j < got) {
          double x0 = pool[ix[j]];
          s0 += x0;
          q0 += x0 * x0;
        }
        left -= got;
      }
      double s = s0 + s1, ss = q0 + q1, nn = (double)sz[side];
      m[side] = s / nn;
      v[side] = (ss - s * m[side]) / (nn - 1);
      if (v[side] < 0)
        v[side] = 0;
    }
    double t = welch(m[0], v[0], (double)na, m[1], v[1], (double)nb, NULL);
    if (fabs(t) >= at && ++extreme >= BBD__MIXED_H) {
      *used = k + 1;
      return (double)extreme / (double)(k + 1);
    }
  }
  *used = b;
  return ((double)extreme + 1) / ((double)b + 1);
}

int bbd__compare(const bbd_stats_config_t *cfg_in, const double *a, size_t na,
                 const double *b, size_t nb, const double *b_mean_dist,
                 const double *b_median_dist, bbd_comparison_t *out, char *err,
                 size_t errlen) {
  bbd_stats_config_t cfg;
  int rc = bbd__stats_cfg(cfg_in, &cfg, err, errlen);
  if (rc)
    return rc;
  if (!out)
    return bbd_errf(BBD_EINVAL, err, errlen, "stats: no output");
  if ((rc = bbd__check_work(2 * (na + nb), cfg.resamples, err, errlen)) ||
      (rc = check_side(a, na, "baseline", err, errlen)) ||
      (rc = check_side(b, nb, "candidate", err, errlen)))
    return rc;
  memset(out, 0, sizeof *out);
  size_t B = cfg.resamples;
  size_t nmax = na > nb ? na : nb;
  double *arr = malloc((2 * (na + nb) + (na + nb)) * sizeof *arr);
  uint32_t *counts = calloc(nmax, sizeof *counts);
  double *dist =
      malloc((b_mean_dist && b_median_dist ? 2 : 4) * B * sizeof *dist);
  if (!arr || !counts || !dist) {
    free(arr);
    free(counts);
    free(dist);
    return bbd_errf(BBD_ENOMEM, err, errlen, "stats: out of memory");
  }
  double *va = arr, *dva = arr + na, *vb = arr + 2 * na, *dvb = vb + nb;
  double *pool = dvb + nb;
  memcpy(va, a, na * sizeof *va);
  memcpy(vb, b, nb * sizeof *vb);
  bbd__sort(va, na);
  bbd__sort(vb, nb);
  double meda = bbd_stats_quantile_sorted(va, na, 0.5);
  double medb = bbd_stats_quantile_sorted(vb, nb, 0.5);
  double ma, sa, mb, sb;
  bbd__mean_sd(va, na, &ma, &sa);
  bbd__mean_sd(vb, nb, &mb, &sb);
  out->na = na;
  out->nb = nb;
  out->mean_change.point = mb / ma - 1;
  out->median_change.point = medb / meda - 1;
  out->t = welch(ma, sa * sa, (double)na, mb, sb * sb, (double)nb, &out->df);
  out->p_welch = bbd_stats_t_p2(out->t, out->df);

  /* Independent bootstraps of each side; pairing resample k of A with
   * resample k of B is a draw of independent resamples, so the change
   * distribution needs no extra resampling. The candidate's stream is the
   * one bbd_stats_estimate uses (cfg.seed), so bbd_stats_analyze can hand
   * over the distributions it already has and get identical results. */
  for (size_t i = 0; i < na; i++)
    dva[i] = va[i] - meda;
  for (size_t i = 0; i < nb; i++)
    dvb[i] = vb[i] - medb;
  bbd__boot_data_t da = {na, va, dva, NULL, NULL, 0};
  bbd__boot_out_t oa = {NULL, dist, dist + B, NULL, NULL};
  bbd__idx_gen_t gen;
  bbd__idx_init(&gen, bbd_rng_mix(cfg.seed ^ UINT64_C(0xa)), (uint32_t)na);
  bbd__boot_run(&da, &gen, B, counts, &oa);
  const double *bm = b_mean_dist, *bmed = b_median_dist;
  if (!bm || !bmed) {
    bbd__boot_data_t db = {nb, vb, dvb, NULL, NULL, 0};
    bbd__boot_out_t ob = {NULL, dist + 2 * B, dist + 3 * B, NULL, NULL};
    bbd__idx_init(&gen, cfg.seed, (uint32_t)nb);
    bbd__boot_run(&db, &gen, B, counts, &ob);
    bm = dist + 2 * B;
    bmed = dist + 3 * B;
  }
  for (size_t k = 0; k < B; k++) {
    dist[k] = bm[k] / dist[k] - 1;           /* mean change */
    dist[B + k] = bmed[k] / dist[B + k] - 1; /* median change */
  }
  bbd__ci_from_dist(dist, B, cfg.confidence, &out->mean_change);
  bbd__ci_from_dist(dist + B, B, cfg.confidence, &out->median_change);

  /* Mixed bootstrap of t. The pool is centred on the pooled median so the
   * running sums of squares stay well conditioned; t is shift invariant. */
  double ref = (meda + medb) / 2;
  for (size_t i = 0; i < na; i++)
    pool[i] = a[i] - ref;
  for (size_t i = 0; i < nb; i++)
    pool[na + i] = b[i] - ref;
  bbd__idx_init(&gen, bbd_rng_mix(cfg.seed ^ UINT64_C(0x7)),
                (uint32_t)(na + nb));
  size_t used;
  out->p_mixed = mixed_p(pool, na, nb, out->t, &gen, B, &used);
  out->t_resamples = used;

  bbd_decision_t *d = &out->decision;
  const bbd_estimate_t *c = cfg.center == BBD_STATS_CENTER_MEDIAN
                                ? &out->median_change
                                : &out->mean_change;
  d->change = c->point;
  d->lo = c->lo;
  d->hi = c->hi;
  d->p = out->p_mixed;
  d->p_adjusted = d->p;
  d->threshold = cfg.threshold;
  d->alpha = cfg.alpha;
  d->higher_is_better = cfg.higher_is_better;
  d->mde = bbd__mde(c->lo, c->hi, cfg.confidence, cfg.alpha, cfg.power);
  bbd_stats_decide(d);
  free(arr);
  free(counts);
  free(dist);
  return 0;
}

int bbd_stats_compare(const bbd_stats_config_t *cfg, const double *a, size_t na,
                      const double *b, size_t nb, bbd_comparison_t *out,
                      char *err, size_t errlen) {
  return bbd__compare(cfg, a, na, b, nb, NULL, NULL, out, err, errlen);
}
