/*
 * Store opening: creation and migrations, re-open, refusal of corrupt,
 * foreign, newer and read-only databases (the file is left untouched),
 * integrity checks, and a full database (SQLITE_FULL -> BBD_ENOSPC with
 * earlier data intact).
 */
#include "store_test_util.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "err.h"
#include "store_internal.h"

/* Reads a whole file into a malloc'd buffer. */
static unsigned char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *buf = malloc(n > 0 ? (size_t)n : 1);
  if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  *len = (size_t)n;
  return buf;
}

static void write_file(const char *path, const void *data, size_t len) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(data, 1, len, f), len);
  assert_int_equal(fclose(f), 0);
}

static int file_exists(const char *path) {
  struct stat sb;
  return stat(path, &sb) == 0;
}

static void test_create_migrate_reopen(void **state) {
  (void)state;
  test_env_t *t = test_env_new();
  if (!t) {
    fail();
    return;
  }
  assert_false(file_exists(t->db));
  assert_int_equal(test_env_open(t), 0);
  assert_true(file_exists(t->db));
  assert_int_equal(bbd_store_schema_version(t->st), bbd_store_schema_latest());
  assert_true(bbd_store_schema_latest() >= 2);

  /* WAL and foreign keys are on for this connection. */
  sqlite3_stmt *s;
  assert_int_equal(
      sqlite3_prepare_v2(t->st->db, "PRAGMA journal_mode", -1, &s, NULL),
      SQLITE_OK);
  assert_int_equal(sqlite3_step(s), SQLITE_ROW);
  assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
  sqlite3_finalize(s);
  assert_int_equal(
      sqlite3_prepare_v2(t->st->db, "PRAGMA foreign_keys", -1, &s, NULL),
      SQLITE_OK);
  assert_int_equal(sqlite3_step(s), SQLITE_ROW);
  assert_int_equal(sqlite3_column_int(s, 0), 1);
  sqlite3_finalize(s);

  int64_t run = mk_run(t, NULL, 0);
  assert_true(run > 0);
  assert_int_equal(bbd_store_integrity_check(t->st, 0, t->err, sizeof t->err),
                   0);
  bbd_store_close(t->st);
  t->st = NULL;

  /* Re-open: no migration runs again, the data is there. */
  assert_int_equal(test_env_open(t), 0);
  assert_int_equal(bbd_store_schema_version(t->st), bbd_store_schema_latest());
  bbd_store_run_t *r = NULL;
  assert_int_equal(bbd_store_run_get(t->st, run, &r, t->err, sizeof t->err), 0);
  assert_int_equal(r->state, BBD_STORE_RUN_QUEUED);
  bbd_store_run_free(r);
  test_env_free(t);
}

static void test_upgrade_from_v1(void **state) {
  (void)state;
  test_env_t *t = test_env_new();
  if (!t) {
    fail();
    return;
  }
  /* Build a version-1 file, as an older bbd would have left it. */
  assert_int_equal(bbd__store_open_version(&t->st, t->db, &t->opts, 1, t->err,
                                           sizeof t->err),
                   0);
  assert_int_equal(bbd_store_schema_version(t->st), 1);
  int64_t run = mk_run(t, NULL, 0);
  assert_true(run > 0);
  bbd_store_plugin_entry_t e = {.path = "/p/a.so", .hash = "h"};
  /* The plugin cache arrives in version 2. */
  assert_int_equal(bbd_store_plugin_cache_put(t->st, &e, t->err, sizeof t->err),
                   BBD_EDB);
  bbd_store_close(t->st);
  t->st = NULL;

  assert_int_equal(test_env_open(t), 0);
  assert_int_equal(bbd_store_schema_version(t->st), bbd_store_schema_latest());
  assert_int_equal(bbd_store_plugin_cache_put(t->st, &e, t->err, sizeof t->err),
                   0);
  bbd_store_run_t *r = NULL;
  assert_int_equal(bbd_store_run_get(t->st, run, &r, t->err, sizeof t->err), 0);
  bbd_store_run_free(r);
  assert_int_equal(bbd_store_integrity_check(t->st, 0, t->err, sizeof t->err),
                   0);
  test_env_free(t);
}

