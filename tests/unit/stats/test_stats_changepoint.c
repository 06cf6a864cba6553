/* Unit tests of PELT change-point detection: exact agreement with an O(n^2)
 * optimal-partitioning reference (make_reference.py) and recall/precision on
 * synthetic histories with 3-sigma steps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reference_data.h"
#include "stats.h"

static void test_reference_series(void **state) {
  (void)state;
  bbd_changepoint_t cps[8];
  size_t n;
  char err[128];
  assert_int_equal(bbd_stats_changepoints(NULL, CP1_Y,
                                          sizeof CP1_Y / sizeof CP1_Y[0], cps,
                                          8, &n, err, sizeof err),
                   0);
  assert_int_equal(n, CP1_NEXPECT);
  for (size_t i = 0; i < n; i++)
    assert_int_equal(cps[i].index, CP1_EXPECT[i]);
  /* Step up then down by ~3%: sizes, levels and the run range. */
  assert_true(cps[0].rel > 0.02 && cps[0].rel < 0.04);
  assert_true(cps[1].rel < -0.02 && cps[1].rel > -0.04);
  assert_true(cps[0].z > 2);
  assert_int_equal(cps[0].run_from, cps[0].index - 1);
  assert_int_equal(cps[0].run_to, cps[0].index);
  assert_true(fabs(cps[0].after / cps[0].before - 1 - cps[0].rel) < 1e-12);
  assert_int_equal(bbd_stats_changepoints(NULL, CP2_Y,
                                          sizeof CP2_Y / sizeof CP2_Y[0], cps,
                                          8, &n, NULL, 0),
                   0);
  assert_int_equal(n, CP2_NEXPECT);
}

/* 100 synthetic histories of 60 runs with one 3-sigma step at a random
 * position, and 100 without: recall and precision >= 0.9, location within
 * 2 runs. */
static void test_three_sigma_steps(void **state) {
  (void)state;
  bbd_rng_t g;
  bbd_rng_seed(&g, 4242);
  enum { N = 60, SERIES = 100 };
  double y[N];
  int found = 0, spurious = 0, reported = 0;
  for (int s = 0; s < SERIES; s++) {
    size_t at = 10 + (size_t)bbd_rng_below(&g, 40);
    double sign = (s & 1) ? 1 : -1;
    for (size_t i = 0; i < N; i++)
      y[i] = 250 *
             exp(0.02 * bbd_rng_normal(&g) + (i >= at ? sign * 3 * 0.02 : 0));
    bbd_changepoint_t cps[8];
    size_t n;
    assert_int_equal(bbd_stats_changepoints(NULL, y, N, cps, 8, &n, NULL, 0),
                     0);
    reported += (int)n;
    int hit = 0;
    for (size_t i = 0; i < n && i < 8; i++) {
      if (!hit && (size_t)labs((long)cps[i].index - (long)at) <= 2) {
        hit = 1;
        assert_true(cps[i].rel * sign > 0);
      } else {
        spurious++;
      }
    }
    found += hit;
    /* The same noise without the step. */
    for (size_t i = 0; i < N; i++)
      y[i] = 250 * exp(0.02 * bbd_rng_normal(&g));
    assert_int_equal(bbd_stats_changepoints(NULL, y, N, cps, 8, &n, NULL, 0),
                     0);
    reported += (int)n;
    spurious += (int)n;
  }
  double recall = (double)found / SERIES;
  double precision = reported ? 1 - (double)spurious / reported : 1;
  print_message("3-sigma steps: recall %.2f, precision %.2f (%d reported)\n",
                recall, precision, reported);
  assert_true(recall >= 0.9);
  assert_true(precision >= 0.9);
}

static void test_edges(void **state) {
  (void)state;
  double y[10] = {1, 1, 1, 1, 1, 2, 2, 2, 2, 2};
  bbd_changepoint_t cps[2];
  size_t n = 99;
  /* Quantised data (most differences 0) still finds the step. */
  assert_int_equal(bbd_stats_changepoints(NULL, y, 10, cps, 2, &n, NULL, 0), 0);
  assert_int_equal(n, 1);
  assert_int_equal(cps[0].index, 5);
  assert_true(fabs(cps[0].rel - 1) < 1e-12);
  /* min_rel filters small steps out of the report. */
  bbd_cp_config_t c = {.penalty = 0, .min_segment = 2, .min_rel = 1.5};
  assert_int_equal(bbd_stats_changepoints(&c, y, 10, cps, 2, &n, NULL, 0), 0);
  assert_int_equal(n, 0);
  /* Constant and too short series have none. */
  double k[6] = {3, 3, 3, 3, 3, 3};
  assert_int_equal(bbd_stats_changepoints(NULL, k, 6, cps, 2, &n, NULL, 0), 0);
  assert_int_equal(n, 0);
  assert_int_equal(bbd_stats_changepoints(NULL, y, 3, cps, 2, &n, NULL, 0), 0);
  assert_int_equal(n, 0);
  /* Counting without storing. */
  assert_int_equal(bbd_stats_changepoints(NULL, y, 10, NULL, 0, &n, NULL, 0),
                   0);
  assert_int_equal(n, 1);
  y[2] = -1;
  assert_int_equal(bbd_stats_changepoints(NULL, y, 10, cps, 2, &n, NULL, 0),
                   BBD_EINVAL);
  assert_int_equal(bbd_stats_changepoints(NULL, y, BBD_STATS_MAX_SERIES + 1,
                                          cps, 2, &n, NULL, 0),
                   BBD_ETOOBIG);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_reference_series),
      cmocka_unit_test(test_three_sigma_steps),
      cmocka_unit_test(test_edges),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
