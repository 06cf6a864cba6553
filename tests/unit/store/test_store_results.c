/*
 * Results and samples: every field round trips, one transaction per result,
 * duplicate and orphan results are refused, verdicts update the run's
 * regression count, sample and counter blobs round trip bit for bit, and a
 * damaged blob in the database is reported as BBD_EDB, never trusted.
 */
#include "store_test_util.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "err.h"
#include "samples.h"
#include "store_internal.h"

static void exec_ok(test_env_t *t, const char *sql) {
  char *msg = NULL;
  int rc = sqlite3_exec(t->st->db, sql, NULL, NULL, &msg);
  if (rc != SQLITE_OK)
    fprintf(stderr, "%s: %s\n", sql, msg ? msg : "?");
  sqlite3_free(msg);
  assert_int_equal(rc, SQLITE_OK);
}

static void test_result_round_trip(void **state) {
  test_env_t *t = *state;
  int64_t run = mk_run(t, NULL, 0);
  enum { N = 1000 };
  uint64_t iters[N];
  double ns[N], clk[N], faults[N];
  for (size_t i = 0; i < N; i++) {
    iters[i] = (uint64_t)(i + 1) * 1000003u;
    ns[i] = (double)iters[i] * 1.2345678901234567 + 0.1 * (double)i;
    clk[i] = ns[i] * 0.99;
    faults[i] = i % 7 ? (double)(i % 5) : NAN;
  }
  bbd_store_counter_series_t ctr[] = {{"task-clock", clk},
                                      {"page-faults", faults}};
  bbd_store_result_new_t in = {
      .bench_id = "memcpy/copy/4096",
      .variant = "b",
      .status = BBD_STORE_RESULT_OK,
      .mean = 1.5,
      .median = 1.25,
      .slope = 1.2345678901234567,
      .stddev = NAN,
      .ci_low = 1.2,
      .ci_high = 1.3,
      .unit = "ns/iter",
      .estimates_json = "{\"slope\":{\"point\":1.23}}",
      .counters_json = "{\"cycles\":{\"status\":\"unsupported\"}}",
      .alloc_json = "{\"allocs\":3}",
      .warnings_json = "[\"outliers: 3 mild\"]",
      .verdict_json = "{\"verdict\":\"regressed\"}",
      .regression = 1,
      .iters = iters,
      .ns = ns,
      .n_samples = N,
      .counters = ctr,
      .n_counters = 2,
  };
  int64_t rid = 0;
  assert_int_equal(
      bbd_store_result_insert(t->st, run, &in, &rid, t->err, sizeof t->err), 0);
  bbd_store_result_t *r = NULL;
  assert_int_equal(bbd_store_result_get(t->st, rid, &r, t->err, sizeof t->err),
                   0);
  assert_int_equal(r->run_id, run);
  assert_string_equal(r->bench_id, in.bench_id);
  assert_string_equal(r->variant, "b");
  assert_int_equal(r->status, BBD_STORE_RESULT_OK);
  assert_null(r->failure);
  assert_true(r->mean == 1.5 && r->median == 1.25);
  assert_true(r->slope == in.slope);
  assert_true(isnan(r->stddev));
  assert_true(r->ci_low == 1.2 && r->ci_high == 1.3);
  assert_string_equal(r->unit, "ns/iter");
  assert_string_equal(r->estimates_json, in.estimates_json);
  assert_string_equal(r->counters_json, in.counters_json);
  assert_string_equal(r->alloc_json, in.alloc_json);
  assert_string_equal(r->warnings_json, in.warnings_json);
  assert_string_equal(r->verdict_json, in.verdict_json);
  assert_int_equal(r->regression, 1);
  assert_int_equal(r->n_samples, N);
  assert_int_equal(r->created_ms, t->now);
  bbd_store_result_free(r);

  bbd_store_samples_t *s = NULL;
  assert_int_equal(bbd_store_samples_get(t->st, rid, &s, t->err, sizeof t->err),
                   0);
  assert_int_equal(s->n, N);
  assert_memory_equal(s->iters, iters, sizeof iters);
  assert_memory_equal(s->ns, ns, sizeof ns); /* bit for bit */
  assert_int_equal(s->n_counters, 2);
  assert_string_equal(s->counters[0].name, "page-faults"); /* by name */
  assert_string_equal(s->counters[1].name, "task-clock");
  assert_memory_equal(s->counters[1].values, clk, sizeof clk);
  for (size_t i = 0; i < N; i++)
    assert_true(isnan(faults[i]) ? isnan(s->counters[0].values[i])
                                 : s->counters[0].values[i] == faults[i]);
  bbd_store_samples_free(s);

  /* The blob is compact: 16 bytes per sample plus the header. */
  sqlite3_stmt *q;
  assert_int_equal(sqlite3_prepare_v2(t->st->db,
                                      "SELECT length(data) FROM samples", -1,
                                      &q, NULL),
                   SQLITE_OK);
  assert_int_equal(sqlite3_step(q), SQLITE_ROW);
  assert_int_equal(sqlite3_column_int64(q, 0), BBD_SAMPLES_HEADER + 16 * N);
  sqlite3_finalize(q);

  bbd_store_run_t *rr = NULL;
  assert_int_equal(bbd_store_run_get(t->st, run, &rr, t->err, sizeof t->err),
                   0);
  assert_int_equal(rr->result_count, 1);
  assert_int_equal(rr->regression_count, 1);
  assert_int_equal(rr->failed_count, 0);
  bbd_store_run_free(rr);
}

