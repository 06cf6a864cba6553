/*
 * Runs: creation with tags, the state machine, paging (offset and keyset),
 * every filter, deletion with cascades, the startup sweep that marks
 * interrupted runs, counts by state, and SQL metacharacters in every string
 * stored and returned verbatim.
 */
#include "store_test_util.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "err.h"
#include "store_internal.h"

/* Strings that would break a query built by concatenation. */
static const char *const nasty[] = {
    "x'); DROP TABLE runs; --",
    "\" OR 1=1 --",
    "%_\\%' ESCAPE '\\",
    "a\tb\nc\r\x01\x7f",
    "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
    "; DELETE FROM results WHERE 1; SELECT '",
    "?1 ?2 :name @x $y",
};
#define N_NASTY (sizeof nasty / sizeof nasty[0])

static int64_t count_rows(test_env_t *t, const char *sql) {
  sqlite3_stmt *s;
  int64_t n = -1;
  if (sqlite3_prepare_v2(t->st->db, sql, -1, &s, NULL) == SQLITE_OK &&
      sqlite3_step(s) == SQLITE_ROW)
    n = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  return n;
}

static void test_create_get(void **state) {
  test_env_t *t = *state;
  bbd_store_tag_t tags[] = {{"git_sha", "abc123"}, {"branch", "main"}};
  bbd_store_run_new_t req = {.config_json = "{\"a\": [1, 2, {\"b\": null}]}",
                             .tags = tags,
                             .n_tags = 2,
                             .benchmark_count = 7};
  int64_t id = 0;
  assert_int_equal(
      bbd_store_run_create(t->st, &req, &id, t->err, sizeof t->err), 0);
  assert_true(id > 0);
  bbd_store_run_t *r = NULL;
  assert_int_equal(bbd_store_run_get(t->st, id, &r, t->err, sizeof t->err), 0);
  assert_int_equal(r->id, id);
  assert_int_equal(r->state, BBD_STORE_RUN_QUEUED);
  assert_int_equal(r->created_ms, t->now);
  assert_int_equal(r->started_ms, 0);
  assert_int_equal(r->finished_ms, 0);
  assert_string_equal(r->config_json, req.config_json);
  assert_int_equal(r->benchmark_count, 7);
  assert_int_equal(r->result_count, 0);
  assert_null(r->error);
  assert_int_equal(r->n_tags, 2);
  assert_string_equal(r->tags[0].key, "branch"); /* sorted by key */
  assert_string_equal(r->tags[0].value, "main");
  assert_string_equal(r->tags[1].key, "git_sha");
  bbd_store_run_free(r);

  assert_int_equal(
      bbd_store_run_get(t->st, id + 100, &r, t->err, sizeof t->err),
      BBD_ENOTFOUND);
  assert_null(r);
  assert_int_equal(
      bbd_store_run_set_benchmark_count(t->st, id, 9, t->err, sizeof t->err),
      0);
  assert_int_equal(bbd_store_run_set_benchmark_count(t->st, id + 100, 9, t->err,
                                                     sizeof t->err),
                   BBD_ENOTFOUND);

  /* Invalid input is refused before touching the database. */
  bbd_store_run_new_t bad = {.config_json = "{not json"};
  assert_int_equal(
      bbd_store_run_create(t->st, &bad, &id, t->err, sizeof t->err),
      BBD_EINVAL);
  bbd_store_tag_t dup[] = {{"k", "1"}, {"k", "2"}};
  bad = (bbd_store_run_new_t){.tags = dup, .n_tags = 2};
  assert_int_equal(
      bbd_store_run_create(t->st, &bad, &id, t->err, sizeof t->err),
      BBD_EINVAL);
  bbd_store_tag_t empty_key[] = {{"", "1"}};
  bad = (bbd_store_run_new_t){.tags = empty_key, .n_tags = 1};
  assert_int_equal(
      bbd_store_run_create(t->st, &bad, &id, t->err, sizeof t->err),
      BBD_EINVAL);
  bad = (bbd_store_run_new_t){.machine_id = 4242};
  assert_int_equal(
      bbd_store_run_create(t->st, &bad, &id, t->err, sizeof t->err),
      BBD_ENOTFOUND);
  /* Nothing half-created. */
  assert_int_equal(count_rows(t, "SELECT count(*) FROM runs"), 1);
}

