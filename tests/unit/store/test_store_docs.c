/*
 * Result documents (results.doc, schema 7): the API's result object is
 * rendered when a result is stored and when its verdict changes, and
 * bbd_store_result_docs concatenates them. Checked byte for byte, because
 * GET /api/v1/runs/ID serves this text verbatim; also the upgrade of a
 * schema-6 file, whose results get their documents in the migration, and a
 * row without a document (rendered on the fly).
 */
#include "store_test_util.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "err.h"
#include "store_internal.h"

/* 1700000000123 ms is 2023-11-14T22:13:20.123Z. */
#define T0 1700000000123

/* The document of the result mk_odd stores (ids 1, run 1). */
#define ODD_DOC(verdict, regression)                                           \
  "{\"id\":1,\"run_id\":1,\"benchmark\":\"p/g/\\\"q\\\"\\n\xc3\xa9\","         \
  "\"variant\":\"\",\"status\":\"failed\",\"failure\":\"boom \\\"x\\\"\","     \
  "\"unit\":\"ns/iter\",\"mean\":12.5,\"median\":0.10000000000000001,"         \
  "\"slope\":null,\"stddev\":null,\"ci_low\":1,\"ci_high\":1e+21,"             \
  "\"estimates\":{\"a\":[1,2.5]},\"counters\":{},\"alloc\":null,"              \
  "\"warnings\":[],\"verdict\":" verdict ",\"regression\":" regression         \
  ",\"n_samples\":2,\"created_ms\":1700000000123,"                             \
  "\"created_at\":\"2023-11-14T22:13:20.123Z\"}"

/* A result exercising escapes, absent numbers and absent documents. */
static int64_t mk_odd(test_env_t *t, int64_t run) {
  uint64_t it[2] = {10, 20};
  double ns[2] = {100, 200};
  bbd_store_result_new_t r = {0};
  r.bench_id = "p/g/\"q\"\n\xc3\xa9";
  r.status = BBD_STORE_RESULT_FAILED;
  r.failure = "boom \"x\"";
  r.mean = 12.5;
  r.median = 0.1;
  r.slope = NAN;
  r.stddev = NAN;
  r.ci_low = 1;
  r.ci_high = 1e21;
  r.estimates_json = "{\"a\":[1,2.5]}";
  r.counters_json = "{}";
  r.warnings_json = "[]";
  r.iters = it;
  r.ns = ns;
  r.n_samples = 2;
  int64_t id = 0;
  if (bbd_store_result_insert(t->st, run, &r, &id, t->err, sizeof t->err))
    fprintf(stderr, "insert: %s\n", t->err);
  return id;
}

static void expect_docs(test_env_t *t, int64_t run, const char *want) {
  char *got = NULL;
  size_t len = 0;
  assert_int_equal(
      bbd_store_result_docs(t->st, run, &got, &len, t->err, sizeof t->err), 0);
  assert_non_null(got);
  assert_string_equal(got, want);
  assert_int_equal(len, strlen(want));
  free(got);
}

static void test_doc_exact(void **state) {
  test_env_t *t = *state;
  t->now = T0;
  int64_t run = mk_run(t, NULL, 0);
  assert_int_equal(run, 1);
  expect_docs(t, run, "[]");
  assert_int_equal(mk_odd(t, run), 1);
  expect_docs(t, run, "[" ODD_DOC("null", "false") "]");
  /* Unknown run. */
  char *got = (char *)"x";
  size_t len = 7;
  assert_int_equal(
      bbd_store_result_docs(t->st, 99, &got, &len, t->err, sizeof t->err),
      BBD_ENOTFOUND);
  assert_null(got);
  assert_int_equal(len, 0);
}

/* The verdict is the one mutable part: the document follows it. */
static void test_doc_follows_verdict(void **state) {
  test_env_t *t = *state;
  t->now = T0;
  int64_t run = mk_run(t, NULL, 0);
  assert_int_equal(mk_odd(t, run), 1);
  assert_int_equal(bbd_store_result_set_verdict(t->st, 1, "{\"v\":\"slower\"}",
                                                1, t->err, sizeof t->err),
                   0);
  expect_docs(t, run, "[" ODD_DOC("{\"v\":\"slower\"}", "true") "]");
  assert_int_equal(
      bbd_store_result_set_verdict(t->st, 1, NULL, 0, t->err, sizeof t->err),
      0);
  expect_docs(t, run, "[" ODD_DOC("null", "false") "]");
  /* A failed verdict update (invalid JSON) leaves the document alone. */
  assert_int_equal(
      bbd_store_result_set_verdict(t->st, 1, "nope", 1, t->err, sizeof t->err),
      BBD_EINVAL);
  expect_docs(t, run, "[" ODD_DOC("null", "false") "]");
}

