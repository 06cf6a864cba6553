/*
 * Machines and environments, baselines (a move keeps history), history
 * queries and the latest result per benchmark, retention (never a baseline
 * or an active run) and the plugin descriptor cache.
 */
#include "store_test_util.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "err.h"
#include "store_internal.h"

static void test_env_upsert(void **state) {
  test_env_t *t = *state;
  int64_t m1 = 0, e1 = 0, m2 = 0, e2 = 0, m3 = 0, e3 = 0;
  const char *fp = "{\"kernel\": \"6.1\", \"governor\": \"performance\"}";
  assert_int_equal(bbd_store_env_upsert(t->st, "host'; --", fp, &m1, &e1,
                                        t->err, sizeof t->err),
                   0);
  t->now += 1000;
  /* Same fingerprint modulo whitespace: same environment, later last_seen. */
  assert_int_equal(
      bbd_store_env_upsert(t->st, "host'; --",
                           "{\"kernel\":\"6.1\",\"governor\":\"performance\"}",
                           &m2, &e2, t->err, sizeof t->err),
      0);
  assert_int_equal(m1, m2);
  assert_int_equal(e1, e2);
  assert_int_equal(bbd_store_env_upsert(t->st, "host'; --",
                                        "{\"kernel\":\"6.2\"}", &m3, &e3,
                                        t->err, sizeof t->err),
                   0);
  assert_int_equal(m3, m1);
  assert_true(e3 != e1);
  bbd_store_env_t *e = NULL;
  assert_int_equal(bbd_store_env_get(t->st, e1, &e, t->err, sizeof t->err), 0);
  assert_string_equal(e->machine_name, "host'; --");
  assert_string_equal(e->fingerprint_json, fp);
  assert_int_equal(strlen(e->hash), 16);
  assert_int_equal(e->first_seen_ms, 1700000000000);
  assert_int_equal(e->last_seen_ms, 1700000001000);
  bbd_store_env_free(e);
  assert_int_equal(bbd_store_env_get(t->st, 999, &e, t->err, sizeof t->err),
                   BBD_ENOTFOUND);
  assert_int_equal(bbd_store_env_upsert(t->st, "h", "not json", NULL, NULL,
                                        t->err, sizeof t->err),
                   BBD_EINVAL);
  assert_int_equal(
      bbd_store_env_upsert(t->st, "", "{}", NULL, NULL, t->err, sizeof t->err),
      BBD_EINVAL);
}

