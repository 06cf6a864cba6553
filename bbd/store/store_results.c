/*
 * Results and their raw samples. One result is one transaction: the result
 * row, its sample blob, its counter series and the run's counters commit
 * together or not at all, so a crash or a full disk never leaves half a
 * result behind.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "samples.h"
#include "store_internal.h"

#define RESULT_COLS                                                            \
  "id, run_id, bench_id, variant, status, failure, mean, median, slope, "      \
  "stddev, ci_low, ci_high, unit, estimates, counters, alloc, warnings, "      \
  "verdict, regression, created_at, n_samples"

#define MAX_UNIT 64

static int check_result(const bbd_store_result_new_t *r, char *err,
                        size_t errlen) {
  int rc = bbd__check_str(r->bench_id, BBD_STORE_MAX_BENCH_ID, 1,
                          "benchmark id", err, errlen);
  if (!rc)
    rc = bbd__check_str(r->variant, BBD_STORE_MAX_NAME, 0, "variant", err,
                        errlen);
  if (!rc && r->status != BBD_STORE_RESULT_OK &&
      r->status != BBD_STORE_RESULT_FAILED)
    rc = bbd_errf(BBD_EINVAL, err, errlen, "invalid result status %d",
                  r->status);
  if (!rc)
    rc = bbd__check_str(r->failure, BBD_STORE_MAX_TEXT, 0, "failure reason",
                        err, errlen);
  if (!rc)
    rc = bbd__check_str(r->unit, MAX_UNIT, 0, "unit", err, errlen);
  if (!rc)
    rc = bbd__check_json(r->estimates_json, "estimates", err, errlen);
  if (!rc)
    rc = bbd__check_json(r->counters_json, "counters", err, errlen);
  if (!rc)
    rc = bbd__check_json(r->alloc_json, "allocation stats", err, errlen);
  if (!rc)
    rc = bbd__check_json(r->warnings_json, "warnings", err, errlen);
  if (!rc)
    rc = bbd__check_json(r->verdict_json, "verdict", err, errlen);
  if (rc)
    return rc;
  const double nums[] = {r->mean,   r->median, r->slope,
                         r->stddev, r->ci_low, r->ci_high};
  for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
    if (isinf(nums[i]))
      return bbd_errf(BBD_EINVAL, err, errlen,
                      "key numbers must be finite or NaN (absent)");
  if (r->n_samples > BBD_STORE_MAX_SAMPLES)
    return bbd_errf(BBD_EINVAL, err, errlen, "%zu samples exceed %u",
                    r->n_samples, BBD_STORE_MAX_SAMPLES);
  if (r->n_counters > BBD_STORE_MAX_COUNTERS)
    return bbd_errf(BBD_EINVAL, err, errlen, "%zu counter series exceed %d",
                    r->n_counters, BBD_STORE_MAX_COUNTERS);
  if (r->n_counters > 0 && (!r->counters || r->n_samples == 0))
    return bbd_errf(BBD_EINVAL, err, errlen,
                    "counter series need samples and an array");
  for (size_t i = 0; i < r->n_counters; i++) {
    rc = bbd__check_str(r->counters[i].name, BBD_STORE_MAX_NAME, 1,
                        "counter name", err, errlen);
    if (rc)
      return rc;
    if (!r->counters[i].values)
      return bbd_errf(BBD_EINVAL, err, errlen, "counter %s: NULL values",
                      r->counters[i].name);
    for (size_t j = 0; j < i; j++)
      if (strcmp(r->counters[i].name, r->counters[j].name) == 0)
        return bbd_errf(BBD_EINVAL, err, errlen, "counter %s given twice",
                        r->counters[i].name);
  }
  return 0;
}

/* Steps a write statement to completion; maps the failure. */
static int step_done(bbd_store_t *st, sqlite3_stmt *s, const char *what,
                     char *err, size_t errlen) {
  int r = sqlite3_step(s);
  int rc = r == SQLITE_DONE ? 0 : bbd__store_sqlerr(st, r, what, err, errlen);
  bbd__store_reset(s);
  return rc;
}

/* (Re)renders results.doc of one result from its columns (store_doc.c);
 * inside the caller's transaction. */
