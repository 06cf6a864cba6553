/*
 * bbd_cache_run_counts (bbd/server/cache.c): /status and /metrics read the
 * run counts from the store once per data generation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache.h"

static void test_counts_follow_generation(void **state) {
  (void)state;
  char dir[] = "/tmp/bbd-runcounts-XXXXXX";
  assert_non_null(mkdtemp(dir));
  bbd_store_t *st = NULL;
  char err[256];
  assert_int_equal(bbd_store_open(&st, dir, NULL, err, sizeof err), 0);
  bbd_cache_t c;
  memset(&c, 0, sizeof c);
  int64_t n[BBD_STORE_RUN_NSTATES];
  assert_int_equal(bbd_cache_run_counts(&c, st, 0, n), 0);
  assert_int_equal(n[BBD_STORE_RUN_QUEUED], 0);

  bbd_store_run_new_t req;
  memset(&req, 0, sizeof req);
  int64_t id = 0;
  assert_int_equal(bbd_store_run_create(st, &req, &id, err, sizeof err), 0);
  /* Same generation: the counts read at generation 0 are kept (the daemon
   * bumps the generation with every change, so this does not happen). */
  assert_int_equal(bbd_cache_run_counts(&c, st, 0, n), 0);
  assert_int_equal(n[BBD_STORE_RUN_QUEUED], 0);
  /* A new generation reads them again. */
  assert_int_equal(bbd_cache_run_counts(&c, st, 1, n), 0);
  assert_int_equal(n[BBD_STORE_RUN_QUEUED], 1);
  assert_int_equal(bbd_store_run_set_state(st, id, BBD_STORE_RUN_RUNNING, NULL,
                                           err, sizeof err),
                   0);
  assert_int_equal(bbd_cache_run_counts(&c, st, 2, n), 0);
  assert_int_equal(n[BBD_STORE_RUN_QUEUED], 0);
  assert_int_equal(n[BBD_STORE_RUN_RUNNING], 1);
  /* Clearing the cache forgets them too. */
  assert_int_equal(bbd_store_run_set_state(st, id, BBD_STORE_RUN_DONE, NULL,
                                           err, sizeof err),
                   0);
  bbd_cache_clear(&c);
  assert_int_equal(bbd_cache_run_counts(&c, st, 2, n), 0);
  assert_int_equal(n[BBD_STORE_RUN_RUNNING], 0);
  assert_int_equal(n[BBD_STORE_RUN_DONE], 1);
  bbd_store_close(st);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  assert_int_equal(system(cmd), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_counts_follow_generation),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
