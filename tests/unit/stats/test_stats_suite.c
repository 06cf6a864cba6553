/* Suite-level false alarm control on simulated A/A suite runs (its own
 * executable because it runs 800 comparisons). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "stats.h"

static bbd_stats_config_t cfg_with(uint32_t resamples, uint64_t seed) {
  bbd_stats_config_t c;
  bbd_stats_config_default(&c);
  c.resamples = resamples;
  c.seed = seed;
  return c;
}

static void simulate(bbd_rng_t *g, double level, double noise, double *x,
                     size_t n) {
  for (size_t i = 0; i < n; i++)
    x[i] = level * exp(noise * bbd_rng_normal(g));
}

#define NS 20 /* samples per side */

/* 1000 resamples resolve p down to 2/1001, below Holm's smallest cut-off
 * alpha/20 = 0.0025, so the control is exercised, not bypassed. */
/* Suite of 20 benchmarks, A/A: without multiplicity control most suite runs
 * report some false alarm; with Holm at most 5% do. */
static void test_aa_suite_family_wise(void **state) {
  (void)state;
  enum { SUITES = 30, BENCH = 20 };
  bbd_stats_config_t c = cfg_with(1000, 0);
  bbd_rng_t g;
  bbd_rng_seed(&g, 99);
  int runs_alarm_none = 0, runs_alarm_holm = 0, runs_alarm_bh = 0;
  double a[NS], b[NS];
  for (int s = 0; s < SUITES; s++) {
    bbd_comparison_t r[BENCH];
    bbd_decision_t *d[BENCH];
    int any = 0;
    for (int k = 0; k < BENCH; k++) {
      simulate(&g, 500 + 50 * k, 0.03, a, NS);
      simulate(&g, 500 + 50 * k, 0.03, b, NS);
      c.seed = (uint64_t)(s * BENCH + k);
      c.threshold = 1e-9; /* isolate the p-value gate, as above */
      assert_int_equal(bbd_stats_compare(&c, a, NS, b, NS, &r[k], NULL, 0), 0);
      d[k] = &r[k].decision;
      any |= r[k].decision.verdict == BBD_VERDICT_REGRESSED ||
             r[k].decision.verdict == BBD_VERDICT_IMPROVED;
    }
    runs_alarm_none += any;
    for (int m = 0; m < 2; m++) {
      assert_int_equal(
          bbd_stats_suite_control(m ? BBD_MULT_BH : BBD_MULT_HOLM, d, BENCH),
          0);
      any = 0;
      for (int k = 0; k < BENCH; k++)
        any |= r[k].decision.verdict == BBD_VERDICT_REGRESSED ||
               r[k].decision.verdict == BBD_VERDICT_IMPROVED;
      if (m)
        runs_alarm_bh += any;
      else
        runs_alarm_holm += any;
    }
  }
  print_message("suite A/A runs with an alarm: none %d, holm %d, bh %d of %d\n",
                runs_alarm_none, runs_alarm_holm, runs_alarm_bh, SUITES);
  assert_true(runs_alarm_none >= SUITES / 4);
  assert_true(runs_alarm_holm <= SUITES * 5 / 100);
  assert_true(runs_alarm_bh <= SUITES * 5 / 100);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_aa_suite_family_wise),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
