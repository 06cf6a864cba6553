/* Unit tests of the unpaired comparison, the verdict rule and suite-level
 * false alarm control: reference values from SciPy/NumPy and simulated A/A
 * and step scenarios with fixed seeds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reference_data.h"
#include "stats.h"

static void assert_close(double got, double want, double rel) {
  double tol = rel * fabs(want) + 1e-15;
  if (!(fabs(got - want) <= tol))
    fail_msg("got %.15g, want %.15g (tolerance %.3g)", got, want, tol);
}

static bbd_stats_config_t cfg_with(uint32_t resamples, uint64_t seed) {
  bbd_stats_config_t c;
  bbd_stats_config_default(&c);
  c.resamples = resamples;
  c.seed = seed;
  return c;
}

static void test_reference_welch(void **state) {
  (void)state;
  bbd_stats_config_t c = cfg_with(20000, 5);
  bbd_comparison_t r;
  size_t na = sizeof CMP_A / sizeof CMP_A[0];
  size_t nb = sizeof CMP_B / sizeof CMP_B[0];
  assert_int_equal(bbd_stats_compare(&c, CMP_A, na, CMP_B, nb, &r, NULL, 0), 0);
  assert_close(r.t, CMP_T, 1e-10);
  assert_close(r.df, CMP_DF, 1e-10);
  assert_close(r.p_welch, CMP_P_WELCH, 1e-6);
  assert_close(r.mean_change.point, CMP_MEAN_CHANGE, 1e-12);
  assert_close(r.median_change.point, CMP_MEDIAN_CHANGE, 1e-12);
  double w = CMP_MEAN_CHANGE_HI - CMP_MEAN_CHANGE_LO;
  assert_true(fabs(r.mean_change.lo - CMP_MEAN_CHANGE_LO) < 0.1 * w);
  assert_true(fabs(r.mean_change.hi - CMP_MEAN_CHANGE_HI) < 0.1 * w);
  /* t = 4.5: the mixed bootstrap never sees such a t under H0, so p is
   * its floor 2/(B+1), far below alpha, like the Welch p. */
  assert_true(r.p_mixed < 0.001);
  /* A 3% change with a 5% threshold: the CI straddles nothing but lies
   * within +-5%, so the verdict is "unchanged". */
  assert_true(r.mean_change.hi < 0.05);
  assert_int_equal(r.decision.verdict, BBD_VERDICT_UNCHANGED);
  /* With a 1% threshold it is a regression. */
  c.threshold = 0.01;
  assert_int_equal(bbd_stats_compare(&c, CMP_A, na, CMP_B, nb, &r, NULL, 0), 0);
  assert_int_equal(r.decision.verdict, BBD_VERDICT_REGRESSED);
  assert_true(r.decision.mde > 0 && r.decision.mde < 0.03);
  /* Throughput semantics: the same data means "improved". */
  c.higher_is_better = 1;
  assert_int_equal(bbd_stats_compare(&c, CMP_A, na, CMP_B, nb, &r, NULL, 0), 0);
  assert_int_equal(r.decision.verdict, BBD_VERDICT_IMPROVED);
}

/* The mixed-bootstrap p agrees with the analytic Welch p on normal data:
 * closely near alpha, where the sequential stop has drawn thousands of
 * resamples, and roughly for large p, where it stops after a few hundred
 * (Besag-Clifford with h = 200: relative sd ~ sqrt((1 - p) / h)). */
static void test_mixed_p_matches_welch(void **state) {
  (void)state;
  bbd_rng_t g;
  bbd_rng_seed(&g, 77);
  const double shift[3] = {0.6, 1.0, 1.9};
  double a[40], b[40];
  int near_alpha = 0;
  for (int k = 0; k < 3; k++) {
    for (int rep = 0; rep < 3; rep++) {
      for (int i = 0; i < 40; i++) {
        a[i] = 100 + 2 * bbd_rng_normal(&g);
        b[i] = 100 + shift[k] + 2 * bbd_rng_normal(&g);
      }
      bbd_stats_config_t c = cfg_with(5000, 8);
      bbd_comparison_t r;
      assert_int_equal(bbd_stats_compare(&c, a, 40, b, 40, &r, NULL, 0), 0);
      double tol = r.p_welch < 0.2
                       ? 0.15 * r.p_welch + 0.002
                       : 3 * r.p_welch * sqrt((1 - r.p_welch) / 200) + 0.02;
      if (!(fabs(r.p_mixed - r.p_welch) <= tol))
        fail_msg("p_mixed %g, p_welch %g", r.p_mixed, r.p_welch);
      near_alpha += r.p_welch > 0.01 && r.p_welch < 0.2;
      assert_true(r.t_resamples >= 200 && r.t_resamples <= 5000);
    }
  }
  assert_true(near_alpha >= 2); /* the close-agreement branch was used */
}

