/*
 * The plugin catalog's descriptor cache. The catalog describes each .so in
 * a worker process (never in the daemon) and caches the outcome here keyed
 * by path; it decides validity itself by comparing mtime, size and hash.
 */
#include "store_internal.h"

#define MAX_HASH 256

#define PLUGIN_COLS "path, mtime_ns, size, hash, descriptor, error, updated_at"

int bbd_store_plugin_cache_put(bbd_store_t *st,
                               const bbd_store_plugin_entry_t *e, char *err,
                               size_t errlen) {
  if (!st || !e)
    return bbd_errf(BBD_EINVAL, err, errlen, "NULL argument");
  int rc = bbd__check_str(e->path, BBD_STORE_MAX_PATH, 1, "plugin path", err,
                          errlen);
  if (!rc)
    rc = bbd__check_str(e->hash, MAX_HASH, 1, "plugin hash", err, errlen);
  if (!rc)
    rc = bbd__check_json(e->descriptor_json, "plugin descriptor", err, errlen);
  if (!rc)
    rc = bbd__check_str(e->error, BBD_STORE_MAX_TEXT, 0, "plugin error", err,
                        errlen);
  if (!rc && e->size < 0)
    rc = bbd_errf(BBD_EINVAL, err, errlen, "negative plugin size");
  if (rc)
    return rc;
  sqlite3_stmt *s = bbd__store_stmt(
      st,
      "INSERT INTO plugin_cache (" PLUGIN_COLS ")"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (path) DO UPDATE SET"
      " mtime_ns = excluded.mtime_ns, size = excluded.size,"
      " hash = excluded.hash, descriptor = excluded.descriptor,"
      " error = excluded.error, updated_at = excluded.updated_at",
      &rc, err, errlen);
  if (!s)
    return rc;
  bbd__bind_text(s, 1, e->path);
  sqlite3_bind_int64(s, 2, e->mtime_ns);
  sqlite3_bind_int64(s, 3, e->size);
  bbd__bind_text(s, 4, e->hash);
  bbd__bind_text(s, 5, e->descriptor_json);
  bbd__bind_text(s, 6, e->error);
  sqlite3_bind_int64(s, 7, bbd__store_now(st));
  int r = sqlite3_step(s);
  if (r != SQLITE_DONE)
    rc = bbd__store_sqlerr(st, r, "plugin cache put", err, errlen);
  bbd__store_reset(s);
  return rc;
}

static int fill_entry(void *top, sqlite3_stmt *s, bbd_store_plugin_entry_t *e,
                      char *err, size_t errlen) {
  int oom = 0;
  e->path = bbd__obj_col_text(top, s, 0, &oom);
  e->mtime_ns = sqlite3_column_int64(s, 1);
  e->size = sqlite3_column_int64(s, 2);
  e->hash = bbd__obj_col_text(top, s, 3, &oom);
  e->descriptor_json = bbd__obj_col_text(top, s, 4, &oom);
  e->error = bbd__obj_col_text(top, s, 5, &oom);
  e->updated_ms = sqlite3_column_int64(s, 6);
  if (oom || !e->path || !e->hash)
    return bbd_errf(oom ? BBD_ENOMEM : BBD_EDB, err, errlen,
                    "reading plugin cache entry");
  return 0;
}