static void test_state_machine(void **state) {
  test_env_t *t = *state;
  int64_t id = mk_run(t, NULL, 0);
  t->now += 1000;
  assert_int_equal(bbd_store_run_set_state(t->st, id, BBD_STORE_RUN_DONE, NULL,
                                           t->err, sizeof t->err),
                   BBD_ESTATE);
  assert_int_equal(bbd_store_run_set_state(t->st, id, BBD_STORE_RUN_RUNNING,
                                           NULL, t->err, sizeof t->err),
                   0);
  /* Same state again: a no-op. */
  assert_int_equal(bbd_store_run_set_state(t->st, id, BBD_STORE_RUN_RUNNING,
                                           NULL, t->err, sizeof t->err),
                   0);
  t->now += 5000;
  assert_int_equal(bbd_store_run_set_state(t->st, id, BBD_STORE_RUN_FAILED,
                                           "worker crashed", t->err,
                                           sizeof t->err),
                   0);
  bbd_store_run_t *r = NULL;
  assert_int_equal(bbd_store_run_get(t->st, id, &r, t->err, sizeof t->err), 0);
  assert_int_equal(r->state, BBD_STORE_RUN_FAILED);
  assert_int_equal(r->started_ms, 1700000001000);
  assert_int_equal(r->finished_ms, 1700000006000);
  assert_string_equal(r->error, "worker crashed");
  bbd_store_run_free(r);
  /* Terminal states are final. */
  for (int s = 0; s < BBD_STORE_RUN_NSTATES; s++)
    if (s != BBD_STORE_RUN_FAILED)
      assert_int_equal(
          bbd_store_run_set_state(t->st, id, s, NULL, t->err, sizeof t->err),
          BBD_ESTATE);
  assert_int_equal(
      bbd_store_run_set_state(t->st, id, 99, NULL, t->err, sizeof t->err),
      BBD_EINVAL);
  assert_int_equal(bbd_store_run_set_state(t->st, 9999, BBD_STORE_RUN_RUNNING,
                                           NULL, t->err, sizeof t->err),
                   BBD_ENOTFOUND);

  /* Explicit times. */
  int64_t id2 = mk_run(t, NULL, 0);
  assert_int_equal(
      bbd_store_run_set_times(t->st, id2, 123, -1, t->err, sizeof t->err), 0);
  assert_int_equal(bbd_store_run_get(t->st, id2, &r, t->err, sizeof t->err), 0);
  assert_int_equal(r->started_ms, 123);
  assert_int_equal(r->finished_ms, 0);
  bbd_store_run_free(r);
  assert_int_equal(
      bbd_store_run_set_times(t->st, id2, 0, 456, t->err, sizeof t->err), 0);
  assert_int_equal(bbd_store_run_get(t->st, id2, &r, t->err, sizeof t->err), 0);
  assert_int_equal(r->started_ms, 0);
  assert_int_equal(r->finished_ms, 456);
  bbd_store_run_free(r);
  assert_int_equal(
      bbd_store_run_set_times(t->st, 9999, 1, 1, t->err, sizeof t->err),
      BBD_ENOTFOUND);

  assert_string_equal(bbd_store_run_state_name(BBD_STORE_RUN_INTERRUPTED),
                      "interrupted");
  assert_null(bbd_store_run_state_name(BBD_STORE_RUN_NSTATES));
  assert_int_equal(bbd_store_run_state_parse("cancelled"),
                   BBD_STORE_RUN_CANCELLED);
  assert_int_equal(bbd_store_run_state_parse("bogus"), -1);
}

