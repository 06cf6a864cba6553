/* Unit tests of the API helpers: query decoding, error mapping, run request
 * validation and the response cache (bbd/server/api.c, runreq.c, cache.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "cache.h"
#include "catalog.h"
#include "err.h"
#include "runreq.h"
#include "utf8.h"

static void test_query(void **state) {
  (void)state;
  char v[32];
  const char *q = "a=run%3A12&b=baseline:x+y&tag=k:1&tag=j:2&empty=&flag";
  assert_int_equal(bbd_query_get(q, "a", 0, v, sizeof v), 1);
  assert_string_equal(v, "run:12");
  assert_int_equal(bbd_query_get(q, "b", 0, v, sizeof v), 1);
  assert_string_equal(v, "baseline:x y");
  assert_int_equal(bbd_query_get(q, "tag", 1, v, sizeof v), 1);
  assert_string_equal(v, "j:2");
  assert_int_equal(bbd_query_get(q, "tag", 2, v, sizeof v), 0);
  assert_int_equal(bbd_query_get(q, "empty", 0, v, sizeof v), 1);
  assert_string_equal(v, "");
  assert_int_equal(bbd_query_get(q, "flag", 0, v, sizeof v), 1);
  assert_int_equal(bbd_query_get(q, "ta", 0, v, sizeof v), 0);
  assert_int_equal(bbd_query_get("a=%zz", "a", 0, v, sizeof v), BBD_EPARSE);
  assert_int_equal(bbd_query_get("a=%00", "a", 0, v, sizeof v), BBD_EPARSE);
  assert_int_equal(bbd_query_get("a=%4", "a", 0, v, sizeof v), BBD_EPARSE);
  char small[4];
  assert_int_equal(bbd_query_get("a=abcdef", "a", 0, small, sizeof small),
                   BBD_ERANGE);
  int64_t n;
  assert_int_equal(bbd_query_int("limit=20", "limit", 1, 100, 50, &n), 0);
  assert_int_equal(n, 20);
  assert_int_equal(bbd_query_int("x=1", "limit", 1, 100, 50, &n), 0);
  assert_int_equal(n, 50);
  assert_int_equal(bbd_query_int("limit=0", "limit", 1, 100, 50, &n),
                   BBD_EINVAL);
  assert_int_equal(bbd_query_int("limit=5x", "limit", 1, 100, 50, &n),
                   BBD_EINVAL);
  assert_int_equal(bbd_api_parse_id("42"), 42);
  assert_int_equal(bbd_api_parse_id("042"), -1);
  assert_int_equal(bbd_api_parse_id("-1"), -1);
  assert_int_equal(bbd_api_parse_id("99999999999999999999"), -1);
}

static void test_status_map(void **state) {
  (void)state;
  assert_int_equal(bbd_api_status_of(BBD_EINVAL), 400);
  assert_int_equal(bbd_api_status_of(BBD_EAUTH), 401);
  assert_int_equal(bbd_api_status_of(BBD_ENOTFOUND), 404);
  assert_int_equal(bbd_api_status_of(BBD_ECONFLICT), 409);
  assert_int_equal(bbd_api_status_of(BBD_ESTATE), 409);
  assert_int_equal(bbd_api_status_of(BBD_ETOOBIG), 413);
  assert_int_equal(bbd_api_status_of(BBD_ENOSPC), 507);
  assert_int_equal(bbd_api_status_of(BBD_EDB), 500);
}

static void test_error_object(void **state) {
  (void)state;
  bbd_http_resp_t r;
  memset(&r, 0, sizeof r);
  bbd_api_error(&r, 404, BBD_ENOTFOUND, "no run 7", NULL);
  assert_int_equal(r.status, 404);
  cJSON *doc = cJSON_Parse(r.body);
  assert_non_null(doc);
  cJSON *e = cJSON_GetObjectItem(doc, "error");
  assert_string_equal(cJSON_GetObjectItem(e, "code")->valuestring, "ENOTFOUND");
  assert_string_equal(cJSON_GetObjectItem(e, "message")->valuestring,
                      "not found");
  assert_string_equal(
      cJSON_GetObjectItem(cJSON_GetObjectItem(e, "detail"), "reason")
          ->valuestring,
      "no run 7");
  cJSON_Delete(doc);
  free(r.body);
}

static cJSON *validate(const char *json, int *code, char *field) {
  cJSON *body = cJSON_Parse(json);
  assert_non_null(body);
  char err[256];
  cJSON *out = bbd_runreq_validate(body, code, field, 64, err, sizeof err);
  cJSON_Delete(body);
  return out;
}

static void test_runreq(void **state) {
  (void)state;
  int code = 0;
  char field[64];
  cJSON *c = validate("{\"filters\":\"x/*\",\"params\":{\"n\":3,\"b\":true},"
                      "\"settings\":{\"samples\":10,\"quick\":true},"
                      "\"tags\":{\"branch\":\"main\"},\"compare_to\":"
                      "{\"baseline\":\"main\"}}",
                      &code, field);
  assert_non_null(c);
  assert_string_equal(
      cJSON_GetArrayItem(cJSON_GetObjectItem(c, "filters"), 0)->valuestring,
      "x/*");
  assert_string_equal(
      cJSON_GetObjectItem(cJSON_GetObjectItem(c, "params"), "n")->valuestring,
      "3");
  assert_string_equal(
      cJSON_GetObjectItem(cJSON_GetObjectItem(c, "params"), "b")->valuestring,
      "true");
  assert_true(cJSON_IsNull(cJSON_GetObjectItem(c, "ab")));
  cJSON_Delete(c);

  static const struct {
    const char *json, *field;
  } bad[] = {
      {"{\"bogus\":1}", "bogus"},
      {"{\"filters\":[1]}", "filters"},
      {"{\"params\":{\"Bad-Name\":1}}", "params"},
      {"{\"settings\":{\"samples\":1}}", "settings"},
      {"{\"settings\":{\"samples\":2.5}}", "settings"},
      {"{\"settings\":{\"counter_mode\":\"x\"}}", "settings"},
      {"{\"settings\":{\"counters\":\"--evil\"}}", "settings"},
      {"{\"settings\":{\"nope\":1}}", "settings"},
      {"{\"stats\":{\"alpha\":0}}", "stats"},
      {"{\"tags\":{\"a b\":\"x\"}}", "tags"},
      {"{\"tags\":{\"k\":1}}", "tags"},
      {"{\"compare_to\":{\"run\":0}}", "compare_to"},
      {"{\"compare_to\":{\"run\":1,\"baseline\":\"x\"}}", "compare_to"},
      {"{\"save_baseline\":\"a/b\"}", "save_baseline"},
      {"{\"force\":1}", "force"},
      {"{\"ab\":{\"a_dir\":\"/a\"}}", "ab"},
      {"{\"ab\":{\"a_dir\":\"rel\",\"b_dir\":\"/b\"}}", "ab"},
      {"{\"ab\":{\"a_dir\":\"/a\",\"b_dir\":\"/b\",\"order\":\"x\"}}", "ab"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    field[0] = '\0';
    c = validate(bad[i].json, &code, field);
    if (c != NULL)
      fail_msg("accepted: %s", bad[i].json);
    assert_int_equal(code, BBD_EINVAL);
    assert_string_equal(field, bad[i].field);
  }
  assert_true(bbd_name_ok("main-1.2_x", 128));
  assert_false(bbd_name_ok("", 128));
  assert_false(bbd_name_ok("a/b", 128));
  assert_false(bbd_name_ok("abc", 2));
}

static void test_glob(void **state) {
  (void)state;
  assert_true(bbd_catalog_glob_match("fx_ok/*", "fx_ok/math/add"));
  assert_true(bbd_catalog_glob_match("*add", "fx_ok/math/add"));
  assert_true(bbd_catalog_glob_match("math/*", "fx_ok/math/add"));
  assert_true(bbd_catalog_glob_match("*/add", "fx_ok/math/add"));
  assert_false(bbd_catalog_glob_match("math/*", "fx_ok/other/math/add"));
  assert_false(bbd_catalog_glob_match("other/*", "fx_ok/math/add"));
  assert_true(bbd_catalog_glob_match("fx_ok/math/add", "fx_ok/math/add"));
  assert_false(bbd_catalog_glob_match("fx_ok/math", "fx_ok/math/add"));
}