static void test_baselines(void **state) {
  test_env_t *t = *state;
  const char *name = "main'); DELETE FROM baselines; --";
  int64_t r1 = mk_run(t, NULL, 0), r2 = mk_run(t, NULL, 0);
  assert_int_equal(bbd_store_baseline_set(t->st, name, r1, "first \"note\"",
                                          t->err, sizeof t->err),
                   0);
  t->now += 1000;
  assert_int_equal(
      bbd_store_baseline_set(t->st, "other", r1, NULL, t->err, sizeof t->err),
      0);
  t->now += 1000;
  assert_int_equal(
      bbd_store_baseline_set(t->st, name, r2, NULL, t->err, sizeof t->err), 0);
  bbd_store_baseline_t *b = NULL;
  assert_int_equal(
      bbd_store_baseline_get(t->st, name, &b, t->err, sizeof t->err), 0);
  assert_string_equal(b->name, name);
  assert_int_equal(b->run_id, r2);
  assert_int_equal(b->set_ms, 1700000002000);
  assert_null(b->note);
  bbd_store_baseline_free(b);
  assert_int_equal(
      bbd_store_baseline_set(t->st, "x", 4242, NULL, t->err, sizeof t->err),
      BBD_ENOTFOUND);
  assert_int_equal(
      bbd_store_baseline_get(t->st, "x", &b, t->err, sizeof t->err),
      BBD_ENOTFOUND);

  bbd_store_baseline_list_t *l = NULL;
  assert_int_equal(bbd_store_baseline_list(t->st, &l, t->err, sizeof t->err),
                   0);
  assert_int_equal(l->count, 2);
  assert_string_equal(l->items[0].name, name); /* "m" < "o" */
  assert_string_equal(l->items[1].name, "other");
  bbd_store_baseline_list_free(l);

  t->now += 1000;
  assert_int_equal(
      bbd_store_baseline_delete(t->st, name, t->err, sizeof t->err), 0);
  assert_int_equal(
      bbd_store_baseline_delete(t->st, name, t->err, sizeof t->err),
      BBD_ENOTFOUND);
  /* The moved run r1 can now be deleted only when "other" lets go. */
  assert_int_equal(bbd_store_run_set_state(t->st, r1, BBD_STORE_RUN_CANCELLED,
                                           NULL, t->err, sizeof t->err),
                   0);
  assert_int_equal(bbd_store_run_delete(t->st, r1, t->err, sizeof t->err),
                   BBD_ECONFLICT);
  assert_int_equal(
      bbd_store_baseline_delete(t->st, "other", t->err, sizeof t->err), 0);
  assert_int_equal(bbd_store_run_delete(t->st, r1, t->err, sizeof t->err), 0);

  /* History: set r1, set r2 (move), delete — kept after r1 is gone. */
  bbd_store_baseline_history_t *h = NULL;
  assert_int_equal(
      bbd_store_baseline_history(t->st, name, &h, t->err, sizeof t->err), 0);
  assert_int_equal(h->count, 3);
  assert_int_equal(h->items[0].run_id, r1);
  assert_string_equal(h->items[0].action, "set");
  assert_string_equal(h->items[0].note, "first \"note\"");
  assert_int_equal(h->items[0].at_ms, 1700000000000);
  assert_int_equal(h->items[1].run_id, r2);
  assert_string_equal(h->items[1].action, "set");
  assert_int_equal(h->items[2].run_id, 0);
  assert_string_equal(h->items[2].action, "delete");
  assert_int_equal(h->items[2].at_ms, 1700000003000);
  bbd_store_baseline_history_free(h);
  assert_int_equal(
      bbd_store_baseline_history(t->st, "never", &h, t->err, sizeof t->err), 0);
  assert_int_equal(h->count, 0);
  bbd_store_baseline_history_free(h);
}