static void test_interrupt_stale(void **state) {
  test_env_t *t = *state;
  int64_t queued = mk_run(t, NULL, 0);
  int64_t started = mk_run(t, NULL, 0);
  int64_t running = mk_run(t, NULL, 0);
  int64_t done = mk_run(t, NULL, 0);
  assert_int_equal(bbd_store_run_set_times(t->st, started, t->now, -1, t->err,
                                           sizeof t->err),
                   0);
  assert_int_equal(bbd_store_run_set_state(t->st, running,
                                           BBD_STORE_RUN_RUNNING, NULL, t->err,
                                           sizeof t->err),
                   0);
  assert_true(mk_result(t, running, "p/g/kept", 4.0, 30) > 0);
  assert_int_equal(bbd_store_run_set_state(t->st, done, BBD_STORE_RUN_RUNNING,
                                           NULL, t->err, sizeof t->err),
                   0);
  assert_int_equal(bbd_store_run_set_state(t->st, done, BBD_STORE_RUN_DONE,
                                           NULL, t->err, sizeof t->err),
                   0);
  /* Simulate a restart after kill -9: close and reopen. */
  bbd_store_close(t->st);
  t->st = NULL;
  assert_int_equal(test_env_open(t), 0);
  t->now += 60000;
  int n = -1;
  assert_int_equal(
      bbd_store_runs_interrupt_stale(t->st, &n, t->err, sizeof t->err), 0);
  assert_int_equal(n, 2);
  const struct {
    int64_t id;
    int state;
  } want[] = {{queued, BBD_STORE_RUN_QUEUED},
              {started, BBD_STORE_RUN_INTERRUPTED},
              {running, BBD_STORE_RUN_INTERRUPTED},
              {done, BBD_STORE_RUN_DONE}};
  for (size_t i = 0; i < 4; i++) {
    bbd_store_run_t *r = NULL;
    assert_int_equal(
        bbd_store_run_get(t->st, want[i].id, &r, t->err, sizeof t->err), 0);
    assert_int_equal(r->state, want[i].state);
    if (want[i].state == BBD_STORE_RUN_INTERRUPTED) {
      assert_int_equal(r->finished_ms, t->now);
      assert_non_null(r->error);
    }
    bbd_store_run_free(r);
  }
  /* The interrupted run's results are intact. */
  bbd_store_result_list_t *l = NULL;
  assert_int_equal(
      bbd_store_result_list(t->st, running, &l, t->err, sizeof t->err), 0);
  assert_int_equal(l->count, 1);
  bbd_store_result_list_free(l);
  /* A second sweep finds nothing. */
  assert_int_equal(
      bbd_store_runs_interrupt_stale(t->st, &n, t->err, sizeof t->err), 0);
  assert_int_equal(n, 0);
  int64_t counts[BBD_STORE_RUN_NSTATES];
  assert_int_equal(bbd_store_run_counts(t->st, counts, t->err, sizeof t->err),
                   0);
  assert_int_equal(counts[BBD_STORE_RUN_QUEUED], 1);
  assert_int_equal(counts[BBD_STORE_RUN_RUNNING], 0);
  assert_int_equal(counts[BBD_STORE_RUN_INTERRUPTED], 2);
  assert_int_equal(counts[BBD_STORE_RUN_DONE], 1);
  assert_int_equal(run_counts_consistent(t), 0);
}

/* Creates 25 runs: even ones tagged branch=main, odd ones branch=dev; every
 * third is done; run i is created at now + i minutes; runs 0..4 have a
 * result p/alpha/x, the others p/beta/y. Returns ids in ids[]. */
