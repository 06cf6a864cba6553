/* Unit tests of the paired A/B stopping plan and round values
 * (bbd_ab_plan_init, bbd_ab_decide, bbd_ab_round_values in
 * bbd/server/ab.c). Deterministic data, no timing: "elapsed" is passed in. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ab.h"

#define N 400

/* n rounds where b is `change` slower than a, with a deterministic spread
 * of +-0.5% per side (so the sign CI has finite width). */
static void make_rounds(double *a, double *b, size_t n, double change) {
  bbd_rng_t r;
  bbd_rng_seed(&r, 42);
  for (size_t i = 0; i < n; i++) {
    a[i] = 1000 * (1 + 0.005 * (bbd_rng_double(&r) - 0.5));
    b[i] = 1000 * (1 + change) * (1 + 0.005 * (bbd_rng_double(&r) - 0.5));
  }
}

static void test_plan_defaults(void **state) {
  (void)state;
  bbd_ab_plan_t p;
  bbd_ab_plan_init(&p, 0, 0, 30, 0, 0.95, 0);
  assert_int_equal(p.min_rounds, BBD_AB_MIN_ROUNDS);
  assert_true(p.min_rounds >= 100);
  assert_int_equal(p.max_rounds, BBD_AB_MAX_ROUNDS);
  /* The cap must not end a 30 s run of 20 ms rounds early (~750 rounds). */
  assert_true(p.max_rounds >= 10000);
  assert_true(p.min_s >= 3.0 && p.min_s <= 3.0);
  /* 3, 4.5, 6.75, 10.1, 15.2, 22.8 s + the final look. */
  assert_int_equal(p.looks, 7);
  assert_true(fabs(p.look_confidence - (1 - 0.05 / 7)) < 1e-12);
  /* A short budget halves the minimum time and plans fewer looks. */
  bbd_ab_plan_init(&p, 10, 200, 4, 0, 0.95, 0);
  assert_true(fabs(p.min_s - 2.0) < 1e-12);
  assert_int_equal(p.looks, 3); /* 2, 3 s + final */
  assert_int_equal(p.min_rounds, 10);
  assert_int_equal(p.max_rounds, 200);
  /* max below min is raised to min. */
  bbd_ab_plan_init(&p, 50, 20, 30, 0, 0.95, 0);
  assert_int_equal(p.max_rounds, 50);
  /* ab.min_s: a shorter minimum adds looks (1, 1.5, ... 25.6 s + final),
   * a longer one is capped at half the budget (15, 22.5 s + final). */
  bbd_ab_plan_init(&p, 0, 0, 30, 1.0, 0.95, 0);
  assert_true(fabs(p.min_s - 1.0) < 1e-12);
  assert_int_equal(p.looks, 10);
  assert_true(fabs(p.look_confidence - (1 - 0.05 / 10)) < 1e-12);
  bbd_ab_plan_init(&p, 0, 0, 30, 20.0, 0.95, 0);
  assert_true(fabs(p.min_s - 15.0) < 1e-12);
  assert_int_equal(p.looks, 3);
}

static void test_no_early_stop_before_minimum(void **state) {
  (void)state;
  double a[N], b[N];
  make_rounds(a, b, N, 0.10); /* 10% slower: "beyond" at the first look */
  bbd_stats_config_t cfg;
  bbd_stats_config_default(&cfg);
  bbd_ab_plan_t p;
  bbd_ab_plan_init(&p, 0, 0, 30, 0, 0.95, 0);
  bbd_ab_looks_t lk = {0};
  /* Too few rounds, however long it has run (before the budget). */
  for (size_t n = 2; n < p.min_rounds; n++)
    assert_int_equal(bbd_ab_decide(&p, &lk, &cfg, a, b, n, 29.0),
                     BBD_STOP_CONTINUE);
  /* Enough rounds but too early. */
  assert_int_equal(bbd_ab_decide(&p, &lk, &cfg, a, b, N, 2.99),
                   BBD_STOP_CONTINUE);
  assert_int_equal(lk.done, 0);
  /* Both minimums met: a clear 10% change stops at the first look. */
  assert_int_equal(bbd_ab_decide(&p, &lk, &cfg, a, b, p.min_rounds, 3.0),
                   BBD_STOP_BEYOND);
  assert_int_equal(lk.done, 1);
  /* The configured round minimum is honoured too. */
  bbd_ab_plan_t q;
  bbd_ab_plan_init(&q, 250, 0, 30, 0, 0.95, 0);
  bbd_ab_looks_t lq = {0};
  assert_int_equal(bbd_ab_decide(&q, &lq, &cfg, a, b, 249, 10.0),
                   BBD_STOP_CONTINUE);
  assert_int_equal(bbd_ab_decide(&q, &lq, &cfg, a, b, 250, 10.0),
                   BBD_STOP_BEYOND);
}