static bbd_decision_t dec(double lo, double hi, double p) {
  bbd_decision_t d;
  memset(&d, 0, sizeof d);
  d.lo = lo;
  d.hi = hi;
  d.change = (lo + hi) / 2;
  d.p = d.p_adjusted = p;
  d.threshold = 0.05;
  d.alpha = 0.05;
  bbd_stats_decide(&d);
  return d;
}

static void test_verdict_rule(void **state) {
  (void)state;
  bbd_decision_t d = dec(0.06, 0.09, 0.001);
  assert_int_equal(d.verdict, BBD_VERDICT_REGRESSED);
  d = dec(-0.09, -0.06, 0.001);
  assert_int_equal(d.verdict, BBD_VERDICT_IMPROVED);
  d = dec(-0.02, 0.03, 0.001); /* significant but small: unchanged */
  assert_int_equal(d.verdict, BBD_VERDICT_UNCHANGED);
  d = dec(0.03, 0.07, 0.001);
  assert_int_equal(d.verdict, BBD_VERDICT_INCONCLUSIVE);
  assert_int_equal(d.straddle, BBD_STRADDLE_WORSE);
  d = dec(-0.07, -0.01, 0.001);
  assert_int_equal(d.straddle, BBD_STRADDLE_BETTER);
  d = dec(-0.07, 0.08, 0.5);
  assert_int_equal(d.straddle, BBD_STRADDLE_BOTH);
  d = dec(0.06, 0.09, 0.2); /* beyond threshold, not significant */
  assert_int_equal(d.verdict, BBD_VERDICT_INCONCLUSIVE);
  assert_int_equal(d.straddle, BBD_STRADDLE_NOT_SIGNIFICANT);
  d = dec(NAN, NAN, 1);
  assert_int_equal(d.straddle, BBD_STRADDLE_TOO_FEW);
  d = dec(0.06, 0.09, 0.001);
  d.higher_is_better = 1;
  bbd_stats_decide(&d);
  assert_int_equal(d.verdict, BBD_VERDICT_IMPROVED);
  assert_string_equal(bbd_verdict_name(BBD_VERDICT_INCONCLUSIVE),
                      "inconclusive");
  assert_string_equal(bbd_straddle_name(BBD_STRADDLE_WORSE), "worse");
}

static void test_reference_multiplicity(void **state) {
  (void)state;
  size_t n = sizeof MULT_P / sizeof MULT_P[0];
  double adj[16];
  assert_int_equal(bbd_stats_adjust_p(BBD_MULT_HOLM, MULT_P, n, adj), 0);
  for (size_t i = 0; i < n; i++)
    assert_close(adj[i], MULT_HOLM[i], 1e-12);
  assert_int_equal(bbd_stats_adjust_p(BBD_MULT_BH, MULT_P, n, adj), 0);
  for (size_t i = 0; i < n; i++)
    assert_close(adj[i], MULT_BH[i], 1e-12);
  assert_int_equal(bbd_stats_adjust_p(BBD_MULT_NONE, MULT_P, n, adj), 0);
  for (size_t i = 0; i < n; i++)
    assert_true(adj[i] == MULT_P[i]);
  bbd_multiplicity_t m;
  assert_int_equal(bbd_multiplicity_from_name("holm", &m), 0);
  assert_int_equal(m, BBD_MULT_HOLM);
  assert_int_equal(bbd_multiplicity_from_name("bonkers", &m), BBD_EINVAL);
  assert_string_equal(bbd_multiplicity_name(BBD_MULT_BH), "bh");
}

