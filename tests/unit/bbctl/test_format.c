/* Units and aligned tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "table.h"
#include "units.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_ns(void **state) {
  char b[32];
  assert_string_equal(bbctl_fmt_ns(0.5, b, sizeof b), "0.500 ns");
  assert_string_equal(bbctl_fmt_ns(1.0, b, sizeof b), "1.00 ns");
  assert_string_equal(bbctl_fmt_ns(12.34, b, sizeof b), "12.3 ns");
  assert_string_equal(bbctl_fmt_ns(999.0, b, sizeof b), "999 ns");
  /* 999.7 rounds to 1000: must switch unit instead of printing "1000 ns". */
  assert_string_equal(bbctl_fmt_ns(999.7, b, sizeof b), "1.00 µs");
  assert_string_equal(bbctl_fmt_ns(1234.0, b, sizeof b), "1.23 µs");
  assert_string_equal(bbctl_fmt_ns(45.6e6, b, sizeof b), "45.6 ms");
  assert_string_equal(bbctl_fmt_ns(2.5e9, b, sizeof b), "2.50 s");
  assert_string_equal(bbctl_fmt_ns(3600e9, b, sizeof b), "3600 s");
  assert_string_equal(bbctl_fmt_ns(-1500.0, b, sizeof b), "-1.50 µs");
  assert_string_equal(bbctl_fmt_ns(NAN, b, sizeof b), "-");
  assert_string_equal(bbctl_fmt_ns(INFINITY, b, sizeof b), "-");
}

static void test_pick_unit(void **state) {
  double scale;
  double a[] = {120, 340, 800};
  assert_string_equal(bbctl_pick_time_unit(a, 3, &scale), "ns");
  assert_true(scale == 1);
  double b[] = {1200, 34000, 800000};
  assert_string_equal(bbctl_pick_time_unit(b, 3, &scale), "µs");
  assert_true(scale == 1e3);
  double c[] = {5e6, 9e7};
  assert_string_equal(bbctl_pick_time_unit(c, 2, &scale), "ms");
  double d[] = {NAN, 0};
  assert_string_equal(bbctl_pick_time_unit(d, 2, &scale), "ns");
}

static void test_rates_sizes(void **state) {
  char b[32];
  assert_string_equal(bbctl_fmt_bytes_per_s(1048576.0, b, sizeof b),
                      "1.00 MiB/s");
  assert_string_equal(bbctl_fmt_bytes_per_s(512.0, b, sizeof b), "512 B/s");
  assert_string_equal(bbctl_fmt_bytes_per_s(3.5 * 1073741824.0, b, sizeof b),
                      "3.50 GiB/s");
  assert_string_equal(bbctl_fmt_elems_per_s(2.5e6, b, sizeof b),
                      "2.50 Melem/s");
  assert_string_equal(bbctl_fmt_bytes(512, b, sizeof b), "512 B");
  assert_string_equal(bbctl_fmt_bytes(1536, b, sizeof b), "1.50 KiB");
  assert_string_equal(bbctl_fmt_bytes(10.5, b, sizeof b), "10.5 B");
  assert_string_equal(bbctl_fmt_count(1234567, b, sizeof b), "1.23M");
  assert_string_equal(bbctl_fmt_count(12, b, sizeof b), "12");
  assert_string_equal(bbctl_fmt_count(0.25, b, sizeof b), "0.25");
  assert_string_equal(bbctl_fmt_count(0.000123456, b, sizeof b), "0.000123");
}

static void test_pct(void **state) {
  char b[64];
  assert_string_equal(bbctl_fmt_pct(5.234, b, sizeof b), "+5.23%");
  assert_string_equal(bbctl_fmt_pct(-0.5, b, sizeof b), "-0.50%");
  assert_string_equal(bbctl_fmt_pct(-0.001, b, sizeof b), "+0.00%");
  assert_string_equal(bbctl_fmt_pct_ci(-1.2, 3.4, b, sizeof b),
                      "[-1.20%, +3.40%]");
  assert_string_equal(bbctl_fmt_pct_ci(NAN, 3.4, b, sizeof b), "-");
}

static void test_width(void **state) {
  assert_int_equal(bbctl_display_width("abc"), 3);
  assert_int_equal(bbctl_display_width("1.23 µs"), 7);
  assert_int_equal(bbctl_display_width("\033[31mred\033[0m"), 3);
  assert_int_equal(bbctl_display_width(""), 0);
}

/* Prints a table into a memory stream and returns the text. */
static char *render(const bbctl_table_t *t, int color) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  bbctl_table_print(t, f, color);
  fclose(f);
  return buf;
}

static void test_table_alignment(void **state) {
  bbctl_table_t t;
  static const char *const head[] = {"NAME", ">TIME", "VERDICT"};
  assert_int_equal(bbctl_table_init(&t, 3, head), 0);
  long r = bbctl_table_add_row(&t);
  bbctl_table_set(&t, (size_t)r, 0, "a/b", BBCTL_C_NONE);
  bbctl_table_set(&t, (size_t)r, 1, "1.23 µs", BBCTL_C_NONE);
  bbctl_table_set(&t, (size_t)r, 2, "regressed", BBCTL_C_RED);
  r = bbctl_table_add_row(&t);
  bbctl_table_set(&t, (size_t)r, 0, "long/name/here", BBCTL_C_NONE);
  bbctl_table_set(&t, (size_t)r, 1, "45 ns", BBCTL_C_NONE);
  bbctl_table_set(&t, (size_t)r, 2, NULL, BBCTL_C_NONE);
  char *s = render(&t, 0);
  assert_string_equal(s, "NAME               TIME  VERDICT\n"
                         "a/b             1.23 µs  regressed\n"
                         "long/name/here    45 ns  -\n");
  free(s);
  /* Colour only when asked, and it does not shift the columns. */
  s = render(&t, 1);
  assert_non_null(strstr(s, "\033[31mregressed\033[0m"));
  assert_non_null(strstr(s, "a/b             1.23 µs  "));
  free(s);
  bbctl_table_free(&t);
}

static void test_table_sanitises(void **state) {
  bbctl_table_t t;
  static const char *const head[] = {"X"};
  bbctl_table_init(&t, 1, head);
  long r = bbctl_table_add_row(&t);
  bbctl_table_set(&t, (size_t)r, 0, "evil\033]0;title\007", BBCTL_C_NONE);
  char *s = render(&t, 1);
  assert_null(strchr(s, '\033'));
  assert_null(strchr(s, '\007'));
  free(s);
  bbctl_table_free(&t);
  assert_int_equal(bbctl_table_init(&t, 0, head), -1);
  assert_int_equal(bbctl_table_init(&t, BBCTL_TABLE_MAX_COLS + 1, head), -1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_ns),
      cmocka_unit_test(test_pick_unit),
      cmocka_unit_test(test_rates_sizes),
      cmocka_unit_test(test_pct),
      cmocka_unit_test(test_width),
      cmocka_unit_test(test_table_alignment),
      cmocka_unit_test(test_table_sanitises),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
