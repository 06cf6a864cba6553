/* Unit tests of the paired interleaved A/B analysis: sign-test intervals
 * against SciPy's binomial distribution, the round schedule, and simulated
 * A/A and slowdown scenarios with adaptive stopping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "reference_data.h"
#include "stats.h"

static void assert_close(double got, double want, double rel) {
  double tol = rel * fabs(want) + 1e-15;
  if (!(fabs(got - want) <= tol))
    fail_msg("got %.15g, want %.15g (tolerance %.3g)", got, want, tol);
}

/* Runs the paired analysis on n rounds of synthetic data with log-ratios 0
 * and reads k and the coverage back. */
static void check_k(size_t n, size_t want_k, double want_cov) {
  double a[100], b[100];
  for (size_t i = 0; i < n; i++) {
    a[i] = 100;
    b[i] = 100 * (1 + 0.001 * ((double)i - (double)n / 2));
  }
  bbd_paired_t r;
  assert_int_equal(bbd_stats_paired(NULL, a, b, n, &r, NULL, 0), 0);
  assert_int_equal(r.k, want_k);
  if (want_k)
    assert_close(r.coverage, want_cov, 1e-10);
  else
    assert_int_equal(r.decision.straddle, BBD_STRADDLE_TOO_FEW);
}

static void test_reference_sign_intervals(void **state) {
  (void)state;
  check_k(5, SIGN_K_5, SIGN_COV_5);
  check_k(6, SIGN_K_6, SIGN_COV_6);
  check_k(10, SIGN_K_10, SIGN_COV_10);
  check_k(25, SIGN_K_25, SIGN_COV_25);
  check_k(100, SIGN_K_100, SIGN_COV_100);
}

static void test_reference_paired(void **state) {
  (void)state;
  size_t n = sizeof PAIR_A / sizeof PAIR_A[0];
  bbd_paired_t r;
  char err[128];
  assert_int_equal(
      bbd_stats_paired(NULL, PAIR_A, PAIR_B, n, &r, err, sizeof err), 0);
  assert_int_equal(r.rounds, n);
  assert_close(r.median_log_ratio, PAIR_MEDIAN_LOG, 1e-12);
  assert_close(r.log_lo, PAIR_LOG_LO, 1e-12);
  assert_close(r.log_hi, PAIR_LOG_HI, 1e-12);
  assert_close(r.decision.p, PAIR_P, 1e-9);
  assert_close(r.decision.change, expm1(PAIR_MEDIAN_LOG), 1e-12);
  /* B is ~4% slower with a tight CI: regressed at the 1% paired threshold. */
  assert_int_equal(r.decision.verdict, BBD_VERDICT_REGRESSED);
  assert_int_equal(r.n_worse + r.n_better + r.ties, n);
  /* Swapping sides mirrors the result. */
  bbd_paired_t s;
  assert_int_equal(bbd_stats_paired(NULL, PAIR_B, PAIR_A, n, &s, NULL, 0), 0);
  assert_int_equal(s.decision.verdict, BBD_VERDICT_IMPROVED);
  assert_close(s.log_lo, -r.log_hi, 1e-12);
}

static void test_schedule(void **state) {
  (void)state;
  for (uint64_t k = 0; k < 8; k++)
    assert_int_equal(bbd_stats_ab_first(BBD_AB_ABBA, 1, k), (int)(k & 1));
  int a_first = 0;
  for (uint64_t k = 0; k < 1000; k++) {
    int f = bbd_stats_ab_first(BBD_AB_RANDOM, 5, k);
    assert_int_equal(f, bbd_stats_ab_first(BBD_AB_RANDOM, 5, k));
    a_first += f == 0;
    /* Balanced: each pair of rounds has one of each order. */
    int p0 = bbd_stats_ab_first(BBD_AB_BALANCED, 5, 2 * k);
    int p1 = bbd_stats_ab_first(BBD_AB_BALANCED, 5, 2 * k + 1);
    assert_int_equal(p0 + p1, 1);
  }
  assert_in_range(a_first, 430, 570);
  /* Another seed gives another sequence. */
  int same = 0;
  for (uint64_t k = 0; k < 64; k++)
    same += bbd_stats_ab_first(BBD_AB_RANDOM, 5, k) ==
            bbd_stats_ab_first(BBD_AB_RANDOM, 6, k);
  assert_true(same < 64);
}

/* One simulated round: a slow drift of the machine (shared by A and B in the
 * same round), per-measurement noise, and B slower by `slow`. */
static void round_values(bbd_rng_t *g, size_t k, double slow, double *a,
                         double *b) {
  double drift = 0.08 * sin((double)k / 7.0) + 0.03 * bbd_rng_normal(g);
  *a = 1000 * exp(drift + 0.01 * bbd_rng_normal(g));
  *b = 1000 * (1 + slow) * exp(drift + 0.01 * bbd_rng_normal(g));
}