/* Schema 3 adds latest_results and fills it from the results already
 * stored by a schema-2 file. */
static void test_upgrade_backfills_latest(void **state) {
  (void)state;
  test_env_t *t = test_env_new();
  if (!t) {
    fail();
    return;
  }
  assert_int_equal(bbd__store_open_version(&t->st, t->db, &t->opts, 2, t->err,
                                           sizeof t->err),
                   0);
  /* Results as a schema-2 bbd stored them (its insert path did not know
   * latest_results). */
  int64_t r1 = mk_run(t, NULL, 0);
  int64_t r2 = mk_run(t, NULL, 0);
  char sql[512];
  snprintf(sql, sizeof sql,
           "INSERT INTO results (run_id, bench_id, status, created_at)"
           " VALUES (%lld, 'p/g/a', 'ok', 1000), (%lld, 'p/g/b', 'ok', 1000),"
           " (%lld, 'p/g/a', 'ok', 2000)",
           (long long)r1, (long long)r1, (long long)r2);
  assert_int_equal(sqlite3_exec(t->st->db, sql, NULL, NULL, NULL), SQLITE_OK);
  int64_t newest_a = sqlite3_last_insert_rowid(t->st->db);
  bbd_store_close(t->st);
  t->st = NULL;
  assert_int_equal(test_env_open(t), 0);
  assert_int_equal(bbd_store_schema_version(t->st), bbd_store_schema_latest());
  /* Schema 4 counted the runs already there. */
  assert_int_equal(run_counts_consistent(t), 0);
  int64_t counts[BBD_STORE_RUN_NSTATES];
  assert_int_equal(bbd_store_run_counts(t->st, counts, t->err, sizeof t->err),
                   0);
  assert_int_equal(counts[BBD_STORE_RUN_QUEUED], 2);
  bbd_store_history_t *h = NULL;
  assert_int_equal(bbd_store_latest_results(t->st, &h, t->err, sizeof t->err),
                   0);
  assert_int_equal(h->count, 2);
  assert_string_equal(h->items[0].bench_id, "p/g/a");
  assert_int_equal(h->items[0].result_id, newest_a);
  assert_int_equal(h->items[1].run_id, r1);
  bbd_store_history_free(h);
  test_env_free(t);
}

static void test_garbage_file_refused(void **state) {
  (void)state;
  test_env_t *t = test_env_new();
  if (!t) {
    fail();
    return;
  }
  unsigned char junk[8192];
  for (size_t i = 0; i < sizeof junk; i++)
    junk[i] = (unsigned char)(i * 131 + 7);
  write_file(t->db, junk, sizeof junk);
  assert_int_equal(test_env_open(t), BBD_EDB);
  assert_null(t->st);
  assert_non_null(strstr(t->err, "refusing"));
  size_t len = 0;
  unsigned char *after = slurp(t->db, &len);
  assert_non_null(after);
  assert_int_equal(len, sizeof junk);
  assert_memory_equal(after, junk, sizeof junk);
  free(after);
  test_env_free(t);
}

static void test_corrupt_page_refused(void **state) {
  (void)state;
  test_env_t *t = test_env_new();
  if (!t) {
    fail();
    return;
  }
  assert_int_equal(test_env_open(t), 0);
  int64_t run = mk_run(t, NULL, 0);
  for (int i = 0; i < 40; i++) {
    char b[64];
    snprintf(b, sizeof b, "p/g/bench%02d", i);
    assert_true(mk_result(t, run, b, 10 + i, 100) > 0);
  }
  bbd_store_close(t->st); /* checkpoints the WAL into the main file */
  t->st = NULL;

  size_t len = 0;
  unsigned char *db = slurp(t->db, &len);
  assert_non_null(db);
  assert_true(len >= 8 * 4096);
  /* Smash a few b-tree pages in the middle of the file. */
  for (size_t off = 2 * 4096; off < 6 * 4096; off++)
    db[off] = 0xA5;
  write_file(t->db, db, len);

  t->opts.check_at_open = 1;
  assert_int_equal(test_env_open(t), BBD_EDB);
  assert_null(t->st);
  size_t len2 = 0;
  unsigned char *after = slurp(t->db, &len2);
  assert_int_equal(len2, len);
  assert_memory_equal(after, db, len);
  free(after);

  /* Without the open-time check the file opens, and the explicit
   * integrity check reports the damage. */
  t->opts.check_at_open = 0;
  if (test_env_open(t) == 0) {
    assert_int_equal(bbd_store_integrity_check(t->st, 0, t->err, sizeof t->err),
                     BBD_EDB);
    assert_non_null(strstr(t->err, "check failed"));
  }
  free(db);
  test_env_free(t);
}