static void test_limits(void **state) {
  (void)state;
  double a[N], b[N];
  make_rounds(a, b, N, 0.0);
  bbd_stats_config_t cfg;
  bbd_stats_config_default(&cfg);
  bbd_ab_plan_t p;
  bbd_ab_plan_init(&p, 0, 300, 30, 0, 0.95, 0);
  bbd_ab_looks_t lk = {0};
  /* The budget ends a run even below the round minimum. */
  assert_int_equal(bbd_ab_decide(&p, &lk, &cfg, a, b, 20, 30.0),
                   BBD_STOP_BUDGET);
  lk = (bbd_ab_looks_t){0};
  assert_int_equal(bbd_ab_decide(&p, &lk, &cfg, a, b, 300, 1.0),
                   BBD_STOP_MAX_ROUNDS);
  assert_int_equal(lk.done, 1);
}

static void test_looks_on_schedule(void **state) {
  (void)state;
  /* A/A with a spread far wider than the 1% threshold: no look can stop,
   * so every look the plan allows is taken, and no more. */
  double a[N], b[N];
  bbd_rng_t r;
  bbd_rng_seed(&r, 7);
  for (size_t i = 0; i < N; i++) {
    a[i] = 1000 * (1 + 0.5 * bbd_rng_double(&r));
    b[i] = 1000 * (1 + 0.5 * bbd_rng_double(&r));
  }
  bbd_stats_config_t cfg;
  bbd_stats_config_default(&cfg);
  bbd_ab_plan_t p;
  bbd_ab_plan_init(&p, 0, 0, 30, 0, 0.95, 0);
  bbd_ab_looks_t lk = {0};
  /* Rounds every 10 ms of "elapsed" time from 0 to just under 30 s. */
  size_t n = 0;
  for (int ms = 10; ms < 30000; ms += 10) {
    n = n < N ? n + 1 : N;
    unsigned before = lk.done;
    bbd_stop_t s = bbd_ab_decide(&p, &lk, &cfg, a, b, n, ms / 1000.0);
    assert_int_equal(s, BBD_STOP_CONTINUE);
    assert_true(lk.done <= before + 1);
  }
  /* Interim looks: at most looks - 1 (the final one is the budget). */
  assert_true(lk.done >= 1);
  assert_true(lk.done <= p.looks - 1);
  assert_int_equal(bbd_ab_decide(&p, &lk, &cfg, a, b, n, 30.0),
                   BBD_STOP_BUDGET);
  assert_true(lk.done <= p.looks);
  /* A look postponed by the round minimum is one look, not several. */
  bbd_ab_looks_t l2 = {0};
  assert_int_equal(bbd_ab_decide(&p, &l2, &cfg, a, b, 99, 20.0),
                   BBD_STOP_CONTINUE);
  assert_int_equal(l2.done, 0);
  assert_int_equal(bbd_ab_decide(&p, &l2, &cfg, a, b, 100, 20.0),
                   BBD_STOP_CONTINUE);
  assert_int_equal(l2.done, 1);
  assert_int_equal(bbd_ab_decide(&p, &l2, &cfg, a, b, 101, 20.1),
                   BBD_STOP_CONTINUE);
  assert_int_equal(l2.done, 1); /* next look at 3 * 1.5^5 = 22.78 s */
  assert_int_equal(bbd_ab_decide(&p, &l2, &cfg, a, b, 150, 22.7),
                   BBD_STOP_CONTINUE);
  assert_int_equal(l2.done, 1);
  assert_int_equal(bbd_ab_decide(&p, &l2, &cfg, a, b, 150, 22.79),
                   BBD_STOP_CONTINUE);
  assert_int_equal(l2.done, 2);
}

