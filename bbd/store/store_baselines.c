/*
 * Named baselines: a name points at a run. Moving or deleting a baseline
 * appends to baseline_history in the same transaction, so "what was
 * 'main' on 3 March" stays answerable after the baseline moved on.
 */
#include <string.h>

#include "store_internal.h"

#define MAX_NOTE 4096

static int add_history(bbd_store_t *st, const char *name, int64_t run_id,
                       const char *action, const char *note, int64_t now,
                       char *err, size_t errlen) {
  int rc = 0;
  sqlite3_stmt *s = bbd__store_stmt(
      st,
      "INSERT INTO baseline_history (name, run_id, action, at, note)"
      " VALUES (?1, ?2, ?3, ?4, ?5)",
      &rc, err, errlen);
  if (!s)
    return rc;
  bbd__bind_text(s, 1, name);
  bbd__bind_id(s, 2, run_id);
  bbd__bind_text(s, 3, action);
  sqlite3_bind_int64(s, 4, now);
  bbd__bind_text(s, 5, note);
  int r = sqlite3_step(s);
  if (r != SQLITE_DONE)
    rc = bbd__store_sqlerr(st, r, "baseline history", err, errlen);
  bbd__store_reset(s);
  return rc;
}

int bbd_store_baseline_set(bbd_store_t *st, const char *name, int64_t run_id,
                           const char *note, char *err, size_t errlen) {
  if (!st)
    return bbd_errf(BBD_EINVAL, err, errlen, "no store");
  int rc =
      bbd__check_str(name, BBD_STORE_MAX_NAME, 1, "baseline name", err, errlen);
  if (!rc)
    rc = bbd__check_str(note, MAX_NOTE, 0, "baseline note", err, errlen);
  if (rc)
    return rc;
  int64_t now = bbd__store_now(st);
  rc = bbd__store_begin(st, err, errlen);
  if (rc)
    return rc;
  sqlite3_stmt *s =
      bbd__store_stmt(st,
                      "INSERT INTO baselines (name, run_id, set_at, note)"
                      " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (name) DO UPDATE"
                      " SET run_id = excluded.run_id, set_at = excluded.set_at,"
                      " note = excluded.note",
                      &rc, err, errlen);
  if (s) {
    bbd__bind_text(s, 1, name);
    sqlite3_bind_int64(s, 2, run_id);
    sqlite3_bind_int64(s, 3, now);
    bbd__bind_text(s, 4, note);
    int r = sqlite3_step(s);
    if (r != SQLITE_DONE) {
      rc = bbd__store_sqlerr(st, r, "set baseline", err, errlen);
      if (rc == BBD_ECONFLICT) /* foreign key: no such run */
        rc = bbd_errf(BBD_ENOTFOUND, err, errlen, "no run %lld",
                      (long long)run_id);
    }
    bbd__store_reset(s);
  }
  if (!rc)
    rc = add_history(st, name, run_id, "set", note, now, err, errlen);
  if (!rc)
    return bbd__store_commit(st, err, errlen);
  bbd__store_rollback(st);
  return rc;
}

static int fill_baseline(void *top, sqlite3_stmt *s, bbd_store_baseline_t *b,
                         char *err, size_t errlen) {
  int oom = 0;
  b->name = bbd__obj_col_text(top, s, 0, &oom);
  b->run_id = sqlite3_column_int64(s, 1);
  b->set_ms = sqlite3_column_int64(s, 2);
  b->note = bbd__obj_col_text(top, s, 3, &oom);
  if (oom || !b->name)
    return bbd_errf(oom ? BBD_ENOMEM : BBD_EDB, err, errlen,
                    "reading baseline");
  return 0;
}

int bbd_store_baseline_get(bbd_store_t *st, const char *name,
                           bbd_store_baseline_t **out, char *err,
                           size_t errlen) {
  if (!out)
    return bbd_errf(BBD_EINVAL, err, errlen, "NULL output");
  *out = NULL;
  if (!st)
    return bbd_errf(BBD_EINVAL, err, errlen, "no store");
  int rc =
      bbd__check_str(name, BBD_STORE_MAX_NAME, 1, "baseline name", err, errlen);
  if (rc)
    return rc;
  sqlite3_stmt *s = bbd__store_stmt(
      st, "SELECT name, run_id, set_at, note FROM baselines WHERE name = ?1",
      &rc, err, errlen);
  if (!s)
    return rc;
  bbd__bind_text(s, 1, name);
  bbd_store_baseline_t *b = bbd__obj_new(sizeof *b);
  if (!b) {
    bbd__store_reset(s);
    return bbd_errf(BBD_ENOMEM, err, errlen, "reading baseline");
  }
  int r = sqlite3_step(s);
  if (r == SQLITE_ROW)
    rc = fill_baseline(b, s, b, err, errlen);
  else if (r == SQLITE_DONE)
    rc = bbd_errf(BBD_ENOTFOUND, err, errlen, "no baseline \"%s\"", name);
  else
    rc = bbd__store_sqlerr(st, r, "read baseline", err, errlen);
  bbd__store_reset(s);
  if (rc) {
    bbd__obj_free(b);
    return rc;
  }
  *out = b;
  return 0;
}

void bbd_store_baseline_free(bbd_store_baseline_t *b) {
  bbd__obj_free(b);
}