static void make_25(test_env_t *t, int64_t ids[25]) {
  for (int i = 0; i < 25; i++) {
    bbd_store_tag_t tags[] = {{"branch", i % 2 ? "dev" : "main"}};
    ids[i] = mk_run(t, tags, 1);
    assert_true(ids[i] > 0);
    assert_true(mk_result(t, ids[i], i < 5 ? "p/alpha/x" : "p/beta/y", 1.0, 4) >
                0);
    if (i % 3 == 0) {
      assert_int_equal(bbd_store_run_set_state(t->st, ids[i],
                                               BBD_STORE_RUN_RUNNING, NULL,
                                               t->err, sizeof t->err),
                       0);
      assert_int_equal(bbd_store_run_set_state(t->st, ids[i],
                                               BBD_STORE_RUN_DONE, NULL, t->err,
                                               sizeof t->err),
                       0);
    }
    t->now += 60000;
  }
}

static void test_paging(void **state) {
  test_env_t *t = *state;
  int64_t ids[25];
  make_25(t, ids);
  /* Keyset paging, newest first: 10 + 10 + 5, no duplicates or gaps. */
  bbd_store_run_filter_t f = {.limit = 10};
  int64_t expect = ids[24];
  for (int page = 0; page < 3; page++) {
    bbd_store_run_list_t *l = NULL;
    assert_int_equal(bbd_store_run_list(t->st, &f, &l, t->err, sizeof t->err),
                     0);
    assert_int_equal(l->total, 25);
    assert_int_equal(l->count, page < 2 ? 10 : 5);
    for (size_t i = 0; i < l->count; i++) {
      assert_int_equal(l->items[i].id, expect);
      expect--;
      assert_int_equal(l->items[i].n_tags, 1);
    }
    if (page < 2)
      assert_int_equal(l->next_cursor, l->items[9].id);
    else
      assert_int_equal(l->next_cursor, 0);
    f.before_id = l->next_cursor;
    bbd_store_run_list_free(l);
  }
  /* Offset paging, oldest first. */
  f = (bbd_store_run_filter_t){.limit = 7, .offset = 21, .oldest_first = 1};
  bbd_store_run_list_t *l = NULL;
  assert_int_equal(bbd_store_run_list(t->st, &f, &l, t->err, sizeof t->err), 0);
  assert_int_equal(l->count, 4);
  assert_int_equal(l->items[0].id, ids[21]);
  assert_int_equal(l->items[3].id, ids[24]);
  bbd_store_run_list_free(l);
  /* Keyset, oldest first. */
  f = (bbd_store_run_filter_t){
      .limit = 3, .before_id = ids[10], .oldest_first = 1};
  assert_int_equal(bbd_store_run_list(t->st, &f, &l, t->err, sizeof t->err), 0);
  assert_int_equal(l->count, 3);
  assert_int_equal(l->items[0].id, ids[11]);
  bbd_store_run_list_free(l);
  /* Defaults with NULL filter; limits are enforced. */
  assert_int_equal(bbd_store_run_list(t->st, NULL, &l, t->err, sizeof t->err),
                   0);
  assert_int_equal(l->count, 25);
  bbd_store_run_list_free(l);
  assert_int_equal(run_counts_consistent(t), 0);
  f = (bbd_store_run_filter_t){.limit = 5000};
  assert_int_equal(bbd_store_run_list(t->st, &f, &l, t->err, sizeof t->err),
                   BBD_EINVAL);
  assert_null(l);
}