static void test_result_refusals(void **state) {
  test_env_t *t = *state;
  int64_t run = mk_run(t, NULL, 0);
  assert_true(mk_result(t, run, "p/g/a", 1.0, 5) > 0);
  /* Duplicate (run, bench, variant). */
  assert_int_equal(mk_result(t, run, "p/g/a", 1.0, 5), 0);
  assert_non_null(strstr(t->err, "already has a result"));
  /* Unknown run. */
  assert_int_equal(mk_result(t, run + 50, "p/g/a", 1.0, 5), 0);
  /* Failed result without samples or numbers. */
  bbd_store_result_new_t f = {.bench_id = "p/g/broken",
                              .status = BBD_STORE_RESULT_FAILED,
                              .failure = "setup: ENOMEM",
                              .mean = NAN,
                              .median = NAN,
                              .slope = NAN,
                              .stddev = NAN,
                              .ci_low = NAN,
                              .ci_high = NAN};
  int64_t fid = 0;
  assert_int_equal(
      bbd_store_result_insert(t->st, run, &f, &fid, t->err, sizeof t->err), 0);
  bbd_store_samples_t *s = NULL;
  assert_int_equal(bbd_store_samples_get(t->st, fid, &s, t->err, sizeof t->err),
                   0);
  assert_int_equal(s->n, 0);
  assert_int_equal(s->n_counters, 0);
  bbd_store_samples_free(s);
  bbd_store_result_t *r = NULL;
  assert_int_equal(bbd_store_result_get(t->st, fid, &r, t->err, sizeof t->err),
                   0);
  assert_int_equal(r->status, BBD_STORE_RESULT_FAILED);
  assert_string_equal(r->failure, "setup: ENOMEM");
  assert_true(isnan(r->mean));
  bbd_store_result_free(r);

  /* Invalid inputs: nothing is stored. */
  uint64_t it[2] = {1, 0};
  double ns[2] = {1, 2};
  bbd_store_result_new_t bad = {
      .bench_id = "p/g/z", .iters = it, .ns = ns, .n_samples = 2};
  assert_int_equal(
      bbd_store_result_insert(t->st, run, &bad, NULL, t->err, sizeof t->err),
      BBD_EINVAL);
  it[1] = 1;
  ns[1] = -1;
  assert_int_equal(
      bbd_store_result_insert(t->st, run, &bad, NULL, t->err, sizeof t->err),
      BBD_EINVAL);
  ns[1] = 2;
  bad.estimates_json = "{\"a\":1} trailing";
  assert_int_equal(
      bbd_store_result_insert(t->st, run, &bad, NULL, t->err, sizeof t->err),
      BBD_EINVAL);
  bad.estimates_json = NULL;
  bad.status = 7;
  assert_int_equal(
      bbd_store_result_insert(t->st, run, &bad, NULL, t->err, sizeof t->err),
      BBD_EINVAL);
  bad.status = 0;
  bad.mean = INFINITY;
  assert_int_equal(
      bbd_store_result_insert(t->st, run, &bad, NULL, t->err, sizeof t->err),
      BBD_EINVAL);
  bad.mean = 0;
  bad.bench_id = NULL;
  assert_int_equal(
      bbd_store_result_insert(t->st, run, &bad, NULL, t->err, sizeof t->err),
      BBD_EINVAL);

  bbd_store_result_list_t *l = NULL;
  assert_int_equal(bbd_store_result_list(t->st, run, &l, t->err, sizeof t->err),
                   0);
  assert_int_equal(l->count, 2);
  assert_string_equal(l->items[0].bench_id, "p/g/a");
  assert_string_equal(l->items[1].bench_id, "p/g/broken");
  bbd_store_result_list_free(l);
  assert_int_equal(
      bbd_store_result_list(t->st, run + 50, &l, t->err, sizeof t->err),
      BBD_ENOTFOUND);
  bbd_store_run_t *rr = NULL;
  assert_int_equal(bbd_store_run_get(t->st, run, &rr, t->err, sizeof t->err),
                   0);
  assert_int_equal(rr->result_count, 2);
  assert_int_equal(rr->failed_count, 1);
  bbd_store_run_free(rr);
}

