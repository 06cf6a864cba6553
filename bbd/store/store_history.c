/*
 * History queries: the time series of one benchmark's key numbers (input
 * of change-point detection and of the web chart) and the latest result of
 * every benchmark (for /metrics). Both read only indexed columns, never
 * the JSON documents or the sample blobs.
 */
#include <stdio.h>
#include <string.h>

#include "store_internal.h"

#define POINT_COLS                                                             \
  "r.id, r.run_id, r.created_at, r.bench_id, r.variant, r.status, r.mean, "    \
  "r.median, r.slope, r.stddev, r.ci_low, r.ci_high, r.regression"

static int fill_point(void *top, sqlite3_stmt *s, bbd_store_history_point_t *p,
                      char *err, size_t errlen) {
  int oom = 0;
  p->result_id = sqlite3_column_int64(s, 0);
  p->run_id = sqlite3_column_int64(s, 1);
  p->time_ms = sqlite3_column_int64(s, 2);
  p->bench_id = bbd__obj_col_text(top, s, 3, &oom);
  p->variant = bbd__obj_col_text(top, s, 4, &oom);
  const unsigned char *status = sqlite3_column_text(s, 5);
  p->status = status && strcmp((const char *)status, "ok") == 0
                  ? BBD_STORE_RESULT_OK
                  : BBD_STORE_RESULT_FAILED;
  p->mean = bbd__col_double(s, 6);
  p->median = bbd__col_double(s, 7);
  p->slope = bbd__col_double(s, 8);
  p->stddev = bbd__col_double(s, 9);
  p->ci_low = bbd__col_double(s, 10);
  p->ci_high = bbd__col_double(s, 11);
  p->regression = sqlite3_column_int(s, 12) != 0;
  if (oom || !p->bench_id || !p->variant)
    return bbd_errf(oom ? BBD_ENOMEM : BBD_EDB, err, errlen,
                    "reading history point");
  return 0;
}

/* Steps s, appending every row to h. */
static int collect_points(bbd_store_t *st, sqlite3_stmt *s,
                          bbd_store_history_t *h, size_t cap_hint, char *err,
                          size_t errlen) {
  int rc = 0, r;
  size_t cap = 0;
  while (!rc && (r = sqlite3_step(s)) == SQLITE_ROW) {
    if (h->count == cap) {
      size_t ncap = cap ? cap * 2 : (cap_hint ? cap_hint : 64);
      void *na = bbd__obj_realloc(h, h->items, ncap * sizeof *h->items);
      if (!na) {
        rc = bbd_errf(BBD_ENOMEM, err, errlen, "reading history");
        break;
      }
      h->items = na;
      cap = ncap;
    }
    bbd_store_history_point_t *p = &h->items[h->count];
    memset(p, 0, sizeof *p);
    rc = fill_point(h, s, p, err, errlen);
    if (!rc)
      h->count++;
  }
  if (!rc && r != SQLITE_DONE)
    rc = bbd__store_sqlerr(st, r, "history", err, errlen);
  bbd__store_reset(s);
  return rc;
}

