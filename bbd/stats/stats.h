/*
 * bbd statistics and verdicts (library bbd::stats, include "stats.h").
 *
 * Pure C11, no I/O: nothing here opens files, prints or reads clocks. Every
 * function is reentrant: randomness comes from a seeded generator held in the
 * caller's configuration, scratch memory is allocated per call and freed
 * before return. Serialisation to cJSON lives apart in "stats_json.h".
 *
 * Errors follow bbd/common/err.h: int return, 0 on success, a negative
 * BBD_E* code on failure (BBD_EINVAL for bad arguments, BBD_ETOOBIG for
 * inputs beyond the bounds below, BBD_ENOMEM), with detail written to
 * err[errlen] (err may be NULL).
 *
 * Conventions used throughout:
 *  - "a" is the baseline (old build, stored run), "b" the candidate (new).
 *  - A relative change is b/a - 1, so for times a positive change is a
 *    slowdown. Options with higher_is_better flip the verdict direction
 *    (regressed means the value went down).
 *  - Confidence intervals are percentile intervals at cfg->confidence
 *    (0.95 by default) unless documented otherwise.
 *
 * The methods, their defaults and the reasons for them are written up in
 * docs/STATISTICS.md.
 */
#ifndef BBD_STATS_STATS_H
#define BBD_STATS_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "err.h" /* the BBD_E* codes returned below */

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Defaults and bounds                                                      */
/* ------------------------------------------------------------------------ */

#define BBD_STATS_DEFAULT_RESAMPLES 100000u
#define BBD_STATS_DEFAULT_CONFIDENCE 0.95
#define BBD_STATS_DEFAULT_ALPHA 0.05
/* Unpaired comparisons (vs a stored run): 5%, as the BeBytes profiling guide
 * asks for regressions > 5% to be flagged and run-to-run drift on shared
 * machines is of that order. */
#define BBD_STATS_DEFAULT_THRESHOLD 0.05
/* Paired interleaved A/B: pairing cancels the drift the 5% threshold exists
 * to absorb, so the paired threshold can be Criterion's 1%. */
#define BBD_STATS_DEFAULT_PAIRED_THRESHOLD 0.01
#define BBD_STATS_DEFAULT_POWER 0.80
#define BBD_STATS_DEFAULT_SEED UINT64_C(0x6262642d73746174) /* "bbd-stat" */

/* Largest accepted sample / round / key count and resample count. Inputs
 * come from workers and the database, so they are bounded before use. An
 * estimate holds 5 doubles per resample (40 MB at the maximum). */
#define BBD_STATS_MAX_SAMPLES 1000000u
#define BBD_STATS_MAX_RESAMPLES 1000000u
/* Largest bootstrap work, samples x resamples (index draws): ~15 s here.
 * Larger requests fail with BBD_ETOOBIG instead of stalling the caller. */
#define BBD_STATS_MAX_DRAWS 1e10
/* Longest history series for change points. PELT prunes well only across
 * changes: a long flat history costs O(n^2), ~0.5 s at this bound. Callers
 * pass the most recent runs. */
#define BBD_STATS_MAX_SERIES 20000u

/* ------------------------------------------------------------------------ */
/* Random numbers: xoshiro256** seeded through splitmix64                    */
/* ------------------------------------------------------------------------ */

/* Generator state. Plain value type: copy it to fork a stream. */
typedef struct bbd_rng {
  uint64_t s[4];
} bbd_rng_t;

/* Seeds r from one 64-bit seed (splitmix64 expansion, never all-zero). */
void bbd_rng_seed(bbd_rng_t *r, uint64_t seed);
/* The next 64 random bits. */
uint64_t bbd_rng_next(bbd_rng_t *r);
/* A uniform integer in [0, n), n >= 1 (Lemire's multiply-shift, unbiased). */
uint64_t bbd_rng_below(bbd_rng_t *r, uint64_t n);
/* A uniform double in [0, 1) with 53 random bits. */
double bbd_rng_double(bbd_rng_t *r);
/* A standard normal deviate (Box-Muller; used by simulations and tests). */
double bbd_rng_normal(bbd_rng_t *r);
/* splitmix64 mixing of x: a stateless hash used to derive per-round and
 * per-benchmark seeds deterministically. */
uint64_t bbd_rng_mix(uint64_t x);

/* ------------------------------------------------------------------------ */
/* Configuration                                                            */
/* ------------------------------------------------------------------------ */

