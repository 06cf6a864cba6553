/*
 * Paired, interleaved A/B analysis (the nanobench compare() method, made a
 * verdict): per round the log-ratio ln(b/a) of two measurements taken back
 * to back with the same iteration count, so slow drifts of the machine hit
 * both sides and cancel. The median log-ratio is the effect; its CI is the
 * distribution-free sign-test interval between two order statistics, whose
 * coverage is exact for any continuous distribution of the log-ratios (no
 * normality or symmetry assumed, unlike Wilcoxon or t).
 */
#include "stats_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int bbd_stats_ab_first(bbd_ab_order_t order, uint64_t seed, uint64_t round) {
  switch (order) {
  case BBD_AB_ABBA:
    return (int)(round & 1);
  case BBD_AB_RANDOM:
    return (int)(bbd_rng_mix(seed ^ bbd_rng_mix(round)) & 1);
  case BBD_AB_BALANCED: {
    /* Each pair of rounds is AB|BA or BA|AB: balanced like ABBA, but the
     * phase is random so a periodic disturbance cannot line up with it. */
    uint64_t pair = round >> 1;
    int c = (int)(bbd_rng_mix(seed ^ bbd_rng_mix(pair ^ UINT64_C(0x5a))) & 1);
    return (round & 1) ? !c : c;
  }
  }
  return (int)(round & 1);
}

const char *bbd_stop_name(bbd_stop_t s) {
  switch (s) {
  case BBD_STOP_CONTINUE:
    return "continue";
  case BBD_STOP_PRECISE:
    return "precise";
  case BBD_STOP_BEYOND:
    return "beyond";
  case BBD_STOP_BUDGET:
    return "budget";
  case BBD_STOP_MAX_ROUNDS:
    return "max_rounds";
  }
  return "unknown";
}

/* Largest k >= 1 with 2 P(X <= k - 1) <= 1 - conf for X ~ Bin(n, 1/2), and
 * the exact coverage 1 - 2 P(X <= k - 1) of [d_(k), d_(n-k+1)]; 0 if even
 * the full range [d_(1), d_(n)] is not enough. */
static size_t sign_k(size_t n, double conf, double *coverage) {
  double lim = 1 - conf;
  double lg = lgamma((double)n + 1), ln2n = (double)n * log(2.0);
  double cum = 0;
  size_t k = 0;
  *coverage = NAN;
  for (size_t j = 0; j < (n + 1) / 2; j++) {
    /* cum = P(X <= j) */
    cum += exp(lg - lgamma((double)j + 1) - lgamma((double)(n - j) + 1) - ln2n);
    if (2 * cum > lim * (1 + 1e-12))
      break;
    k = j + 1;
    *coverage = 1 - 2 * cum;
  }
  return k;
}

static int paired_at(const bbd_stats_config_t *cfg, double conf,
                     const double *a, const double *b, size_t n,
                     bbd_paired_t *out, double *scratch) {
  memset(out, 0, sizeof *out);
  out->rounds = n;
  for (size_t i = 0; i < n; i++) {
    double d = log(b[i] / a[i]);
    scratch[i] = d;
    if (d > 0)
      cfg->higher_is_better ? out->n_better++ : out->n_worse++;
    else if (d < 0)
      cfg->higher_is_better ? out->n_worse++ : out->n_better++;
    else
      out->ties++;
  }
  bbd__sort(scratch, n);
  out->median_log_ratio = bbd_stats_quantile_sorted(scratch, n, 0.5);
  double cov;
  size_t k = n ? sign_k(n, conf, &cov) : 0;
  bbd_decision_t *d = &out->decision;
  d->threshold = cfg->paired_threshold;
  d->alpha = cfg->alpha;
  d->higher_is_better = cfg->higher_is_better;
  d->change = n ? expm1(out->median_log_ratio) : NAN;
  /* Exact two-sided sign test of "median log-ratio = 0", ties dropped. */
  size_t nz = n - out->ties;
  size_t s = out->n_worse < out->n_better ? out->n_worse : out->n_better;
  double p = nz ? 2 * bbd_stats_binom_half_cdf(s, nz) : 1;
  d->p = p > 1 ? 1 : p;
  d->p_adjusted = d->p;
  if (k == 0) {
    out->log_lo = out->log_hi = NAN;
    out->coverage = NAN;
    d->lo = d->hi = NAN;
    d->mde = NAN;
    d->verdict = BBD_VERDICT_INCONCLUSIVE;
    d->straddle = BBD_STRADDLE_TOO_FEW;
    return 0;
  }
  out->k = k;
  out->coverage = cov;
  out->log_lo = scratch[k - 1];
  out->log_hi = scratch[n - k];
  d->lo = expm1(out->log_lo);
  d->hi = expm1(out->log_hi);
  d->mde = bbd__mde(d->lo, d->hi, cov, cfg->alpha, cfg->power);
  bbd_stats_decide(d);
  return 0;
}