static int render_doc(bbd_store_t *st, int64_t rid, char *err, size_t errlen) {
  int rc = 0;
  sqlite3_stmt *s = bbd__store_stmt(
      st,
      "UPDATE results SET doc = bbd_result_doc(" BBD__RESULT_DOC_ARGS
      ") WHERE id = ?1",
      &rc, err, errlen);
  if (!s)
    return rc;
  sqlite3_bind_int64(s, 1, rid);
  return step_done(st, s, "render result document", err, errlen);
}

/* Inserts the result row and its blobs; inside the caller's transaction. */
static int insert_rows(bbd_store_t *st, int64_t run_id,
                       const bbd_store_result_new_t *res, const uint8_t *blob,
                       size_t bloblen, uint8_t *const *cblobs, int64_t *rid,
                       char *err, size_t errlen) {
  int rc = 0;
  sqlite3_stmt *s =
      bbd__store_stmt(st,
                      "UPDATE runs SET result_count = result_count + 1,"
                      " failed_count = failed_count + ?2,"
                      " regression_count = regression_count + ?3 WHERE id = ?1",
                      &rc, err, errlen);
  if (!s)
    return rc;
  sqlite3_bind_int64(s, 1, run_id);
  sqlite3_bind_int(s, 2, res->status == BBD_STORE_RESULT_FAILED);
  sqlite3_bind_int(s, 3, res->regression != 0);
  rc = step_done(st, s, "update run counts", err, errlen);
  if (!rc && sqlite3_changes(st->db) == 0)
    rc = bbd_errf(BBD_ENOTFOUND, err, errlen, "no run %lld", (long long)run_id);
  if (rc)
    return rc;

  s = bbd__store_stmt(
      st,
      "INSERT INTO results (run_id, bench_id, variant, status, failure,"
      " mean, median, slope, stddev, ci_low, ci_high, unit, estimates,"
      " counters, alloc, warnings, verdict, regression, created_at,"
      " n_samples) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
      " ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
      &rc, err, errlen);
  if (!s)
    return rc;
  sqlite3_bind_int64(s, 1, run_id);
  bbd__bind_text(s, 2, res->bench_id);
  bbd__bind_text(s, 3, res->variant ? res->variant : "");
  bbd__bind_text(s, 4, res->status == BBD_STORE_RESULT_OK ? "ok" : "failed");
  bbd__bind_text(s, 5, res->failure);
  bbd__bind_double(s, 6, res->mean);
  bbd__bind_double(s, 7, res->median);
  bbd__bind_double(s, 8, res->slope);
  bbd__bind_double(s, 9, res->stddev);
  bbd__bind_double(s, 10, res->ci_low);
  bbd__bind_double(s, 11, res->ci_high);
  bbd__bind_text(s, 12, res->unit ? res->unit : "ns/iter");
  bbd__bind_text(s, 13, res->estimates_json);
  bbd__bind_text(s, 14, res->counters_json);
  bbd__bind_text(s, 15, res->alloc_json);
  bbd__bind_text(s, 16, res->warnings_json);
  bbd__bind_text(s, 17, res->verdict_json);
  sqlite3_bind_int(s, 18, res->regression != 0);
  sqlite3_bind_int64(s, 19, bbd__store_now(st));
  sqlite3_bind_int64(s, 20, (int64_t)res->n_samples);
  rc = step_done(st, s, "insert result", err, errlen);
  if (rc == BBD_EEXIST)
    return bbd_errf(BBD_EEXIST, err, errlen,
                    "run %lld already has a result for %s%s%s",
                    (long long)run_id, res->bench_id,
                    res->variant && *res->variant ? " variant " : "",
                    res->variant ? res->variant : "");
  if (rc)
    return rc;
  *rid = sqlite3_last_insert_rowid(st->db);
  rc = render_doc(st, *rid, err, errlen);
  if (rc)
    return rc;

  /* The newest result of this benchmark is now this one, unless a result
   * with a later timestamp exists (a clock that stepped back). */
  s = bbd__store_stmt(
      st,
      "INSERT INTO latest_results (bench_id, variant, result_id)"
      " VALUES (?1, ?2, ?3) ON CONFLICT (bench_id, variant) DO UPDATE"
      " SET result_id = excluded.result_id"
      " WHERE (SELECT created_at FROM results WHERE id = excluded.result_id)"
      " >= (SELECT created_at FROM results"
      "     WHERE id = latest_results.result_id)",
      &rc, err, errlen);
  if (!s)
    return rc;
  bbd__bind_text(s, 1, res->bench_id);
  bbd__bind_text(s, 2, res->variant ? res->variant : "");
  sqlite3_bind_int64(s, 3, *rid);
  rc = step_done(st, s, "update latest result", err, errlen);
  if (rc)
    return rc;

  if (res->n_samples > 0) {
    s = bbd__store_stmt(st,
                        "INSERT INTO samples (result_id, data) VALUES (?1, ?2)",
                        &rc, err, errlen);
    if (!s)
      return rc;
    sqlite3_bind_int64(s, 1, *rid);
    sqlite3_bind_blob64(s, 2, blob, bloblen, SQLITE_STATIC);
    rc = step_done(st, s, "insert samples", err, errlen);
    if (rc)
      return rc;
  }
  size_t clen = bbd_samples_series_size(res->n_samples);
  for (size_t i = 0; i < res->n_counters; i++) {
    s = bbd__store_stmt(st,
                        "INSERT INTO sample_counters (result_id, name, data)"
                        " VALUES (?1, ?2, ?3)",
                        &rc, err, errlen);
    if (!s)
      return rc;
    sqlite3_bind_int64(s, 1, *rid);
    bbd__bind_text(s, 2, res->counters[i].name);
    sqlite3_bind_blob64(s, 3, cblobs[i], clen, SQLITE_STATIC);
    rc = step_done(st, s, "insert counter samples", err, errlen);
    if (rc)
      return rc;
  }
  return 0;
}