/* Which centre the unpaired verdict uses. The mean matches the Welch t test
 * (and Criterion); the median is more robust to a few slow samples. */
typedef enum bbd_stats_center {
  BBD_STATS_CENTER_MEAN = 0,
  BBD_STATS_CENTER_MEDIAN = 1
} bbd_stats_center_t;

typedef struct bbd_stats_config {
  uint32_t resamples;        /* bootstrap resamples; default 100,000 */
  double confidence;         /* CI level; default 0.95 */
  double alpha;              /* significance level; default 0.05 */
  double threshold;          /* unpaired noise threshold; default 0.05 */
  double paired_threshold;   /* paired A/B noise threshold; default 0.01 */
  double power;              /* power for the minimum detectable change; 0.8 */
  uint64_t seed;             /* bootstrap seed; same seed => same output */
  bbd_stats_center_t center; /* centre of the unpaired verdict; mean */
  int higher_is_better;      /* 1 for throughput-like metrics; 0 */
} bbd_stats_config_t;

/* Fills c with the defaults above. Every function also accepts a config
 * whose numeric fields are 0 (zero-initialised) and uses the default for
 * each such field (seed 0 is a valid seed and is kept); cfg NULL means all
 * defaults. A threshold of exactly 0 therefore means the default: ask for a
 * tiny one (1e-12) to gate on the test alone. */
void bbd_stats_config_default(bbd_stats_config_t *c);

/* Checks c (0 < confidence < 1, 0 < alpha < 1, thresholds >= 0, 0 < power
 * < 1, 1 <= resamples <= BBD_STATS_MAX_RESAMPLES). */
int bbd_stats_config_check(const bbd_stats_config_t *c, char *err,
                           size_t errlen);

/* ------------------------------------------------------------------------ */
/* Estimates of one benchmark                                               */
/* ------------------------------------------------------------------------ */

/* A point estimate with its bootstrap percentile CI and standard error (the
 * standard deviation of the bootstrap distribution). */
typedef struct bbd_estimate {
  double point;
  double lo;
  double hi;
  double se;
} bbd_estimate_t;

/* Tukey fences on the per-iteration times and how many samples fall in each
 * band. Outliers are counted, never removed. */
typedef struct bbd_outliers {
  double q1, q3, iqr;
  double low_severe_fence;  /* q1 - 3 IQR */
  double low_mild_fence;    /* q1 - 1.5 IQR */
  double high_mild_fence;   /* q3 + 1.5 IQR */
  double high_severe_fence; /* q3 + 3 IQR */
  uint32_t low_severe;      /* x < q1 - 3 IQR */
  uint32_t low_mild;        /* q1 - 3 IQR <= x < q1 - 1.5 IQR */
  uint32_t high_mild;       /* q3 + 1.5 IQR < x <= q3 + 3 IQR */
  uint32_t high_severe;     /* x > q3 + 3 IQR */
} bbd_outliers_t;

/* Estimates of the per-iteration value (ns/iter for times) of one benchmark
 * from its samples. */
typedef struct bbd_sample_estimates {
  size_t n;             /* samples */
  int has_slope;        /* 1 when iteration counts vary (linear sampling) */
  bbd_estimate_t slope; /* OLS through the origin: sum(x*y)/sum(x*x) */
  double r2;            /* R^2 = 1 - SS_res / SS_tot (SS_tot centred) */
  bbd_estimate_t mean;
  bbd_estimate_t median;
  bbd_estimate_t stddev; /* sample standard deviation (n - 1) */
  bbd_estimate_t mad;    /* median absolute deviation * 1.4826 */
  double min;
  double max;
  bbd_outliers_t outliers;
  uint32_t resamples; /* resamples actually used */
  uint64_t seed;      /* seed actually used */
} bbd_sample_estimates_t;

/*
 * Estimates from n samples: sample i ran iters[i] iterations in ns[i] total
 * (any unit; the results are in that unit per iteration). Requires n >= 2,
 * iters[i] >= 1, finite ns[i] >= 0. All statistics share one bootstrap: each
 * resample draws n sample indices with replacement from cfg->seed, so the
 * result is reproducible bit for bit for a given seed and input.
 */
int bbd_stats_estimate(const bbd_stats_config_t *cfg, const uint64_t *iters,
                       const double *ns, size_t n, bbd_sample_estimates_t *out,
                       char *err, size_t errlen);