/* Simulated benchmark samples: per-iteration times with log-normal noise of
 * sd `noise` around `level`. */
static void simulate(bbd_rng_t *g, double level, double noise, double *x,
                     size_t n) {
  for (size_t i = 0; i < n; i++)
    x[i] = level * exp(noise * bbd_rng_normal(g));
}

#define NS 20 /* samples per side in the simulations */

/* Per-benchmark A/A false positive rate of the statistical gate itself: the
 * threshold is set to almost 0 so only p < alpha separates "regressed" or
 * "improved" from the rest. */
static void test_aa_false_positive_rate(void **state) {
  (void)state;
  bbd_stats_config_t c = cfg_with(1000, 0);
  c.threshold = 1e-9;
  bbd_rng_t g;
  bbd_rng_seed(&g, 2026);
  int trials = 200, alarms = 0, unchanged_default = 0;
  double a[NS], b[NS];
  for (int t = 0; t < trials; t++) {
    simulate(&g, 1000, 0.03, a, NS);
    simulate(&g, 1000, 0.03, b, NS);
    c.seed = (uint64_t)t;
    c.threshold = 1e-9;
    bbd_comparison_t r;
    assert_int_equal(bbd_stats_compare(&c, a, NS, b, NS, &r, NULL, 0), 0);
    if (r.decision.verdict == BBD_VERDICT_REGRESSED ||
        r.decision.verdict == BBD_VERDICT_IMPROVED)
      alarms++;
    /* With the default 5% threshold the same data is "unchanged". */
    r.decision.threshold = 0.05;
    bbd_stats_decide(&r.decision);
    if (r.decision.verdict == BBD_VERDICT_UNCHANGED)
      unchanged_default++;
  }
  double rate = (double)alarms / trials;
  print_message("A/A per-benchmark alarm rate (threshold ~0): %.3f\n", rate);
  /* The gate's true rate is alpha by construction (a calibrated two-sided
   * p); the observed rate of 200 trials may exceed it by sampling error, so
   * allow two binomial standard errors (0.031). */
  assert_true(rate <= 0.05 + 2 * sqrt(0.05 * 0.95 / trials));
  assert_true(alarms > 0); /* the gate is live, not vacuous */
  print_message("A/A unchanged with 5%% threshold: %d/%d\n", unchanged_default,
                trials);
  /* The per-benchmark false alarm rate of real verdicts (5% threshold). */
  assert_true(unchanged_default >= trials * 99 / 100);
}

/* Simulated steps are detected: 10% with the default 5% threshold, and 5%
 * with a 2% threshold, as "regressed" in >= 95% of trials. A 5% step against
 * the default 5% threshold sits exactly on the boundary: it must be flagged
 * ("regressed" or "inconclusive, possibly worse") in >= 90% of trials; the
 * rest are "unchanged" by definition (estimate below the threshold with a
 * CI inside it), never "improved". */
static void test_steps_detected(void **state) {
  (void)state;
  bbd_stats_config_t c = cfg_with(1000, 0);
  bbd_rng_t g;
  bbd_rng_seed(&g, 7);
  int trials = 40, reg10 = 0, flag5 = 0, reg5 = 0, wrong5 = 0;
  double a[NS], b[NS];
  for (int t = 0; t < trials; t++) {
    c.seed = (uint64_t)t;
    simulate(&g, 1000, 0.02, a, NS);
    simulate(&g, 1100, 0.02, b, NS);
    bbd_comparison_t r;
    c.threshold = 0.05;
    assert_int_equal(bbd_stats_compare(&c, a, NS, b, NS, &r, NULL, 0), 0);
    reg10 += r.decision.verdict == BBD_VERDICT_REGRESSED;
    simulate(&g, 1050, 0.02, b, NS);
    assert_int_equal(bbd_stats_compare(&c, a, NS, b, NS, &r, NULL, 0), 0);
    flag5 += r.decision.verdict == BBD_VERDICT_REGRESSED ||
             (r.decision.verdict == BBD_VERDICT_INCONCLUSIVE &&
              r.decision.straddle == BBD_STRADDLE_WORSE);
    wrong5 += r.decision.verdict == BBD_VERDICT_IMPROVED;
    c.threshold = 0.02;
    assert_int_equal(bbd_stats_compare(&c, a, NS, b, NS, &r, NULL, 0), 0);
    reg5 += r.decision.verdict == BBD_VERDICT_REGRESSED;
  }
  print_message("10%%: %d, 5%% flagged: %d, 5%% at 2%% threshold: %d of %d\n",
                reg10, flag5, reg5, trials);
  assert_true(reg10 >= trials * 95 / 100);
  assert_true(flag5 >= trials * 90 / 100);
  assert_int_equal(wrong5, 0);
  assert_true(reg5 >= trials * 95 / 100);
}

