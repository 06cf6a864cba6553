/*
 * Runs: creation, state machine, listing with filters and paging, deletion
 * and the startup sweep that marks interrupted runs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

static const char *const state_names[BBD_STORE_RUN_NSTATES] = {
    "queued", "running", "done", "failed", "cancelled", "interrupted"};

const char *bbd_store_run_state_name(int state) {
  if (state < 0 || state >= BBD_STORE_RUN_NSTATES)
    return NULL;
  return state_names[state];
}

int bbd_store_run_state_parse(const char *name) {
  for (int i = 0; name && i < BBD_STORE_RUN_NSTATES; i++)
    if (strcmp(name, state_names[i]) == 0)
      return i;
  return -1;
}

static int is_terminal(int state) {
  return state == BBD_STORE_RUN_DONE || state == BBD_STORE_RUN_FAILED ||
         state == BBD_STORE_RUN_CANCELLED || state == BBD_STORE_RUN_INTERRUPTED;
}

/* The column list every run query selects, in the order fill_run reads. */
#define RUN_COLS                                                               \
  "id, state, created_at, started_at, finished_at, config, machine_id, "       \
  "env_id, benchmark_count, result_count, failed_count, regression_count, "    \
  "error"

static int64_t col_i64(sqlite3_stmt *s, int i) {
  return sqlite3_column_int64(s, i); /* NULL reads as 0 = "not set" */
}

/* Fills *run from a row of RUN_COLS; strings are attached to top. Tags are
 * loaded by the caller once the row statement is reset. */
static int fill_run(bbd_store_t *st, void *top, sqlite3_stmt *s,
                    bbd_store_run_t *run, char *err, size_t errlen) {
  int oom = 0;
  run->id = col_i64(s, 0);
  const unsigned char *state = sqlite3_column_text(s, 1);
  run->state = bbd_store_run_state_parse(state ? (const char *)state : "");
  if (run->state < 0) /* the CHECK constraint makes this a damaged file */
    return bbd_errf(BBD_EDB, err, errlen, "run %lld has an unknown state",
                    (long long)run->id);
  run->created_ms = col_i64(s, 2);
  run->started_ms = col_i64(s, 3);
  run->finished_ms = col_i64(s, 4);
  run->config_json = bbd__obj_col_text(top, s, 5, &oom);
  run->machine_id = col_i64(s, 6);
  run->env_id = col_i64(s, 7);
  run->benchmark_count = col_i64(s, 8);
  run->result_count = col_i64(s, 9);
  run->failed_count = col_i64(s, 10);
  run->regression_count = col_i64(s, 11);
  run->error = bbd__obj_col_text(top, s, 12, &oom);
  if (oom)
    return bbd_errf(BBD_ENOMEM, err, errlen, "reading run %lld",
                    (long long)run->id);
  (void)st;
  return 0;
}

int bbd_store_run_create(bbd_store_t *st, const bbd_store_run_new_t *req,
                         int64_t *id, char *err, size_t errlen) {
  if (!st || !req)
    return bbd_errf(BBD_EINVAL, err, errlen, "NULL argument");
  int rc = bbd__check_json(req->config_json, "run config", err, errlen);
  if (!rc)
    rc = bbd__check_tags(req->tags, req->n_tags, BBD_STORE_MAX_TAGS, 1, err,
                         errlen);
  if (!rc &&
      (req->benchmark_count < 0 || req->machine_id < 0 || req->env_id < 0))
    rc = bbd_errf(BBD_EINVAL, err, errlen, "negative count or id");
  if (rc)
    return rc;
  rc = bbd__store_begin(st, err, errlen);
  if (rc)
    return rc;
  sqlite3_stmt *s = bbd__store_stmt(
      st,
      "INSERT INTO runs (state, created_at, config, machine_id, env_id, "
      "benchmark_count) VALUES ('queued', ?1, ?2, ?3, ?4, ?5)",
      &rc, err, errlen);
  int64_t rid = 0;
  if (s) {
    sqlite3_bind_int64(s, 1, bbd__store_now(st));
    bbd__bind_text(s, 2, req->config_json);
    bbd__bind_id(s, 3, req->machine_id);
    bbd__bind_id(s, 4, req->env_id);
    sqlite3_bind_int64(s, 5, req->benchmark_count);
    int r = sqlite3_step(s);
    if (r != SQLITE_DONE) {
      rc = bbd__store_sqlerr(st, r, "create run", err, errlen);
      if (rc == BBD_ECONFLICT)
        rc = bbd_errf(BBD_ENOTFOUND, err, errlen,
                      "create run: unknown machine %lld or environment %lld",
                      (long long)req->machine_id, (long long)req->env_id);
    }
    rid = sqlite3_last_insert_rowid(st->db);
    bbd__store_reset(s);
  }
  for (size_t i = 0; !rc && i < req->n_tags; i++) {
    s = bbd__store_stmt(
        st, "INSERT INTO run_tags (run_id, key, value) VALUES (?1, ?2, ?3)",
        &rc, err, errlen);
    if (!s)
      break;
    sqlite3_bind_int64(s, 1, rid);
    bbd__bind_text(s, 2, req->tags[i].key);
    bbd__bind_text(s, 3, req->tags[i].value);
    int r = sqlite3_step(s);
    if (r != SQLITE_DONE)
      rc = bbd__store_sqlerr(st, r, "store run tag", err, errlen);
    bbd__store_reset(s);
  }
  if (!rc)
    rc = bbd__store_commit(st, err, errlen);
  else
    bbd__store_rollback(st);
  if (!rc && id)
    *id = rid;
  return rc;
}