int bbd_store_history(bbd_store_t *st, const bbd_store_history_query_t *q,
                      bbd_store_history_t **out, char *err, size_t errlen) {
  if (!out)
    return bbd_errf(BBD_EINVAL, err, errlen, "NULL output");
  *out = NULL;
  if (!st || !q)
    return bbd_errf(BBD_EINVAL, err, errlen, "NULL argument");
  int rc = bbd__check_str(q->bench_id, BBD_STORE_MAX_BENCH_ID, 1,
                          "benchmark id", err, errlen);
  if (!rc)
    rc = bbd__check_str(q->variant, BBD_STORE_MAX_NAME, 0, "variant", err,
                        errlen);
  if (!rc)
    rc = bbd__check_tags(q->tags, q->n_tags, BBD_STORE_MAX_FILTER_TAGS, 0, err,
                         errlen);
  if (rc)
    return rc;
  size_t limit = q->limit ? q->limit : 1000;
  if (limit > 100000 || q->since_ms < 0 || q->machine_id < 0)
    return bbd_errf(BBD_EINVAL, err, errlen,
                    "history limit or filter out of "
                    "range");

  /* The statement's shape depends only on which filters are present; the
   * inner query walks the results_history index newest first and stops at
   * the limit, the outer one restores time order. */
  char sql[2048];
  int n = snprintf(sql, sizeof sql,
                   "SELECT * FROM (SELECT " POINT_COLS " FROM results r%s"
                   " WHERE r.bench_id = ? AND r.variant = ?%s%s%s",
                   q->machine_id ? " JOIN runs u ON u.id = r.run_id" : "",
                   q->ok_only ? " AND r.status = 'ok'" : "",
                   q->since_ms ? " AND r.created_at >= ?" : "",
                   q->machine_id ? " AND u.machine_id = ?" : "");
  for (size_t i = 0; n > 0 && (size_t)n < sizeof sql && i < q->n_tags; i++)
    n += snprintf(sql + n, sizeof sql - (size_t)n,
                  " AND EXISTS (SELECT 1 FROM run_tags t WHERE t.run_id ="
                  " r.run_id AND t.key = ? AND t.value = ?)");
  if (n > 0 && (size_t)n < sizeof sql)
    n += snprintf(sql + n, sizeof sql - (size_t)n,
                  " ORDER BY r.created_at DESC, r.id DESC LIMIT ?)"
                  " ORDER BY created_at ASC, id ASC");
  if (n < 0 || (size_t)n >= sizeof sql)
    return bbd_errf(BBD_EINVAL, err, errlen, "history filter too complex");
  sqlite3_stmt *s = bbd__store_stmt(st, sql, &rc, err, errlen);
  if (!s)
    return rc;
  int i = 1;
  bbd__bind_text(s, i++, q->bench_id);
  bbd__bind_text(s, i++, q->variant ? q->variant : "");
  if (q->since_ms)
    sqlite3_bind_int64(s, i++, q->since_ms);
  if (q->machine_id)
    sqlite3_bind_int64(s, i++, q->machine_id);
  for (size_t k = 0; k < q->n_tags; k++) {
    bbd__bind_text(s, i++, q->tags[k].key);
    bbd__bind_text(s, i++, q->tags[k].value);
  }
  sqlite3_bind_int64(s, i, (int64_t)limit);

  bbd_store_history_t *h = bbd__obj_new(sizeof *h);
  if (!h) {
    bbd__store_reset(s);
    return bbd_errf(BBD_ENOMEM, err, errlen, "reading history");
  }
  rc = collect_points(st, s, h, limit < 64 ? limit : 64, err, errlen);
  for (size_t k = 0; !rc && k < h->count; k++)
    rc = bbd__store_load_tags(st, h, h->items[k].run_id, &h->items[k].tags,
                              &h->items[k].n_tags, err, errlen);
  if (rc) {
    bbd__obj_free(h);
    return rc;
  }
  *out = h;
  return 0;
}

void bbd_store_history_free(bbd_store_history_t *h) {
  bbd__obj_free(h);
}

int bbd_store_latest_results(bbd_store_t *st, bbd_store_history_t **out,
                             char *err, size_t errlen) {
  if (!out)
    return bbd_errf(BBD_EINVAL, err, errlen, "NULL output");
  *out = NULL;
  if (!st)
    return bbd_errf(BBD_EINVAL, err, errlen, "no store");
  int rc = 0;
  /* For each distinct (bench_id, variant) of the index, the newest row:
   * the correlated subquery is one index seek per benchmark. */
  sqlite3_stmt *s = bbd__store_stmt(
      st,
      "SELECT " POINT_COLS " FROM (SELECT DISTINCT bench_id, variant"
      " FROM results) b JOIN results r ON r.id = (SELECT x.id FROM results x"
      " WHERE x.bench_id = b.bench_id AND x.variant = b.variant"
      " ORDER BY x.created_at DESC, x.id DESC LIMIT 1)"
      " ORDER BY r.bench_id, r.variant",
      &rc, err, errlen);
  if (!s)
    return rc;
  bbd_store_history_t *h = bbd__obj_new(sizeof *h);
  if (!h) {
    bbd__store_reset(s);
    return bbd_errf(BBD_ENOMEM, err, errlen, "reading latest results");
  }
  rc = collect_points(st, s, h, 64, err, errlen);
  if (rc) {
    bbd__obj_free(h);
    return rc;
  }
  *out = h;
  return 0;
}