static void test_foreign_and_newer_refused(void **state) {
  (void)state;
  test_env_t *t = test_env_new();
  if (!t) {
    fail();
    return;
  }
  /* Another application's SQLite file. */
  sqlite3 *db;
  assert_int_equal(sqlite3_open(t->db, &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db,
                                "CREATE TABLE x(a); INSERT INTO x VALUES (1);",
                                NULL, NULL, NULL),
                   SQLITE_OK);
  sqlite3_close(db);
  assert_int_equal(test_env_open(t), BBD_EDB);
  assert_non_null(strstr(t->err, "not a bbd database"));

  /* A bbd file from the future. */
  unlink(t->db);
  assert_int_equal(test_env_open(t), 0);
  bbd_store_close(t->st);
  t->st = NULL;
  assert_int_equal(sqlite3_open(t->db, &db), SQLITE_OK);
  assert_int_equal(
      sqlite3_exec(db, "PRAGMA user_version = 999", NULL, NULL, NULL),
      SQLITE_OK);
  sqlite3_close(db);
  assert_int_equal(test_env_open(t), BBD_EUNSUPPORTED);
  test_env_free(t);
}

/* Runs in a child process without root's override of file permissions:
 * 0 if both refusals behave. */
static int readonly_child(const char *rodir, const char *rwdir) {
  if (geteuid() == 0) {
    struct passwd *pw = getpwnam("nobody");
    uid_t uid = pw ? pw->pw_uid : 65534;
    gid_t gid = pw ? pw->pw_gid : 65534;
    if (setgid(gid) != 0 || setuid(uid) != 0)
      return 10;
  }
  bbd_store_t *st = NULL;
  char err[256] = "";
  int rc = bbd_store_open(&st, rodir, NULL, err, sizeof err);
  if (rc != BBD_EPERM || st || strstr(err, "not writable") == NULL)
    return 11;
  /* A writable directory holding a database the user cannot write. */
  rc = bbd_store_open(&st, rwdir, NULL, err, sizeof err);
  if (rc != BBD_EPERM || st)
    return 12;
  return 0;
}

static void test_readonly_refused(void **state) {
  (void)state;
  test_env_t *ro = test_env_new();
  test_env_t *rw = test_env_new();
  if (!ro || !rw) {
    fail();
    return;
  }
  assert_int_equal(test_env_open(rw), 0); /* creates rw/bbd.db */
  bbd_store_close(rw->st);
  rw->st = NULL;
  assert_int_equal(chmod(rw->db, 0444), 0);
  assert_int_equal(chmod(rw->dir, 0777), 0);
  assert_int_equal(chmod(ro->dir, 0555), 0);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0)
    _exit(readonly_child(ro->dir, rw->dir));
  int status = 0;
  assert_int_equal(waitpid(pid, &status, 0), pid);
  assert_true(WIFEXITED(status));
  assert_int_equal(WEXITSTATUS(status), 0);
  /* Nothing was created in the read-only directory. */
  assert_false(file_exists(ro->db));
  test_env_free(ro);
  test_env_free(rw);
}

static void test_missing_dir(void **state) {
  (void)state;
  bbd_store_t *st = NULL;
  char err[256];
  assert_int_equal(
      bbd_store_open(&st, "/nonexistent/bbd-store-dir", NULL, err, sizeof err),
      BBD_ENOTFOUND);
  assert_null(st);
  assert_int_equal(bbd_store_open(&st, NULL, NULL, err, sizeof err),
                   BBD_EINVAL);
}