/* Reads the state of run id into *state; BBD_ENOTFOUND if absent. */
static int read_state(bbd_store_t *st, int64_t id, int *state, char *err,
                      size_t errlen) {
  int rc = 0;
  sqlite3_stmt *s = bbd__store_stmt(st, "SELECT state FROM runs WHERE id = ?1",
                                    &rc, err, errlen);
  if (!s)
    return rc;
  sqlite3_bind_int64(s, 1, id);
  int r = sqlite3_step(s);
  if (r == SQLITE_ROW) {
    const unsigned char *t = sqlite3_column_text(s, 0);
    *state = bbd_store_run_state_parse(t ? (const char *)t : "");
    if (*state < 0)
      rc = bbd_errf(BBD_EDB, err, errlen, "run %lld has an unknown state",
                    (long long)id);
  } else if (r == SQLITE_DONE) {
    rc = bbd_errf(BBD_ENOTFOUND, err, errlen, "no run %lld", (long long)id);
  } else {
    rc = bbd__store_sqlerr(st, r, "read run state", err, errlen);
  }
  bbd__store_reset(s);
  return rc;
}

static int transition_ok(int from, int to) {
  if (from == BBD_STORE_RUN_QUEUED)
    return to == BBD_STORE_RUN_RUNNING || to == BBD_STORE_RUN_CANCELLED ||
           to == BBD_STORE_RUN_INTERRUPTED || to == BBD_STORE_RUN_FAILED;
  if (from == BBD_STORE_RUN_RUNNING)
    return is_terminal(to);
  return 0;
}

int bbd_store_run_set_state(bbd_store_t *st, int64_t id, int state,
                            const char *error, char *err, size_t errlen) {
  if (!st || !bbd_store_run_state_name(state))
    return bbd_errf(BBD_EINVAL, err, errlen, "invalid run state %d", state);
  int rc =
      bbd__check_str(error, BBD_STORE_MAX_TEXT, 0, "run error", err, errlen);
  if (rc)
    return rc;
  rc = bbd__store_begin(st, err, errlen);
  if (rc)
    return rc;
  int cur = -1;
  rc = read_state(st, id, &cur, err, errlen);
  if (!rc && cur == state) {
    bbd__store_rollback(st);
    return 0;
  }
  if (!rc && !transition_ok(cur, state))
    rc = bbd_errf(BBD_ESTATE, err, errlen, "run %lld is %s, cannot become %s",
                  (long long)id, state_names[cur], state_names[state]);
  if (!rc) {
    sqlite3_stmt *s = bbd__store_stmt(
        st,
        "UPDATE runs SET state = ?2,"
        " started_at = CASE WHEN ?2 = 'running' AND started_at IS NULL"
        "   THEN ?3 ELSE started_at END,"
        " finished_at = CASE WHEN ?4 AND finished_at IS NULL"
        "   THEN ?3 ELSE finished_at END,"
        " error = coalesce(?5, error)"
        " WHERE id = ?1",
        &rc, err, errlen);
    if (s) {
      sqlite3_bind_int64(s, 1, id);
      bbd__bind_text(s, 2, state_names[state]);
      sqlite3_bind_int64(s, 3, bbd__store_now(st));
      sqlite3_bind_int(s, 4, is_terminal(state));
      bbd__bind_text(s, 5, error);
      int r = sqlite3_step(s);
      if (r != SQLITE_DONE)
        rc = bbd__store_sqlerr(st, r, "set run state", err, errlen);
      bbd__store_reset(s);
    }
  }
  if (!rc)
    return bbd__store_commit(st, err, errlen);
  bbd__store_rollback(st);
  return rc;
}

