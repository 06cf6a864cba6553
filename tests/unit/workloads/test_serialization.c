/*
 * Self-check of the serialization plugin: every struct round-trips through
 * every method (ser_selfcheck), every benchmark runs through a fake host in
 * both byte orders and with every method, and the batch outputs decode to
 * their inputs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "fake_host.h"
#include "ser.h"

static void test_selfcheck(void **state) {
  (void)state;
  char err[256] = "";
  int rc = ser_selfcheck(err, sizeof err);
  if (rc != 0)
    fail_msg("%s", err);
}

static const bbd_plugin_t *plugin(fake_host_t *f) {
  const bbd_plugin_t *p = NULL;
  char err[128];
  assert_int_equal(bbd_plugin_init(&f->host, &p, err, sizeof err), 0);
  assert_string_equal(p->name, "serialization");
  return p;
}

static void test_every_benchmark_every_option(void **state) {
  (void)state;
  static const char *const variants[][4] = {
      {"order=be", "method=vec", "count=50", NULL},
      {"order=le", "method=bufmut", "count=50", NULL},
      {"order=be", "method=decode", "count=50", NULL},
      {"order=le", "method=decode", "count=50", NULL},
  };
  fake_host_t f;
  fake_host_init(&f, 1);
  const bbd_plugin_t *p = plugin(&f);
  size_t n = 0;
  for (const bbd_benchmark_t *const *b = p->benchmarks; *b != NULL; b++) {
    for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++)
      fake_host_drive(&f, *b, variants[v], NULL);
    n++;
  }
  assert_int_equal(n, 34);
}

static void test_names_cover_the_groups(void **state) {
  (void)state;
  static const char *const want[] = {
      "methods/tiny_vec",
      "methods/medium_bufmut",
      "methods/large_raw",
      "methods/large_decode",
      "bit_fields/vec",
      "bit_fields/decode",
      "vectors/fixed_vector",
      "vectors/dynamic_vector_size_255",
      "endianness/little_endian_deserialization",
      "mixed/mixed_payload_1024",
      "batch/per_item_vec",
      "batch/shared_buffer",
      "batch/raw_array",
  };
  fake_host_t f;
  fake_host_init(&f, 1);
  const bbd_plugin_t *p = plugin(&f);
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    int found = 0;
    for (const bbd_benchmark_t *const *b = p->benchmarks; *b != NULL; b++)
      found |= strcmp((*b)->name, want[i]) == 0;
    if (!found)
      fail_msg("no benchmark %s", want[i]);
  }
}

static void test_batch_outputs_decode(void **state) {
  (void)state;
  static const char *const orders[][3] = {{"order=be", "count=300", NULL},
                                          {"order=le", "count=300", NULL}};
  const bbd_benchmark_t *batches[] = {&ser_batch_per_item, &ser_batch_shared,
                                      &ser_batch_raw};
  fake_host_t f;
  fake_host_init(&f, 1);
  for (size_t o = 0; o < 2; o++) {
    for (size_t i = 0; i < 3; i++) {
      void *st = NULL;
      fake_host_drive(&f, batches[i], orders[o], &st);
      /* The batch size follows the parameter. */
      assert_int_equal(f.elements_per_iter, 300);
      assert_int_equal(f.bytes_per_iter, 300 * 8);
      char err[256] = "";
      int rc = ser_batch_verify(st, err, sizeof err);
      batches[i]->teardown(st);
      if (rc != 0)
        fail_msg("%s: %s", batches[i]->name, err);
    }
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_selfcheck),
      cmocka_unit_test(test_every_benchmark_every_option),
      cmocka_unit_test(test_names_cover_the_groups),
      cmocka_unit_test(test_batch_outputs_decode),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