static void test_filters(void **state) {
  test_env_t *t = *state;
  int64_t ids[25];
  int64_t t0 = t->now;
  make_25(t, ids);
  bbd_store_run_list_t *l = NULL;
  bbd_store_run_filter_t f = {.state_mask = 1u << BBD_STORE_RUN_DONE};
  assert_int_equal(bbd_store_run_list(t->st, &f, &l, t->err, sizeof t->err), 0);
  assert_int_equal(l->total, 9); /* 0, 3, ..., 24 */
  for (size_t i = 0; i < l->count; i++)
    assert_int_equal(l->items[i].state, BBD_STORE_RUN_DONE);
  bbd_store_run_list_free(l);

  f.state_mask |= 1u << BBD_STORE_RUN_QUEUED;
  assert_int_equal(bbd_store_run_list(t->st, &f, &l, t->err, sizeof t->err), 0);
  assert_int_equal(l->total, 25);
  bbd_store_run_list_free(l);

  bbd_store_tag_t main_tag[] = {{"branch", "main"}};
  f = (bbd_store_run_filter_t){.tags = main_tag, .n_tags = 1};
  assert_int_equal(bbd_store_run_list(t->st, &f, &l, t->err, sizeof t->err), 0);
  assert_int_equal(l->total, 13);
  bbd_store_run_list_free(l);

  /* Tag and state together: even and multiple of 3 = multiples of 6. */
  f.state_mask = 1u << BBD_STORE_RUN_DONE;
  assert_int_equal(bbd_store_run_list(t->st, &f, &l, t->err, sizeof t->err), 0);
  assert_int_equal(l->total, 5);
  bbd_store_run_list_free(l);

  f = (bbd_store_run_filter_t){.bench_glob = "p/alpha/*"};
  assert_int_equal(bbd_store_run_list(t->st, &f, &l, t->err, sizeof t->err), 0);
  assert_int_equal(l->total, 5);
  bbd_store_run_list_free(l);
  f.bench_glob = "*/y";
  assert_int_equal(bbd_store_run_list(t->st, &f, &l, t->err, sizeof t->err), 0);
  assert_int_equal(l->total, 20);
  bbd_store_run_list_free(l);
  f.bench_glob = "P/*"; /* GLOB is case-sensitive */
  assert_int_equal(bbd_store_run_list(t->st, &f, &l, t->err, sizeof t->err), 0);
  assert_int_equal(l->total, 0);
  assert_int_equal(l->count, 0);
  bbd_store_run_list_free(l);

  /* since/until: runs 10..14. */
  f = (bbd_store_run_filter_t){.since_ms = t0 + 10 * 60000,
                               .until_ms = t0 + 15 * 60000};
  assert_int_equal(bbd_store_run_list(t->st, &f, &l, t->err, sizeof t->err), 0);
  assert_int_equal(l->total, 5);
  assert_int_equal(l->items[0].id, ids[14]);
  bbd_store_run_list_free(l);

  /* Machine filter. */
  int64_t mid = 0, eid = 0;
  assert_int_equal(bbd_store_env_upsert(t->st, "host-a", "{\"k\":1}", &mid,
                                        &eid, t->err, sizeof t->err),
                   0);
  bbd_store_run_new_t req = {.machine_id = mid, .env_id = eid};
  int64_t on_a = 0;
  assert_int_equal(
      bbd_store_run_create(t->st, &req, &on_a, t->err, sizeof t->err), 0);
  f = (bbd_store_run_filter_t){.machine_id = mid};
  assert_int_equal(bbd_store_run_list(t->st, &f, &l, t->err, sizeof t->err), 0);
  assert_int_equal(l->total, 1);
  assert_int_equal(l->items[0].id, on_a);
  assert_int_equal(l->items[0].env_id, eid);
  bbd_store_run_list_free(l);

  f = (bbd_store_run_filter_t){.state_mask = 1u << 20};
  assert_int_equal(bbd_store_run_list(t->st, &f, &l, t->err, sizeof t->err),
                   BBD_EINVAL);
}