/* Runs a one-statement UPDATE on runs that binds ?1 = id; BBD_ENOTFOUND if
 * no row changed. `bind` binds the remaining parameters. */
static int update_run(bbd_store_t *st, int64_t id, const char *sql,
                      const int64_t *vals, int nvals, char *err,
                      size_t errlen) {
  int rc = 0;
  sqlite3_stmt *s = bbd__store_stmt(st, sql, &rc, err, errlen);
  if (!s)
    return rc;
  sqlite3_bind_int64(s, 1, id);
  for (int i = 0; i < nvals; i++)
    sqlite3_bind_int64(s, i + 2, vals[i]);
  int r = sqlite3_step(s);
  if (r != SQLITE_DONE)
    rc = bbd__store_sqlerr(st, r, "update run", err, errlen);
  else if (sqlite3_changes(st->db) == 0)
    rc = bbd_errf(BBD_ENOTFOUND, err, errlen, "no run %lld", (long long)id);
  bbd__store_reset(s);
  return rc;
}

int bbd_store_run_set_times(bbd_store_t *st, int64_t id, int64_t started_ms,
                            int64_t finished_ms, char *err, size_t errlen) {
  if (!st)
    return bbd_errf(BBD_EINVAL, err, errlen, "no store");
  int64_t v[2] = {started_ms, finished_ms};
  return update_run(st, id,
                    "UPDATE runs SET"
                    " started_at = CASE WHEN ?2 < 0 THEN started_at"
                    "   WHEN ?2 = 0 THEN NULL ELSE ?2 END,"
                    " finished_at = CASE WHEN ?3 < 0 THEN finished_at"
                    "   WHEN ?3 = 0 THEN NULL ELSE ?3 END"
                    " WHERE id = ?1",
                    v, 2, err, errlen);
}

int bbd_store_run_set_benchmark_count(bbd_store_t *st, int64_t id,
                                      int64_t count, char *err, size_t errlen) {
  if (!st || count < 0)
    return bbd_errf(BBD_EINVAL, err, errlen, "invalid benchmark count");
  return update_run(st, id,
                    "UPDATE runs SET benchmark_count = ?2 WHERE id = ?1",
                    &count, 1, err, errlen);
}

int bbd_store_run_set_env(bbd_store_t *st, int64_t id, int64_t machine_id,
                          int64_t env_id, char *err, size_t errlen) {
  if (!st || machine_id <= 0 || env_id <= 0)
    return bbd_errf(BBD_EINVAL, err, errlen, "invalid machine or environment");
  int64_t v[2] = {machine_id, env_id};
  return update_run(
      st, id, "UPDATE runs SET machine_id = ?2, env_id = ?3 WHERE id = ?1", v,
      2, err, errlen);
}

int bbd_store_run_get(bbd_store_t *st, int64_t id, bbd_store_run_t **out,
                      char *err, size_t errlen) {
  if (!out)
    return bbd_errf(BBD_EINVAL, err, errlen, "NULL output");
  *out = NULL;
  if (!st)
    return bbd_errf(BBD_EINVAL, err, errlen, "no store");
  int rc = 0;
  sqlite3_stmt *s = bbd__store_stmt(
      st, "SELECT " RUN_COLS " FROM runs WHERE id = ?1", &rc, err, errlen);
  if (!s)
    return rc;
  sqlite3_bind_int64(s, 1, id);
  bbd_store_run_t *run = bbd__obj_new(sizeof *run);
  if (!run) {
    bbd__store_reset(s);
    return bbd_errf(BBD_ENOMEM, err, errlen, "reading run");
  }
  int r = sqlite3_step(s);
  if (r == SQLITE_ROW)
    rc = fill_run(st, run, s, run, err, errlen);
  else if (r == SQLITE_DONE)
    rc = bbd_errf(BBD_ENOTFOUND, err, errlen, "no run %lld", (long long)id);
  else
    rc = bbd__store_sqlerr(st, r, "read run", err, errlen);
  bbd__store_reset(s);
  if (!rc)
    rc = bbd__store_load_tags(st, run, id, &run->tags, &run->n_tags, err,
                              errlen);
  if (rc) {
    bbd__obj_free(run);
    return rc;
  }
  *out = run;
  return 0;
}