int bbd_store_result_insert(bbd_store_t *st, int64_t run_id,
                            const bbd_store_result_new_t *res,
                            int64_t *result_id, char *err, size_t errlen) {
  if (!st || !res)
    return bbd_errf(BBD_EINVAL, err, errlen, "NULL argument");
  int rc = check_result(res, err, errlen);
  if (rc)
    return rc;
  /* Encode before taking the write lock, so the lock is held only for the
   * database work. */
  size_t n = res->n_samples;
  size_t bloblen = bbd_samples_pairs_size(n);
  size_t clen = bbd_samples_series_size(n);
  uint8_t *blob = NULL;
  uint8_t *cblobs[BBD_STORE_MAX_COUNTERS] = {0};
  if (n > 0) {
    blob = malloc(bloblen);
    if (!blob)
      return bbd_errf(BBD_ENOMEM, err, errlen, "encoding %zu samples", n);
    rc = bbd_samples_pairs_encode(res->iters, res->ns, n, blob, bloblen, err,
                                  errlen);
  }
  for (size_t i = 0; !rc && i < res->n_counters; i++) {
    cblobs[i] = malloc(clen);
    if (!cblobs[i])
      rc = bbd_errf(BBD_ENOMEM, err, errlen, "encoding counters");
    else
      rc = bbd_samples_series_encode(res->counters[i].values, n, cblobs[i],
                                     clen, err, errlen);
  }
  int64_t rid = 0;
  if (!rc)
    rc = bbd__store_begin(st, err, errlen);
  if (!rc) {
    rc = insert_rows(st, run_id, res, blob, bloblen, cblobs, &rid, err, errlen);
    if (!rc)
      rc = bbd__store_commit(st, err, errlen);
    else
      bbd__store_rollback(st);
  }
  free(blob);
  for (size_t i = 0; i < res->n_counters; i++)
    free(cblobs[i]);
  if (!rc && result_id)
    *result_id = rid;
  return rc;
}

int bbd_store_result_set_verdict(bbd_store_t *st, int64_t result_id,
                                 const char *verdict_json, int regression,
                                 char *err, size_t errlen) {
  if (!st)
    return bbd_errf(BBD_EINVAL, err, errlen, "no store");
  int rc = bbd__check_json(verdict_json, "verdict", err, errlen);
  if (rc)
    return rc;
  rc = bbd__store_begin(st, err, errlen);
  if (rc)
    return rc;
  sqlite3_stmt *s = bbd__store_stmt(
      st, "UPDATE results SET verdict = ?2, regression = ?3 WHERE id = ?1", &rc,
      err, errlen);
  if (s) {
    sqlite3_bind_int64(s, 1, result_id);
    bbd__bind_text(s, 2, verdict_json);
    sqlite3_bind_int(s, 3, regression != 0);
    rc = step_done(st, s, "set verdict", err, errlen);
    if (!rc && sqlite3_changes(st->db) == 0)
      rc = bbd_errf(BBD_ENOTFOUND, err, errlen, "no result %lld",
                    (long long)result_id);
  }
  if (!rc)
    rc = render_doc(st, result_id, err, errlen);
  if (!rc) {
    s = bbd__store_stmt(
        st,
        "UPDATE runs SET regression_count = (SELECT count(*) FROM results"
        " WHERE results.run_id = runs.id AND regression = 1)"
        " WHERE id = (SELECT run_id FROM results WHERE id = ?1)",
        &rc, err, errlen);
    if (s) {
      sqlite3_bind_int64(s, 1, result_id);
      rc = step_done(st, s, "recount regressions", err, errlen);
    }
  }
  if (!rc)
    return bbd__store_commit(st, err, errlen);
  bbd__store_rollback(st);
  return rc;
}

