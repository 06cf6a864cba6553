/*
 * Opening, migrating, checking and closing the database.
 *
 * Opening is deliberately strict: the daemon keeps the only copy of the
 * benchmark history, so a file that is damaged, foreign or from a newer bbd
 * is refused with a message and left exactly as it is; the store never
 * "repairs" by recreating.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_internal.h"

/* Runs a one-off statement returning one integer (PRAGMA reads). */
static int pragma_int(bbd_store_t *st, const char *sql, int64_t *out, char *err,
                      size_t errlen) {
  sqlite3_stmt *s = NULL;
  int r = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
  if (r == SQLITE_OK) {
    r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
      *out = sqlite3_column_int64(s, 0);
      r = SQLITE_OK;
    } else if (r == SQLITE_DONE) {
      *out = 0;
      r = SQLITE_OK;
    }
  }
  int rc = r == SQLITE_OK ? 0 : bbd__store_sqlerr(st, r, sql, err, errlen);
  sqlite3_finalize(s);
  return rc;
}

/* Runs a one-off statement returning one text value into buf. */
static int pragma_text(bbd_store_t *st, const char *sql, char *buf,
                       size_t buflen, char *err, size_t errlen) {
  sqlite3_stmt *s = NULL;
  buf[0] = '\0';
  int r = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
  if (r == SQLITE_OK) {
    r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
      const unsigned char *t = sqlite3_column_text(s, 0);
      snprintf(buf, buflen, "%s", t ? (const char *)t : "");
      r = SQLITE_OK;
    } else if (r == SQLITE_DONE) {
      r = SQLITE_OK;
    }
  }
  int rc = r == SQLITE_OK ? 0 : bbd__store_sqlerr(st, r, sql, err, errlen);
  sqlite3_finalize(s);
  return rc;
}

/* Executes every statement of a multi-statement script, one prepared
 * statement at a time. */
static int exec_script(bbd_store_t *st, const char *sql, char *err,
                       size_t errlen) {
  const char *p = sql;
  while (p && *p) {
    sqlite3_stmt *s = NULL;
    const char *tail = NULL;
    int r = sqlite3_prepare_v2(st->db, p, -1, &s, &tail);
    if (r != SQLITE_OK)
      return bbd__store_sqlerr(st, r, "migration", err, errlen);
    if (!s) /* whitespace or comment only */
      break;
    while ((r = sqlite3_step(s)) == SQLITE_ROW)
      ;
    sqlite3_finalize(s);
    if (r != SQLITE_DONE)
      return bbd__store_sqlerr(st, r, "migration", err, errlen);
    p = tail;
  }
  return 0;
}

int bbd__store_migrate(bbd_store_t *st, int target, char *err, size_t errlen) {
  for (size_t i = 0; i < bbd__store_n_migrations; i++) {
    const bbd_store_migration_t *m = &bbd__store_migrations[i];
    if (m->version <= st->schema_version || m->version > target)
      continue;
    int rc = exec_script(st, "BEGIN IMMEDIATE", err, errlen);
    if (rc)
      return rc;
    /* Re-read the version inside the write lock: another process may
     * have migrated the file between our read and BEGIN. */
    int64_t v = 0;
    rc = pragma_int(st, "PRAGMA user_version", &v, err, errlen);
    if (!rc && v >= m->version) {
      st->schema_version = (int)v;
      rc = exec_script(st, "COMMIT", err, errlen);
      if (rc)
        bbd__store_rollback(st);
      if (rc)
        return rc;
      continue;
    }
    if (!rc)
      rc = exec_script(st, m->sql, err, errlen);
    if (!rc && m->version == 1) {
      char sql[64];
      snprintf(sql, sizeof sql, "PRAGMA application_id = %d",
               BBD_STORE_APPLICATION_ID);
      rc = exec_script(st, sql, err, errlen);
    }
    if (!rc) {
      char sql[64];
      snprintf(sql, sizeof sql, "PRAGMA user_version = %d", m->version);
      rc = exec_script(st, sql, err, errlen);
    }
    if (!rc)
      rc = exec_script(st, "COMMIT", err, errlen);
    if (rc) {
      bbd__store_rollback(st);
      char inner[256];
      snprintf(inner, sizeof inner, "%s", err ? err : "");
      return bbd_errf(rc, err, errlen, "migration to schema %d failed: %s",
                      m->version, inner);
    }
    st->schema_version = m->version;
  }
  return 0;
}