static void test_compare_reproducible_and_errors(void **state) {
  (void)state;
  bbd_stats_config_t c = cfg_with(1000, 3);
  bbd_comparison_t r1, r2;
  size_t na = sizeof CMP_A / sizeof CMP_A[0];
  assert_int_equal(bbd_stats_compare(&c, CMP_A, na, CMP_B, na, &r1, NULL, 0),
                   0);
  assert_int_equal(bbd_stats_compare(&c, CMP_A, na, CMP_B, na, &r2, NULL, 0),
                   0);
  assert_memory_equal(&r1, &r2, sizeof r1);
  double bad[2] = {1, -1};
  char err[128];
  assert_int_equal(
      bbd_stats_compare(&c, CMP_A, na, bad, 2, &r1, err, sizeof err),
      BBD_EINVAL);
  assert_non_null(strstr(err, "candidate"));
  assert_int_equal(bbd_stats_compare(&c, CMP_A, 1, CMP_B, 2, &r1, NULL, 0),
                   BBD_EINVAL);
  uint64_t it[2] = {2, 0};
  double ns[2] = {4, 4}, out[2];
  assert_int_equal(bbd_stats_per_iter_values(it, ns, 1, out), 0);
  assert_true(out[0] == 2);
  assert_int_equal(bbd_stats_per_iter_values(it, ns, 2, out), BBD_EINVAL);
}

/* bbd_stats_analyze shares the candidate's bootstrap between the estimate
 * and the comparison; its results equal the two separate calls bit for bit. */
static void test_analyze_equals_separate_calls(void **state) {
  (void)state;
  bbd_stats_config_t c = cfg_with(1000, 12);
  enum { N = 30 };
  uint64_t it[N];
  double ns[N], v[N];
  bbd_rng_t g;
  bbd_rng_seed(&g, 5);
  for (size_t i = 0; i < N; i++) {
    it[i] = 100 * (i + 1);
    ns[i] = (double)it[i] * 1030 * exp(0.02 * bbd_rng_normal(&g));
  }
  size_t na = sizeof CMP_A / sizeof CMP_A[0];
  bbd_sample_estimates_t e1, e2;
  bbd_comparison_t r1, r2;
  assert_int_equal(
      bbd_stats_analyze(&c, it, ns, N, CMP_A, na, &e1, &r1, NULL, 0), 0);
  assert_int_equal(bbd_stats_estimate(&c, it, ns, N, &e2, NULL, 0), 0);
  assert_int_equal(bbd_stats_per_iter_values(it, ns, N, v), 0);
  assert_int_equal(bbd_stats_compare(&c, CMP_A, na, v, N, &r2, NULL, 0), 0);
  assert_memory_equal(&e1, &e2, sizeof e1);
  assert_memory_equal(&r1, &r2, sizeof r1);
  assert_int_equal(r1.decision.verdict, BBD_VERDICT_UNCHANGED);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_reference_welch),
      cmocka_unit_test(test_mixed_p_matches_welch),
      cmocka_unit_test(test_verdict_rule),
      cmocka_unit_test(test_reference_multiplicity),
      cmocka_unit_test(test_aa_false_positive_rate),
      cmocka_unit_test(test_steps_detected),
      cmocka_unit_test(test_compare_reproducible_and_errors),
      cmocka_unit_test(test_analyze_equals_separate_calls),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
