/* Unit tests of the numerical helpers (against SciPy), the PRNG, the
 * environment fingerprint comparison and the cJSON builders. */
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
#include "stats_internal.h" /* white-box: bbd__quantile_unsorted */
#include "stats_json.h"

static void assert_close(double got, double want, double rel) {
  double tol = rel * fabs(want) + 1e-300;
  if (!(fabs(got - want) <= tol))
    fail_msg("got %.15g, want %.15g (tolerance %.3g)", got, want, tol);
}

static int cmp_d(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void test_reference_distributions(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof NORM_Q_P / sizeof NORM_Q_P[0]; i++)
    assert_close(bbd_stats_norm_quantile(NORM_Q_P[i]), NORM_Q_X[i], 1e-12);
  assert_true(isinf(bbd_stats_norm_quantile(0)));
  assert_close(bbd_stats_norm_cdf(1.959963984540054), 0.975, 1e-14);
  for (size_t i = 0; i < sizeof T_P2_T / sizeof T_P2_T[0]; i++)
    assert_close(bbd_stats_t_p2(T_P2_T[i], T_P2_DF[i]), T_P2_P[i], 1e-9);
  for (size_t i = 0; i < sizeof BINOM_K / sizeof BINOM_K[0]; i++)
    assert_close(bbd_stats_binom_half_cdf(BINOM_K[i], BINOM_N[i]), BINOM_CDF[i],
                 1e-10);
  double q[5] = {1, 2, 3, 4, 10};
  assert_close(bbd_stats_quantile_sorted(q, 5, 0.25), 2, 1e-15);
  assert_close(bbd_stats_quantile_sorted(q, 5, 0.9), 7.6, 1e-14);
}

static void test_rng(void **state) {
  (void)state;
  bbd_rng_t a, b;
  bbd_rng_seed(&a, 1);
  bbd_rng_seed(&b, 1);
  for (int i = 0; i < 100; i++)
    assert_true(bbd_rng_next(&a) == bbd_rng_next(&b));
  /* Uniformity of bbd_rng_below over 7 buckets (chi-square, 6 df: the
   * 99.99% point is 27.9). */
  int cnt[7] = {0};
  for (int i = 0; i < 70000; i++)
    cnt[bbd_rng_below(&a, 7)]++;
  double chi = 0;
  for (int i = 0; i < 7; i++)
    chi += (cnt[i] - 10000.0) * (cnt[i] - 10000.0) / 10000.0;
  assert_true(chi < 27.9);
  double s = 0, ss = 0;
  for (int i = 0; i < 20000; i++) {
    double x = bbd_rng_normal(&a);
    s += x;
    ss += x * x;
  }
  assert_true(fabs(s / 20000) < 0.05 && fabs(ss / 20000 - 1) < 0.05);
  double u = bbd_rng_double(&a);
  assert_true(u >= 0 && u < 1);
}

static void test_env_compare(void **state) {
  (void)state;
  bbd_kv_t a[] = {{"cpu_model", "AMD EPYC 7B13"},
                  {"kernel", "6.1.0-40"},
                  {"governor", "performance"},
                  {"hostname", "x"}};
  bbd_kv_t b[] = {{"cpu_model", "AMD EPYC 7B13"},
                  {"kernel", "6.1.0-41"},
                  {"counter_mode", "software"},
                  {"hostname", "y"}};
  bbd_env_diff_t d[4];
  size_t n;
  assert_int_equal(bbd_stats_env_compare(a, 4, b, 4, NULL, 0, d, 4, &n), 0);
  assert_int_equal(n, 3); /* kernel, governor, counter_mode; not hostname */
  assert_string_equal(d[0].key, "kernel");
  assert_string_equal(d[0].a, "6.1.0-40");
  assert_string_equal(d[0].b, "6.1.0-41");
  assert_string_equal(d[1].key, "governor");
  assert_null(d[1].b);
  assert_string_equal(d[2].key, "counter_mode");
  assert_null(d[2].a);
  /* Custom keys; and only max_diffs are written while n counts all. */
  const char *keys[] = {"cpu_model", "hostname"};
  assert_int_equal(bbd_stats_env_compare(a, 4, b, 4, keys, 2, d, 0, &n), 0);
  assert_int_equal(n, 1);
  assert_int_equal(bbd_stats_env_compare(a, 4, b, 4, keys, 2, NULL, 1, &n),
                   BBD_EINVAL);
  assert_int_equal(bbd_stats_env_compare(a, 4, b, 4, keys, 2, NULL, 0, &n), 0);
  assert_int_equal(n, 1);
  assert_int_equal(bbd_stats_env_compare(a, 4, a, 4, NULL, 0, d, 4, &n), 0);
  assert_int_equal(n, 0);
}