void bbd_store_run_free(bbd_store_run_t *run) {
  bbd__obj_free(run);
}

/* ------------------------------------------------------------------ list */

/* Appends a fragment to the SQL being built; fails on overflow (the
 * fragments are fixed text, so only a bug could overflow). */
static int sql_add(char *buf, size_t cap, size_t *len, const char *frag) {
  size_t n = strlen(frag);
  if (*len + n + 1 > cap)
    return -1;
  memcpy(buf + *len, frag, n + 1);
  *len += n;
  return 0;
}

/* Builds the WHERE clause of a run list from the filter's shape (which
 * filters are present, how many states and tags), never from its values:
 * values are bound, so the number of distinct statements stays small and
 * each one is prepared once and cached. Tag and benchmark filters are
 * written as IN (subquery) so SQLite drives them from the run_tags_kv and
 * results_history indexes instead of probing every run. */
static int build_where(const bbd_store_run_filter_t *f, int with_cursor,
                       char *buf, size_t cap, size_t *len) {
  int bad = 0;
  bad |= sql_add(buf, cap, len, " WHERE 1");
  if (f->state_mask) {
    bad |= sql_add(buf, cap, len, " AND state IN (");
    int first = 1;
    for (int i = 0; i < BBD_STORE_RUN_NSTATES; i++)
      if (f->state_mask & (1u << i)) {
        bad |= sql_add(buf, cap, len, first ? "?" : ", ?");
        first = 0;
      }
    bad |= sql_add(buf, cap, len, ")");
  }
  for (size_t i = 0; i < f->n_tags; i++)
    bad |= sql_add(buf, cap, len,
                   " AND id IN (SELECT run_id FROM run_tags"
                   " WHERE key = ? AND value = ?)");
  /* The pattern is matched against the distinct benchmark ids
   * (latest_results has one row per benchmark that has results), not
   * against every stored result: a pattern starting with a wildcard would
   * otherwise evaluate GLOB 200,000 times at 10,000 runs. CROSS JOIN
   * fixes the join order (SQLite has no statistics to find it). */
  if (f->bench_glob)
    bad |= sql_add(buf, cap, len,
                   " AND id IN (SELECT r.run_id FROM latest_results l"
                   " CROSS JOIN results r ON r.bench_id = l.bench_id"
                   " AND r.variant = l.variant WHERE l.bench_id GLOB ?)");
  if (f->since_ms)
    bad |= sql_add(buf, cap, len, " AND created_at >= ?");
  if (f->until_ms)
    bad |= sql_add(buf, cap, len, " AND created_at < ?");
  if (f->machine_id)
    bad |= sql_add(buf, cap, len, " AND machine_id = ?");
  if (with_cursor && f->before_id)
    bad |=
        sql_add(buf, cap, len, f->oldest_first ? " AND id > ?" : " AND id < ?");
  return bad;
}

/* Binds the values in the same order build_where emitted placeholders. */
static int bind_where(sqlite3_stmt *s, const bbd_store_run_filter_t *f,
                      int with_cursor) {
  int i = 1;
  for (int k = 0; k < BBD_STORE_RUN_NSTATES; k++)
    if (f->state_mask & (1u << k))
      bbd__bind_text(s, i++, state_names[k]);
  for (size_t k = 0; k < f->n_tags; k++) {
    bbd__bind_text(s, i++, f->tags[k].key);
    bbd__bind_text(s, i++, f->tags[k].value);
  }
  if (f->bench_glob)
    bbd__bind_text(s, i++, f->bench_glob);
  if (f->since_ms)
    sqlite3_bind_int64(s, i++, f->since_ms);
  if (f->until_ms)
    sqlite3_bind_int64(s, i++, f->until_ms);
  if (f->machine_id)
    sqlite3_bind_int64(s, i++, f->machine_id);
  if (with_cursor && f->before_id)
    sqlite3_bind_int64(s, i++, f->before_id);
  return i;
}