/* Per-iteration statistics of any per-sample total (counter values,
 * allocation counts or bytes): value[i] over iters[i] iterations. */
typedef struct bbd_per_iter_stats {
  size_t n;
  bbd_estimate_t mean;
  bbd_estimate_t median;
  double min;
  double max;
} bbd_per_iter_stats_t;

int bbd_stats_per_iter(const bbd_stats_config_t *cfg, const uint64_t *iters,
                       const double *values, size_t n,
                       bbd_per_iter_stats_t *out, char *err, size_t errlen);

/* Throughput from a time per iteration (ns) and the work per iteration.
 * A zero bytes_per_iter or elements_per_iter gives 0 for that rate. */
typedef struct bbd_throughput {
  double mib_per_s;    /* bytes/iter / (ns/iter) * 1e9 / 2^20 */
  double mib_per_s_lo; /* from the upper end of the time CI */
  double mib_per_s_hi; /* from the lower end of the time CI */
  double elems_per_s;
  double elems_per_s_lo;
  double elems_per_s_hi;
} bbd_throughput_t;

/* time_ns is a time-per-iteration estimate (point and CI); a CI bound <= 0
 * gives an infinite rate bound. Returns BBD_EINVAL if time_ns->point <= 0. */
int bbd_stats_throughput(const bbd_estimate_t *time_ns, double bytes_per_iter,
                         double elements_per_iter, bbd_throughput_t *out);

/* An optional number: ok is 1 only when value is meaningful. Counters whose
 * status is not "ok" are passed with ok = 0. */
typedef struct bbd_opt {
  double value;
  int ok;
} bbd_opt_t;

/* Counter totals (or per-iteration means) used for derived metrics. */
typedef struct bbd_derived_inputs {
  bbd_opt_t cycles;
  bbd_opt_t instructions;
  bbd_opt_t branches;
  bbd_opt_t branch_misses;
  bbd_opt_t cache_references;
  bbd_opt_t cache_misses;
  bbd_opt_t l1d_loads;
  bbd_opt_t l1d_load_misses;
} bbd_derived_inputs_t;

/* Each output is ok only when all its inputs are ok and the denominator is
 * > 0; otherwise ok = 0 (never a made-up 0). Rates are fractions (0..1). */
typedef struct bbd_derived {
  bbd_opt_t ipc;              /* instructions / cycles */
  bbd_opt_t branch_miss_rate; /* branch_misses / branches */
  bbd_opt_t cache_miss_rate;  /* cache_misses / cache_references */
  bbd_opt_t l1d_miss_rate;    /* l1d_load_misses / l1d_loads */
} bbd_derived_t;

void bbd_stats_derived(const bbd_derived_inputs_t *in, bbd_derived_t *out);

/* ------------------------------------------------------------------------ */
/* Verdicts                                                                 */
/* ------------------------------------------------------------------------ */

typedef enum bbd_verdict {
  BBD_VERDICT_UNCHANGED = 0,    /* CI within +-threshold */
  BBD_VERDICT_REGRESSED = 1,    /* p < alpha and CI wholly beyond threshold */
  BBD_VERDICT_IMPROVED = 2,     /* same, in the better direction */
  BBD_VERDICT_INCONCLUSIVE = 3, /* anything else: see bbd_straddle_t */
  /* Never produced by the statistics; set by callers when the environment
   * fingerprints differ (bbd_stats_env_compare) and the comparison was not
   * forced. Listed here so every layer uses one enum. */
  BBD_VERDICT_INCOMPARABLE = 4
} bbd_verdict_t;

/* Why a verdict is inconclusive. Directions are in "worse/better" terms, so
 * they already account for higher_is_better. */
typedef enum bbd_straddle {
  BBD_STRADDLE_NONE = 0,   /* the verdict is not inconclusive */
  BBD_STRADDLE_WORSE = 1,  /* CI crosses the regression threshold */
  BBD_STRADDLE_BETTER = 2, /* CI crosses the improvement threshold */
  BBD_STRADDLE_BOTH = 3,   /* CI wider than the whole +-threshold band */
  BBD_STRADDLE_NOT_SIGNIFICANT = 4, /* CI beyond threshold but p >= alpha */
  BBD_STRADDLE_TOO_FEW = 5          /* too few samples/rounds for a CI */
} bbd_straddle_t;