static void test_verdicts(void **state) {
  test_env_t *t = *state;
  int64_t run = mk_run(t, NULL, 0);
  int64_t a = mk_result(t, run, "p/g/a", 1.0, 5);
  int64_t b = mk_result(t, run, "p/g/b", 1.0, 5);
  assert_int_equal(bbd_store_result_set_verdict(t->st, a, "{\"v\":\"slower\"}",
                                                1, t->err, sizeof t->err),
                   0);
  assert_int_equal(bbd_store_result_set_verdict(t->st, b, "{\"v\":\"slower\"}",
                                                1, t->err, sizeof t->err),
                   0);
  bbd_store_run_t *rr = NULL;
  assert_int_equal(bbd_store_run_get(t->st, run, &rr, t->err, sizeof t->err),
                   0);
  assert_int_equal(rr->regression_count, 2);
  bbd_store_run_free(rr);
  /* A suite-wide correction withdraws one. */
  assert_int_equal(
      bbd_store_result_set_verdict(t->st, b, NULL, 0, t->err, sizeof t->err),
      0);
  assert_int_equal(bbd_store_run_get(t->st, run, &rr, t->err, sizeof t->err),
                   0);
  assert_int_equal(rr->regression_count, 1);
  bbd_store_run_free(rr);
  bbd_store_result_t *r = NULL;
  assert_int_equal(bbd_store_result_get(t->st, b, &r, t->err, sizeof t->err),
                   0);
  assert_null(r->verdict_json);
  assert_int_equal(r->regression, 0);
  bbd_store_result_free(r);
  assert_int_equal(
      bbd_store_result_set_verdict(t->st, 9999, NULL, 0, t->err, sizeof t->err),
      BBD_ENOTFOUND);
  assert_int_equal(
      bbd_store_result_set_verdict(t->st, a, "nope", 0, t->err, sizeof t->err),
      BBD_EINVAL);
}

/* Overwrites the sample blob of `rid` with bytes and expects BBD_EDB. */
static void expect_corrupt(test_env_t *t, int64_t rid, const char *table,
                           const uint8_t *bytes, size_t len) {
  char sql[128];
  snprintf(sql, sizeof sql, "UPDATE %s SET data = ?1 WHERE result_id = ?2",
           table);
  sqlite3_stmt *s;
  assert_int_equal(sqlite3_prepare_v2(t->st->db, sql, -1, &s, NULL), SQLITE_OK);
  sqlite3_bind_blob(s, 1, bytes, (int)len, SQLITE_TRANSIENT);
  sqlite3_bind_int64(s, 2, rid);
  assert_int_equal(sqlite3_step(s), SQLITE_DONE);
  sqlite3_finalize(s);
  bbd_store_samples_t *out = NULL;
  t->err[0] = '\0';
  assert_int_equal(
      bbd_store_samples_get(t->st, rid, &out, t->err, sizeof t->err), BBD_EDB);
  assert_null(out);
  assert_non_null(strstr(t->err, "corrupt"));
}