/* Fills *r from a row of RESULT_COLS; strings attached to top. */
static int fill_result(void *top, sqlite3_stmt *s, bbd_store_result_t *r,
                       char *err, size_t errlen) {
  int oom = 0;
  r->id = sqlite3_column_int64(s, 0);
  r->run_id = sqlite3_column_int64(s, 1);
  r->bench_id = bbd__obj_col_text(top, s, 2, &oom);
  r->variant = bbd__obj_col_text(top, s, 3, &oom);
  const unsigned char *status = sqlite3_column_text(s, 4);
  if (status && strcmp((const char *)status, "ok") == 0)
    r->status = BBD_STORE_RESULT_OK;
  else if (status && strcmp((const char *)status, "failed") == 0)
    r->status = BBD_STORE_RESULT_FAILED;
  else
    return bbd_errf(BBD_EDB, err, errlen, "result %lld has an unknown status",
                    (long long)r->id);
  r->failure = bbd__obj_col_text(top, s, 5, &oom);
  r->mean = bbd__col_double(s, 6);
  r->median = bbd__col_double(s, 7);
  r->slope = bbd__col_double(s, 8);
  r->stddev = bbd__col_double(s, 9);
  r->ci_low = bbd__col_double(s, 10);
  r->ci_high = bbd__col_double(s, 11);
  r->unit = bbd__obj_col_text(top, s, 12, &oom);
  r->estimates_json = bbd__obj_col_text(top, s, 13, &oom);
  r->counters_json = bbd__obj_col_text(top, s, 14, &oom);
  r->alloc_json = bbd__obj_col_text(top, s, 15, &oom);
  r->warnings_json = bbd__obj_col_text(top, s, 16, &oom);
  r->verdict_json = bbd__obj_col_text(top, s, 17, &oom);
  r->regression = sqlite3_column_int(s, 18) != 0;
  r->created_ms = sqlite3_column_int64(s, 19);
  r->n_samples = sqlite3_column_int64(s, 20);
  if (oom)
    return bbd_errf(BBD_ENOMEM, err, errlen, "reading result");
  if (!r->bench_id || !r->variant || !r->unit)
    return bbd_errf(BBD_EDB, err, errlen, "result %lld has NULL columns",
                    (long long)r->id);
  return 0;
}

int bbd_store_result_get(bbd_store_t *st, int64_t result_id,
                         bbd_store_result_t **out, char *err, size_t errlen) {
  if (!out)
    return bbd_errf(BBD_EINVAL, err, errlen, "NULL output");
  *out = NULL;
  if (!st)
    return bbd_errf(BBD_EINVAL, err, errlen, "no store");
  int rc = 0;
  sqlite3_stmt *s =
      bbd__store_stmt(st, "SELECT " RESULT_COLS " FROM results WHERE id = ?1",
                      &rc, err, errlen);
  if (!s)
    return rc;
  sqlite3_bind_int64(s, 1, result_id);
  bbd_store_result_t *r = bbd__obj_new(sizeof *r);
  if (!r) {
    bbd__store_reset(s);
    return bbd_errf(BBD_ENOMEM, err, errlen, "reading result");
  }
  int step = sqlite3_step(s);
  if (step == SQLITE_ROW)
    rc = fill_result(r, s, r, err, errlen);
  else if (step == SQLITE_DONE)
    rc = bbd_errf(BBD_ENOTFOUND, err, errlen, "no result %lld",
                  (long long)result_id);
  else
    rc = bbd__store_sqlerr(st, step, "read result", err, errlen);
  bbd__store_reset(s);
  if (rc) {
    bbd__obj_free(r);
    return rc;
  }
  *out = r;
  return 0;
}