/* "unchanged", "regressed", "improved", "inconclusive", "incomparable". */
const char *bbd_verdict_name(bbd_verdict_t v);
/* "none", "worse", "better", "both", "not_significant", "too_few". */
const char *bbd_straddle_name(bbd_straddle_t s);

/*
 * The decision part shared by unpaired and paired comparisons. All changes
 * are relative (b/a - 1); lo/hi is the CI of the change at the configured
 * confidence.
 */
typedef struct bbd_decision {
  bbd_verdict_t verdict;
  bbd_straddle_t straddle;
  double change;     /* point estimate of the relative change */
  double lo, hi;     /* CI of the relative change */
  double p;          /* raw two-sided p-value */
  double p_adjusted; /* after suite-level control; equals p until applied */
  double threshold;  /* relative noise threshold used */
  double alpha;      /* significance level used */
  /* Minimum detectable change: the smallest true relative change this data
   * would flag as different from zero with the configured power,
   * (z(1 - alpha/2) + z(power)) * se, where se is derived from the CI. A
   * change must also exceed `threshold` to become a verdict. */
  double mde;
  int higher_is_better;
} bbd_decision_t;

/*
 * Recomputes d->verdict and d->straddle from d->lo, d->hi, d->p_adjusted,
 * d->threshold, d->alpha and d->higher_is_better (the rule in the header
 * comment of bbd_verdict_t). Used after p_adjusted changes.
 */
void bbd_stats_decide(bbd_decision_t *d);

/* ------------------------------------------------------------------------ */
/* Unpaired comparison (against a stored run or a baseline)                 */
/* ------------------------------------------------------------------------ */

typedef struct bbd_comparison {
  bbd_decision_t decision;      /* on the centre selected by cfg->center */
  bbd_estimate_t mean_change;   /* relative change of the mean, with CI */
  bbd_estimate_t median_change; /* relative change of the median, with CI */
  double t;                     /* Welch t statistic, (mean_b - mean_a) / se */
  double df;                    /* Welch-Satterthwaite degrees of freedom */
  double p_mixed; /* two-sided p of t via Criterion's mixed bootstrap */
  double p_welch; /* two-sided p of t from Student's t with df (reference) */
  size_t t_resamples; /* mixed-bootstrap resamples drawn (sequential: fewer
                         when p is clearly large) */
  size_t na, nb;
} bbd_comparison_t;

/*
 * Compares per-iteration values a[na] (baseline) and b[nb] (candidate), for
 * example ns[i]/iters[i] of two runs (see bbd_stats_per_iter_values). Both
 * sides need >= 2 samples and positive values for relative changes. The
 * decision uses p_mixed. Reproducible for a given cfg->seed.
 */
int bbd_stats_compare(const bbd_stats_config_t *cfg, const double *a, size_t na,
                      const double *b, size_t nb, bbd_comparison_t *out,
                      char *err, size_t errlen);

/*
 * Estimates of a new run and its comparison with a baseline in one call:
 * bbd_stats_estimate(cfg, iters, ns, n, est) and bbd_stats_compare(cfg, base,
 * nbase, ns[i]/iters[i], n, cmp) give bit-identical results, but here the
 * candidate's bootstrap is done once and shared. This is what the daemon
 * runs per benchmark when a run arrives with a baseline to compare against.
 */
int bbd_stats_analyze(const bbd_stats_config_t *cfg, const uint64_t *iters,
                      const double *ns, size_t n, const double *base,
                      size_t nbase, bbd_sample_estimates_t *est,
                      bbd_comparison_t *cmp, char *err, size_t errlen);

/* out[i] = ns[i] / iters[i] (iters[i] == 0 gives BBD_EINVAL). */
int bbd_stats_per_iter_values(const uint64_t *iters, const double *ns, size_t n,
                              double *out);

/* ------------------------------------------------------------------------ */
/* Suite-level false alarm control                                          */
/* ------------------------------------------------------------------------ */

typedef enum bbd_multiplicity {
  BBD_MULT_NONE = 0,
  /* Holm step-down: controls the family-wise error rate (the chance of ANY
   * false regression in a suite run) under any dependence. The default. */
  BBD_MULT_HOLM = 1,
  /* Benjamini-Hochberg: controls the false discovery rate; more power when
   * many benchmarks really changed, same guarantee as Holm under A/A. */
  BBD_MULT_BH = 2
} bbd_multiplicity_t;

