/* The memory-efficiency bands of plugins/memory_allocation/bands.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "bands.h"

static void test_allocs_per_op(void **state) {
  (void)state;
  assert_int_equal(bbd_mem_band_allocs_per_op(0.0), BBD_MEM_BAND_EXCELLENT);
  assert_int_equal(bbd_mem_band_allocs_per_op(0.01), BBD_MEM_BAND_EXCELLENT);
  assert_int_equal(bbd_mem_band_allocs_per_op(0.99), BBD_MEM_BAND_EXCELLENT);
  assert_int_equal(bbd_mem_band_allocs_per_op(1.0), BBD_MEM_BAND_GOOD);
  assert_int_equal(bbd_mem_band_allocs_per_op(1.004), BBD_MEM_BAND_GOOD);
  assert_int_equal(bbd_mem_band_allocs_per_op(0.996), BBD_MEM_BAND_GOOD);
  assert_int_equal(bbd_mem_band_allocs_per_op(1.01), BBD_MEM_BAND_POOR);
  assert_int_equal(bbd_mem_band_allocs_per_op(2.0), BBD_MEM_BAND_POOR);
  assert_int_equal(bbd_mem_band_allocs_per_op(-1.0), BBD_MEM_BAND_UNKNOWN);
  assert_int_equal(bbd_mem_band_allocs_per_op(NAN), BBD_MEM_BAND_UNKNOWN);
  assert_int_equal(bbd_mem_band_allocs_per_op(INFINITY), BBD_MEM_BAND_UNKNOWN);
}

static void test_overhead(void **state) {
  (void)state;
  assert_int_equal(bbd_mem_band_overhead(0.0), BBD_MEM_BAND_EXCELLENT);
  assert_int_equal(bbd_mem_band_overhead(1.0), BBD_MEM_BAND_EXCELLENT);
  assert_int_equal(bbd_mem_band_overhead(1.19), BBD_MEM_BAND_EXCELLENT);
  assert_int_equal(bbd_mem_band_overhead(1.2), BBD_MEM_BAND_GOOD);
  assert_int_equal(bbd_mem_band_overhead(1.49), BBD_MEM_BAND_GOOD);
  assert_int_equal(bbd_mem_band_overhead(1.5), BBD_MEM_BAND_FAIR);
  assert_int_equal(bbd_mem_band_overhead(2.0), BBD_MEM_BAND_FAIR);
  assert_int_equal(bbd_mem_band_overhead(2.01), BBD_MEM_BAND_POOR);
  assert_int_equal(bbd_mem_band_overhead(NAN), BBD_MEM_BAND_UNKNOWN);
  assert_int_equal(bbd_mem_band_overhead(-0.5), BBD_MEM_BAND_UNKNOWN);
}

static void test_per_element(void **state) {
  (void)state;
  /* reuse/no_reuse: 100 allocations per iteration of 100 records is one
   * per record, "good"; buffer_reuse's 0 stays "excellent". */
  assert_true(bbd_mem_per_element(100.0, 100) == 1.0);
  assert_int_equal(bbd_mem_band_allocs_per_op(bbd_mem_per_element(100.0, 100)),
                   BBD_MEM_BAND_GOOD);
  assert_true(bbd_mem_per_element(0.0, 100) == 0.0);
  assert_true(bbd_mem_per_element(3.0, 0) == 3.0);
  assert_true(bbd_mem_per_element(3.0, 1) == 3.0);
}

static void test_names(void **state) {
  (void)state;
  assert_string_equal(bbd_mem_band_name(BBD_MEM_BAND_EXCELLENT), "excellent");
  assert_string_equal(bbd_mem_band_name(BBD_MEM_BAND_GOOD), "good");
  assert_string_equal(bbd_mem_band_name(BBD_MEM_BAND_FAIR), "fair");
  assert_string_equal(bbd_mem_band_name(BBD_MEM_BAND_POOR), "poor");
  assert_string_equal(bbd_mem_band_name(BBD_MEM_BAND_UNKNOWN), "unknown");
  assert_string_equal(bbd_mem_band_name((bbd_mem_band_t)42), "unknown");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_allocs_per_op),
      cmocka_unit_test(test_overhead),
      cmocka_unit_test(test_per_element),
      cmocka_unit_test(test_names),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
