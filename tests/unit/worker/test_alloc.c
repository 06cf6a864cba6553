/*
 * Allocation counts for known patterns, through the real interposer
 * (ctest preloads bbd-alloctrack.so). Under a sanitizer runtime that owns
 * malloc the tracker is unavailable by design and the test says so.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "alloc.h"

#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_SANITIZER 1
#endif
#endif
#ifndef UNDER_SANITIZER
#define UNDER_SANITIZER 0
#endif

/* Volatile function pointers: the compiler may not pair and delete them. */
static void *(*volatile m_)(size_t) = malloc;
static void *(*volatile c_)(size_t, size_t) = calloc;
static void *(*volatile r_)(void *, size_t) = realloc;
static void (*volatile f_)(void *) = free;
static int (*volatile pm_)(void **, size_t, size_t) = posix_memalign;
static void *(*volatile aa_)(size_t, size_t) = aligned_alloc;
static void *(*volatile ma_)(size_t, size_t) = memalign;

static int setup(void **state) {
  static bbd_wk_alloc_t a;
  bbd_wk_alloc_init(&a, 1);
  *state = &a;
  return 0;
}

static bbd_wk_alloc_t *tracker(void **state) {
  bbd_wk_alloc_t *a = *state;
  if (a->status != BBD_ALLOC_ON) {
    if (UNDER_SANITIZER)
      skip();
    fail_msg("tracker unavailable: %s", a->reason);
  }
  return a;
}

static void test_off_by_default(void **state) {
  bbd_wk_alloc_t off;
  bbd_wk_alloc_init(&off, 0);
  assert_int_equal(off.status, BBD_ALLOC_OFF);
  assert_null(off.st);
}

static void test_malloc_free(void **state) {
  bbd_wk_alloc_t *a = tracker(state);
  bbd_wk_alloc_delta_t d;
  void *outside = m_(10); /* not counted: tracking is off */
  bbd_wk_alloc_begin(a);
  void *p = m_(100);
  f_(p);
  bbd_wk_alloc_end(a, &d);
  f_(outside);
  assert_int_equal(d.calls[BBD_AT_MALLOC], 1);
  assert_int_equal(d.calls[BBD_AT_FREE], 1);
  assert_int_equal(d.bytes, 100);
  assert_true(d.peak >= 100 && d.peak <= 100 + 32);
  for (int k = BBD_AT_CALLOC; k < BBD_AT_NCALLS; k++)
    if (k != BBD_AT_FREE)
      assert_int_equal(d.calls[k], 0);
}

static void test_every_call(void **state) {
  bbd_wk_alloc_t *a = tracker(state);
  bbd_wk_alloc_delta_t d;
  bbd_wk_alloc_begin(a);
  void *c = c_(4, 25); /* 100 */
  c = r_(c, 300);      /* 300 */
  void *al = NULL;
  assert_int_equal(pm_(&al, 64, 64), 0); /* 64 */
  void *aa = aa_(64, 128);               /* 128 */
  void *me = ma_(32, 32);                /* 32 */
  f_(c);
  f_(al);
  f_(aa);
  f_(me);
  f_(NULL); /* counted as a call, frees nothing */
  bbd_wk_alloc_end(a, &d);
  assert_int_equal(d.calls[BBD_AT_CALLOC], 1);
  assert_int_equal(d.calls[BBD_AT_REALLOC], 1);
  assert_int_equal(d.calls[BBD_AT_POSIX_MEMALIGN], 1);
  assert_int_equal(d.calls[BBD_AT_ALIGNED_ALLOC], 1);
  assert_int_equal(d.calls[BBD_AT_MEMALIGN], 1);
  assert_int_equal(d.calls[BBD_AT_FREE], 5);
  assert_int_equal(d.calls[BBD_AT_MALLOC], 0);
  assert_int_equal(d.bytes, 100 + 300 + 64 + 128 + 32);
}

static void test_peak_and_loops(void **state) {
  bbd_wk_alloc_t *a = tracker(state);
  bbd_wk_alloc_delta_t d;
  bbd_wk_alloc_begin(a);
  void *p[3];
  for (int i = 0; i < 3; i++)
    p[i] = m_(1000);
  for (int i = 0; i < 3; i++)
    f_(p[i]);
  void *q = m_(500); /* after the frees: the peak stays at three blocks */
  f_(q);
  bbd_wk_alloc_end(a, &d);
  assert_true(d.peak >= 3000 && d.peak <= 3000 + 3 * 32);
  assert_int_equal(d.live, 0);
  assert_int_equal(d.threads, 1);

  bbd_wk_alloc_begin(a);
  for (int i = 0; i < 1000; i++)
    f_(m_(64));
  bbd_wk_alloc_end(a, &d);
  assert_int_equal(d.calls[BBD_AT_MALLOC], 1000);
  assert_int_equal(d.calls[BBD_AT_FREE], 1000);
  assert_int_equal(d.bytes, 64000);
  assert_true(d.peak >= 64 && d.peak <= 64 + 32);

  /* A leak: live bytes grow, and the peak with them. */
  void *leak[10];
  bbd_wk_alloc_begin(a);
  for (int i = 0; i < 10; i++)
    leak[i] = m_(256);
  bbd_wk_alloc_end(a, &d);
  assert_true(d.peak >= 2560);
  for (int i = 0; i < 10; i++)
    f_(leak[i]);
}

/* Several threads allocating at once are all counted, exactly. */
static void *thread_body(void *arg) {
  for (int i = 0; i < 1000; i++)
    f_(m_(32));
  return arg;
}

static void test_threads(void **state) {
  bbd_wk_alloc_t *a = tracker(state);
  bbd_wk_alloc_delta_t d;
  pthread_t t[4];
  bbd_wk_alloc_begin(a);
  for (int i = 0; i < 4; i++)
    assert_int_equal(pthread_create(&t[i], NULL, thread_body, NULL), 0);
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], NULL);
  bbd_wk_alloc_end(a, &d);
  /* pthread_create itself may allocate (thread stacks are mmapped, but
   * glibc may allocate small bookkeeping): at least the loops' calls. */
  assert_true(d.calls[BBD_AT_MALLOC] >= 4000);
  assert_true(d.calls[BBD_AT_MALLOC] <= 4000 + 16);
  assert_true(d.calls[BBD_AT_FREE] >= 4000);
  assert_true(d.bytes >= 4000 * 32);
  assert_true(d.threads >= 4);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_off_by_default),
      cmocka_unit_test(test_malloc_free),
      cmocka_unit_test(test_every_call),
      cmocka_unit_test(test_peak_and_loops),
      cmocka_unit_test(test_threads),
  };
  return cmocka_run_group_tests(tests, setup, NULL);
}
