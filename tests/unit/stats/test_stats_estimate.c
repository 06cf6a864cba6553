/* Unit tests of bbd/stats estimates against SciPy/NumPy reference values
 * (reference_data.h, made by make_reference.py). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "reference_data.h"
#include "stats.h"

/* Fewer resamples than the default keeps the suite fast; one test below runs
 * the default 100,000. */
#define TEST_RESAMPLES 20000u

static void assert_close(double got, double want, double rel) {
  double tol = rel * fabs(want) + 1e-12;
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

/* Bootstrap CI bounds agree with SciPy's percentile bootstrap to within a
 * tenth of the CI width (both are Monte Carlo estimates). */
static void assert_ci(const bbd_estimate_t *e, double lo, double hi) {
  double w = hi - lo;
  if (fabs(e->lo - lo) > 0.1 * w || fabs(e->hi - hi) > 0.1 * w)
    fail_msg("CI [%.10g, %.10g], SciPy [%.10g, %.10g]", e->lo, e->hi, lo, hi);
  assert_true(e->lo <= e->point && e->point <= e->hi);
}

#define CHECK_DATASET(P, est)                                                  \
  do {                                                                         \
    assert_int_equal((est).n, P##_N);                                          \
    assert_close((est).mean.point, P##_MEAN, 1e-12);                           \
    assert_close((est).median.point, P##_MEDIAN, 1e-12);                       \
    assert_close((est).stddev.point, P##_SD, 1e-9);                            \
    assert_close((est).mad.point, P##_MAD, 1e-9);                              \
    assert_close((est).min, P##_MIN, 1e-15);                                   \
    assert_close((est).max, P##_MAX, 1e-15);                                   \
    assert_close((est).slope.point, P##_SLOPE, 1e-10);                         \
    assert_close((est).r2, P##_R2, 1e-9);                                      \
    assert_close((est).outliers.q1, P##_Q1, 1e-12);                            \
    assert_close((est).outliers.q3, P##_Q3, 1e-12);                            \
    assert_int_equal((est).outliers.low_severe, P##_LOW_SEVERE);               \
    assert_int_equal((est).outliers.low_mild, P##_LOW_MILD);                   \
    assert_int_equal((est).outliers.high_mild, P##_HIGH_MILD);                 \
    assert_int_equal((est).outliers.high_severe, P##_HIGH_SEVERE);             \
    assert_ci(&(est).mean, P##_MEAN_LO, P##_MEAN_HI);                          \
    assert_ci(&(est).median, P##_MEDIAN_LO, P##_MEDIAN_HI);                    \
    assert_ci(&(est).stddev, P##_SD_LO, P##_SD_HI);                            \
  } while (0)

static void test_reference_ds1_linear(void **state) {
  (void)state;
  bbd_stats_config_t c = cfg_with(TEST_RESAMPLES, 1);
  bbd_sample_estimates_t e;
  char err[128];
  assert_int_equal(
      bbd_stats_estimate(&c, DS1_ITERS, DS1_NS, DS1_N, &e, err, sizeof err), 0);
  assert_true(e.has_slope);
  CHECK_DATASET(DS1, e);
  /* The slope's CI contains the point and is about as wide as the mean's. */
  assert_true(e.slope.lo < e.slope.point && e.slope.point < e.slope.hi);
  assert_true(e.mad.lo <= e.mad.point && e.mad.point <= e.mad.hi);
}

static void test_reference_ds2_flat(void **state) {
  (void)state;
  bbd_stats_config_t c = cfg_with(TEST_RESAMPLES, 2);
  bbd_sample_estimates_t e;
  assert_int_equal(
      bbd_stats_estimate(&c, DS2_ITERS, DS2_NS, DS2_N, &e, NULL, 0), 0);
  assert_false(e.has_slope);
  CHECK_DATASET(DS2, e);
}

static void test_reference_ds3_odd(void **state) {
  (void)state;
  bbd_stats_config_t c = cfg_with(TEST_RESAMPLES, 3);
  bbd_sample_estimates_t e;
  assert_int_equal(
      bbd_stats_estimate(&c, DS3_ITERS, DS3_NS, DS3_N, &e, NULL, 0), 0);
  CHECK_DATASET(DS3, e);
}

static void test_reproducible_under_seed(void **state) {
  (void)state;
  bbd_stats_config_t c = cfg_with(2000, 42);
  bbd_sample_estimates_t e1, e2, e3;
  assert_int_equal(
      bbd_stats_estimate(&c, DS1_ITERS, DS1_NS, DS1_N, &e1, NULL, 0), 0);
  assert_int_equal(
      bbd_stats_estimate(&c, DS1_ITERS, DS1_NS, DS1_N, &e2, NULL, 0), 0);
  assert_memory_equal(&e1, &e2, sizeof e1);
  c.seed = 43;
  assert_int_equal(
      bbd_stats_estimate(&c, DS1_ITERS, DS1_NS, DS1_N, &e3, NULL, 0), 0);
  assert_true(e3.mean.lo != e1.mean.lo || e3.mean.hi != e1.mean.hi);
  /* Points do not depend on the seed. */
  assert_true(e3.mean.point == e1.mean.point);
  assert_int_equal(e1.seed, 42);
  assert_int_equal(e1.resamples, 2000);
}

static void test_default_resamples(void **state) {
  (void)state;
  /* The one run at the default 100,000 resamples: a NULL config means all
   * defaults; the CIs then match SciPy closely. */
  bbd_sample_estimates_t e;
  assert_int_equal(
      bbd_stats_estimate(NULL, DS2_ITERS, DS2_NS, DS2_N, &e, NULL, 0), 0);
  assert_int_equal(e.resamples, BBD_STATS_DEFAULT_RESAMPLES);
  assert_int_equal(e.seed, BBD_STATS_DEFAULT_SEED);
  CHECK_DATASET(DS2, e);
}

static void test_bad_input(void **state) {
  (void)state;
  bbd_stats_config_t c = cfg_with(100, 1);
  bbd_sample_estimates_t e;
  char err[128] = "";
  uint64_t it[3] = {1, 0, 1};
  double ns[3] = {1, 2, 3};
  assert_int_equal(bbd_stats_estimate(&c, it, ns, 3, &e, err, sizeof err),
                   BBD_EINVAL);
  assert_non_null(strstr(err, "0 iterations"));
  it[1] = 1;
  ns[2] = NAN;
  assert_int_equal(bbd_stats_estimate(&c, it, ns, 3, &e, NULL, 0), BBD_EINVAL);
  ns[2] = 3;
  assert_int_equal(bbd_stats_estimate(&c, it, ns, 1, &e, NULL, 0), BBD_EINVAL);
  assert_int_equal(
      bbd_stats_estimate(&c, it, ns, BBD_STATS_MAX_SAMPLES + 1, &e, NULL, 0),
      BBD_ETOOBIG);
  c.confidence = 1.5;
  assert_int_equal(bbd_stats_estimate(&c, it, ns, 3, &e, NULL, 0), BBD_ERANGE);
  c.confidence = 0.95;
  c.resamples = BBD_STATS_MAX_RESAMPLES + 1;
  assert_int_equal(bbd_stats_config_check(&c, NULL, 0), BBD_ERANGE);
  /* 200,000 samples x 100,000 resamples: refused before any work. */
  c.resamples = 100000;
  assert_int_equal(bbd_stats_estimate(&c, it, ns, 200000, &e, err, sizeof err),
                   BBD_ETOOBIG);
  assert_non_null(strstr(err, "draws"));
}

static void test_constant_samples(void **state) {
  (void)state;
  bbd_stats_config_t c = cfg_with(500, 1);
  uint64_t it[4] = {10, 10, 10, 10};
  double ns[4] = {50, 50, 50, 50};
  bbd_sample_estimates_t e;
  assert_int_equal(bbd_stats_estimate(&c, it, ns, 4, &e, NULL, 0), 0);
  assert_true(e.mean.point == 5 && e.mean.lo == 5 && e.mean.hi == 5);
  assert_true(e.stddev.point == 0 && e.mad.point == 0);
  assert_true(e.r2 == 1);
  assert_int_equal(e.outliers.high_severe + e.outliers.low_severe, 0);
}

static void test_per_iter_counters(void **state) {
  (void)state;
  /* Minor faults of 5 samples: per-iteration value is values/iters. */
  uint64_t it[5] = {100, 200, 300, 400, 500};
  double faults[5] = {200, 400, 630, 800, 1000};
  bbd_stats_config_t c = cfg_with(2000, 9);
  bbd_per_iter_stats_t s;
  assert_int_equal(bbd_stats_per_iter(&c, it, faults, 5, &s, NULL, 0), 0);
  assert_close(s.median.point, 2.0, 1e-15);
  assert_close(s.mean.point, 2.02, 1e-12);
  assert_close(s.min, 2.0, 0);
  assert_close(s.max, 2.1, 1e-15);
  assert_true(s.mean.lo >= 2.0 && s.mean.hi <= 2.1);
  assert_true(s.median.lo == 2.0);
}

static void test_throughput(void **state) {
  (void)state;
  bbd_estimate_t t = {.point = 1000, .lo = 900, .hi = 1250, .se = 0};
  bbd_throughput_t th;
  /* 1 MiB per iteration in 1 us = 1e6 MiB/s; 10 elements = 1e7/s. */
  assert_int_equal(bbd_stats_throughput(&t, 1048576, 10, &th), 0);
  assert_close(th.mib_per_s, 1e6, 1e-12);
  assert_close(th.mib_per_s_lo, 8e5, 1e-12);
  assert_close(th.mib_per_s_hi, 1e6 / 0.9, 1e-12);
  assert_close(th.elems_per_s, 1e7, 1e-12);
  assert_int_equal(bbd_stats_throughput(&t, 0, 0, &th), 0);
  assert_true(th.mib_per_s == 0 && th.elems_per_s == 0);
  t.lo = 0;
  assert_int_equal(bbd_stats_throughput(&t, 1, 1, &th), 0);
  assert_true(isinf(th.elems_per_s_hi));
  t.point = 0;
  assert_int_equal(bbd_stats_throughput(&t, 1, 1, &th), BBD_EINVAL);
}

static void test_derived(void **state) {
  (void)state;
  bbd_derived_inputs_t in;
  memset(&in, 0, sizeof in);
  in.cycles = (bbd_opt_t){2000, 1};
  in.instructions = (bbd_opt_t){5000, 1};
  in.branches = (bbd_opt_t){100, 1};
  in.branch_misses = (bbd_opt_t){7, 0}; /* unsupported counter */
  in.cache_references = (bbd_opt_t){0, 1};
  in.cache_misses = (bbd_opt_t){0, 1};
  bbd_derived_t d;
  bbd_stats_derived(&in, &d);
  assert_true(d.ipc.ok);
  assert_close(d.ipc.value, 2.5, 1e-15);
  assert_false(d.branch_miss_rate.ok); /* input not ok: no made-up value */
  assert_false(d.cache_miss_rate.ok);  /* zero denominator */
  assert_false(d.l1d_miss_rate.ok);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_reference_ds1_linear),
      cmocka_unit_test(test_reference_ds2_flat),
      cmocka_unit_test(test_reference_ds3_odd),
      cmocka_unit_test(test_reproducible_under_seed),
      cmocka_unit_test(test_default_resamples),
      cmocka_unit_test(test_bad_input),
      cmocka_unit_test(test_constant_samples),
      cmocka_unit_test(test_per_iter_counters),
      cmocka_unit_test(test_throughput),
      cmocka_unit_test(test_derived),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