static void test_corrupt_blobs(void **state) {
  test_env_t *t = *state;
  int64_t run = mk_run(t, NULL, 0);
  uint64_t it[4] = {1, 2, 3, 4};
  double ns[4] = {10, 20, 30, 40};
  double c[4] = {1, 2, 3, 4};
  bbd_store_counter_series_t ctr[] = {{"task-clock", c}};
  bbd_store_result_new_t in = {.bench_id = "p/g/a",
                               .iters = it,
                               .ns = ns,
                               .n_samples = 4,
                               .counters = ctr,
                               .n_counters = 1};
  int64_t rid = 0;
  assert_int_equal(
      bbd_store_result_insert(t->st, run, &in, &rid, t->err, sizeof t->err), 0);
  uint8_t good[BBD_SAMPLES_HEADER + 64];
  assert_int_equal(
      bbd_samples_pairs_encode(it, ns, 4, good, sizeof good, NULL, 0), 0);
  uint8_t b[sizeof good];

  expect_corrupt(t, rid, "samples", good, 7); /* truncated header */
  expect_corrupt(t, rid, "samples", good, sizeof good - 1); /* truncated */
  memcpy(b, good, sizeof b);
  b[0] = 'X'; /* magic */
  expect_corrupt(t, rid, "samples", b, sizeof b);
  memcpy(b, good, sizeof b);
  b[8] = 5; /* count disagrees with the length */
  expect_corrupt(t, rid, "samples", b, sizeof b);
  memcpy(b, good, sizeof b);
  b[11] = 0xff; /* huge count */
  expect_corrupt(t, rid, "samples", b, sizeof b);
  memcpy(b, good, sizeof b);
  b[5] = 1; /* flags */
  expect_corrupt(t, rid, "samples", b, sizeof b);
  memcpy(b, good, sizeof b);
  memset(b + BBD_SAMPLES_HEADER, 0, 8); /* iters = 0 */
  expect_corrupt(t, rid, "samples", b, sizeof b);
  memcpy(b, good, sizeof b);
  memset(b + BBD_SAMPLES_HEADER + 8, 0xff, 8); /* ns = NaN */
  expect_corrupt(t, rid, "samples", b, sizeof b);
  /* A valid blob with fewer samples than the result row declares. */
  assert_int_equal(bbd_samples_pairs_encode(it, ns, 3, b, sizeof b, NULL, 0),
                   0);
  expect_corrupt(t, rid, "samples", b, BBD_SAMPLES_HEADER + 48);
  /* A counter series blob in the samples table (wrong kind). */
  uint8_t cb[BBD_SAMPLES_HEADER + 32];
  assert_int_equal(bbd_samples_series_encode(c, 4, cb, sizeof cb, NULL, 0), 0);
  expect_corrupt(t, rid, "samples", cb, sizeof cb);
  expect_corrupt(t, rid, "samples", (const uint8_t *)"", 0);

  /* Restore the samples; now damage the counter series. */
  expect_corrupt(t, rid, "sample_counters", good, sizeof good); /* kind */
  assert_int_equal(bbd_samples_series_encode(c, 3, cb, sizeof cb, NULL, 0), 0);
  /* (samples are still corrupt, so fix them first) */
  char sql[160];
  snprintf(sql, sizeof sql, "DELETE FROM samples WHERE result_id = %lld",
           (long long)rid);
  exec_ok(t, sql);
  sqlite3_stmt *s;
  assert_int_equal(sqlite3_prepare_v2(t->st->db,
                                      "INSERT INTO samples (result_id, data)"
                                      " VALUES (?1, ?2)",
                                      -1, &s, NULL),
                   SQLITE_OK);
  sqlite3_bind_int64(s, 1, rid);
  sqlite3_bind_blob(s, 2, good, sizeof good, SQLITE_STATIC);
  assert_int_equal(sqlite3_step(s), SQLITE_DONE);
  sqlite3_finalize(s);
  expect_corrupt(t, rid, "sample_counters", cb, BBD_SAMPLES_HEADER + 24);
  assert_int_equal(bbd_samples_series_encode(c, 4, cb, sizeof cb, NULL, 0), 0);
  /* Repaired: decodes again. */
  assert_int_equal(sqlite3_prepare_v2(t->st->db,
                                      "UPDATE sample_counters SET data = ?1",
                                      -1, &s, NULL),
                   SQLITE_OK);
  sqlite3_bind_blob(s, 1, cb, sizeof cb, SQLITE_STATIC);
  assert_int_equal(sqlite3_step(s), SQLITE_DONE);
  sqlite3_finalize(s);
  bbd_store_samples_t *out = NULL;
  assert_int_equal(
      bbd_store_samples_get(t->st, rid, &out, t->err, sizeof t->err), 0);
  assert_int_equal(out->n, 4);
  assert_true(out->counters[0].values[3] == 4);
  bbd_store_samples_free(out);
  /* A damaged n_samples column is caught too. */
  exec_ok(t, "UPDATE results SET n_samples = -3");
  assert_int_equal(
      bbd_store_samples_get(t->st, rid, &out, t->err, sizeof t->err), BBD_EDB);
  assert_int_equal(
      bbd_store_samples_get(t->st, 4242, &out, t->err, sizeof t->err),
      BBD_ENOTFOUND);
}