/* The directory part of path ("." if none), into buf. */
static int dir_of(const char *path, char *buf, size_t buflen) {
  const char *slash = strrchr(path, '/');
  int n;
  if (!slash)
    n = snprintf(buf, buflen, ".");
  else if (slash == path)
    n = snprintf(buf, buflen, "/");
  else
    n = snprintf(buf, buflen, "%.*s", (int)(slash - path), path);
  return n < 0 || (size_t)n >= buflen ? -1 : 0;
}

/* Refuses a directory or file the store could not write: WAL mode needs to
 * create <db>-wal and <db>-shm next to the file, so a read-only directory
 * would only fail later, at the first write. Probing by creating a file
 * gives the true answer (ACLs, read-only mounts, root). */
static int check_writable(const char *path, char *err, size_t errlen) {
  char dir[BBD_STORE_MAX_PATH + 1];
  if (dir_of(path, dir, sizeof dir))
    return bbd_errf(BBD_EINVAL, err, errlen, "database path too long");
  struct stat sb;
  if (stat(dir, &sb) != 0)
    return bbd_errf(errno == ENOENT ? BBD_ENOTFOUND : BBD_EIO, err, errlen,
                    "data directory %s: %s", dir, strerror(errno));
  if (!S_ISDIR(sb.st_mode))
    return bbd_errf(BBD_EINVAL, err, errlen, "%s is not a directory", dir);
  char probe[BBD_STORE_MAX_PATH + 64];
  int n = snprintf(probe, sizeof probe, "%s/.bbd-store-probe-XXXXXX", dir);
  if (n < 0 || (size_t)n >= sizeof probe)
    return bbd_errf(BBD_EINVAL, err, errlen, "database path too long");
  int fd = mkstemp(probe);
  if (fd < 0) {
    int e = errno;
    return bbd_errf(e == EACCES || e == EPERM || e == EROFS ? BBD_EPERM
                    : e == ENOSPC || e == EDQUOT            ? BBD_ENOSPC
                                                            : BBD_EIO,
                    err, errlen, "data directory %s is not writable: %s", dir,
                    strerror(e));
  }
  close(fd);
  unlink(probe);
  if (stat(path, &sb) == 0) {
    if (!S_ISREG(sb.st_mode))
      return bbd_errf(BBD_EINVAL, err, errlen, "%s is not a regular file",
                      path);
    fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0) {
      int e = errno;
      return bbd_errf(
          e == EACCES || e == EPERM || e == EROFS ? BBD_EPERM : BBD_EIO, err,
          errlen, "database %s is not writable: %s", path, strerror(e));
    }
    close(fd);
  } else if (errno != ENOENT) {
    return bbd_errf(BBD_EIO, err, errlen, "%s: %s", path, strerror(errno));
  }
  return 0;
}

/* Checks that the file is a bbd database (or empty) and not from the
 * future, before anything is written to it. */