static void test_env_compare_json(void **state) {
  (void)state;
  cJSON *a = cJSON_Parse("{\"cpu_model\":\"X\",\"kernel\":\"6.1\",\"smt\":"
                         "true,\"turbo\":null}");
  cJSON *b = cJSON_Parse("{\"cpu_model\":\"X\",\"kernel\":\"6.2\",\"smt\":"
                         "false}");
  assert_non_null(a);
  assert_non_null(b);
  cJSON *out = NULL;
  assert_int_equal(bbd_stats_env_compare_json(a, b, NULL, 0, &out), 0);
  char *s = cJSON_PrintUnformatted(out);
  assert_string_equal(s, "[{\"key\":\"kernel\",\"a\":\"6.1\",\"b\":\"6.2\"},"
                         "{\"key\":\"smt\",\"a\":\"true\",\"b\":\"false\"}]");
  free(s);
  cJSON_Delete(out);
  assert_int_equal(bbd_stats_env_compare_json(a, a, NULL, 0, &out), 0);
  assert_int_equal(cJSON_GetArraySize(out), 0);
  cJSON_Delete(out);
  cJSON *arr = cJSON_CreateArray();
  assert_int_equal(bbd_stats_env_compare_json(a, arr, NULL, 0, &out),
                   BBD_EINVAL);
  cJSON_Delete(arr);
  cJSON_Delete(a);
  cJSON_Delete(b);
}

static void test_json_builders(void **state) {
  (void)state;
  bbd_stats_config_t c;
  bbd_stats_config_default(&c);
  c.resamples = 500;
  bbd_sample_estimates_t e;
  assert_int_equal(
      bbd_stats_estimate(&c, DS1_ITERS, DS1_NS, DS1_N, &e, NULL, 0), 0);
  cJSON *j = bbd_stats_estimates_json(&e);
  assert_non_null(j);
  assert_true(cJSON_GetObjectItem(j, "mean") != NULL);
  cJSON *mean = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "mean"), "point");
  assert_true(cJSON_GetNumberValue(mean) == e.mean.point);
  cJSON *out = cJSON_GetObjectItem(j, "outliers");
  assert_int_equal(
      (int)cJSON_GetNumberValue(cJSON_GetObjectItem(out, "high_severe")),
      DS1_HIGH_SEVERE);
  assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(out, "fences")), 4);
  assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(j, "seed")),
                      "7089338909807894900");
  cJSON_Delete(j);

  bbd_comparison_t r;
  size_t na = sizeof CMP_A / sizeof CMP_A[0];
  assert_int_equal(bbd_stats_compare(&c, CMP_A, na, CMP_B, na, &r, NULL, 0), 0);
  j = bbd_stats_comparison_json(&r);
  cJSON *d = cJSON_GetObjectItem(j, "decision");
  assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(d, "verdict")),
                      bbd_verdict_name(r.decision.verdict));
  assert_true(cJSON_GetNumberValue(cJSON_GetObjectItem(j, "t_resamples")) ==
              (double)r.t_resamples);
  cJSON_Delete(j);

  bbd_paired_t p;
  assert_int_equal(bbd_stats_paired(NULL, CMP_A, CMP_B, 5, &p, NULL, 0), 0);
  j = bbd_stats_paired_json(&p);
  d = cJSON_GetObjectItem(j, "decision");
  /* 5 rounds: no CI, so the bounds are null, not NaN. */
  assert_true(cJSON_IsNull(cJSON_GetObjectItem(d, "lo")));
  assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(d, "straddle")),
                      "too_few");
  cJSON_Delete(j);

  bbd_throughput_t th = {.mib_per_s = 0,
                         .elems_per_s = 5,
                         .elems_per_s_lo = 4,
                         .elems_per_s_hi = INFINITY};
  j = bbd_stats_throughput_json(&th);
  assert_null(cJSON_GetObjectItem(j, "mib_per_s"));
  assert_true(cJSON_IsNull(cJSON_GetObjectItem(j, "elems_per_s_hi")));
  cJSON_Delete(j);

  bbd_derived_t dv = {.ipc = {1.5, 1}, .branch_miss_rate = {0, 0}};
  j = bbd_stats_derived_json(&dv);
  assert_true(cJSON_GetNumberValue(cJSON_GetObjectItem(j, "ipc")) == 1.5);
  assert_true(cJSON_IsNull(cJSON_GetObjectItem(j, "branch_miss_rate")));
  cJSON_Delete(j);

  bbd_changepoint_t cp = {5, 4, 5, 1.0, 2.0, 1.0, 10.0};
  j = bbd_stats_changepoints_json(&cp, 1);
  char *s = cJSON_PrintUnformatted(j);
  assert_string_equal(s, "[{\"index\":5,\"run_from\":4,\"run_to\":5,"
                         "\"before\":1,\"after\":2,\"rel\":1,\"z\":10}]");
  free(s);
  cJSON_Delete(j);

  bbd_per_iter_stats_t pi;
  memset(&pi, 0, sizeof pi);
  j = bbd_stats_per_iter_json(&pi);
  assert_non_null(cJSON_GetObjectItem(j, "median"));
  cJSON_Delete(j);
  assert_null(bbd_stats_estimates_json(NULL));
}