/* Index of run id in items (sorted by id, ascending or descending), or -1. */
static long find_run(const bbd_store_run_t *items, size_t n, int64_t id) {
  int asc = items[0].id <= items[n - 1].id;
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int64_t v = items[mid].id;
    if (v == id)
      return (long)mid;
    if ((v < id) == asc)
      lo = mid + 1;
    else
      hi = mid;
  }
  return -1;
}

/* Loads the tags of the page's runs. Dense pages (the unfiltered list: ids
 * next to each other) read every tag with one range query instead of one
 * query per run; sparse pages (filtered lists) read per run. */
static int load_page_tags(bbd_store_t *st, bbd_store_run_list_t *list,
                          char *err, size_t errlen) {
  size_t n = list->count;
  if (n == 0)
    return 0;
  int64_t lo = list->items[0].id, hi = list->items[n - 1].id;
  if (lo > hi) {
    int64_t t = lo;
    lo = hi;
    hi = t;
  }
  int rc = 0;
  if ((uint64_t)(hi - lo) > 4 * (uint64_t)n + 16) {
    for (size_t k = 0; !rc && k < n; k++)
      rc = bbd__store_load_tags(st, list, list->items[k].id,
                                &list->items[k].tags, &list->items[k].n_tags,
                                err, errlen);
    return rc;
  }
  size_t *caps = calloc(n, sizeof *caps);
  if (!caps)
    return bbd_errf(BBD_ENOMEM, err, errlen, "loading tags");
  sqlite3_stmt *s = bbd__store_stmt(st,
                                    "SELECT run_id, key, value FROM run_tags"
                                    " WHERE run_id BETWEEN ?1 AND ?2"
                                    " ORDER BY run_id, key",
                                    &rc, err, errlen);
  if (!s) {
    free(caps);
    return rc;
  }
  sqlite3_bind_int64(s, 1, lo);
  sqlite3_bind_int64(s, 2, hi);
  int r, oom = 0;
  while (!oom && (r = sqlite3_step(s)) == SQLITE_ROW) {
    long k = find_run(list->items, n, sqlite3_column_int64(s, 0));
    if (k < 0)
      continue; /* a run between the page's ids that the filter left out */
    bbd_store_run_t *run = &list->items[k];
    bbd_store_tag_t *na =
        bbd__obj_grow(list, run->tags, run->n_tags, &caps[k], sizeof *na, 4);
    if (!na) {
      oom = 1;
      break;
    }
    run->tags = na;
    na[run->n_tags].key = bbd__obj_col_text(list, s, 1, &oom);
    na[run->n_tags].value = bbd__obj_col_text(list, s, 2, &oom);
    if (oom || !na[run->n_tags].key || !na[run->n_tags].value) {
      oom = 1;
      break;
    }
    run->n_tags++;
  }
  if (oom)
    rc = bbd_errf(BBD_ENOMEM, err, errlen, "loading tags");
  else if (r != SQLITE_DONE)
    rc = bbd__store_sqlerr(st, r, "loading tags", err, errlen);
  bbd__store_reset(s);
  free(caps);
  return rc;
}

/* The body of bbd_store_run_list, inside its read transaction; f is
 * validated. */