static int check_identity(bbd_store_t *st, char *err, size_t errlen) {
  int64_t tables = 0, appid = 0, version = 0;
  /* The first read of the file: a non-database or a damaged header fails
   * here with SQLITE_NOTADB or SQLITE_CORRUPT. */
  int rc = pragma_int(st, "SELECT count(*) FROM sqlite_schema", &tables, err,
                      errlen);
  if (!rc)
    rc = pragma_int(st, "PRAGMA application_id", &appid, err, errlen);
  if (!rc)
    rc = pragma_int(st, "PRAGMA user_version", &version, err, errlen);
  if (rc) {
    /* Busy, permission and I/O errors keep their code (the file may be
     * fine); anything else means the file is not a database we can read. */
    char inner[256];
    snprintf(inner, sizeof inner, "%s", err ? err : "");
    if (rc == BBD_EBUSY || rc == BBD_EPERM || rc == BBD_EIO || rc == BBD_ENOMEM)
      return bbd_errf(rc, err, errlen, "%s: %s", st->path, inner);
    return bbd_errf(BBD_EDB, err, errlen,
                    "%s is not a readable bbd database (refusing to touch "
                    "it): %s",
                    st->path, inner);
  }
  if (version == 0 && tables > 0)
    return bbd_errf(BBD_EDB, err, errlen,
                    "%s holds tables but no bbd schema version: not a bbd "
                    "database (refusing to touch it)",
                    st->path);
  if (version > 0 && appid != BBD_STORE_APPLICATION_ID)
    return bbd_errf(BBD_EDB, err, errlen,
                    "%s has application id 0x%llx, not bbd's: refusing it",
                    st->path, (unsigned long long)appid);
  if (version > bbd_store_schema_latest())
    return bbd_errf(BBD_EUNSUPPORTED, err, errlen,
                    "%s has schema version %lld, newer than this bbd "
                    "(%d): upgrade bbd",
                    st->path, (long long)version, bbd_store_schema_latest());
  if (version < 0)
    return bbd_errf(BBD_EDB, err, errlen, "%s: invalid schema version %lld",
                    st->path, (long long)version);
  st->schema_version = (int)version;
  return 0;
}

int bbd__store_open_version(bbd_store_t **out, const char *db_path,
                            const bbd_store_opts_t *opts, int max_version,
                            char *err, size_t errlen) {
  if (!out)
    return bbd_errf(BBD_EINVAL, err, errlen, "NULL output");
  *out = NULL;
  int rc = bbd__check_str(db_path, BBD_STORE_MAX_PATH, 1, "database path", err,
                          errlen);
  if (rc)
    return rc;
  rc = check_writable(db_path, err, errlen);
  if (rc)
    return rc;

  bbd_store_t *st = calloc(1, sizeof *st);
  if (!st || !(st->path = strdup(db_path))) {
    free(st);
    return bbd_errf(BBD_ENOMEM, err, errlen, "opening %s", db_path);
  }
  if (opts) {
    st->now_ms = opts->now_ms;
    st->now_ud = opts->now_ud;
  }
  int r = sqlite3_open_v2(db_path, &st->db,
                          SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                              SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE,
                          NULL);
  if (r != SQLITE_OK) {
    rc = bbd__store_sqlerr(st, r, "open", err, errlen);
    goto fail;
  }
  sqlite3_extended_result_codes(st->db, 1);
  /* Before any migration: the result-document step calls bbd_result_doc. */
  r = bbd__store_register_functions(st->db);
  if (r != SQLITE_OK) {
    rc = bbd__store_sqlerr(st, r, "register functions", err, errlen);
    goto fail;
  }
  int busy = opts && opts->busy_timeout_ms > 0 ? opts->busy_timeout_ms : 5000;
  sqlite3_busy_timeout(st->db, busy);

  rc = check_identity(st, err, errlen);
  if (rc)
    goto fail;

  /* WAL: readers (the web UI, bbctl) never block the ingest of results.
   * synchronous=NORMAL in WAL mode is durable across a crash or kill -9 of
   * the process (only a power loss can drop the last commits), and never
   * corrupts the file. */
  char mode[32];
  rc = pragma_text(st, "PRAGMA journal_mode = WAL", mode, sizeof mode, err,
                   errlen);
  if (!rc && strcmp(mode, "wal") != 0)
    rc = bbd_errf(BBD_EDB, err, errlen, "%s: cannot enable WAL (mode %s)",
                  db_path, mode);
  int64_t ignored;
  if (!rc)
    rc = pragma_int(st, "PRAGMA foreign_keys = ON", &ignored, err, errlen);
  if (!rc)
    rc = pragma_int(st, "PRAGMA synchronous = NORMAL", &ignored, err, errlen);
  if (rc)
    goto fail;

  if (opts && opts->check_at_open && st->schema_version > 0) {
    rc = bbd_store_integrity_check(st, 1, err, errlen);
    if (rc)
      goto fail;
  }
  rc = bbd__store_migrate(st, max_version, err, errlen);
  if (rc)
    goto fail;
  *out = st;
  return 0;

fail:
  bbd_store_close(st);
  return rc;
}