/* The bracketing quantile used on long bootstrap distributions equals the
 * sort-based quantile exactly, for every q used by CIs and for skewed data,
 * ties and a constant array. */
static void test_quantile_unsorted_exact(void **state) {
  (void)state;
  enum { N = 50001 };
  double *x = malloc(N * sizeof *x), *y = malloc(N * sizeof *y);
  double *z = malloc(N * sizeof *z);
  assert_non_null(x);
  assert_non_null(y);
  assert_non_null(z);
  bbd_rng_t g;
  bbd_rng_seed(&g, 8);
  const double qs[7] = {0, 0.005, 0.025, 0.5, 0.975, 0.995, 1};
  for (int kind = 0; kind < 3; kind++) {
    for (size_t i = 0; i < N; i++) {
      double u = bbd_rng_normal(&g);
      x[i] = kind == 0 ? exp(2 * u) : kind == 1 ? floor(4 * u) : 7.0;
    }
    memcpy(y, x, N * sizeof *x);
    qsort(y, N, sizeof *y, cmp_d);
    for (size_t k = 0; k < 7; k++) {
      memcpy(z, x, N * sizeof *x);
      double want = bbd_stats_quantile_sorted(y, N, qs[k]);
      assert_true(bbd__quantile_unsorted(z, N, qs[k]) == want);
    }
  }
  free(x);
  free(y);
  free(z);
}

/* The resample median and MAD read from counts (a windowed search started
 * from a guess) equal a brute-force sort of the same resample, for small and
 * odd/even n, heavy ties and bad guesses. The resample's indices are
 * replayed with a copy of the index generator. */
static void test_resample_median_mad_brute_force(void **state) {
  (void)state;
  bbd_rng_t g;
  bbd_rng_seed(&g, 99);
  double v[101], dv[101], draw[101], dev[101];
  uint32_t counts[101] = {0};
  const size_t sizes[6] = {2, 3, 4, 7, 50, 101};
  for (size_t si = 0; si < 6; si++) {
    size_t n = sizes[si];
    for (int trial = 0; trial < 300; trial++) {
      for (size_t i = 0; i < n; i++)
        v[i] = (trial & 1) ? floor(3 * bbd_rng_double(&g))
                           : exp(bbd_rng_normal(&g));
      qsort(v, n, sizeof *v, cmp_d);
      for (size_t i = 0; i < n; i++)
        dv[i] = v[i] - v[n / 2];
      double guess = (trial % 3) * 0.5 * bbd_rng_double(&g);
      bbd__boot_data_t d = {n, v, dv, NULL, NULL, guess};
      double med, mad, mean;
      bbd__boot_out_t o = {NULL, &mean, &med, NULL, &mad};
      bbd__idx_gen_t g1, g2;
      bbd__idx_init(&g1, bbd_rng_next(&g), (uint32_t)n);
      g2 = g1;
      bbd__boot_run(&d, &g1, 1, counts, &o);
      for (size_t j = 0; j < n; j++)
        draw[j] = v[bbd__idx_next(&g2)];
      qsort(draw, n, sizeof *draw, cmp_d);
      double want_med = bbd_stats_quantile_sorted(draw, n, 0.5);
      for (size_t i = 0; i < n; i++)
        dev[i] = fabs(draw[i] - want_med);
      qsort(dev, n, sizeof *dev, cmp_d);
      double want_mad = bbd_stats_quantile_sorted(dev, n, 0.5) * 1.4826;
      if (fabs(med - want_med) > 1e-12 * (1 + fabs(want_med)) ||
          fabs(mad - want_mad) > 1e-12 * (1 + want_mad))
        fail_msg("n %zu trial %d: median %g/%g mad %g/%g", n, trial, med,
                 want_med, mad, want_mad);
    }
  }
}

/* The bootstrap index stream is the same from the AVX2 refill (used when
 * the CPU has it) and the portable one, including blocks with rejected
 * values (n = 3e9 rejects 30% of them), and it is uniform. */