static void test_history(void **state) {
  test_env_t *t = *state;
  int64_t t0 = t->now;
  int64_t mid = 0;
  assert_int_equal(bbd_store_env_upsert(t->st, "m1", "{}", &mid, NULL, t->err,
                                        sizeof t->err),
                   0);
  int64_t runs[10];
  for (int i = 0; i < 10; i++) {
    char sha[16];
    snprintf(sha, sizeof sha, "sha%d", i);
    bbd_store_tag_t tags[] = {{"branch", i % 2 ? "dev" : "main"},
                              {"git_sha", sha}};
    bbd_store_run_new_t req = {
        .tags = tags, .n_tags = 2, .machine_id = i < 5 ? mid : 0};
    assert_int_equal(
        bbd_store_run_create(t->st, &req, &runs[i], t->err, sizeof t->err), 0);
    if (i == 7) {
      bbd_store_result_new_t f = {.bench_id = "p/g/h",
                                  .status = BBD_STORE_RESULT_FAILED,
                                  .failure = "crash",
                                  .mean = NAN,
                                  .median = NAN,
                                  .slope = NAN,
                                  .stddev = NAN,
                                  .ci_low = NAN,
                                  .ci_high = NAN};
      assert_int_equal(bbd_store_result_insert(t->st, runs[i], &f, NULL, t->err,
                                               sizeof t->err),
                       0);
    } else {
      assert_true(mk_result(t, runs[i], "p/g/h", 100.0 + i, 3) > 0);
    }
    assert_true(mk_result(t, runs[i], "p/g/other", 1.0, 3) > 0);
    t->now += 3600000;
  }
  bbd_store_history_query_t q = {.bench_id = "p/g/h"};
  bbd_store_history_t *h = NULL;
  assert_int_equal(bbd_store_history(t->st, &q, &h, t->err, sizeof t->err), 0);
  assert_int_equal(h->count, 10);
  for (size_t i = 0; i < 10; i++) {
    assert_int_equal(h->items[i].run_id, runs[i]); /* oldest first */
    assert_int_equal(h->items[i].time_ms, t0 + (int64_t)i * 3600000);
    assert_string_equal(h->items[i].bench_id, "p/g/h");
    assert_int_equal(h->items[i].n_tags, 2);
    assert_string_equal(h->items[i].tags[0].key, "branch");
    if (i == 7) {
      assert_int_equal(h->items[i].status, BBD_STORE_RESULT_FAILED);
      assert_true(isnan(h->items[i].mean));
    } else {
      assert_true(h->items[i].mean == 100.0 + (double)i);
      assert_true(h->items[i].ci_high > h->items[i].ci_low);
    }
  }
  bbd_store_history_free(h);

  /* The most recent 3 ok points, still oldest first. */
  q.limit = 3;
  q.ok_only = 1;
  assert_int_equal(bbd_store_history(t->st, &q, &h, t->err, sizeof t->err), 0);
  assert_int_equal(h->count, 3);
  assert_int_equal(h->items[0].run_id, runs[6]);
  assert_int_equal(h->items[1].run_id, runs[8]);
  assert_int_equal(h->items[2].run_id, runs[9]);
  bbd_store_history_free(h);

  bbd_store_tag_t dev[] = {{"branch", "dev"}};
  q = (bbd_store_history_query_t){.bench_id = "p/g/h",
                                  .tags = dev,
                                  .n_tags = 1,
                                  .since_ms = t0 + 3 * 3600000};
  assert_int_equal(bbd_store_history(t->st, &q, &h, t->err, sizeof t->err), 0);
  assert_int_equal(h->count, 4); /* 3, 5, 7, 9 */
  assert_int_equal(h->items[0].run_id, runs[3]);
  assert_int_equal(h->items[3].run_id, runs[9]);
  bbd_store_history_free(h);

  q = (bbd_store_history_query_t){.bench_id = "p/g/h", .machine_id = mid};
  assert_int_equal(bbd_store_history(t->st, &q, &h, t->err, sizeof t->err), 0);
  assert_int_equal(h->count, 5);
  bbd_store_history_free(h);

  q = (bbd_store_history_query_t){.bench_id = "p/g/none"};
  assert_int_equal(bbd_store_history(t->st, &q, &h, t->err, sizeof t->err), 0);
  assert_int_equal(h->count, 0);
  bbd_store_history_free(h);
  q = (bbd_store_history_query_t){.bench_id = NULL};
  assert_int_equal(bbd_store_history(t->st, &q, &h, t->err, sizeof t->err),
                   BBD_EINVAL);
  q = (bbd_store_history_query_t){.bench_id = "p/g/h", .limit = 200000};
  assert_int_equal(bbd_store_history(t->st, &q, &h, t->err, sizeof t->err),
                   BBD_EINVAL);

  /* Latest result per benchmark. */
  assert_int_equal(bbd_store_latest_results(t->st, &h, t->err, sizeof t->err),
                   0);
  assert_int_equal(h->count, 2);
  assert_string_equal(h->items[0].bench_id, "p/g/h");
  assert_int_equal(h->items[0].run_id, runs[9]);
  assert_true(h->items[0].mean == 109.0);
  assert_string_equal(h->items[1].bench_id, "p/g/other");
  assert_int_equal(h->items[1].run_id, runs[9]);
  bbd_store_history_free(h);

  /* Deleting the newest run moves "latest" back to the previous result
   * (through the cascade and the delete trigger). */
  assert_int_equal(bbd_store_run_delete(t->st, runs[9], t->err, sizeof t->err),
                   0);
  assert_int_equal(bbd_store_latest_results(t->st, &h, t->err, sizeof t->err),
                   0);
  assert_int_equal(h->count, 2);
  assert_int_equal(h->items[0].run_id, runs[8]);
  assert_true(h->items[0].mean == 108.0);
  assert_int_equal(h->items[1].run_id, runs[8]);
  bbd_store_history_free(h);
  /* A result stored with an older timestamp does not become "latest". */
  int64_t later = t->now;
  t->now -= 100 * 3600000;
  int64_t old_run = mk_run(t, NULL, 0);
  assert_true(mk_result(t, old_run, "p/g/h", 1.0, 3) > 0);
  assert_true(mk_result(t, old_run, "p/g/new", 1.0, 3) > 0);
  t->now = later;
  assert_int_equal(bbd_store_latest_results(t->st, &h, t->err, sizeof t->err),
                   0);
  assert_int_equal(h->count, 3);
  assert_int_equal(h->items[0].run_id, runs[8]);
  assert_string_equal(h->items[1].bench_id, "p/g/new");
  bbd_store_history_free(h);
  /* Deleting every run empties it. */
  bbd_store_run_list_t *l = NULL;
  bbd_store_run_filter_t f = {.limit = 1000};
  assert_int_equal(bbd_store_run_list(t->st, &f, &l, t->err, sizeof t->err), 0);
  for (size_t i = 0; i < l->count; i++)
    assert_int_equal(
        bbd_store_run_delete(t->st, l->items[i].id, t->err, sizeof t->err), 0);
  bbd_store_run_list_free(l);
  assert_int_equal(bbd_store_latest_results(t->st, &h, t->err, sizeof t->err),
                   0);
  assert_int_equal(h->count, 0);
  bbd_store_history_free(h);
}