static int run_list_read(bbd_store_t *st, const bbd_store_run_filter_t *fp,
                         bbd_store_run_list_t **out, char *err, size_t errlen) {
  bbd_store_run_filter_t f = *fp;
  int rc = 0;
  char sql[2048];
  size_t len = 0;
  /* Total, ignoring paging. Filtered by state at most, it is a sum over
   * run_state_counts (six rows kept by triggers) instead of counting the
   * runs table, which is O(runs) on every page of the run list. */
  int by_state = f.n_tags == 0 && !f.bench_glob && !f.since_ms && !f.until_ms &&
                 !f.machine_id;
  int bad =
      sql_add(sql, sizeof sql, &len,
              by_state ? "SELECT coalesce(sum(n), 0) FROM run_state_counts"
                       : "SELECT count(*) FROM runs");
  bad |= build_where(&f, 0, sql, sizeof sql, &len);
  if (bad)
    return bbd_errf(BBD_EINVAL, err, errlen, "filter too complex");
  sqlite3_stmt *s = bbd__store_stmt(st, sql, &rc, err, errlen);
  if (!s)
    return rc;
  bind_where(s, &f, 0);
  int64_t total = 0;
  int r = sqlite3_step(s);
  if (r == SQLITE_ROW)
    total = sqlite3_column_int64(s, 0);
  else
    rc = bbd__store_sqlerr(st, r, "count runs", err, errlen);
  bbd__store_reset(s);
  if (rc)
    return rc;

  len = 0;
  bad = sql_add(sql, sizeof sql, &len, "SELECT " RUN_COLS " FROM runs");
  bad |= build_where(&f, 1, sql, sizeof sql, &len);
  bad |= sql_add(sql, sizeof sql, &len,
                 f.oldest_first ? " ORDER BY id ASC LIMIT ? OFFSET ?"
                                : " ORDER BY id DESC LIMIT ? OFFSET ?");
  if (bad)
    return bbd_errf(BBD_EINVAL, err, errlen, "filter too complex");
  s = bbd__store_stmt(st, sql, &rc, err, errlen);
  if (!s)
    return rc;
  int i = bind_where(s, &f, 1);
  /* One row more than asked tells whether a next page exists. */
  sqlite3_bind_int64(s, i++, (int64_t)f.limit + 1);
  sqlite3_bind_int64(s, i, (int64_t)f.offset);

  bbd_store_run_list_t *list = bbd__obj_new(sizeof *list);
  if (!list) {
    bbd__store_reset(s);
    return bbd_errf(BBD_ENOMEM, err, errlen, "listing runs");
  }
  list->total = total;
  list->items = bbd__obj_alloc(list, f.limit * sizeof *list->items);
  if (!list->items)
    rc = bbd_errf(BBD_ENOMEM, err, errlen, "listing runs");
  while (!rc && (r = sqlite3_step(s)) == SQLITE_ROW) {
    if (list->count == f.limit) {
      list->next_cursor = list->items[list->count - 1].id;
      break;
    }
    rc = fill_run(st, list, s, &list->items[list->count], err, errlen);
    if (!rc)
      list->count++;
  }
  if (!rc && r != SQLITE_ROW && r != SQLITE_DONE)
    rc = bbd__store_sqlerr(st, r, "list runs", err, errlen);
  bbd__store_reset(s);
  if (!rc)
    rc = load_page_tags(st, list, err, errlen);
  if (rc) {
    bbd__obj_free(list);
    return rc;
  }
  *out = list;
  return 0;
}

int bbd_store_run_list(bbd_store_t *st, const bbd_store_run_filter_t *fin,
                       bbd_store_run_list_t **out, char *err, size_t errlen) {
  if (!out)
    return bbd_errf(BBD_EINVAL, err, errlen, "NULL output");
  *out = NULL;
  if (!st)
    return bbd_errf(BBD_EINVAL, err, errlen, "no store");
  bbd_store_run_filter_t f = {0};
  if (fin)
    f = *fin;
  if (f.state_mask >> BBD_STORE_RUN_NSTATES)
    return bbd_errf(BBD_EINVAL, err, errlen, "unknown state in mask 0x%x",
                    f.state_mask);
  int rc = bbd__check_tags(f.tags, f.n_tags, BBD_STORE_MAX_FILTER_TAGS, 0, err,
                           errlen);
  if (!rc)
    rc = bbd__check_str(f.bench_glob, BBD_STORE_MAX_BENCH_ID, 0,
                        "benchmark filter", err, errlen);
  if (rc)
    return rc;
  if (f.limit == 0)
    f.limit = 50;
  if (f.limit > 1000)
    return bbd_errf(BBD_EINVAL, err, errlen, "limit %zu exceeds 1000", f.limit);
  if (f.offset > (size_t)INT64_MAX || f.before_id < 0 || f.since_ms < 0 ||
      f.until_ms < 0 || f.machine_id < 0)
    return bbd_errf(BBD_EINVAL, err, errlen, "negative or huge filter value");

  /* One snapshot for the total, the page and its tags. */
  int began = bbd__store_read_begin(st, err, errlen);
  if (began < 0)
    return began;
  bbd_store_run_list_t *list = NULL;
  rc = run_list_read(st, &f, &list, err, errlen);
  bbd__store_read_end(st, began);
  if (rc)
    return rc;
  *out = list;
  return 0;
}