static int check_pairs(const double *a, const double *b, size_t n, char *err,
                       size_t errlen) {
  if ((!a || !b) && n)
    return bbd_errf(BBD_EINVAL, err, errlen, "stats: no rounds");
  if (n > BBD_STATS_MAX_SAMPLES)
    return bbd_errf(BBD_ETOOBIG, err, errlen, "stats: %zu rounds, max %u", n,
                    BBD_STATS_MAX_SAMPLES);
  for (size_t i = 0; i < n; i++)
    if (!(a[i] > 0) || !(b[i] > 0) || !isfinite(a[i]) || !isfinite(b[i]))
      return bbd_errf(BBD_EINVAL, err, errlen,
                      "stats: round %zu values %g/%g not finite and > 0", i,
                      a[i], b[i]);
  return 0;
}

int bbd_stats_paired(const bbd_stats_config_t *cfg_in, const double *a,
                     const double *b, size_t n, bbd_paired_t *out, char *err,
                     size_t errlen) {
  bbd_stats_config_t cfg;
  int rc = bbd__stats_cfg(cfg_in, &cfg, err, errlen);
  if (rc)
    return rc;
  if (!out)
    return bbd_errf(BBD_EINVAL, err, errlen, "stats: no output");
  if ((rc = check_pairs(a, b, n, err, errlen)))
    return rc;
  double *scratch = malloc((n ? n : 1) * sizeof *scratch);
  if (!scratch)
    return bbd_errf(BBD_ENOMEM, err, errlen, "stats: out of memory");
  rc = paired_at(&cfg, cfg.confidence, a, b, n, out, scratch);
  free(scratch);
  return rc;
}

int bbd_stats_paired_stop(const bbd_stats_config_t *cfg_in,
                          const bbd_stop_rule_t *rule_in, const double *a,
                          const double *b, size_t n, double elapsed_ns,
                          bbd_stop_t *decision, bbd_paired_t *final, char *err,
                          size_t errlen) {
  bbd_stats_config_t cfg;
  int rc = bbd__stats_cfg(cfg_in, &cfg, err, errlen);
  if (rc)
    return rc;
  if (!decision)
    return bbd_errf(BBD_EINVAL, err, errlen, "stats: no output");
  if ((rc = check_pairs(a, b, n, err, errlen)))
    return rc;
  bbd_stop_rule_t rule = {0};
  if (rule_in)
    rule = *rule_in;
  if (!rule.min_rounds)
    rule.min_rounds = 10;
  if (!rule.max_rounds)
    rule.max_rounds = 400;
  if (rule.target_width == 0)
    rule.target_width = cfg.paired_threshold;
  if (rule.early_confidence == 0)
    rule.early_confidence = 0.99;
  if (!(rule.early_confidence > 0 && rule.early_confidence < 1) ||
      !(rule.target_width >= 0) || !(rule.budget_ns >= 0) ||
      rule.min_rounds > rule.max_rounds)
    return bbd_errf(BBD_EINVAL, err, errlen, "stats: invalid stopping rule");

  double *scratch = malloc((n ? n : 1) * sizeof *scratch);
  if (!scratch)
    return bbd_errf(BBD_ENOMEM, err, errlen, "stats: out of memory");
  bbd_paired_t res, early;
  paired_at(&cfg, cfg.confidence, a, b, n, &res, scratch);
  bbd_stop_t dec = BBD_STOP_CONTINUE;
  if (n >= rule.min_rounds) {
    paired_at(&cfg, rule.early_confidence, a, b, n, &early, scratch);
    double thr = cfg.paired_threshold;
    if (early.k && (early.decision.lo > thr || early.decision.hi < -thr))
      dec = BBD_STOP_BEYOND;
    else if (res.k && res.decision.hi - res.decision.lo <= rule.target_width &&
             res.decision.verdict != BBD_VERDICT_INCONCLUSIVE)
      /* Narrow AND settled: a narrow CI that still straddles a threshold
       * keeps going, since more rounds move it to one side (unless the true
       * change sits on the threshold, which the budget then ends). */
      dec = BBD_STOP_PRECISE;
  }
  if (dec == BBD_STOP_CONTINUE) {
    if (rule.budget_ns > 0 && elapsed_ns >= rule.budget_ns)
      dec = BBD_STOP_BUDGET;
    else if (n >= rule.max_rounds)
      dec = BBD_STOP_MAX_ROUNDS;
  }
  free(scratch);
  *decision = dec;
  if (final)
    *final = res;
  return 0;
}