static void finish(test_env_t *t, int64_t id) {
  assert_int_equal(bbd_store_run_set_state(t->st, id, BBD_STORE_RUN_RUNNING,
                                           NULL, t->err, sizeof t->err),
                   0);
  assert_int_equal(bbd_store_run_set_state(t->st, id, BBD_STORE_RUN_DONE, NULL,
                                           t->err, sizeof t->err),
                   0);
}

static void test_retention(void **state) {
  test_env_t *t = *state;
  /* Ten runs, one per day; run 0 is a baseline, run 1 is still running,
   * the rest are done. */
  int64_t ids[10];
  for (int i = 0; i < 10; i++) {
    ids[i] = mk_run(t, NULL, 0);
    assert_true(mk_result(t, ids[i], "p/g/r", 1.0, 8) > 0);
    if (i != 1)
      finish(t, ids[i]);
    t->now += 86400000;
  }
  assert_int_equal(bbd_store_run_set_state(t->st, ids[1], BBD_STORE_RUN_RUNNING,
                                           NULL, t->err, sizeof t->err),
                   0);
  assert_int_equal(bbd_store_baseline_set(t->st, "main", ids[0], NULL, t->err,
                                          sizeof t->err),
                   0);
  /* now = day 10: older than 5 days = days 0..4, minus the baseline and the
   * running run = days 2, 3, 4. */
  bbd_store_retention_t r = {.max_age_days = 5};
  int64_t n = -1;
  assert_int_equal(
      bbd_store_retention_apply(t->st, &r, &n, t->err, sizeof t->err), 0);
  assert_int_equal(n, 3);
  bbd_store_run_t *run = NULL;
  for (int i = 0; i < 10; i++) {
    int rc = bbd_store_run_get(t->st, ids[i], &run, t->err, sizeof t->err);
    assert_int_equal(rc, i >= 2 && i <= 4 ? BBD_ENOTFOUND : 0);
    bbd_store_run_free(run);
  }
  /* Keep the newest 3 runs: removes days 5, 6 (7, 8, 9 stay; 0 and 1
   * are protected). */
  r = (bbd_store_retention_t){.max_runs = 3};
  assert_int_equal(
      bbd_store_retention_apply(t->st, &r, &n, t->err, sizeof t->err), 0);
  assert_int_equal(n, 2);
  int64_t counts[BBD_STORE_RUN_NSTATES];
  assert_int_equal(bbd_store_run_counts(t->st, counts, t->err, sizeof t->err),
                   0);
  assert_int_equal(counts[BBD_STORE_RUN_DONE], 4);    /* 0, 7, 8, 9 */
  assert_int_equal(counts[BBD_STORE_RUN_RUNNING], 1); /* 1 */
  assert_int_equal(run_counts_consistent(t), 0);
  r = (bbd_store_retention_t){0};
  assert_int_equal(
      bbd_store_retention_apply(t->st, &r, &n, t->err, sizeof t->err), 0);
  assert_int_equal(n, 0);
  r.max_runs = -1;
  assert_int_equal(
      bbd_store_retention_apply(t->st, &r, &n, t->err, sizeof t->err),
      BBD_EINVAL);
  assert_int_equal(bbd_store_vacuum(t->st, t->err, sizeof t->err), 0);
  assert_int_equal(bbd_store_integrity_check(t->st, 0, t->err, sizeof t->err),
                   0);
}

