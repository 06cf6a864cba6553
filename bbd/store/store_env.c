/*
 * Machines and their environment fingerprints. A run records the
 * environment it ran in, so runs whose fingerprints differ (another kernel,
 * governor or counter mode) are never compared silently.
 */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

/* 64-bit FNV-1a of the minified fingerprint as 16 hex digits: stable
 * across whitespace changes, cheap, and not security relevant (it only
 * groups identical environments). */
static int fingerprint_hash(const char *json, char out[17]) {
  char *copy = strdup(json);
  if (!copy)
    return -1;
  cJSON_Minify(copy);
  uint64_t h = 1469598103934665603ull;
  for (const char *p = copy; *p; p++) {
    h ^= (unsigned char)*p;
    h *= 1099511628211ull;
  }
  free(copy);
  snprintf(out, 17, "%016llx", (unsigned long long)h);
  return 0;
}

/* Steps an upsert ... RETURNING id statement. */
static int step_returning_id(bbd_store_t *st, sqlite3_stmt *s, int64_t *id,
                             const char *what, char *err, size_t errlen) {
  int r = sqlite3_step(s);
  int rc = 0;
  if (r == SQLITE_ROW) {
    *id = sqlite3_column_int64(s, 0);
    r = sqlite3_step(s);
  }
  if (r != SQLITE_DONE)
    rc = bbd__store_sqlerr(st, r, what, err, errlen);
  bbd__store_reset(s);
  return rc;
}

int bbd_store_env_upsert(bbd_store_t *st, const char *machine_name,
                         const char *fingerprint_json, int64_t *machine_id,
                         int64_t *env_id, char *err, size_t errlen) {
  if (!st)
    return bbd_errf(BBD_EINVAL, err, errlen, "no store");
  int rc = bbd__check_str(machine_name, BBD_STORE_MAX_NAME, 1, "machine name",
                          err, errlen);
  if (!rc && !fingerprint_json)
    rc = bbd_errf(BBD_EINVAL, err, errlen, "fingerprint is required");
  if (!rc)
    rc = bbd__check_json(fingerprint_json, "fingerprint", err, errlen);
  if (rc)
    return rc;
  char hash[17];
  if (fingerprint_hash(fingerprint_json, hash))
    return bbd_errf(BBD_ENOMEM, err, errlen, "hashing fingerprint");
  int64_t now = bbd__store_now(st), mid = 0, eid = 0;
  rc = bbd__store_begin(st, err, errlen);
  if (rc)
    return rc;
  sqlite3_stmt *s = bbd__store_stmt(
      st,
      "INSERT INTO machines (name, first_seen, last_seen) VALUES (?1, ?2, ?2)"
      " ON CONFLICT (name) DO UPDATE SET last_seen = excluded.last_seen"
      " RETURNING id",
      &rc, err, errlen);
  if (s) {
    bbd__bind_text(s, 1, machine_name);
    sqlite3_bind_int64(s, 2, now);
    rc = step_returning_id(st, s, &mid, "upsert machine", err, errlen);
  }
  if (!rc) {
    s = bbd__store_stmt(
        st,
        "INSERT INTO environments (machine_id, hash, fingerprint, first_seen,"
        " last_seen) VALUES (?1, ?2, ?3, ?4, ?4)"
        " ON CONFLICT (machine_id, hash) DO UPDATE"
        " SET last_seen = excluded.last_seen RETURNING id",
        &rc, err, errlen);
    if (s) {
      sqlite3_bind_int64(s, 1, mid);
      bbd__bind_text(s, 2, hash);
      bbd__bind_text(s, 3, fingerprint_json);
      sqlite3_bind_int64(s, 4, now);
      rc = step_returning_id(st, s, &eid, "upsert environment", err, errlen);
    }
  }
  if (!rc)
    rc = bbd__store_commit(st, err, errlen);
  else
    bbd__store_rollback(st);
  if (!rc) {
    if (machine_id)
      *machine_id = mid;
    if (env_id)
      *env_id = eid;
  }
  return rc;
}

int bbd_store_env_get(bbd_store_t *st, int64_t env_id, bbd_store_env_t **out,
                      char *err, size_t errlen) {
  if (!out)
    return bbd_errf(BBD_EINVAL, err, errlen, "NULL output");
  *out = NULL;
  if (!st)
    return bbd_errf(BBD_EINVAL, err, errlen, "no store");
  int rc = 0;
  sqlite3_stmt *s = bbd__store_stmt(
      st,
      "SELECT e.id, e.machine_id, m.name, e.hash, e.fingerprint,"
      " e.first_seen, e.last_seen FROM environments e"
      " JOIN machines m ON m.id = e.machine_id WHERE e.id = ?1",
      &rc, err, errlen);
  if (!s)
    return rc;
  sqlite3_bind_int64(s, 1, env_id);
  bbd_store_env_t *e = bbd__obj_new(sizeof *e);
  if (!e) {
    bbd__store_reset(s);
    return bbd_errf(BBD_ENOMEM, err, errlen, "reading environment");
  }
  int r = sqlite3_step(s);
  if (r == SQLITE_ROW) {
    int oom = 0;
    e->id = sqlite3_column_int64(s, 0);
    e->machine_id = sqlite3_column_int64(s, 1);
    e->machine_name = bbd__obj_col_text(e, s, 2, &oom);
    e->hash = bbd__obj_col_text(e, s, 3, &oom);
    e->fingerprint_json = bbd__obj_col_text(e, s, 4, &oom);
    e->first_seen_ms = sqlite3_column_int64(s, 5);
    e->last_seen_ms = sqlite3_column_int64(s, 6);
    if (oom)
      rc = bbd_errf(BBD_ENOMEM, err, errlen, "reading environment");
  } else if (r == SQLITE_DONE) {
    rc = bbd_errf(BBD_ENOTFOUND, err, errlen, "no environment %lld",
                  (long long)env_id);
  } else {
    rc = bbd__store_sqlerr(st, r, "read environment", err, errlen);
  }
  bbd__store_reset(s);
  if (rc) {
    bbd__obj_free(e);
    return rc;
  }
  *out = e;
  return 0;
}

void bbd_store_env_free(bbd_store_env_t *env) {
  bbd__obj_free(env);
}