static void test_precise_unchanged(void **state) {
  (void)state;
  double a[N], b[N];
  make_rounds(a, b, N, 0.0); /* A/A, +-0.5% spread: narrow and inside 1% */
  bbd_stats_config_t cfg;
  bbd_stats_config_default(&cfg);
  bbd_ab_plan_t p;
  bbd_ab_plan_init(&p, 0, 0, 30, 0, 0.95, 0);
  bbd_ab_looks_t lk = {0};
  assert_int_equal(bbd_ab_decide(&p, &lk, &cfg, a, b, 150, 3.5),
                   BBD_STOP_PRECISE);
}

static cJSON *reply(const char *tc_status, const char *tc_values) {
  char buf[512];
  snprintf(buf, sizeof buf,
           "{\"event\":\"samples\",\"samples\":{\"iters\":[1000,1000],"
           "\"ns\":[4000000,6000000]},\"counters\":{\"task-clock\":"
           "{\"status\":\"%s\",\"values\":%s}}}",
           tc_status, tc_values);
  cJSON *j = cJSON_Parse(buf);
  assert_non_null(j);
  return j;
}

static void test_round_values_cpu_time(void **state) {
  (void)state;
  double wall, cpu;
  /* Wall 10 ms for 2000 iterations, of which 2 ms on a CPU (the rest
   * waiting behind other processes): the round's value is the CPU time. */
  cJSON *j = reply("ok", "[1000000,1000000]");
  assert_int_equal(bbd_ab_round_values(j, &wall, &cpu), 0);
  assert_true(fabs(wall - 5000) < 1e-9);
  assert_true(fabs(cpu - 1000) < 1e-9);
  cJSON_Delete(j);
  /* Counter not available: no CPU value (the caller falls back to wall). */
  j = reply("unsupported", "null");
  assert_int_equal(bbd_ab_round_values(j, &wall, &cpu), -1);
  assert_true(isnan(cpu));
  assert_true(fabs(wall - 5000) < 1e-9);
  cJSON_Delete(j);
  /* A sample without a value: no partial sum. */
  j = reply("ok", "[1000000,null]");
  assert_int_equal(bbd_ab_round_values(j, &wall, &cpu), -1);
  assert_true(isnan(cpu));
  cJSON_Delete(j);
  /* Length mismatch. */
  j = reply("ok", "[1000000]");
  assert_int_equal(bbd_ab_round_values(j, &wall, &cpu), -1);
  cJSON_Delete(j);
  /* No counters at all. */
  j = cJSON_Parse("{\"samples\":{\"iters\":[10],\"ns\":[100]}}");
  assert_int_equal(bbd_ab_round_values(j, &wall, &cpu), -1);
  assert_true(fabs(wall - 10) < 1e-9);
  cJSON_Delete(j);
  /* Garbage: both NAN. */
  j = cJSON_Parse("{\"samples\":{\"iters\":[1,2],\"ns\":[1]}}");
  assert_int_equal(bbd_ab_round_values(j, &wall, &cpu), -1);
  assert_true(isnan(wall) && isnan(cpu));
  cJSON_Delete(j);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_plan_defaults),
      cmocka_unit_test(test_no_early_stop_before_minimum),
      cmocka_unit_test(test_limits),
      cmocka_unit_test(test_looks_on_schedule),
      cmocka_unit_test(test_precise_unchanged),
      cmocka_unit_test(test_round_values_cpu_time),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