int bbd_store_open_file(bbd_store_t **out, const char *db_path,
                        const bbd_store_opts_t *opts, char *err,
                        size_t errlen) {
  return bbd__store_open_version(out, db_path, opts, bbd_store_schema_latest(),
                                 err, errlen);
}

int bbd_store_open(bbd_store_t **out, const char *data_dir,
                   const bbd_store_opts_t *opts, char *err, size_t errlen) {
  if (out)
    *out = NULL;
  int rc = bbd__check_str(data_dir, BBD_STORE_MAX_PATH, 1, "data directory",
                          err, errlen);
  if (rc)
    return rc;
  char path[BBD_STORE_MAX_PATH + 1];
  int n = snprintf(path, sizeof path, "%s/%s", data_dir, BBD_STORE_DB_NAME);
  if (n < 0 || (size_t)n >= sizeof path)
    return bbd_errf(BBD_EINVAL, err, errlen, "data directory path too long");
  return bbd_store_open_file(out, path, opts, err, errlen);
}

void bbd_store_close(bbd_store_t *st) {
  if (!st)
    return;
  bbd__store_stmt_cache_clear(st);
  if (st->db) {
    /* No PRAGMA optimize here: it may run ANALYZE over the whole history
     * (slow shutdown), and statistics could change the query plans the
     * store's queries were designed and measured with. Every statement is
     * finalized above, so close cannot be busy; the last connection's close
     * checkpoints and removes the WAL. */
    sqlite3_close(st->db);
  }
  free(st->path);
  free(st);
}

int bbd_store_schema_version(const bbd_store_t *st) {
  return st ? st->schema_version : 0;
}

/* Appends the rows of a check pragma to err; returns how many rows were
 * not "ok". */
static int collect_check(bbd_store_t *st, const char *sql, int ok_row,
                         char *buf, size_t buflen, int *rcp) {
  sqlite3_stmt *s = NULL;
  int bad = 0;
  int r = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
  if (r != SQLITE_OK) {
    *rcp = r;
    return 1;
  }
  while ((r = sqlite3_step(s)) == SQLITE_ROW) {
    const unsigned char *t = sqlite3_column_text(s, 0);
    if (ok_row && t && strcmp((const char *)t, "ok") == 0)
      continue;
    bad++;
    size_t used = strlen(buf);
    if (used + 8 < buflen && bad <= 5) {
      if (ok_row)
        snprintf(buf + used, buflen - used, "%s%s", used ? "; " : "",
                 t ? (const char *)t : "?");
      else /* foreign_key_check: table, rowid, parent, fkid */
        snprintf(buf + used, buflen - used,
                 "%sforeign key violation in %s row %lld -> %s",
                 used ? "; " : "", t ? (const char *)t : "?",
                 (long long)sqlite3_column_int64(s, 1),
                 (const char *)sqlite3_column_text(s, 2)
                     ? (const char *)sqlite3_column_text(s, 2)
                     : "?");
    }
  }
  if (r != SQLITE_DONE) {
    *rcp = r;
    bad++;
  }
  sqlite3_finalize(s);
  return bad;
}

int bbd_store_integrity_check(bbd_store_t *st, int quick, char *err,
                              size_t errlen) {
  if (!st)
    return bbd_errf(BBD_EINVAL, err, errlen, "no store");
  char buf[1024] = "";
  int r = SQLITE_OK;
  int bad = collect_check(
      st, quick ? "PRAGMA quick_check(20)" : "PRAGMA integrity_check(20)", 1,
      buf, sizeof buf, &r);
  if (!bad)
    bad = collect_check(st, "PRAGMA foreign_key_check", 0, buf, sizeof buf, &r);
  if (!bad)
    return 0;
  if (r != SQLITE_OK && !buf[0])
    snprintf(buf, sizeof buf, "%s", sqlite3_errmsg(st->db));
  return bbd_errf(BBD_EDB, err, errlen, "%s: %s check failed: %s", st->path,
                  quick ? "quick" : "integrity", buf);
}