void bbd_store_result_free(bbd_store_result_t *res) {
  bbd__obj_free(res);
}

/* BBD_EINVAL without a store, BBD_ENOTFOUND unless run id exists: the
 * argument checks the run-scoped listings share. */
static int run_exists(bbd_store_t *st, int64_t id, char *err, size_t errlen) {
  if (!st)
    return bbd_errf(BBD_EINVAL, err, errlen, "no store");
  int rc = 0;
  sqlite3_stmt *s =
      bbd__store_stmt(st, "SELECT 1 FROM runs WHERE id = ?1", &rc, err, errlen);
  if (!s)
    return rc;
  sqlite3_bind_int64(s, 1, id);
  int r = sqlite3_step(s);
  if (r == SQLITE_DONE)
    rc = bbd_errf(BBD_ENOTFOUND, err, errlen, "no run %lld", (long long)id);
  else if (r != SQLITE_ROW)
    rc = bbd__store_sqlerr(st, r, "read run", err, errlen);
  bbd__store_reset(s);
  return rc;
}

int bbd_store_result_list(bbd_store_t *st, int64_t run_id,
                          bbd_store_result_list_t **out, char *err,
                          size_t errlen) {
  if (!out)
    return bbd_errf(BBD_EINVAL, err, errlen, "NULL output");
  *out = NULL;
  int rc = run_exists(st, run_id, err, errlen);
  if (rc)
    return rc;
  sqlite3_stmt *s = bbd__store_stmt(st,
                                    "SELECT " RESULT_COLS " FROM results"
                                    " WHERE run_id = ?1"
                                    " ORDER BY bench_id, variant",
                                    &rc, err, errlen);
  if (!s)
    return rc;
  sqlite3_bind_int64(s, 1, run_id);
  bbd_store_result_list_t *list = bbd__obj_new(sizeof *list);
  if (!list) {
    bbd__store_reset(s);
    return bbd_errf(BBD_ENOMEM, err, errlen, "listing results");
  }
  size_t cap = 0;
  int r;
  while (!rc && (r = sqlite3_step(s)) == SQLITE_ROW) {
    bbd_store_result_t *na = bbd__obj_grow(list, list->items, list->count, &cap,
                                           sizeof *list->items, 16);
    if (!na) {
      rc = bbd_errf(BBD_ENOMEM, err, errlen, "listing results");
      break;
    }
    list->items = na;
    bbd_store_result_t *it = &list->items[list->count];
    memset(it, 0, sizeof *it);
    rc = fill_result(list, s, it, err, errlen);
    if (!rc)
      list->count++;
  }
  if (!rc && r != SQLITE_DONE)
    rc = bbd__store_sqlerr(st, r, "list results", err, errlen);
  bbd__store_reset(s);
  if (rc) {
    bbd__obj_free(list);
    return rc;
  }
  *out = list;
  return 0;
}

void bbd_store_result_list_free(bbd_store_result_list_t *list) {
  bbd__obj_free(list);
}

/* Appends n bytes to the growing buffer *b (length *len, capacity *cap). */
static int buf_append(char **b, size_t *len, size_t *cap, const void *p,
                      size_t n) {
  if (*len + n + 1 > *cap) {
    size_t c = *cap ? *cap : 65536;
    while (c < *len + n + 1) {
      if (c > SIZE_MAX / 2)
        return -1;
      c *= 2;
    }
    char *nb = realloc(*b, c);
    if (!nb)
      return -1;
    *b = nb;
    *cap = c;
  }
  memcpy(*b + *len, p, n);
  *len += n;
  (*b)[*len] = '\0';
  return 0;
}

