/* Unit tests of the error table (bbd/common/err.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "err.h"

static void test_names_and_messages(void **state) {
  (void)state;
  assert_string_equal(bbd_err_name(BBD_OK), "OK");
  assert_string_equal(bbd_err_name(BBD_EINVAL), "EINVAL");
  assert_string_equal(bbd_strerror(BBD_ENOTFOUND), "not found");
  assert_string_equal(bbd_err_name(-9999), "EUNKNOWN");
  assert_string_equal(bbd_strerror(12345), "unknown error");
}

static void test_round_trip_every_code(void **state) {
  (void)state;
#define CHECK_ROW_(code, name, msg)                                            \
  assert_int_equal(bbd_err_from_name(#name), (code));                          \
  assert_int_equal(bbd_err_from_name("BBD_" #name), (code));                   \
  assert_true((code) <= 0);
  BBD_ERRORS(CHECK_ROW_)
#undef CHECK_ROW_
  assert_int_equal(bbd_err_from_name("ENOSUCH"), 1);
  assert_int_equal(bbd_err_from_name(NULL), 1);
}

static void test_codes_are_unique(void **state) {
  (void)state;
  static const int codes[] = {
#define CODE_(code, name, msg) (code),
      BBD_ERRORS(CODE_)
#undef CODE_
  };
  size_t n = sizeof codes / sizeof codes[0];
  for (size_t i = 0; i < n; i++)
    for (size_t j = i + 1; j < n; j++)
      assert_int_not_equal(codes[i], codes[j]);
}

static void test_errf_formats_and_truncates(void **state) {
  (void)state;
  char buf[16];
  assert_int_equal(bbd_errf(BBD_EIO, buf, sizeof buf, "open %s", "x.so"),
                   BBD_EIO);
  assert_string_equal(buf, "open x.so");
  bbd_errf(BBD_EIO, buf, sizeof buf, "%s", "a very long message indeed");
  assert_int_equal(strlen(buf), sizeof buf - 1);
  assert_int_equal(bbd_errf(BBD_ENOMEM, NULL, 0, "ignored"), BBD_ENOMEM);
  char one[1] = {'z'};
  bbd_errf(BBD_EIO, one, sizeof one, "abc");
  assert_int_equal(one[0], '\0');
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_names_and_messages),
      cmocka_unit_test(test_round_trip_every_code),
      cmocka_unit_test(test_codes_are_unique),
      cmocka_unit_test(test_errf_formats_and_truncates),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