/* "none", "holm", "bh"; and the reverse (returns BBD_EINVAL if unknown). */
const char *bbd_multiplicity_name(bbd_multiplicity_t m);
int bbd_multiplicity_from_name(const char *name, bbd_multiplicity_t *out);

/* Adjusted p-values adj[i] for p[0..n) (adj may alias p). NaN p-values are
 * left NaN and not counted in n. */
int bbd_stats_adjust_p(bbd_multiplicity_t m, const double *p, size_t n,
                       double *adj);

/* Sets d[i]->p_adjusted from d[i]->p across the n decisions and re-decides
 * each (bbd_stats_decide). NULL entries are skipped. */
int bbd_stats_suite_control(bbd_multiplicity_t m, bbd_decision_t *const *d,
                            size_t n);

/* ------------------------------------------------------------------------ */
/* Paired interleaved A/B                                                   */
/* ------------------------------------------------------------------------ */

/* Round order schedules. Each round measures A once and B once with the same
 * iteration count; the schedule says which goes first. */
typedef enum bbd_ab_order {
  BBD_AB_ABBA = 0,    /* AB, BA, AB, BA, ...: rounds 2k and 2k+1 form ABBA */
  BBD_AB_RANDOM = 1,  /* each round's order from an independent coin */
  BBD_AB_BALANCED = 2 /* per pair of rounds, AB|BA or BA|AB at random */
} bbd_ab_order_t;

/* 0 if A runs first in round `round` (counted from 0), 1 if B runs first.
 * A pure function of (order, seed, round), so the daemon needs no state. */
int bbd_stats_ab_first(bbd_ab_order_t order, uint64_t seed, uint64_t round);

typedef struct bbd_paired {
  bbd_decision_t decision; /* on the median log-ratio, as a relative change */
  size_t rounds;           /* rounds used */
  size_t ties;             /* rounds with a == b exactly (log-ratio 0) */
  double median_log_ratio; /* median of ln(b_i / a_i) */
  double log_lo, log_hi;   /* sign-test CI of the median log-ratio */
  double coverage;         /* exact coverage of that CI (>= confidence) */
  size_t k;                /* CI = [d_(k), d_(n-k+1)], 1-based; 0 if none */
  size_t n_worse;          /* rounds where b was worse than a */
  size_t n_better;         /* rounds where b was better than a */
} bbd_paired_t;

/*
 * Paired analysis of n rounds: a[i] and b[i] are the per-iteration values of
 * A and B in round i (identical iteration counts). Point estimate: median of
 * the log-ratios; CI: the distribution-free sign-test order-statistic
 * interval (exact binomial coverage >= cfg->confidence); p: two-sided exact
 * sign test. With too few rounds for such an interval (n < 6 at 95%) the
 * verdict is inconclusive with BBD_STRADDLE_TOO_FEW. Uses
 * cfg->paired_threshold. No randomness.
 */
int bbd_stats_paired(const bbd_stats_config_t *cfg, const double *a,
                     const double *b, size_t n, bbd_paired_t *out, char *err,
                     size_t errlen);

/* Adaptive stopping rule for paired rounds. Zero fields take defaults. */
typedef struct bbd_stop_rule {
  size_t min_rounds;       /* never stop before; default 10 */
  size_t max_rounds;       /* stop at; default 400 */
  double target_width;     /* stop when CI width (hi - lo, relative) <=
                              target; default paired_threshold (so the CI is
                              within +-threshold/2 of the estimate) */
  double budget_ns;        /* stop when elapsed >= budget; 0 = no budget */
  double early_confidence; /* CI level used to stop early on a clear
                              regression/improvement; default 0.99, stricter
                              than the final CI, which limits the error
                              inflation of looking after every round */
} bbd_stop_rule_t;

typedef enum bbd_stop {
  BBD_STOP_CONTINUE = 0, /* run another round */
  BBD_STOP_PRECISE = 1,  /* CI narrower than the target and the verdict
                            settled (not inconclusive) */
  BBD_STOP_BEYOND = 2,   /* CI (at early_confidence) clearly beyond threshold */
  BBD_STOP_BUDGET = 3,   /* time budget spent */
  BBD_STOP_MAX_ROUNDS = 4
} bbd_stop_t;

/* "continue", "precise", "beyond", "budget", "max_rounds". */
const char *bbd_stop_name(bbd_stop_t s);