void bbd_store_run_list_free(bbd_store_run_list_t *list) {
  bbd__obj_free(list);
}

/* ---------------------------------------------------------------- delete */

int bbd_store_run_delete(bbd_store_t *st, int64_t id, char *err,
                         size_t errlen) {
  if (!st)
    return bbd_errf(BBD_EINVAL, err, errlen, "no store");
  int rc = bbd__store_begin(st, err, errlen);
  if (rc)
    return rc;
  sqlite3_stmt *s = bbd__store_stmt(
      st, "SELECT name FROM baselines WHERE run_id = ?1 ORDER BY name LIMIT 1",
      &rc, err, errlen);
  if (s) {
    sqlite3_bind_int64(s, 1, id);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
      const unsigned char *name = sqlite3_column_text(s, 0);
      rc = bbd_errf(BBD_ECONFLICT, err, errlen,
                    "run %lld is baseline \"%s\": move or delete the "
                    "baseline first",
                    (long long)id, name ? (const char *)name : "?");
    } else if (r != SQLITE_DONE) {
      rc = bbd__store_sqlerr(st, r, "delete run", err, errlen);
    }
    bbd__store_reset(s);
  }
  if (!rc) {
    s = bbd__store_stmt(st, "DELETE FROM runs WHERE id = ?1", &rc, err, errlen);
    if (s) {
      sqlite3_bind_int64(s, 1, id);
      int r = sqlite3_step(s);
      if (r != SQLITE_DONE)
        rc = bbd__store_sqlerr(st, r, "delete run", err, errlen);
      else if (sqlite3_changes(st->db) == 0)
        rc = bbd_errf(BBD_ENOTFOUND, err, errlen, "no run %lld", (long long)id);
      bbd__store_reset(s);
    }
  }
  if (!rc)
    return bbd__store_commit(st, err, errlen);
  bbd__store_rollback(st);
  return rc;
}

int bbd_store_runs_interrupt_stale(bbd_store_t *st, int *count, char *err,
                                   size_t errlen) {
  if (count)
    *count = 0;
  if (!st)
    return bbd_errf(BBD_EINVAL, err, errlen, "no store");
  int rc = 0;
  sqlite3_stmt *s = bbd__store_stmt(
      st,
      "UPDATE runs SET state = 'interrupted',"
      " finished_at = coalesce(finished_at, ?1),"
      " error = coalesce(error, 'interrupted: bbd stopped while the run was"
      " in progress')"
      " WHERE state = 'running' OR (state = 'queued' AND started_at IS NOT"
      " NULL)",
      &rc, err, errlen);
  if (!s)
    return rc;
  sqlite3_bind_int64(s, 1, bbd__store_now(st));
  int r = sqlite3_step(s);
  if (r != SQLITE_DONE)
    rc = bbd__store_sqlerr(st, r, "interrupt stale runs", err, errlen);
  else if (count)
    *count = sqlite3_changes(st->db);
  bbd__store_reset(s);
  return rc;
}

int bbd_store_run_counts(bbd_store_t *st, int64_t counts[BBD_STORE_RUN_NSTATES],
                         char *err, size_t errlen) {
  if (!st || !counts)
    return bbd_errf(BBD_EINVAL, err, errlen, "NULL argument");
  memset(counts, 0, sizeof(int64_t) * BBD_STORE_RUN_NSTATES);
  int rc = 0;
  sqlite3_stmt *s = bbd__store_stmt(st, "SELECT state, n FROM run_state_counts",
                                    &rc, err, errlen);
  if (!s)
    return rc;
  int r;
  while ((r = sqlite3_step(s)) == SQLITE_ROW) {
    const unsigned char *t = sqlite3_column_text(s, 0);
    int k = bbd_store_run_state_parse(t ? (const char *)t : "");
    if (k >= 0)
      counts[k] = sqlite3_column_int64(s, 1);
  }
  if (r != SQLITE_DONE)
    rc = bbd__store_sqlerr(st, r, "count runs", err, errlen);
  bbd__store_reset(s);
  return rc;
}