static void test_delete_cascades(void **state) {
  test_env_t *t = *state;
  bbd_store_tag_t tags[] = {{"k", "v"}};
  int64_t run = mk_run(t, tags, 1);
  int64_t res = mk_result(t, run, "p/g/a", 2.0, 10);
  assert_true(res > 0);
  assert_int_equal(
      bbd_store_baseline_set(t->st, "main", run, NULL, t->err, sizeof t->err),
      0);
  assert_int_equal(bbd_store_run_delete(t->st, run, t->err, sizeof t->err),
                   BBD_ECONFLICT);
  assert_non_null(strstr(t->err, "main"));
  assert_int_equal(
      bbd_store_baseline_delete(t->st, "main", t->err, sizeof t->err), 0);
  assert_int_equal(bbd_store_run_delete(t->st, run, t->err, sizeof t->err), 0);
  assert_int_equal(bbd_store_run_delete(t->st, run, t->err, sizeof t->err),
                   BBD_ENOTFOUND);
  bbd_store_result_t *r = NULL;
  assert_int_equal(bbd_store_result_get(t->st, res, &r, t->err, sizeof t->err),
                   BBD_ENOTFOUND);
  assert_int_equal(count_rows(t, "SELECT count(*) FROM run_tags"), 0);
  assert_int_equal(count_rows(t, "SELECT count(*) FROM results"), 0);
  assert_int_equal(count_rows(t, "SELECT count(*) FROM samples"), 0);
  assert_int_equal(run_counts_consistent(t), 0);
  /* Run ids are never reused (keyset cursors stay valid). */
  int64_t next = mk_run(t, NULL, 0);
  assert_true(next > run);
}

static void test_metachars_verbatim(void **state) {
  test_env_t *t = *state;
  for (size_t i = 0; i < N_NASTY; i++) {
    const char *s = nasty[i];
    bbd_store_tag_t tags[] = {{s, s}, {"plain", s}};
    char cfg[512];
    snprintf(cfg, sizeof cfg, "{\"note\": \"%s\"}",
             i == 1 ? "\\\" OR 1=1 --" : "x'); DROP TABLE runs; --");
    bbd_store_run_new_t req = {.config_json = cfg, .tags = tags, .n_tags = 2};
    int64_t run = 0;
    assert_int_equal(
        bbd_store_run_create(t->st, &req, &run, t->err, sizeof t->err), 0);
    assert_int_equal(bbd_store_run_set_state(t->st, run, BBD_STORE_RUN_RUNNING,
                                             NULL, t->err, sizeof t->err),
                     0);
    assert_int_equal(bbd_store_run_set_state(t->st, run, BBD_STORE_RUN_FAILED,
                                             s, t->err, sizeof t->err),
                     0);
    bbd_store_run_t *r = NULL;
    assert_int_equal(bbd_store_run_get(t->st, run, &r, t->err, sizeof t->err),
                     0);
    assert_string_equal(r->config_json, cfg);
    assert_string_equal(r->error, s);
    int found = 0;
    for (size_t k = 0; k < r->n_tags; k++)
      if (strcmp(r->tags[k].key, s) == 0 && strcmp(r->tags[k].value, s) == 0)
        found = 1;
    assert_true(found);
    bbd_store_run_free(r);

    /* As filter values: an exact tag match finds exactly this run. */
    bbd_store_tag_t ft[] = {{s, s}};
    bbd_store_run_filter_t f = {.tags = ft, .n_tags = 1};
    bbd_store_run_list_t *l = NULL;
    assert_int_equal(bbd_store_run_list(t->st, &f, &l, t->err, sizeof t->err),
                     0);
    assert_int_equal(l->total, 1);
    assert_int_equal(l->items[0].id, run);
    bbd_store_run_list_free(l);
  }
  /* The schema is intact. */
  assert_int_equal(count_rows(t, "SELECT count(*) FROM runs"), N_NASTY);
  assert_int_equal(bbd_store_integrity_check(t->st, 0, t->err, sizeof t->err),
                   0);
}

int main(void) {
#define T(f) cmocka_unit_test_setup_teardown(f, store_setup, store_teardown)
  const struct CMUnitTest tests[] = {
      T(test_create_get),
      T(test_state_machine),
      T(test_interrupt_stale),
      T(test_paging),
      T(test_filters),
      T(test_delete_cascades),
      T(test_metachars_verbatim),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
