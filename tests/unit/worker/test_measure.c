/* The sample plan, the batch/warm-up loop with a synthetic benchmark, the
 * worker's summary statistics and the warnings it derives. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "err.h"
#include "measure.h"
#include "wjson.h"
#include "wstats.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void test_plan(void **st) {
  bbd_wk_mconf_t c = {.warmup_s = 1, .measure_s = 1.0, .samples = 4};
  uint64_t out[4];
  /* 10 ns/iter, 1 s: total d * (1+2+3+4) = 1e8 iterations -> d = 1e7. */
  assert_int_equal(bbd_wk_plan(10.0, &c, out), 0);
  assert_int_equal(out[0], 10000000);
  assert_int_equal(out[3], 40000000);
  c.flat = 1;
  assert_int_equal(bbd_wk_plan(10.0, &c, out), 1);
  assert_int_equal(out[0], 25000000);
  assert_int_equal(out[3], 25000000);
  /* 0.1 s per iteration: 1+2+3+4 = 10 iterations would take 1 s, within
   * twice the budget: still linear with d = 1. */
  c.flat = 0;
  assert_int_equal(bbd_wk_plan(1e8, &c, out), 0);
  assert_int_equal(out[0], 1);
  assert_int_equal(out[3], 4);
  /* 1 s per iteration: linear would take 10 s, so flat, never 0. */
  assert_int_equal(bbd_wk_plan(1e9, &c, out), 1);
  assert_int_equal(out[0], 1);
  assert_int_equal(out[3], 1);
  /* A near-free one is capped. */
  bbd_wk_plan(0.0, &c, out);
  assert_true(out[3] <= BBD_WK_ITERS_MAX);
}

typedef struct fake {
  uint64_t prepared, ran, calls;
  uint64_t fail_at;
} fake_t;

static int fake_prepare(void *s, uint64_t iters, char *err, size_t len) {
  ((fake_t *)s)->prepared = iters;
  return 0;
}

static int fake_run(void *s, uint64_t iters, char *err, size_t len) {
  fake_t *volatile f = s;
  if (f->prepared != iters)
    return snprintf(err, len, "unprepared"), 1;
  for (uint64_t i = 0; i < iters; i++)
    f->ran++; /* work proportional to iters, like a real benchmark */
  f->calls++;
  if (f->fail_at && f->calls >= f->fail_at)
    return snprintf(err, len, "boom"), 1;
  return 0;
}

static void test_batch_and_warmup(void **st) {
  bbd_benchmark_t b = {
      .size = sizeof b, .name = "x", .prepare = fake_prepare, .run = fake_run};
  fake_t f = {0};
  bbd_wk_alloc_t alloc;
  bbd_wk_alloc_init(&alloc, 0);
  bbd_wk_runner_t r;
  memset(&r, 0, sizeof r);
  r.b = &b;
  r.state = &f;
  r.alloc = &alloc;
  uint64_t it = 0, ns = 0;
  assert_int_equal(bbd_wk_warmup(&r, 0.01, &it, &ns), 0);
  /* Doubling from 1: the total is 2^k - 1. */
  assert_int_equal(it & (it + 1), 0);
  assert_int_equal(f.ran, it);
  bbd_wk_samples_t s;
  assert_int_equal(bbd_wk_samples_init(&s, 3, 0), 0);
  uint64_t plan[3] = {5, 10, 15};
  assert_int_equal(bbd_wk_measure(&r, plan, 3, &s), 0);
  assert_int_equal(s.n, 3);
  assert_int_equal(s.iters[2], 15);
  f.fail_at = f.calls + 2;
  s.n = 0;
  assert_int_equal(bbd_wk_measure(&r, plan, 3, &s), BBD_EPLUGIN);
  assert_string_equal(r.err, "run: boom");
  assert_int_equal(s.n, 1); /* what was measured before the failure */
  bbd_wk_samples_free(&s);
}

static void test_summary(void **st) {
  uint64_t it[5] = {1, 2, 3, 4, 5};
  uint64_t ns[5] = {10, 20, 30, 40, 50};
  bbd_wk_summary_t s;
  assert_int_equal(bbd_wk_summarize(it, ns, 5, &s), 0);
  assert_true(fabs(s.slope - 10) < 1e-9);
  assert_true(fabs(s.median - 10) < 1e-9);
  assert_true(s.mad == 0);
  assert_int_equal(bbd_wk_summarize(it, ns, 0, &s), -1);
  double sorted[4] = {1, 2, 3, 4};
  assert_true(fabs(bbd_wk_quantile(sorted, 4, 0.5) - 2.5) < 1e-12);
  assert_true(fabs(bbd_wk_quantile(sorted, 4, 0.25) - 1.75) < 1e-12);
}

static int has_warning(const cJSON *r, const char *code) {
  const cJSON *w;
  cJSON_ArrayForEach(w, cJSON_GetObjectItemCaseSensitive(r, "warnings")) {
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(w, "code");
    if (cJSON_IsString(c) && !strcmp(c->valuestring, code))
      return 1;
  }
  return 0;
}

static void test_warnings(void **st) {
  bbd_wk_samples_t s;
  bbd_wk_counters_t cs;
  memset(&cs, 0, sizeof cs);
  cs.n = 1;
  snprintf(cs.c[0].name, sizeof cs.c[0].name, "task-clock");
  cs.c[0].status = BBD_CTR_OK;
  assert_int_equal(bbd_wk_samples_init(&s, 20, 1), 0);
  /* 20 samples of 1000 iterations in 100 ns: 0.1 ns/iter = 0.3 cycles at
   * 3 GHz; task-clock half of wall; 3 severe outliers (15%). */
  for (uint32_t i = 0; i < 20; i++) {
    s.iters[i] = 1000;
    s.ns[i] = i < 17 ? 100 + i % 3 : 100000;
    s.ctr[(size_t)i * BBD_WK_COUNTER_MAX] = (double)s.ns[i] / 2;
  }
  s.n = 20;
  cJSON *r = cJSON_CreateObject();
  bbd_wk_json_add_analysis(r, &s, &cs, 3000.0);
  assert_true(has_warning(r, "outliers"));
  assert_true(has_warning(r, "preempted"));
  cJSON_Delete(r);
  /* Clean samples: 10 ns/iter, task-clock == wall: no warnings. */
  for (uint32_t i = 0; i < 20; i++) {
    s.ns[i] = 10000 + i % 2;
    s.ctr[(size_t)i * BBD_WK_COUNTER_MAX] = (double)s.ns[i];
  }
  r = cJSON_CreateObject();
  bbd_wk_json_add_analysis(r, &s, &cs, 3000.0);
  assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r, "warnings")), 0);
  cJSON_Delete(r);
  /* Below a cycle per iteration. */
  for (uint32_t i = 0; i < 20; i++)
    s.ns[i] = 100;
  r = cJSON_CreateObject();
  bbd_wk_json_add_analysis(r, &s, &cs, 3000.0);
  assert_true(has_warning(r, "optimized-away"));
  cJSON_Delete(r);
  bbd_wk_samples_free(&s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_plan),
      cmocka_unit_test(test_batch_and_warmup),
      cmocka_unit_test(test_summary),
      cmocka_unit_test(test_warnings),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