static void test_cache(void **state) {
  (void)state;
  bbd_cache_t c;
  memset(&c, 0, sizeof c);
  bbd_cache_put(&c, "/a?", 1, "one", 3, "application/json");
  const bbd_cache_entry_t *e = bbd_cache_get(&c, "/a?", 1);
  assert_non_null(e);
  assert_int_equal(e->len, 3);
  assert_memory_equal(e->body, "one", 3);
  /* Another generation never hits. */
  assert_null(bbd_cache_get(&c, "/a?", 2));
  bbd_cache_put(&c, "/a?", 2, "two!", 4, "application/json");
  assert_int_equal(bbd_cache_get(&c, "/a?", 2)->len, 4);
  for (int i = 0; i < 3 * BBD_CACHE_ENTRIES; i++) {
    char k[16];
    snprintf(k, sizeof k, "/k%d", i);
    bbd_cache_put(&c, k, 2, "x", 1, "text/plain");
  }
  unsigned used = 0;
  for (unsigned i = 0; i < BBD_CACHE_ENTRIES; i++)
    used += c.e[i].key != NULL;
  assert_int_equal(used, BBD_CACHE_ENTRIES);
  bbd_cache_clear(&c);
  assert_null(bbd_cache_get(&c, "/k1", 2));
}

static void test_utf8(void **state) {
  (void)state;
  static const struct {
    const char *s;
    int ok;
  } cases[] = {
      {"plain", 1},        {"caf\xc3\xa9", 1},
      {"\xe2\x82\xac", 1}, {"\xf0\x9f\x98\x80", 1},
      {"\xff", 0},         {"\xc0\xaf", 0},
      {"\xed\xa0\x80", 0}, {"\xf4\x90\x80\x80", 0},
      {"abc\xe2\x82", 0},  {"\xe0\x80\xaf", 0},
      {"\x80", 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    assert_int_equal(bbd_utf8_valid(cases[i].s, strlen(cases[i].s)),
                     cases[i].ok);
  static const struct {
    const char *s;
    int ok;
  } esc[] = {
      {"\"a\\u0041\"", 1}, {"\"\\ud83d\\ude00\"", 1}, {"\"\\u0000\"", 0},
      {"\"\\ud800\"", 0},  {"\"\\udc00\\ud800\"", 0}, {"\"\\\\u0000\"", 1},
  };
  for (size_t i = 0; i < sizeof esc / sizeof esc[0]; i++)
    assert_int_equal(bbd_json_escapes_ok(esc[i].s, strlen(esc[i].s)),
                     esc[i].ok);
  char cut[16] = "ab\xc3\xa9\xe2\x82";
  bbd_utf8_sanitize(cut);
  assert_string_equal(cut, "ab\xc3\xa9");
  char q[8];
  assert_int_equal(bbd_query_get("b=%ff", "b", 0, q, sizeof q), BBD_EPARSE);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_query),        cmocka_unit_test(test_status_map),
      cmocka_unit_test(test_error_object), cmocka_unit_test(test_runreq),
      cmocka_unit_test(test_glob),         cmocka_unit_test(test_cache),
      cmocka_unit_test(test_utf8),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