static void test_index_stream(void **state) {
  (void)state;
  const uint32_t ns[4] = {1, 3, 100, 3000000000u};
  for (int t = 0; t < 4; t++) {
    bbd__idx_gen_t a, b;
    bbd__idx_init(&a, 1234 + (uint64_t)t, ns[t]);
    b = a;
    size_t short_blocks = 0;
    for (int blk = 0; blk < 400; blk++) {
      bbd__idx_refill(&a);
      bbd__idx_refill_portable(&b);
      assert_int_equal(a.len, b.len);
      assert_memory_equal(a.buf, b.buf, a.len * sizeof a.buf[0]);
      assert_memory_equal(a.s, b.s, sizeof a.s);
      short_blocks += a.len < BBD__IDX_BLOCK;
      for (size_t j = 0; j < a.len; j++)
        assert_true(a.buf[j] < ns[t]);
    }
    if (ns[t] == 3000000000u)
      assert_true(short_blocks > 0);
  }
  /* Counting draws straight from the generator (bbd__idx_count, fused with
   * the AVX2 steps when available) follows the same stream as taking them
   * one by one, across partial steps and block boundaries. */
  const size_t ms[6] = {1, 7, 16, 100, 513, 37};
  for (uint32_t n = 1; n <= 1000; n += 333) {
    bbd__idx_gen_t a, b;
    bbd__idx_init(&a, 99 + n, n);
    b = a;
    b.avx2 = 0;
    uint32_t *ca = calloc(n, sizeof *ca), *cb = calloc(n, sizeof *cb);
    assert_non_null(ca);
    assert_non_null(cb);
    for (int rep = 0; rep < 50; rep++) {
      size_t m = ms[rep % 6];
      bbd__idx_count(&a, ca, m);
      for (size_t j = 0; j < m; j++)
        cb[bbd__idx_next(&b)]++;
      assert_memory_equal(ca, cb, n * sizeof *ca);
      if (rep % 7 == 0)
        assert_int_equal(bbd__idx_next(&a), bbd__idx_next(&b));
    }
    free(ca);
    free(cb);
  }

  /* Chi-square over 10 buckets of n = 10 (9 df, 99.9% point 27.9). */
  bbd__idx_gen_t g;
  bbd__idx_init(&g, 7, 10);
  double cnt[10] = {0};
  for (int i = 0; i < 100000; i++)
    cnt[bbd__idx_next(&g)]++;
  double chi = 0;
  for (int i = 0; i < 10; i++)
    chi += (cnt[i] - 10000) * (cnt[i] - 10000) / 10000;
  assert_true(chi < 27.9);
}

/* The resample loop gives the same bits with the AVX2 code and the portable
 * code (fixed summation lanes, no FMA), for every statistic. */
static void test_boot_paths_agree(void **state) {
  (void)state;
  enum { N = 101, B = 3000 };
  bbd_rng_t g;
  bbd_rng_seed(&g, 5);
  double v[N], dv[N], xy[N], xx[N];
  for (size_t i = 0; i < N; i++)
    v[i] = 100 * exp(0.05 * bbd_rng_normal(&g));
  qsort(v, N, sizeof *v, cmp_d);
  for (size_t i = 0; i < N; i++) {
    double it = (double)(10 * (i + 1));
    dv[i] = v[i] - v[N / 2];
    xy[i] = it * it * v[i];
    xx[i] = it * it;
  }
  double *d1 = malloc(10 * B * sizeof *d1);
  uint32_t *counts = calloc(N, sizeof *counts);
  assert_non_null(d1);
  assert_non_null(counts);
  double *d2 = d1 + 5 * B;
  for (size_t n = 2; n <= N; n += 33) {
    bbd__boot_data_t d = {n, v, dv, xy, xx, 2.0};
    bbd__boot_out_t o1 = {d1, d1 + B, d1 + 2 * B, d1 + 3 * B, d1 + 4 * B};
    bbd__boot_out_t o2 = {d2, d2 + B, d2 + 2 * B, d2 + 3 * B, d2 + 4 * B};
    bbd__idx_gen_t g1, g2;
    bbd__idx_init(&g1, 77 + n, (uint32_t)n);
    g2 = g1;
    g2.avx2 = 0;
    bbd__boot_run(&d, &g1, B, counts, &o1);
    bbd__boot_run(&d, &g2, B, counts, &o2);
    assert_memory_equal(d1, d2, 5 * B * sizeof *d1);
  }
  free(d1);
  free(counts);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_reference_distributions),
      cmocka_unit_test(test_rng),
      cmocka_unit_test(test_env_compare),
      cmocka_unit_test(test_env_compare_json),
      cmocka_unit_test(test_json_builders),
      cmocka_unit_test(test_quantile_unsorted_exact),
      cmocka_unit_test(test_resample_median_mad_brute_force),
      cmocka_unit_test(test_index_stream),
      cmocka_unit_test(test_boot_paths_agree),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
