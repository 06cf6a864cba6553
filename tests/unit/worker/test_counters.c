/*
 * Counters against the oracles that hold on any Linux machine, with or
 * without a hardware PMU: exact minor faults for fresh pages, task-clock
 * against wall time, status classification, and the scaling arithmetic
 * with synthetic (value, enabled, running) triples.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "counters.h"
#include "err.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static double mono_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double cpu_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static uint64_t delta(const bbd_wk_ctr_snap_t *a, const bbd_wk_ctr_snap_t *b,
                      int i) {
  assert_true(a->have[i] && b->have[i]);
  return b->value[i] - a->value[i];
}

/* Touching must not be instrumented: ASan would fault in shadow pages. */
__attribute__((no_sanitize_address, noinline)) static void
touch(volatile char *p, size_t pages) {
  for (size_t i = 0; i < pages; i++)
    p[i * 4096] = 1;
}

static void test_page_faults_exact(void **st) {
  bbd_wk_counters_t cs;
  char err[128];
  assert_int_equal(bbd_wk_counters_open(&cs, "minor-faults,page-faults",
                                        BBD_CTR_MODE_AUTO, err, sizeof err),
                   0);
  int mi = bbd_wk_counters_find_ok(&cs, "minor-faults");
  int pf = bbd_wk_counters_find_ok(&cs, "page-faults");
  assert_true(mi >= 0 && pf >= 0);
  static const size_t sizes[] = {100, 1000, 5000};
  for (size_t k = 0; k < 3; k++) {
    size_t n = sizes[k];
    char *m = mmap(NULL, n * 4096, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(m != MAP_FAILED);
    assert_int_equal(madvise(m, n * 4096, MADV_NOHUGEPAGE), 0);
    bbd_wk_ctr_snap_t a, b;
    assert_int_equal(bbd_wk_counters_read(&cs, &a), 0);
    touch(m, n);
    assert_int_equal(bbd_wk_counters_read(&cs, &b), 0);
    assert_int_equal(delta(&a, &b, mi), n);
    assert_int_equal(delta(&a, &b, pf), n);
    munmap(m, n * 4096);
  }
  bbd_wk_counters_close(&cs);
}

static void test_task_clock_vs_wall(void **st) {
  bbd_wk_counters_t cs;
  char err[128];
  assert_int_equal(bbd_wk_counters_open(&cs, "task-clock", BBD_CTR_MODE_AUTO,
                                        err, sizeof err),
                   0);
  int tc = bbd_wk_counters_find_ok(&cs, "task-clock");
  assert_true(tc >= 0);
  bbd_wk_ctr_snap_t a, b;
  /* Busy for 100 ms of this thread's CPU time (not wall time, so a busy
   * shared machine cannot fail the test): task-clock must agree with the
   * kernel's thread CPU clock and never exceed wall time. */
  bbd_wk_counters_read(&cs, &a);
  double t0 = mono_ms(), c0 = cpu_ms();
  volatile uint64_t spin = 0;
  while (cpu_ms() - c0 < 100)
    spin++;
  double cpu = cpu_ms() - c0;
  double wall = mono_ms() - t0;
  bbd_wk_counters_read(&cs, &b);
  double busy = (double)delta(&a, &b, tc) / 1e6;
  assert_true(busy <= wall * 1.01 + 1.0);
  assert_true(busy >= cpu * 0.95 - 1.0);
  assert_true(busy <= cpu * 1.05 + 1.0);
  /* Sleep 50 ms: almost no CPU time. */
  bbd_wk_counters_read(&cs, &a);
  t0 = mono_ms();
  struct timespec ts = {0, 50000000};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
  wall = mono_ms() - t0;
  bbd_wk_counters_read(&cs, &b);
  double slept = (double)delta(&a, &b, tc) / 1e6;
  assert_true(wall >= 50.0);
  assert_true(slept < 5.0);
  bbd_wk_counters_close(&cs);
}

static int hw_pmu_present(void) {
  return access("/sys/bus/event_source/devices/cpu", F_OK) == 0 ||
         access("/sys/bus/event_source/devices/cpu_core", F_OK) == 0 ||
         access("/sys/bus/event_source/devices/armv8_pmuv3", F_OK) == 0;
}

static void test_statuses(void **st) {
  bbd_wk_counters_t cs;
  char err[128];
  assert_int_equal(
      bbd_wk_counters_open(&cs,
                           "instructions,task-clock,no-such-event-xyz,"
                           "page-faults",
                           BBD_CTR_MODE_AUTO, err, sizeof err),
      0);
  assert_int_equal(cs.n, 4);
  /* instructions: works on bare metal, unsupported (ENOENT) without a PMU
   * driver, as on this project's CI VM. */
  if (hw_pmu_present()) {
    assert_true(cs.c[0].status == BBD_CTR_OK ||
                cs.c[0].status == BBD_CTR_DENIED);
  } else {
    assert_int_equal(cs.c[0].status, BBD_CTR_UNSUPPORTED);
    assert_int_equal(cs.c[0].err_no, ENOENT);
  }
  assert_int_equal(cs.c[1].status, BBD_CTR_OK);
  assert_int_equal(cs.c[2].status, BBD_CTR_UNKNOWN_EVENT);
  assert_non_null(strstr(cs.c[2].reason, "libpfm4"));
  assert_int_equal(cs.c[3].status, BBD_CTR_OK); /* others unaffected */
  bbd_wk_ctr_snap_t s;
  assert_int_equal(bbd_wk_counters_read(&cs, &s), 0);
  assert_true(s.have[1] && s.have[3]);
  assert_false(s.have[2]);
  bbd_wk_counters_close(&cs);

  /* User-only mode: context-switches would read 0, so it is unsupported. */
  assert_int_equal(bbd_wk_counters_open(&cs, "context-switches,task-clock",
                                        BBD_CTR_MODE_U, err, sizeof err),
                   0);
  assert_int_equal(cs.c[0].status, BBD_CTR_UNSUPPORTED);
  assert_int_equal(cs.c[0].err_no, 0);
  assert_non_null(strstr(cs.c[0].reason, "user-only"));
  assert_int_equal(cs.c[1].status, BBD_CTR_OK);
  bbd_wk_counters_close(&cs);

  /* "none" opens nothing; "default" expands; duplicates collapse. */
  assert_int_equal(
      bbd_wk_counters_open(&cs, "none", BBD_CTR_MODE_AUTO, err, sizeof err), 0);
  assert_int_equal(cs.n, 0);
  assert_int_equal(bbd_wk_counters_open(&cs, "default,task-clock",
                                        BBD_CTR_MODE_AUTO, err, sizeof err),
                   0);
  assert_int_equal(cs.n, 11);
  bbd_wk_counters_close(&cs);
  /* A malformed list (too many counters) is an error, not a status. */
  char list[2048] = "";
  for (int i = 0; i < BBD_WK_COUNTER_MAX + 2; i++) {
    char one[32];
    snprintf(one, sizeof one, "%sx%d", i ? "," : "", i);
    strcat(list, one);
  }
  assert_int_equal(
      bbd_wk_counters_open(&cs, list, BBD_CTR_MODE_AUTO, err, sizeof err),
      BBD_EINVAL);
  bbd_wk_counters_close(&cs);
}

static void test_errno_classes(void **st) {
  assert_int_equal(bbd_wk_ctr_status_from_errno(ENOENT), BBD_CTR_UNSUPPORTED);
  assert_int_equal(bbd_wk_ctr_status_from_errno(EOPNOTSUPP),
                   BBD_CTR_UNSUPPORTED);
  assert_int_equal(bbd_wk_ctr_status_from_errno(ENODEV), BBD_CTR_UNSUPPORTED);
  assert_int_equal(bbd_wk_ctr_status_from_errno(EACCES), BBD_CTR_DENIED);
  assert_int_equal(bbd_wk_ctr_status_from_errno(EPERM), BBD_CTR_DENIED);
  assert_int_equal(bbd_wk_ctr_status_from_errno(EINVAL), BBD_CTR_INVALID);
  assert_string_equal(bbd_wk_ctr_status_name(BBD_CTR_UNKNOWN_EVENT),
                      "unknown-event");
}

static void test_scaling(void **st) {
  double v = 0, cov = 0;
  assert_int_equal(bbd_wk_ctr_scale(1000, 200, 100, &v, &cov), 0);
  assert_true(v == 2000.0);
  assert_true(cov == 0.5);
  assert_int_equal(bbd_wk_ctr_scale(5, 10, 10, &v, &cov), 0);
  assert_true(v == 5.0 && cov == 1.0);
  v = -1;
  assert_int_equal(bbd_wk_ctr_scale(1000, 200, 0, &v, &cov), -1); /* null */
  assert_true(v == -1); /* untouched */
  assert_int_equal(bbd_wk_ctr_scale(0, 0, 0, &v, NULL), -1);
  /* enabled < running (clock skew) never scales down. */
  assert_int_equal(bbd_wk_ctr_scale(300, 90, 100, &v, &cov), 0);
  assert_true(v == 300.0 && cov == 1.0);
}

static void test_group_parse(void **st) {
  bbd_wk_counters_t cs;
  memset(&cs, 0, sizeof cs);
  cs.n = 3;
  for (int i = 0; i < 3; i++) {
    cs.c[i].group = BBD_WK_GROUP_SW;
    cs.c[i].id = 100 + (uint64_t)i;
  }
  cs.c[1].status = BBD_CTR_UNSUPPORTED; /* failed to open: absent */
  /* {nr, enabled, running, {value, id}...}: members in any order. */
  uint64_t buf[] = {2, 500, 250, 7, 102, 9, 100};
  bbd_wk_ctr_snap_t s;
  memset(&s, 0, sizeof s);
  assert_int_equal(
      bbd_wk_ctr_parse_group(&cs, BBD_WK_GROUP_SW, buf, sizeof buf, &s), 0);
  assert_true(s.have[0] && !s.have[1] && s.have[2]);
  assert_int_equal(s.value[0], 9);
  assert_int_equal(s.value[2], 7);
  assert_int_equal(s.enabled[2], 500);
  assert_int_equal(s.running[2], 250);
  /* Truncated or absurd buffers are rejected. */
  assert_int_equal(
      bbd_wk_ctr_parse_group(&cs, BBD_WK_GROUP_SW, buf, sizeof buf - 8, &s),
      -1);
  uint64_t bad[] = {1000, 1, 1};
  assert_int_equal(
      bbd_wk_ctr_parse_group(&cs, BBD_WK_GROUP_SW, bad, sizeof bad, &s), -1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_page_faults_exact),
      cmocka_unit_test(test_task_clock_vs_wall),
      cmocka_unit_test(test_statuses),
      cmocka_unit_test(test_errno_classes),
      cmocka_unit_test(test_scaling),
      cmocka_unit_test(test_group_parse),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
