/*
 * The hand-written number and time formatting of the API (bbd/server/api.c)
 * against the libc formatting it replaced, and the directly printed run
 * list (results.c) against the cJSON document it replaced: every answer
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
#include "results.h"

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

/* The run list as list_runs built it with cJSON before. */
static char *cjson_list(const bbd_store_run_list_t *l, const int *pos,
                        size_t limit, size_t offset) {
  cJSON *o = cJSON_CreateObject();
  cJSON *arr = cJSON_AddArrayToObject(o, "runs");
  for (size_t i = 0; i < l->count; i++) {
    cJSON *r = bbd_run_json(&l->items[i], 0);
    if (pos[i] > 0)
      cJSON_AddNumberToObject(r, "position", pos[i]);
    cJSON_AddItemToArray(arr, r);
  }
  cJSON_AddNumberToObject(o, "total", (double)l->total);
  cJSON_AddNumberToObject(o, "limit", (double)limit);
  cJSON_AddNumberToObject(o, "offset", (double)offset);
  if (l->next_cursor > 0)
    cJSON_AddNumberToObject(o, "next_cursor", (double)l->next_cursor);
  else
    cJSON_AddNullToObject(o, "next_cursor");
  char *txt = cJSON_PrintUnformatted(o);
  cJSON_Delete(o);
  size_t n = strlen(txt);
  char *out = malloc(n + 2);
  memcpy(out, txt, n);
  memcpy(out + n, "\n", 2);
  free(txt);
  return out;
}

static void test_run_list_text(void **state) {
  (void)state;
  /* Every byte that needs an escape, plus quotes, UTF-8 and DEL. */
  char odd[64];
  size_t k = 0;
  for (int c = 1; c < 32; c++)
    odd[k++] = (char)c;
  memcpy(odd + k, "\"\\/\x7f\xc3\xa9", 7);
  odd[k + 7] = '\0';
  bbd_store_tag_t tags[3] = {{"branch", "main"}, {odd, odd}, {"q\"k", ""}};
  bbd_store_run_t runs[6];
  memset(runs, 0, sizeof runs);
  static const int64_t durations_ms[] = {1234, 1, 100, 0, 86400001, 7};
  for (int i = 0; i < 6; i++) {
    runs[i].id = 1000 - i;
    runs[i].state = i % BBD_STORE_RUN_NSTATES;
    runs[i].created_ms = 1700000000000 + i * 123457;
    if (i != 3) {
      runs[i].started_ms = runs[i].created_ms + 5;
      runs[i].finished_ms = runs[i].started_ms + durations_ms[i];
    }
    runs[i].tags = i % 2 ? tags : NULL;
    runs[i].n_tags = i % 2 ? 3 : 0;
    runs[i].config_json = i == 2 ? "{\"ab\":{\"a_dir\":\"x\"}}" : NULL;
    runs[i].benchmark_count = 100 + i;
    runs[i].result_count = i;
    runs[i].failed_count = i / 2;
    runs[i].regression_count = i / 3;
    runs[i].error = i == 4 ? odd : NULL;
    runs[i].machine_id = i;
    runs[i].env_id = 2 * i;
  }
  int pos[6] = {0, 1, 0, 7, 0, 0};
  bbd_store_run_list_t l = {runs, 6, 3000000000LL, 994};
  static const size_t limits[][2] = {{6, 0}, {50, 12}, {1000, 1000000000}};
  for (size_t t = 0; t < 3; t++) {
    l.next_cursor = t == 2 ? 0 : 994;
    l.total = t == 1 ? 6 : 3000000000LL;
    char *want = cjson_list(&l, pos, limits[t][0], limits[t][1]);
    size_t len = 0;
    char *got = bbd_run_list_text(&l, pos, limits[t][0], limits[t][1], &len);
    assert_non_null(got);
    assert_string_equal(got, want);
    assert_int_equal(len, strlen(want));
    free(want);
    free(got);
  }
  /* An empty page. */
  l.count = 0;
  l.total = 0;
  l.next_cursor = 0;
  char *want = cjson_list(&l, pos, 50, 0);
  size_t len = 0;
  char *got = bbd_run_list_text(&l, NULL, 50, 0, &len);
  assert_string_equal(got, want);
  free(want);
  free(got);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_iso_time),
      cmocka_unit_test(test_i64),
      cmocka_unit_test(test_add_time),
      cmocka_unit_test(test_run_list_text),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