/* An explicit file name (not bbd.db), and a directory where the file
 * should be. */
static void test_open_file(void **state) {
  (void)state;
  test_env_t *t = test_env_new();
  if (!t) {
    fail();
    return;
  }
  char path[400];
  snprintf(path, sizeof path, "%s/other name's.db", t->dir);
  assert_int_equal(
      bbd_store_open_file(&t->st, path, &t->opts, t->err, sizeof t->err), 0);
  assert_true(mk_run(t, NULL, 0) > 0);
  bbd_store_close(t->st);
  t->st = NULL;
  assert_true(file_exists(path));
  assert_false(file_exists(t->db));
  assert_int_equal(
      bbd_store_open_file(&t->st, t->dir, &t->opts, t->err, sizeof t->err),
      BBD_EINVAL);
  assert_null(t->st);
  test_env_free(t);
}

static int64_t page_count(bbd_store_t *st) {
  sqlite3_stmt *s;
  int64_t n = -1;
  if (sqlite3_prepare_v2(st->db, "PRAGMA page_count", -1, &s, NULL) ==
          SQLITE_OK &&
      sqlite3_step(s) == SQLITE_ROW)
    n = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  return n;
}

static void test_full_database(void **state) {
  test_env_t *t = *state;
  int64_t run = mk_run(t, NULL, 0);
  int64_t r1 = mk_result(t, run, "p/g/first", 5.0, 200);
  assert_true(r1 > 0);
  /* Cap the file a few pages above its current size: the next big result
   * cannot fit, as on a full disk. */
  char sql[64];
  snprintf(sql, sizeof sql, "PRAGMA max_page_count = %lld",
           (long long)page_count(t->st) + 3);
  assert_int_equal(sqlite3_exec(t->st->db, sql, NULL, NULL, NULL), SQLITE_OK);
  int64_t big = mk_result(t, run, "p/g/big", 7.0, 20000);
  assert_int_equal(big, 0);
  assert_non_null(strstr(t->err, "full"));
  size_t n = 20000;
  uint64_t *it = calloc(n, sizeof *it);
  double *ns = calloc(n, sizeof *ns);
  for (size_t i = 0; i < n; i++) {
    it[i] = i + 1;
    ns[i] = (double)i;
  }
  bbd_store_result_new_t r = {
      .bench_id = "p/g/big2", .iters = it, .ns = ns, .n_samples = n};
  r.mean = r.median = r.slope = r.stddev = r.ci_low = r.ci_high = 1;
  assert_int_equal(
      bbd_store_result_insert(t->st, run, &r, NULL, t->err, sizeof t->err),
      BBD_ENOSPC);
  free(it);
  free(ns);

  /* What was stored before is intact; the failed result left nothing. */
  bbd_store_run_t *rr = NULL;
  assert_int_equal(bbd_store_run_get(t->st, run, &rr, t->err, sizeof t->err),
                   0);
  assert_int_equal(rr->result_count, 1);
  bbd_store_run_free(rr);
  bbd_store_result_list_t *list = NULL;
  assert_int_equal(
      bbd_store_result_list(t->st, run, &list, t->err, sizeof t->err), 0);
  assert_int_equal(list->count, 1);
  assert_string_equal(list->items[0].bench_id, "p/g/first");
  bbd_store_result_list_free(list);
  bbd_store_samples_t *sm = NULL;
  assert_int_equal(bbd_store_samples_get(t->st, r1, &sm, t->err, sizeof t->err),
                   0);
  assert_int_equal(sm->n, 200);
  bbd_store_samples_free(sm);
  assert_int_equal(bbd_store_integrity_check(t->st, 0, t->err, sizeof t->err),
                   0);
  assert_int_equal(run_counts_consistent(t), 0);
  /* Small writes still work after the failure (the store recovered). */
  assert_int_equal(bbd_store_run_set_state(t->st, run, BBD_STORE_RUN_RUNNING,
                                           NULL, t->err, sizeof t->err),
                   0);
}