int bbd_store_plugin_cache_get(bbd_store_t *st, const char *path,
                               bbd_store_plugin_entry_t **out, char *err,
                               size_t errlen) {
  if (!out)
    return bbd_errf(BBD_EINVAL, err, errlen, "NULL output");
  *out = NULL;
  if (!st)
    return bbd_errf(BBD_EINVAL, err, errlen, "no store");
  int rc =
      bbd__check_str(path, BBD_STORE_MAX_PATH, 1, "plugin path", err, errlen);
  if (rc)
    return rc;
  sqlite3_stmt *s = bbd__store_stmt(
      st, "SELECT " PLUGIN_COLS " FROM plugin_cache WHERE path = ?1", &rc, err,
      errlen);
  if (!s)
    return rc;
  bbd__bind_text(s, 1, path);
  bbd_store_plugin_entry_t *e = bbd__obj_new(sizeof *e);
  if (!e) {
    bbd__store_reset(s);
    return bbd_errf(BBD_ENOMEM, err, errlen, "reading plugin cache");
  }
  int r = sqlite3_step(s);
  if (r == SQLITE_ROW)
    rc = fill_entry(e, s, e, err, errlen);
  else if (r == SQLITE_DONE)
    rc = bbd_errf(BBD_ENOTFOUND, err, errlen, "no cache entry for %s", path);
  else
    rc = bbd__store_sqlerr(st, r, "plugin cache get", err, errlen);
  bbd__store_reset(s);
  if (rc) {
    bbd__obj_free(e);
    return rc;
  }
  *out = e;
  return 0;
}

void bbd_store_plugin_entry_free(bbd_store_plugin_entry_t *e) {
  bbd__obj_free(e);
}

int bbd_store_plugin_cache_list(bbd_store_t *st, bbd_store_plugin_list_t **out,
                                char *err, size_t errlen) {
  if (!out)
    return bbd_errf(BBD_EINVAL, err, errlen, "NULL output");
  *out = NULL;
  if (!st)
    return bbd_errf(BBD_EINVAL, err, errlen, "no store");
  int rc = 0;
  sqlite3_stmt *s = bbd__store_stmt(
      st, "SELECT " PLUGIN_COLS " FROM plugin_cache ORDER BY path", &rc, err,
      errlen);
  if (!s)
    return rc;
  bbd_store_plugin_list_t *list = bbd__obj_new(sizeof *list);
  if (!list) {
    bbd__store_reset(s);
    return bbd_errf(BBD_ENOMEM, err, errlen, "listing plugin cache");
  }
  size_t cap = 0;
  int r;
  while (!rc && (r = sqlite3_step(s)) == SQLITE_ROW) {
    bbd_store_plugin_entry_t *na = bbd__obj_grow(list, list->items, list->count,
                                                 &cap, sizeof *list->items, 16);
    if (!na) {
      rc = bbd_errf(BBD_ENOMEM, err, errlen, "listing plugin cache");
      break;
    }
    list->items = na;
    rc = fill_entry(list, s, &list->items[list->count], err, errlen);
    if (!rc)
      list->count++;
  }
  if (!rc && r != SQLITE_DONE)
    rc = bbd__store_sqlerr(st, r, "list plugin cache", err, errlen);
  bbd__store_reset(s);
  if (rc) {
    bbd__obj_free(list);
    return rc;
  }
  *out = list;
  return 0;
}

void bbd_store_plugin_list_free(bbd_store_plugin_list_t *list) {
  bbd__obj_free(list);
}

int bbd_store_plugin_cache_delete(bbd_store_t *st, const char *path, char *err,
                                  size_t errlen) {
  if (!st)
    return bbd_errf(BBD_EINVAL, err, errlen, "no store");
  int rc =
      bbd__check_str(path, BBD_STORE_MAX_PATH, 1, "plugin path", err, errlen);
  if (rc)
    return rc;
  sqlite3_stmt *s = bbd__store_stmt(
      st, "DELETE FROM plugin_cache WHERE path = ?1", &rc, err, errlen);
  if (!s)
    return rc;
  bbd__bind_text(s, 1, path);
  int r = sqlite3_step(s);
  if (r != SQLITE_DONE)
    rc = bbd__store_sqlerr(st, r, "plugin cache delete", err, errlen);
  else if (sqlite3_changes(st->db) == 0)
    rc = bbd_errf(BBD_ENOTFOUND, err, errlen, "no cache entry for %s", path);
  bbd__store_reset(s);
  return rc;
}