/* Runs rounds until the stopping rule says stop; returns the final result
 * and the number of rounds. */
static size_t run_adaptive(bbd_rng_t *g, double slow, bbd_paired_t *res,
                           bbd_stop_t *why) {
  static double a[400], b[400];
  bbd_stop_rule_t rule;
  memset(&rule, 0, sizeof rule);
  rule.max_rounds = 400;
  size_t n = 0;
  for (;;) {
    round_values(g, n, slow, &a[n], &b[n]);
    n++;
    /* 40 ms per round: a 30 s budget per benchmark. */
    assert_int_equal(bbd_stats_paired_stop(NULL, &rule, a, b, n, n * 40e6, why,
                                           res, NULL, 0),
                     0);
    if (*why != BBD_STOP_CONTINUE)
      return n;
  }
}

static void test_adaptive_aa(void **state) {
  (void)state;
  bbd_rng_t g;
  bbd_rng_seed(&g, 31);
  int trials = 200, unchanged = 0, alarms = 0;
  size_t rounds = 0;
  for (int t = 0; t < trials; t++) {
    bbd_paired_t r;
    bbd_stop_t why;
    rounds += run_adaptive(&g, 0, &r, &why);
    unchanged += r.decision.verdict == BBD_VERDICT_UNCHANGED;
    alarms += r.decision.verdict == BBD_VERDICT_REGRESSED ||
              r.decision.verdict == BBD_VERDICT_IMPROVED;
  }
  print_message("A/A adaptive: %d/%d unchanged, %d alarms, %.1f rounds\n",
                unchanged, trials, alarms, (double)rounds / trials);
  assert_true(unchanged >= trials * 99 / 100);
  assert_int_equal(alarms, 0);
}

static void test_adaptive_detects_slowdowns(void **state) {
  (void)state;
  bbd_rng_t g;
  bbd_rng_seed(&g, 32);
  int trials = 100;
  const double steps[3] = {0.03, 0.05, 0.10};
  for (int s = 0; s < 3; s++) {
    int reg = 0;
    size_t rounds = 0;
    for (int t = 0; t < trials; t++) {
      bbd_paired_t r;
      bbd_stop_t why;
      rounds += run_adaptive(&g, steps[s], &r, &why);
      reg += r.decision.verdict == BBD_VERDICT_REGRESSED;
    }
    print_message("paired %.0f%% slowdown: %d/%d regressed, %.1f rounds\n",
                  steps[s] * 100, reg, trials, (double)rounds / trials);
    assert_true(reg >= trials * 95 / 100);
  }
}

static void test_stop_rule_edges(void **state) {
  (void)state;
  double a[12], b[12];
  for (int i = 0; i < 12; i++) {
    a[i] = 100;
    b[i] = 100 * (1 + 0.05 * ((i % 3) - 1)); /* wide spread around 0 */
  }
  bbd_stop_rule_t rule;
  memset(&rule, 0, sizeof rule);
  bbd_stop_t why;
  bbd_paired_t r;
  /* Below min_rounds: continue, unless the budget is spent. */
  assert_int_equal(
      bbd_stats_paired_stop(NULL, &rule, a, b, 5, 0, &why, &r, NULL, 0), 0);
  assert_int_equal(why, BBD_STOP_CONTINUE);
  rule.budget_ns = 100;
  assert_int_equal(
      bbd_stats_paired_stop(NULL, &rule, a, b, 5, 200, &why, &r, NULL, 0), 0);
  assert_int_equal(why, BBD_STOP_BUDGET);
  assert_int_equal(r.decision.straddle, BBD_STRADDLE_TOO_FEW);
  rule.budget_ns = 0;
  rule.min_rounds = 4;
  rule.max_rounds = 12;
  assert_int_equal(
      bbd_stats_paired_stop(NULL, &rule, a, b, 12, 0, &why, &r, NULL, 0), 0);
  assert_int_equal(why, BBD_STOP_MAX_ROUNDS);
  assert_int_equal(r.decision.verdict, BBD_VERDICT_INCONCLUSIVE);
  assert_string_equal(bbd_stop_name(BBD_STOP_PRECISE), "precise");
  rule.min_rounds = 20;
  assert_int_equal(
      bbd_stats_paired_stop(NULL, &rule, a, b, 12, 0, &why, &r, NULL, 0),
      BBD_EINVAL);
  a[3] = 0;
  assert_int_equal(bbd_stats_paired(NULL, a, b, 12, &r, NULL, 0), BBD_EINVAL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_reference_sign_intervals),
      cmocka_unit_test(test_reference_paired),
      cmocka_unit_test(test_schedule),
      cmocka_unit_test(test_adaptive_aa),
      cmocka_unit_test(test_adaptive_detects_slowdowns),
      cmocka_unit_test(test_stop_rule_edges),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
