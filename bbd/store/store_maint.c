/*
 * Retention and vacuum: keeping the history bounded without ever losing a
 * run that a baseline names or a run that is still queued or running.
 */
#include "store_internal.h"

int bbd_store_retention_apply(bbd_store_t *st, const bbd_store_retention_t *r,
                              int64_t *deleted, char *err, size_t errlen) {
  if (deleted)
    *deleted = 0;
  if (!st || !r)
    return bbd_errf(BBD_EINVAL, err, errlen, "NULL argument");
  if (r->max_age_days < 0 || r->max_runs < 0 || r->max_age_days > 1000000)
    return bbd_errf(BBD_EINVAL, err, errlen, "invalid retention settings");
  if (r->max_age_days == 0 && r->max_runs == 0)
    return 0;
  int64_t cutoff =
      r->max_age_days ? bbd__store_now(st) - r->max_age_days * 86400000 : 0;
  int rc = bbd__store_begin(st, err, errlen);
  if (rc)
    return rc;
  /* One statement: the cascades remove tags, results and samples in the
   * same transaction, so retention is all or nothing. */
  sqlite3_stmt *s = bbd__store_stmt(
      st,
      "DELETE FROM runs WHERE state NOT IN ('queued', 'running')"
      " AND id NOT IN (SELECT run_id FROM baselines)"
      " AND ((?1 > 0 AND created_at < ?1)"
      "  OR (?2 > 0 AND id NOT IN"
      "      (SELECT id FROM runs ORDER BY id DESC LIMIT ?2)))",
      &rc, err, errlen);
  if (s) {
    sqlite3_bind_int64(s, 1, cutoff);
    sqlite3_bind_int64(s, 2, r->max_runs);
    int step = sqlite3_step(s);
    if (step != SQLITE_DONE)
      rc = bbd__store_sqlerr(st, step, "retention", err, errlen);
    else if (deleted)
      *deleted = sqlite3_changes64(st->db);
    bbd__store_reset(s);
  }
  if (!rc)
    return bbd__store_commit(st, err, errlen);
  bbd__store_rollback(st);
  if (deleted)
    *deleted = 0;
  return rc;
}

int bbd_store_vacuum(bbd_store_t *st, char *err, size_t errlen) {
  if (!st)
    return bbd_errf(BBD_EINVAL, err, errlen, "no store");
  int rc = bbd__store_exec(st, "VACUUM", err, errlen);
  if (!rc)
    rc = bbd__store_exec(st, "PRAGMA wal_checkpoint(TRUNCATE)", err, errlen);
  return rc;
}