static void test_result_metachars(void **state) {
  test_env_t *t = *state;
  static const char *const names[] = {
      "p/g/x'); DROP TABLE results; --",
      "p/g/\" OR \"1\"=\"1",
      "p/g/%_[*?]",
      "p/g/caf\xc3\xa9\n\t",
  };
  int64_t run = mk_run(t, NULL, 0);
  for (size_t i = 0; i < 4; i++) {
    double vals[2] = {1, 2};
    uint64_t it[2] = {1, 2};
    bbd_store_counter_series_t ctr[] = {{names[i], vals}};
    bbd_store_result_new_t in = {
        .bench_id = names[i],
        .variant = names[i],
        .status = BBD_STORE_RESULT_FAILED,
        .failure = names[i],
        .unit = "ns/'iter",
        .warnings_json = "[\"'); DROP TABLE runs; --\"]",
        .iters = it,
        .ns = vals,
        .n_samples = 2,
        .counters = ctr,
        .n_counters = 1,
    };
    int64_t rid = 0;
    assert_int_equal(
        bbd_store_result_insert(t->st, run, &in, &rid, t->err, sizeof t->err),
        0);
    bbd_store_result_t *r = NULL;
    assert_int_equal(
        bbd_store_result_get(t->st, rid, &r, t->err, sizeof t->err), 0);
    assert_string_equal(r->bench_id, names[i]);
    assert_string_equal(r->variant, names[i]);
    assert_string_equal(r->failure, names[i]);
    assert_string_equal(r->unit, "ns/'iter");
    assert_string_equal(r->warnings_json, in.warnings_json);
    bbd_store_result_free(r);
    bbd_store_samples_t *s = NULL;
    assert_int_equal(
        bbd_store_samples_get(t->st, rid, &s, t->err, sizeof t->err), 0);
    assert_string_equal(s->counters[0].name, names[i]);
    bbd_store_samples_free(s);
    /* The literal name as a benchmark filter: SQL metacharacters are inert;
     * the third name holds GLOB syntax, so as a pattern it matches a name
     * ending in one '*' or '?', not itself. */
    bbd_store_run_filter_t f = {.bench_glob = names[i]};
    bbd_store_run_list_t *l = NULL;
    assert_int_equal(bbd_store_run_list(t->st, &f, &l, t->err, sizeof t->err),
                     0);
    assert_int_equal(l->total, i == 2 ? 0 : 1);
    bbd_store_run_list_free(l);
    bbd_store_history_query_t q = {.bench_id = names[i], .variant = names[i]};
    bbd_store_history_t *h = NULL;
    assert_int_equal(bbd_store_history(t->st, &q, &h, t->err, sizeof t->err),
                     0);
    assert_int_equal(h->count, 1);
    assert_string_equal(h->items[0].bench_id, names[i]);
    bbd_store_history_free(h);

    /* The same string as a tag of a second run, used as a history filter. */
    bbd_store_tag_t tag[] = {{names[i], names[i]}};
    int64_t tagged = mk_run(t, tag, 1);
    in.n_counters = 0;
    assert_int_equal(bbd_store_result_insert(t->st, tagged, &in, NULL, t->err,
                                             sizeof t->err),
                     0);
    q.tags = tag;
    q.n_tags = 1;
    assert_int_equal(bbd_store_history(t->st, &q, &h, t->err, sizeof t->err),
                     0);
    assert_int_equal(h->count, 1);
    assert_int_equal(h->items[0].run_id, tagged);
    assert_string_equal(h->items[0].tags[0].key, names[i]);
    assert_string_equal(h->items[0].tags[0].value, names[i]);
    bbd_store_history_free(h);
  }
  assert_int_equal(bbd_store_integrity_check(t->st, 0, t->err, sizeof t->err),
                   0);
}

int main(void) {
#define T(f) cmocka_unit_test_setup_teardown(f, store_setup, store_teardown)
  const struct CMUnitTest tests[] = {
      T(test_result_round_trip), T(test_result_refusals),  T(test_verdicts),
      T(test_corrupt_blobs),     T(test_result_metachars),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