static void test_integrity_ok_and_vacuum(void **state) {
  test_env_t *t = *state;
  int64_t run = mk_run(t, NULL, 0);
  assert_true(mk_result(t, run, "p/g/x", 3.0, 50) > 0);
  assert_int_equal(bbd_store_integrity_check(t->st, 1, t->err, sizeof t->err),
                   0);
  assert_int_equal(bbd_store_integrity_check(t->st, 0, t->err, sizeof t->err),
                   0);
  assert_int_equal(bbd_store_run_set_state(t->st, run, BBD_STORE_RUN_CANCELLED,
                                           NULL, t->err, sizeof t->err),
                   0);
  assert_int_equal(bbd_store_run_delete(t->st, run, t->err, sizeof t->err), 0);
  assert_int_equal(bbd_store_vacuum(t->st, t->err, sizeof t->err), 0);
  assert_int_equal(bbd_store_integrity_check(t->st, 0, t->err, sizeof t->err),
                   0);
}

/* The child of test_kill9: stores results forever, reporting each commit
 * on fd. Never returns (killed by the parent). */
static void writer_child(test_env_t *t, int fd) {
  bbd_store_t *st = NULL;
  char err[256];
  if (bbd_store_open(&st, t->dir, NULL, err, sizeof err) != 0)
    _exit(20);
  bbd_store_run_new_t req = {0};
  int64_t run = 0;
  if (bbd_store_run_create(st, &req, &run, err, sizeof err) != 0 ||
      bbd_store_run_set_state(st, run, BBD_STORE_RUN_RUNNING, NULL, err,
                              sizeof err) != 0)
    _exit(21);
  uint64_t it[200];
  double ns[200], c[200];
  for (int i = 0; i < 200; i++) {
    it[i] = (uint64_t)i + 1;
    ns[i] = 3.0 * (double)i;
    c[i] = (double)i;
  }
  bbd_store_counter_series_t ctr[] = {{"task-clock", c}};
  for (uint32_t k = 0;; k++) {
    char id[64];
    snprintf(id, sizeof id, "crash/g/b%u", k);
    bbd_store_result_new_t r = {.bench_id = id,
                                .iters = it,
                                .ns = ns,
                                .n_samples = 200,
                                .counters = ctr,
                                .n_counters = 1,
                                .mean = 3.0,
                                .estimates_json = "{\"k\":1}"};
    if (bbd_store_result_insert(st, run, &r, NULL, err, sizeof err) != 0)
      _exit(22);
    if (write(fd, &k, sizeof k) != (ssize_t)sizeof k)
      _exit(23);
  }
}

/* kill -9 in the middle of a stream of result transactions: the file is
 * sound, every committed result is complete (row, samples, counters,
 * counts), and the sweep marks the run interrupted. No timing involved:
 * the parent kills after the child reported 25 commits. */
static void test_kill9_while_writing(void **state) {
  (void)state;
  test_env_t *t = test_env_new();
  if (!t) {
    fail();
    return;
  }
  int p[2];
  assert_int_equal(pipe(p), 0);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    close(p[0]);
    writer_child(t, p[1]);
  }
  close(p[1]);
  uint32_t k = 0, last = 0;
  int got = 0;
  while (got < 25 && read(p[0], &k, sizeof k) == (ssize_t)sizeof k) {
    last = k;
    got++;
  }
  assert_int_equal(got, 25);
  assert_int_equal(kill(pid, SIGKILL), 0);
  int status = 0;
  assert_int_equal(waitpid(pid, &status, 0), pid);
  assert_true(WIFSIGNALED(status));
  close(p[0]);

  assert_int_equal(test_env_open(t), 0);
  assert_int_equal(bbd_store_integrity_check(t->st, 0, t->err, sizeof t->err),
                   0);
  bbd_store_run_list_t *l = NULL;
  assert_int_equal(bbd_store_run_list(t->st, NULL, &l, t->err, sizeof t->err),
                   0);
  assert_int_equal(l->count, 1);
  int64_t run = l->items[0].id;
  assert_int_equal(l->items[0].state, BBD_STORE_RUN_RUNNING);
  bbd_store_run_list_free(l);
  bbd_store_result_list_t *rl = NULL;
  assert_int_equal(
      bbd_store_result_list(t->st, run, &rl, t->err, sizeof t->err), 0);
  /* At least every reported commit; maybe one more committed before the
   * report was written. */
  assert_true(rl->count >= (size_t)last + 1);
  bbd_store_run_t *r = NULL;
  assert_int_equal(bbd_store_run_get(t->st, run, &r, t->err, sizeof t->err), 0);
  assert_int_equal(r->result_count, (int64_t)rl->count);
  bbd_store_run_free(r);
  for (size_t i = 0; i < rl->count; i++) {
    bbd_store_samples_t *sm = NULL;
    assert_int_equal(bbd_store_samples_get(t->st, rl->items[i].id, &sm, t->err,
                                           sizeof t->err),
                     0);
    assert_int_equal(sm->n, 200);
    assert_int_equal(sm->n_counters, 1);
    assert_true(sm->ns[199] == 597.0);
    bbd_store_samples_free(sm);
  }
  bbd_store_result_list_free(rl);
  assert_int_equal(run_counts_consistent(t), 0);
  int n = 0;
  assert_int_equal(
      bbd_store_runs_interrupt_stale(t->st, &n, t->err, sizeof t->err), 0);
  assert_int_equal(n, 1);
  test_env_free(t);
}

