/*
 * Helpers shared by the store tests: a temporary data directory removed at
 * the end, and a fake clock so timestamps are exact.
 */
#ifndef BBD_TEST_STORE_UTIL_H
#define BBD_TEST_STORE_UTIL_H

#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store.h"

typedef struct test_env {
  char dir[256];
  char db[300];
  int64_t now; /* the fake clock, ms since the epoch */
  bbd_store_opts_t opts;
  bbd_store_t *st;
  char err[512];
} test_env_t;

static inline int64_t test_clock(void *ud) {
  return ((test_env_t *)ud)->now;
}

static inline int rm_entry(const char *path, const struct stat *sb, int flag,
                           struct FTW *ftw) {
  (void)sb;
  (void)flag;
  (void)ftw;
  return remove(path);
}

static inline void rm_tree(const char *dir) {
  chmod(dir, 0700);
  nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Creates a fresh directory; returns NULL on failure. */
static inline test_env_t *test_env_new(void) {
  test_env_t *t = calloc(1, sizeof *t);
  if (!t)
    return NULL;
  const char *tmp = getenv("TMPDIR");
  snprintf(t->dir, sizeof t->dir, "%s/bbd-store-test-XXXXXX",
           tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(t->dir)) {
    free(t);
    return NULL;
  }
  snprintf(t->db, sizeof t->db, "%s/%s", t->dir, BBD_STORE_DB_NAME);
  t->now = 1700000000000; /* 2023-11-14 */
  t->opts.now_ms = test_clock;
  t->opts.now_ud = t;
  return t;
}

/* Opens the store in t->dir (asserting success is the caller's job). */
static inline int test_env_open(test_env_t *t) {
  return bbd_store_open(&t->st, t->dir, &t->opts, t->err, sizeof t->err);
}

static inline void test_env_free(test_env_t *t) {
  if (!t)
    return;
  bbd_store_close(t->st);
  rm_tree(t->dir);
  free(t);
}

/* The cmocka setup/teardown pair: a directory with an open store. */
static inline int store_setup(void **state) {
  test_env_t *t = test_env_new();
  if (!t)
    return -1;
  if (test_env_open(t) != 0) {
    fprintf(stderr, "open: %s\n", t->err);
    test_env_free(t);
    return -1;
  }
  *state = t;
  return 0;
}

static inline int store_teardown(void **state) {
  test_env_free(*state);
  return 0;
}

/* Creates a queued run with the given tags; returns its id (0 on error). */
static inline int64_t mk_run(test_env_t *t, const bbd_store_tag_t *tags,
                             size_t n_tags) {
  bbd_store_run_new_t req = {0};
  req.config_json = "{\"filters\":[\"*\"]}";
  req.tags = tags;
  req.n_tags = n_tags;
  int64_t id = 0;
  if (bbd_store_run_create(t->st, &req, &id, t->err, sizeof t->err) != 0) {
    fprintf(stderr, "mk_run: %s\n", t->err);
    return 0;
  }
  return id;
}

/* Stores a result with n linear samples; returns its id (0 on error). */
static inline int64_t mk_result(test_env_t *t, int64_t run, const char *bench,
                                double mean, size_t n) {
  uint64_t *it = calloc(n ? n : 1, sizeof *it);
  double *ns = calloc(n ? n : 1, sizeof *ns);
  if (!it || !ns) {
    free(it);
    free(ns);
    return 0;
  }
  for (size_t i = 0; i < n; i++) {
    it[i] = (uint64_t)(i + 1) * 10;
    ns[i] = mean * (double)it[i];
  }
  bbd_store_result_new_t r = {0};
  r.bench_id = bench;
  r.status = BBD_STORE_RESULT_OK;
  r.mean = r.median = r.slope = mean;
  r.stddev = mean / 100;
  r.ci_low = mean * 0.99;
  r.ci_high = mean * 1.01;
  r.estimates_json = "{\"mean\":1}";
  r.iters = it;
  r.ns = ns;
  r.n_samples = n;
  int64_t id = 0;
  int rc = bbd_store_result_insert(t->st, run, &r, &id, t->err, sizeof t->err);
  free(it);
  free(ns);
  if (rc)
    fprintf(stderr, "mk_result: %s\n", t->err);
  return rc ? 0 : id;
}

/* 0 if bbd_store_run_counts agrees with counting the runs table through a
 * raw handle on the same file. */
static inline int run_counts_consistent(test_env_t *t) {
  int64_t counts[BBD_STORE_RUN_NSTATES];
  if (bbd_store_run_counts(t->st, counts, t->err, sizeof t->err) != 0)
    return -1;
  sqlite3 *db = NULL;
  int bad = sqlite3_open_v2(t->db, &db, SQLITE_OPEN_READONLY, NULL);
  for (int i = 0; !bad && i < BBD_STORE_RUN_NSTATES; i++) {
    sqlite3_stmt *s = NULL;
    int64_t n = -1;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM runs WHERE state = ?1", -1,
                           &s, NULL) == SQLITE_OK) {
      sqlite3_bind_text(s, 1, bbd_store_run_state_name(i), -1, SQLITE_STATIC);
      if (sqlite3_step(s) == SQLITE_ROW)
        n = sqlite3_column_int64(s, 0);
    }
    sqlite3_finalize(s);
    if (n != counts[i]) {
      fprintf(stderr, "state %s: counted %lld, table says %lld\n",
              bbd_store_run_state_name(i), (long long)n, (long long)counts[i]);
      bad = 1;
    }
  }
  sqlite3_close(db);
  return bad ? -1 : 0;
}

#endif