/*
 * Decides, after each round, whether to continue: a[0..n), b[0..n) are the
 * rounds so far, elapsed_ns the time spent. On a stop, the caller reports
 * bbd_stats_paired() of the same data (written to *final when final is not
 * NULL, so no second call is needed).
 */
int bbd_stats_paired_stop(const bbd_stats_config_t *cfg,
                          const bbd_stop_rule_t *rule, const double *a,
                          const double *b, size_t n, double elapsed_ns,
                          bbd_stop_t *decision, bbd_paired_t *final, char *err,
                          size_t errlen);

/* ------------------------------------------------------------------------ */
/* Environment fingerprints                                                 */
/* ------------------------------------------------------------------------ */

typedef struct bbd_kv {
  const char *key;
  const char *value; /* NULL = absent */
} bbd_kv_t;

/* One key whose value differs (a or b is NULL when absent on that side).
 * Pointers refer into the caller's inputs. */
typedef struct bbd_env_diff {
  const char *key;
  const char *a;
  const char *b;
} bbd_env_diff_t;

/* The default comparability keys: cpu_model, kernel, governor,
 * counter_mode, clocksource, smt, turbo, hypervisor, arch, build_type; NULL
 * terminated. A key absent on both sides does not differ. */
const char *const *bbd_stats_env_default_keys(void);

/*
 * Compares fingerprints a[na] and b[nb] on keys[nkeys] (keys NULL: the
 * default keys). Writes at most max_diffs differences to diffs and their
 * total count to *ndiffs (0 = comparable). Values are compared as exact
 * strings. Duplicate keys: the first occurrence counts.
 */
int bbd_stats_env_compare(const bbd_kv_t *a, size_t na, const bbd_kv_t *b,
                          size_t nb, const char *const *keys, size_t nkeys,
                          bbd_env_diff_t *diffs, size_t max_diffs,
                          size_t *ndiffs);

/* ------------------------------------------------------------------------ */
/* History change points                                                    */
/* ------------------------------------------------------------------------ */

typedef struct bbd_cp_config {
  /* Penalty per change point in units of the noise variance of log values;
   * 0 = default 3 ln(n) (stricter than BIC's 2 ln n, for few false alarms) */
  double penalty;
  size_t min_segment; /* shortest segment, default 2 */
  double min_rel;     /* drop steps smaller than this relative size; 0 */
} bbd_cp_config_t;

typedef struct bbd_changepoint {
  size_t index;    /* first run of the new level (0-based series index) */
  size_t run_from; /* last run at the old level (= index - 1) */
  size_t run_to;   /* first run at the new level (= index) */
  double before;   /* mean of the segment before */
  double after;    /* mean of the segment after */
  double rel;      /* after / before - 1 */
  double z;        /* step size in noise standard deviations (log scale) */
} bbd_changepoint_t;

/*
 * PELT (Killick, Fearnhead & Eckley 2012) with a Gaussian mean-shift cost on
 * ln(y), the noise sigma estimated robustly from first differences
 * (MAD / sqrt 2), so the penalty is scale free. y[i] > 0 (per-run estimates
 * in time order, n <= BBD_STATS_MAX_SERIES). Writes at most max_cps change
 * points in index order and the number found to *ncps (which may exceed
 * max_cps). Series shorter than 2 * min_segment have none. Deterministic.
 * min_rel only filters the output; before/after are the PELT segment means.
 */
int bbd_stats_changepoints(const bbd_cp_config_t *cfg, const double *y,
                           size_t n, bbd_changepoint_t *cps, size_t max_cps,
                           size_t *ncps, char *err, size_t errlen);

/* ------------------------------------------------------------------------ */
/* Small numerical helpers (exposed for tests and callers)                  */
/* ------------------------------------------------------------------------ */

/* Standard normal quantile (Acklam, refined by one Halley step). */
double bbd_stats_norm_quantile(double p);
/* Standard normal CDF. */
double bbd_stats_norm_cdf(double x);
/* Two-sided p-value of Student's t with df degrees of freedom. */
double bbd_stats_t_p2(double t, double df);
/* P(X <= k) for X ~ Binomial(n, 1/2). */
double bbd_stats_binom_half_cdf(size_t k, size_t n);
/* Linear-interpolation quantile (numpy "linear", Criterion) of sorted x. */
double bbd_stats_quantile_sorted(const double *x, size_t n, double q);

#ifdef __cplusplus
}
#endif

#endif