/* Another process holding the write lock past the busy timeout: the write
 * fails with BBD_EBUSY and leaves nothing behind; reads still work (WAL). */
static void test_busy(void **state) {
  (void)state;
  test_env_t *t = test_env_new();
  if (!t) {
    fail();
    return;
  }
  t->opts.busy_timeout_ms = 50;
  assert_int_equal(test_env_open(t), 0);
  int64_t first = mk_run(t, NULL, 0);
  assert_true(first > 0);
  sqlite3 *other = NULL;
  assert_int_equal(sqlite3_open(t->db, &other), SQLITE_OK);
  assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL),
                   SQLITE_OK);
  bbd_store_run_new_t req = {0};
  int64_t id = 0;
  assert_int_equal(
      bbd_store_run_create(t->st, &req, &id, t->err, sizeof t->err), BBD_EBUSY);
  bbd_store_run_t *r = NULL;
  assert_int_equal(bbd_store_run_get(t->st, first, &r, t->err, sizeof t->err),
                   0);
  bbd_store_run_free(r);
  assert_int_equal(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close(other);
  assert_int_equal(
      bbd_store_run_create(t->st, &req, &id, t->err, sizeof t->err), 0);
  assert_int_equal(id, first + 1);
  assert_int_equal(run_counts_consistent(t), 0);
  test_env_free(t);
}

/* A second handle on the same file (WAL: concurrent reader) sees commits. */
static void test_second_handle(void **state) {
  test_env_t *t = *state;
  bbd_store_t *other = NULL;
  assert_int_equal(
      bbd_store_open(&other, t->dir, &t->opts, t->err, sizeof t->err), 0);
  int64_t run = mk_run(t, NULL, 0);
  bbd_store_run_t *r = NULL;
  assert_int_equal(bbd_store_run_get(other, run, &r, t->err, sizeof t->err), 0);
  bbd_store_run_free(r);
  bbd_store_close(other);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_create_migrate_reopen),
      cmocka_unit_test(test_upgrade_from_v1),
      cmocka_unit_test(test_upgrade_backfills_latest),
      cmocka_unit_test(test_garbage_file_refused),
      cmocka_unit_test(test_corrupt_page_refused),
      cmocka_unit_test(test_foreign_and_newer_refused),
      cmocka_unit_test(test_readonly_refused),
      cmocka_unit_test(test_missing_dir),
      cmocka_unit_test(test_open_file),
      cmocka_unit_test(test_kill9_while_writing),
      cmocka_unit_test(test_busy),
      cmocka_unit_test_setup_teardown(test_full_database, store_setup,
                                      store_teardown),
      cmocka_unit_test_setup_teardown(test_integrity_ok_and_vacuum, store_setup,
                                      store_teardown),
      cmocka_unit_test_setup_teardown(test_second_handle, store_setup,
                                      store_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