int bbd_store_result_docs(bbd_store_t *st, int64_t run_id, char **out,
                          size_t *len, char *err, size_t errlen) {
  if (!out || !len)
    return bbd_errf(BBD_EINVAL, err, errlen, "NULL output");
  *out = NULL;
  *len = 0;
  int rc = run_exists(st, run_id, err, errlen);
  if (rc)
    return rc;
  /* coalesce: a row written by another tool (the sqlite3 shell) may lack
   * its document; it is rendered on the fly then. */
  sqlite3_stmt *s = bbd__store_stmt(
      st,
      "SELECT coalesce(doc, bbd_result_doc(" BBD__RESULT_DOC_ARGS "))"
      " FROM results WHERE run_id = ?1 ORDER BY bench_id, variant",
      &rc, err, errlen);
  if (!s)
    return rc;
  sqlite3_bind_int64(s, 1, run_id);
  char *b = NULL;
  size_t n = 0, cap = 0;
  int r = SQLITE_DONE, oom = buf_append(&b, &n, &cap, "[", 1) != 0;
  while (!rc && !oom && (r = sqlite3_step(s)) == SQLITE_ROW) {
    const unsigned char *t = sqlite3_column_text(s, 0);
    int tl = sqlite3_column_bytes(s, 0);
    if (!t || tl <= 0)
      rc = bbd_errf(BBD_EDB, err, errlen,
                    "run %lld: a result has an empty document",
                    (long long)run_id);
    else if ((n > 1 && buf_append(&b, &n, &cap, ",", 1)) ||
             buf_append(&b, &n, &cap, t, (size_t)tl))
      oom = 1;
  }
  if (!rc && !oom && r != SQLITE_DONE)
    rc = bbd__store_sqlerr(st, r, "list result documents", err, errlen);
  if (!rc && (oom || buf_append(&b, &n, &cap, "]", 1)))
    rc = bbd_errf(BBD_ENOMEM, err, errlen, "listing result documents");
  bbd__store_reset(s);
  if (rc) {
    free(b);
    return rc;
  }
  *out = b;
  *len = n;
  return 0;
}

/* ---------------------------------------------------------------- samples */

/* Reads the result's declared sample count: the blob must agree with it. */
static int result_n_samples(bbd_store_t *st, int64_t result_id, int64_t *n,
                            char *err, size_t errlen) {
  int rc = 0;
  sqlite3_stmt *s = bbd__store_stmt(
      st, "SELECT n_samples FROM results WHERE id = ?1", &rc, err, errlen);
  if (!s)
    return rc;
  sqlite3_bind_int64(s, 1, result_id);
  int r = sqlite3_step(s);
  if (r == SQLITE_ROW)
    *n = sqlite3_column_int64(s, 0);
  else if (r == SQLITE_DONE)
    rc = bbd_errf(BBD_ENOTFOUND, err, errlen, "no result %lld",
                  (long long)result_id);
  else
    rc = bbd__store_sqlerr(st, r, "read result", err, errlen);
  bbd__store_reset(s);
  if (!rc && (*n < 0 || *n > (int64_t)BBD_STORE_MAX_SAMPLES))
    rc = bbd_errf(BBD_EDB, err, errlen,
                  "result %lld: stored sample count %lld out of range",
                  (long long)result_id, (long long)*n);
  return rc;
}

static int load_pairs(bbd_store_t *st, int64_t result_id,
                      bbd_store_samples_t *out, size_t want, char *err,
                      size_t errlen) {
  int rc = 0;
  sqlite3_stmt *s = bbd__store_stmt(
      st, "SELECT data FROM samples WHERE result_id = ?1", &rc, err, errlen);
  if (!s)
    return rc;
  sqlite3_bind_int64(s, 1, result_id);
  int r = sqlite3_step(s);
  char why[256] = "";
  if (r == SQLITE_DONE) {
    if (want != 0)
      rc = bbd_errf(BBD_EDB, err, errlen,
                    "result %lld: %zu samples recorded but none stored",
                    (long long)result_id, want);
  } else if (r != SQLITE_ROW) {
    rc = bbd__store_sqlerr(st, r, "read samples", err, errlen);
  } else {
    const uint8_t *blob = sqlite3_column_blob(s, 0);
    int len = sqlite3_column_bytes(s, 0);
    int kind = 0;
    size_t n = 0;
    if (len < 0 ||
        bbd_samples_header(blob, (size_t)len, &kind, &n, why, sizeof why))
      rc = BBD_EDB;
    else if (kind != BBD_SAMPLES_KIND_PAIRS || n != want)
      rc = bbd_errf(BBD_EDB, why, sizeof why,
                    "kind %d with %zu records, expected %zu samples", kind, n,
                    want);
    if (!rc && n > 0) {
      out->iters = bbd__obj_alloc(out, n * sizeof *out->iters);
      out->ns = bbd__obj_alloc(out, n * sizeof *out->ns);
      if (!out->iters || !out->ns)
        rc = bbd_errf(BBD_ENOMEM, err, errlen, "reading %zu samples", n);
      else if (bbd_samples_pairs_decode(blob, (size_t)len, out->iters, out->ns,
                                        n, &out->n, why, sizeof why))
        rc = BBD_EDB;
    }
    if (rc == BBD_EDB)
      bbd_errf(BBD_EDB, err, errlen, "result %lld: corrupt sample blob: %s",
               (long long)result_id, why);
  }
  bbd__store_reset(s);
  return rc;
}