/* Documents come in bench id, variant order, comma-separated, and each one
 * matches the result's columns as bbd_store_result_list returns them. */
static void test_doc_order(void **state) {
  test_env_t *t = *state;
  int64_t run = mk_run(t, NULL, 0);
  const char *ids[] = {"p/g/c", "p/g/a", "p/g/b"};
  for (size_t i = 0; i < 3; i++)
    assert_true(mk_result(t, run, ids[i], 10.0 + (double)i, 4) > 0);
  char *got = NULL;
  size_t len = 0;
  assert_int_equal(
      bbd_store_result_docs(t->st, run, &got, &len, t->err, sizeof t->err), 0);
  const char *a = strstr(got, "\"benchmark\":\"p/g/a\"");
  const char *b = strstr(got, "\"benchmark\":\"p/g/b\"");
  const char *c = strstr(got, "\"benchmark\":\"p/g/c\"");
  assert_true(a && b && c && a < b && b < c);
  assert_true(got[0] == '[' && got[len - 1] == ']');
  assert_non_null(strstr(got, "},{\"id\":"));
  assert_non_null(strstr(got, "\"mean\":11,\"median\":11,"));
  free(got);
}

/* A schema-6 file (no doc column) is upgraded: the migration renders the
 * documents of the results already stored; a row that lost its document
 * (written by another tool) is rendered when read. */
static void test_doc_upgrade_from_6(void **state) {
  (void)state;
  test_env_t *t = test_env_new();
  if (!t) {
    fail();
    return;
  }
  assert_int_equal(bbd__store_open_version(&t->st, t->db, &t->opts, 6, t->err,
                                           sizeof t->err),
                   0);
  assert_int_equal(bbd_store_schema_version(t->st), 6);
  int64_t run = mk_run(t, NULL, 0);
  assert_int_equal(run, 1);
  /* The row as a schema-6 bbd stored it. */
  const char *sql =
      "INSERT INTO results (id, run_id, bench_id, variant, status, failure,"
      " mean, median, slope, stddev, ci_low, ci_high, unit, estimates,"
      " counters, alloc, warnings, verdict, regression, created_at,"
      " n_samples) VALUES (1, 1, 'p/g/\"q\"' || char(10) || 'é', '', 'failed',"
      " 'boom \"x\"', 12.5, 0.1, NULL, NULL, 1, 1e21, 'ns/iter',"
      " '{\"a\":[1,2.5]}', '{}', NULL, '[]', NULL, 0, 1700000000123, 2)";
  assert_int_equal(sqlite3_exec(t->st->db, sql, NULL, NULL, NULL), SQLITE_OK);
  bbd_store_close(t->st);
  t->st = NULL;

  assert_int_equal(test_env_open(t), 0);
  assert_int_equal(bbd_store_schema_version(t->st), 7);
  sqlite3_stmt *s = NULL;
  assert_int_equal(sqlite3_prepare_v2(t->st->db,
                                      "SELECT doc FROM results WHERE id = 1",
                                      -1, &s, NULL),
                   SQLITE_OK);
  assert_int_equal(sqlite3_step(s), SQLITE_ROW);
  assert_string_equal((const char *)sqlite3_column_text(s, 0),
                      ODD_DOC("null", "false"));
  sqlite3_finalize(s);
  expect_docs(t, run, "[" ODD_DOC("null", "false") "]");

  assert_int_equal(sqlite3_exec(t->st->db, "UPDATE results SET doc = NULL",
                                NULL, NULL, NULL),
                   SQLITE_OK);
  expect_docs(t, run, "[" ODD_DOC("null", "false") "]");
  assert_int_equal(bbd_store_integrity_check(t->st, 0, t->err, sizeof t->err),
                   0);
  test_env_free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_doc_exact, store_setup,
                                      store_teardown),
      cmocka_unit_test_setup_teardown(test_doc_follows_verdict, store_setup,
                                      store_teardown),
      cmocka_unit_test_setup_teardown(test_doc_order, store_setup,
                                      store_teardown),
      cmocka_unit_test(test_doc_upgrade_from_6),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
