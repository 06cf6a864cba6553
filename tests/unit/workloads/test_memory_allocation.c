/*
 * Self-check of the memory_allocation plugin: every struct and allocation
 * style round-trips (ma_selfcheck), every benchmark runs through a fake
 * host in both byte orders, and what the reused buffers hold after a run
 * decodes to the inputs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fake_host.h"
#include "ma.h"

static void test_selfcheck(void **state) {
  (void)state;
  char err[256] = "";
  if (ma_selfcheck(err, sizeof err) != 0)
    fail_msg("%s", err);
}

static void test_every_benchmark(void **state) {
  (void)state;
  static const char *const be[] = {"order=be", "count=20", NULL};
  static const char *const le[] = {"order=le", "count=20", NULL};
  fake_host_t f;
  fake_host_init(&f, 1);
  const bbd_plugin_t *p = NULL;
  char err[128];
  assert_int_equal(bbd_plugin_init(&f.host, &p, err, sizeof err), 0);
  assert_string_equal(p->name, "memory_allocation");
  size_t n = 0;
  for (const bbd_benchmark_t *const *b = p->benchmarks; *b != NULL; b++) {
    fake_host_drive(&f, *b, be, NULL);
    fake_host_drive(&f, *b, le, NULL);
    n++;
  }
  assert_int_equal(n, 17);
}

static void test_reused_buffers_decode(void **state) {
  (void)state;
  static const char *const orders[][3] = {{"order=be", "count=37", NULL},
                                          {"order=le", "count=37", NULL}};
  const bbd_benchmark_t *benches[] = {&ma_patterns_reused,
                                      &ma_reuse_buffer_reuse};
  fake_host_t f;
  fake_host_init(&f, 1);
  for (size_t o = 0; o < 2; o++) {
    for (size_t i = 0; i < 2; i++) {
      void *st = NULL;
      fake_host_drive(&f, benches[i], orders[o], &st);
      char err[256] = "";
      int rc = ma_verify_reused(benches[i], st, err, sizeof err);
      benches[i]->teardown(st);
      if (rc != 0)
        fail_msg("%s: %s", benches[i]->name, err);
    }
  }
  /* The count parameter sets the throughput of reuse/buffer_reuse. */
  assert_int_equal(f.elements_per_iter, 37);
  assert_int_equal(f.bytes_per_iter, 37 * 46);
  /* A benchmark without a reused buffer is refused, not misread. */
  char err[128];
  assert_int_equal(ma_verify_reused(&ma_peak_batch, NULL, err, sizeof err), -1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_selfcheck),
      cmocka_unit_test(test_every_benchmark),
      cmocka_unit_test(test_reused_buffers_decode),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
