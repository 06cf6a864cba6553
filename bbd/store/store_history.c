/*
 * History queries: the time series of one benchmark's key numbers (input
 * of change-point detection and of the web chart) and the latest result of
 * every benchmark (for /metrics). Both read only indexed columns, never
 * the JSON documents or the sample blobs.
 */
#include <stdio.h>
#include <stdlib.h>
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
    bbd_store_history_point_t *na =
        bbd__obj_grow(h, h->items, h->count, &cap, sizeof *h->items,
                      (cap_hint ? cap_hint : 64));
    if (!na) {
      rc = bbd_errf(BBD_ENOMEM, err, errlen, "reading history");
      break;
    }
    h->items = na;
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

typedef struct run_index {
  int64_t run_id;
  size_t point;
} run_index_t;

static int cmp_run_index(const void *a, const void *b) {
  const run_index_t *x = a, *y = b;
  return x->run_id < y->run_id ? -1 : x->run_id > y->run_id;
}

/* Appends one tag to point p (arrays grow by doubling from 4). */
static int add_tag(bbd_store_history_t *h, bbd_store_history_point_t *p,
                   sqlite3_stmt *s) {
  size_t n = p->n_tags;
  if (n == 0 || (n >= 4 && (n & (n - 1)) == 0)) {
    size_t cap = n == 0 ? 4 : n * 2;
    void *na = bbd__obj_realloc(h, p->tags, cap * sizeof *p->tags);
    if (!na)
      return -1;
    p->tags = na;
  }
  int oom = 0;
  p->tags[n].key = bbd__obj_col_text(h, s, 1, &oom);
  p->tags[n].value = bbd__obj_col_text(h, s, 2, &oom);
  if (oom || !p->tags[n].key || !p->tags[n].value)
    return -1;
  p->n_tags = n + 1;
  return 0;
}

/*
 * Loads the tags of every point's run with ONE query (the run ids travel as
 * a JSON array through json_each) instead of one query per point: a
 * 1000-point history would otherwise spend most of its time in 1000 small
 * statements.
 */
static int load_tags_bulk(bbd_store_t *st, bbd_store_history_t *h, char *err,
                          size_t errlen) {
  if (h->count == 0)
    return 0;
  run_index_t *idx = malloc(h->count * sizeof *idx);
  char *ids = malloc(h->count * 22 + 3);
  int rc = 0;
  if (!idx || !ids) {
    rc = bbd_errf(BBD_ENOMEM, err, errlen, "loading history tags");
    goto out;
  }
  size_t len = 0;
  ids[len++] = '[';
  for (size_t i = 0; i < h->count; i++) {
    idx[i].run_id = h->items[i].run_id;
    idx[i].point = i;
    len += (size_t)snprintf(ids + len, 22, "%s%lld", i ? "," : "",
                            (long long)h->items[i].run_id);
  }
  ids[len++] = ']';
  ids[len] = '\0';
  qsort(idx, h->count, sizeof *idx, cmp_run_index);
  sqlite3_stmt *s =
      bbd__store_stmt(st,
                      "SELECT run_id, key, value FROM run_tags WHERE run_id IN"
                      " (SELECT value FROM json_each(?1)) ORDER BY run_id, key",
                      &rc, err, errlen);
  if (!s)
    goto out;
  bbd__bind_text(s, 1, ids);
  int r;
  while ((r = sqlite3_step(s)) == SQLITE_ROW) {
    run_index_t key = {sqlite3_column_int64(s, 0), 0};
    run_index_t *hit = bsearch(&key, idx, h->count, sizeof *idx, cmp_run_index);
    if (!hit)
      continue;
    /* Several points of one run (possible in latest-style queries) all
     * get the tags: walk the equal neighbours. */
    while (hit > idx && hit[-1].run_id == key.run_id)
      hit--;
    for (; hit < idx + h->count && hit->run_id == key.run_id; hit++)
      if (add_tag(h, &h->items[hit->point], s)) {
        rc = bbd_errf(BBD_ENOMEM, err, errlen, "loading history tags");
        break;
      }
    if (rc)
      break;
  }
  if (!rc && r != SQLITE_DONE)
    rc = bbd__store_sqlerr(st, r, "loading history tags", err, errlen);
  bbd__store_reset(s);
out:
  free(idx);
  free(ids);
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

  /* The statement's shape depends only on which filters are present. It
   * walks the results_history index newest first and stops at the limit;
   * the rows are reversed in memory below (cheaper than a second ORDER BY
   * through a temporary B-tree). */
  char sql[2048];
  int n = snprintf(sql, sizeof sql,
                   "SELECT " POINT_COLS " FROM results r%s"
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
                  " ORDER BY r.created_at DESC, r.run_id DESC LIMIT ?");
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
  for (size_t a = 0, b = h->count; !rc && a + 1 < b; a++, b--) {
    bbd_store_history_point_t tmp = h->items[a];
    h->items[a] = h->items[b - 1];
    h->items[b - 1] = tmp;
  }
  if (!rc)
    rc = load_tags_bulk(st, h, err, errlen);
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
  /* latest_results (schema 3) holds one row per benchmark, kept current
   * by the insert path and a delete trigger. */
  sqlite3_stmt *s =
      bbd__store_stmt(st,
                      "SELECT " POINT_COLS " FROM latest_results l"
                      " JOIN results r ON r.id = l.result_id"
                      " ORDER BY l.bench_id, l.variant",
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