static int load_counters(bbd_store_t *st, int64_t result_id,
                         bbd_store_samples_t *out, char *err, size_t errlen) {
  int rc = 0;
  sqlite3_stmt *s = bbd__store_stmt(
      st,
      "SELECT name, data FROM sample_counters WHERE result_id = ?1"
      " ORDER BY name",
      &rc, err, errlen);
  if (!s)
    return rc;
  sqlite3_bind_int64(s, 1, result_id);
  size_t cap = 0;
  int r;
  char why[256] = "";
  while (!rc && (r = sqlite3_step(s)) == SQLITE_ROW) {
    if (out->n_counters >= BBD_STORE_MAX_COUNTERS) {
      rc = bbd_errf(BBD_EDB, err, errlen,
                    "result %lld: more than %d counter series",
                    (long long)result_id, BBD_STORE_MAX_COUNTERS);
      break;
    }
    bbd_store_sample_counter_t *na = bbd__obj_grow(
        out, out->counters, out->n_counters, &cap, sizeof *out->counters, 4);
    if (!na) {
      rc = bbd_errf(BBD_ENOMEM, err, errlen, "reading counters");
      break;
    }
    out->counters = na;
    bbd_store_sample_counter_t *c = &out->counters[out->n_counters];
    int oom = 0;
    c->name = bbd__obj_col_text(out, s, 0, &oom);
    c->values = NULL;
    const uint8_t *blob = sqlite3_column_blob(s, 1);
    int len = sqlite3_column_bytes(s, 1);
    int kind = 0;
    size_t n = 0, got = 0;
    if (oom || !c->name) {
      rc = bbd_errf(oom ? BBD_ENOMEM : BBD_EDB, err, errlen,
                    "result %lld: reading counter name", (long long)result_id);
    } else if (len < 0 || bbd_samples_header(blob, (size_t)len, &kind, &n, why,
                                             sizeof why)) {
      rc = BBD_EDB;
    } else if (kind != BBD_SAMPLES_KIND_SERIES || n != out->n) {
      rc = bbd_errf(BBD_EDB, why, sizeof why,
                    "kind %d with %zu values for %zu samples", kind, n, out->n);
    } else if (n > 0) {
      c->values = bbd__obj_alloc(out, n * sizeof *c->values);
      if (!c->values)
        rc = bbd_errf(BBD_ENOMEM, err, errlen, "reading counters");
      else if (bbd_samples_series_decode(blob, (size_t)len, c->values, n, &got,
                                         why, sizeof why))
        rc = BBD_EDB;
    }
    if (rc == BBD_EDB && why[0])
      bbd_errf(BBD_EDB, err, errlen, "result %lld: corrupt counter blob %s: %s",
               (long long)result_id, c->name ? c->name : "?", why);
    if (!rc)
      out->n_counters++;
  }
  if (!rc && r != SQLITE_DONE)
    rc = bbd__store_sqlerr(st, r, "read counters", err, errlen);
  bbd__store_reset(s);
  return rc;
}

int bbd_store_samples_get(bbd_store_t *st, int64_t result_id,
                          bbd_store_samples_t **out, char *err, size_t errlen) {
  if (!out)
    return bbd_errf(BBD_EINVAL, err, errlen, "NULL output");
  *out = NULL;
  if (!st)
    return bbd_errf(BBD_EINVAL, err, errlen, "no store");
  int64_t want = 0;
  int rc = result_n_samples(st, result_id, &want, err, errlen);
  if (rc)
    return rc;
  bbd_store_samples_t *sm = bbd__obj_new(sizeof *sm);
  if (!sm)
    return bbd_errf(BBD_ENOMEM, err, errlen, "reading samples");
  rc = load_pairs(st, result_id, sm, (size_t)want, err, errlen);
  if (!rc)
    rc = load_counters(st, result_id, sm, err, errlen);
  if (rc) {
    bbd__obj_free(sm);
    return rc;
  }
  *out = sm;
  return 0;
}

void bbd_store_samples_free(bbd_store_samples_t *s) {
  bbd__obj_free(s);
}