static void test_plugin_cache(void **state) {
  test_env_t *t = *state;
  const char *path = "/opt/p l'ugin\"; DROP TABLE plugin_cache; --.so";
  bbd_store_plugin_entry_t e = {.path = (char *)path,
                                .mtime_ns = 1234567890123456789,
                                .size = 4096,
                                .hash = "sha256:ab'cd",
                                .descriptor_json = "{\"benchmarks\":[]}"};
  assert_int_equal(bbd_store_plugin_cache_put(t->st, &e, t->err, sizeof t->err),
                   0);
  bbd_store_plugin_entry_t *g = NULL;
  assert_int_equal(
      bbd_store_plugin_cache_get(t->st, path, &g, t->err, sizeof t->err), 0);
  assert_string_equal(g->path, path);
  assert_int_equal(g->mtime_ns, 1234567890123456789);
  assert_int_equal(g->size, 4096);
  assert_string_equal(g->hash, "sha256:ab'cd");
  assert_string_equal(g->descriptor_json, e.descriptor_json);
  assert_null(g->error);
  assert_int_equal(g->updated_ms, t->now);
  bbd_store_plugin_entry_free(g);
  /* Replace with a broken-plugin entry. */
  e.descriptor_json = NULL;
  e.error = "ABI 2.0, host 1.3: '; --";
  e.size = 10;
  assert_int_equal(bbd_store_plugin_cache_put(t->st, &e, t->err, sizeof t->err),
                   0);
  bbd_store_plugin_entry_t e2 = {.path = "/a.so", .hash = "h"};
  assert_int_equal(
      bbd_store_plugin_cache_put(t->st, &e2, t->err, sizeof t->err), 0);
  bbd_store_plugin_list_t *l = NULL;
  assert_int_equal(
      bbd_store_plugin_cache_list(t->st, &l, t->err, sizeof t->err), 0);
  assert_int_equal(l->count, 2);
  assert_string_equal(l->items[0].path, "/a.so");
  assert_string_equal(l->items[1].path, path);
  assert_null(l->items[1].descriptor_json);
  assert_string_equal(l->items[1].error, e.error);
  assert_int_equal(l->items[1].size, 10);
  bbd_store_plugin_list_free(l);
  assert_int_equal(
      bbd_store_plugin_cache_delete(t->st, path, t->err, sizeof t->err), 0);
  assert_int_equal(
      bbd_store_plugin_cache_delete(t->st, path, t->err, sizeof t->err),
      BBD_ENOTFOUND);
  assert_int_equal(
      bbd_store_plugin_cache_get(t->st, path, &g, t->err, sizeof t->err),
      BBD_ENOTFOUND);
  e2.descriptor_json = "{";
  assert_int_equal(
      bbd_store_plugin_cache_put(t->st, &e2, t->err, sizeof t->err),
      BBD_EINVAL);
  e2.descriptor_json = NULL;
  e2.hash = NULL;
  assert_int_equal(
      bbd_store_plugin_cache_put(t->st, &e2, t->err, sizeof t->err),
      BBD_EINVAL);
}

static void test_long_strings_bounded(void **state) {
  test_env_t *t = *state;
  size_t n = BBD_STORE_MAX_NAME + 1;
  char *s = malloc(n + 1);
  assert_non_null(s);
  memset(s, 'a', n);
  s[n] = '\0';
  int64_t run = mk_run(t, NULL, 0);
  assert_int_equal(
      bbd_store_baseline_set(t->st, s, run, NULL, t->err, sizeof t->err),
      BBD_EINVAL);
  bbd_store_tag_t tags[] = {{s, "v"}};
  bbd_store_run_new_t req = {.tags = tags, .n_tags = 1};
  assert_int_equal(
      bbd_store_run_create(t->st, &req, NULL, t->err, sizeof t->err),
      BBD_EINVAL);
  s[n - 1] = '\0'; /* exactly the limit is fine */
  assert_int_equal(
      bbd_store_baseline_set(t->st, s, run, NULL, t->err, sizeof t->err), 0);
  free(s);
}

int main(void) {
#define T(f) cmocka_unit_test_setup_teardown(f, store_setup, store_teardown)
  const struct CMUnitTest tests[] = {
      T(test_env_upsert), T(test_baselines),    T(test_history),
      T(test_retention),  T(test_plugin_cache), T(test_long_strings_bounded),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
