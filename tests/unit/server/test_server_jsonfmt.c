/*
 * The hand-written number and time formatting of the API (bbd/server/api.c)
 * against the libc formatting it replaced: every API timestamp and integer
 * must print exactly as before.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api.h"

/* The libc formatting bbd_iso_time used before. */
static void libc_iso(int64_t ms, char *buf, size_t len) {
  time_t t = (time_t)(ms / 1000);
  struct tm tm;
  gmtime_r(&t, &tm);
  char base[32];
  strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(buf, len, "%s.%03dZ", base, (int)(ms % 1000));
}

static void check_iso(int64_t ms) {
  char want[64], got[64];
  libc_iso(ms, want, sizeof want);
  assert_ptr_equal(bbd_iso_time(ms, got, sizeof got), got);
  if (strcmp(want, got) != 0)
    fail_msg("ms %" PRId64 ": libc %s, bbd %s", ms, want, got);
}

static void test_iso_time(void **state) {
  (void)state;
  char buf[64];
  assert_string_equal(bbd_iso_time(1700000000123, buf, sizeof buf),
                      "2023-11-14T22:13:20.123Z");
  static const int64_t edges[] = {
      0,
      1,
      86399999,
      86400000,
      951782400000,     /* 2000-02-29 */
      951868800000,     /* 2000-03-01 */
      4107542399999,    /* 2100-02-28T23:59:59.999 */
      4107542400000,    /* 2100-03-01 */
      253402300799999,  /* 9999-12-31T23:59:59.999 */
      253402300800000}; /* 10000-01-01: the libc path */
  for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
    check_iso(edges[i]);
  /* Every day boundary over 1970..2400 and pseudo-random instants. */
  for (int64_t d = 0; d < 157000; d += 1)
    check_iso(d * 86400000 - (d > 0));
  uint64_t x = 88172645463325252u;
  for (int i = 0; i < 200000; i++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    check_iso((int64_t)(x % 253402300800000u));
  }
}

static void check_i64(int64_t v) {
  cJSON *o = cJSON_CreateObject();
  bbd_json_add_i64(o, "v", v);
  char *txt = cJSON_PrintUnformatted(o);
  char want[64];
  snprintf(want, sizeof want, "{\"v\":%lld}", (long long)v);
  assert_string_equal(txt, want);
  free(txt);
  cJSON_Delete(o);
}

static void test_i64(void **state) {
  (void)state;
  static const int64_t v[] = {0,         1,         -1,           9,
                              10,        -10,       123456789,    1700000000123,
                              INT64_MAX, INT64_MIN, INT64_MIN + 1};
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
    check_i64(v[i]);
}

static void test_add_time(void **state) {
  (void)state;
  cJSON *o = cJSON_CreateObject();
  bbd_api_add_time(o, "created", 1700000000123);
  bbd_api_add_time(o, "finished", 0);
  char *txt = cJSON_PrintUnformatted(o);
  assert_string_equal(txt, "{\"created_ms\":1700000000123,\"created_at\":"
                           "\"2023-11-14T22:13:20.123Z\",\"finished_ms\":null,"
                           "\"finished_at\":null}");
  free(txt);
  cJSON_Delete(o);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_iso_time),
      cmocka_unit_test(test_i64),
      cmocka_unit_test(test_add_time),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