int bbd_store_baseline_list(bbd_store_t *st, bbd_store_baseline_list_t **out,
                            char *err, size_t errlen) {
  if (!out)
    return bbd_errf(BBD_EINVAL, err, errlen, "NULL output");
  *out = NULL;
  if (!st)
    return bbd_errf(BBD_EINVAL, err, errlen, "no store");
  int rc = 0;
  sqlite3_stmt *s = bbd__store_stmt(
      st, "SELECT name, run_id, set_at, note FROM baselines ORDER BY name", &rc,
      err, errlen);
  if (!s)
    return rc;
  bbd_store_baseline_list_t *list = bbd__obj_new(sizeof *list);
  if (!list) {
    bbd__store_reset(s);
    return bbd_errf(BBD_ENOMEM, err, errlen, "listing baselines");
  }
  size_t cap = 0;
  int r;
  while (!rc && (r = sqlite3_step(s)) == SQLITE_ROW) {
    bbd_store_baseline_t *na = bbd__obj_grow(list, list->items, list->count,
                                             &cap, sizeof *list->items, 8);
    if (!na) {
      rc = bbd_errf(BBD_ENOMEM, err, errlen, "listing baselines");
      break;
    }
    list->items = na;
    rc = fill_baseline(list, s, &list->items[list->count], err, errlen);
    if (!rc)
      list->count++;
  }
  if (!rc && r != SQLITE_DONE)
    rc = bbd__store_sqlerr(st, r, "list baselines", err, errlen);
  bbd__store_reset(s);
  if (rc) {
    bbd__obj_free(list);
    return rc;
  }
  *out = list;
  return 0;
}

void bbd_store_baseline_list_free(bbd_store_baseline_list_t *list) {
  bbd__obj_free(list);
}

int bbd_store_baseline_delete(bbd_store_t *st, const char *name, char *err,
                              size_t errlen) {
  if (!st)
    return bbd_errf(BBD_EINVAL, err, errlen, "no store");
  int rc =
      bbd__check_str(name, BBD_STORE_MAX_NAME, 1, "baseline name", err, errlen);
  if (rc)
    return rc;
  rc = bbd__store_begin(st, err, errlen);
  if (rc)
    return rc;
  sqlite3_stmt *s = bbd__store_stmt(st, "DELETE FROM baselines WHERE name = ?1",
                                    &rc, err, errlen);
  if (s) {
    bbd__bind_text(s, 1, name);
    int r = sqlite3_step(s);
    if (r != SQLITE_DONE)
      rc = bbd__store_sqlerr(st, r, "delete baseline", err, errlen);
    else if (sqlite3_changes(st->db) == 0)
      rc = bbd_errf(BBD_ENOTFOUND, err, errlen, "no baseline \"%s\"", name);
    bbd__store_reset(s);
  }
  if (!rc)
    rc = add_history(st, name, 0, "delete", NULL, bbd__store_now(st), err,
                     errlen);
  if (!rc)
    return bbd__store_commit(st, err, errlen);
  bbd__store_rollback(st);
  return rc;
}

int bbd_store_baseline_history(bbd_store_t *st, const char *name,
                               bbd_store_baseline_history_t **out, char *err,
                               size_t errlen) {
  if (!out)
    return bbd_errf(BBD_EINVAL, err, errlen, "NULL output");
  *out = NULL;
  if (!st)
    return bbd_errf(BBD_EINVAL, err, errlen, "no store");
  int rc =
      bbd__check_str(name, BBD_STORE_MAX_NAME, 1, "baseline name", err, errlen);
  if (rc)
    return rc;
  sqlite3_stmt *s =
      bbd__store_stmt(st,
                      "SELECT run_id, at, action, note FROM baseline_history"
                      " WHERE name = ?1 ORDER BY id",
                      &rc, err, errlen);
  if (!s)
    return rc;
  bbd__bind_text(s, 1, name);
  bbd_store_baseline_history_t *h = bbd__obj_new(sizeof *h);
  if (!h) {
    bbd__store_reset(s);
    return bbd_errf(BBD_ENOMEM, err, errlen, "reading baseline history");
  }
  size_t cap = 0;
  int r;
  while (!rc && (r = sqlite3_step(s)) == SQLITE_ROW) {
    bbd_store_baseline_event_t *na =
        bbd__obj_grow(h, h->items, h->count, &cap, sizeof *h->items, 8);
    if (!na) {
      rc = bbd_errf(BBD_ENOMEM, err, errlen, "reading baseline history");
      break;
    }
    h->items = na;
    bbd_store_baseline_event_t *e = &h->items[h->count];
    int oom = 0;
    e->run_id = sqlite3_column_int64(s, 0);
    e->at_ms = sqlite3_column_int64(s, 1);
    e->action = bbd__obj_col_text(h, s, 2, &oom);
    e->note = bbd__obj_col_text(h, s, 3, &oom);
    if (oom || !e->action)
      rc = bbd_errf(oom ? BBD_ENOMEM : BBD_EDB, err, errlen,
                    "reading baseline history");
    else
      h->count++;
  }
  if (!rc && r != SQLITE_DONE)
    rc = bbd__store_sqlerr(st, r, "read baseline history", err, errlen);
  bbd__store_reset(s);
  if (rc) {
    bbd__obj_free(h);
    return rc;
  }
  *out = h;
  return 0;
}

void bbd_store_baseline_history_free(bbd_store_baseline_history_t *h) {
  bbd__obj_free(h);
}
