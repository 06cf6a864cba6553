/*
 * Shared plumbing of the store: the prepared statement cache, error
 * mapping, transactions, binding helpers, argument validation and the
 * allocator of returned objects.
 */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store_internal.h"

/* ------------------------------------------------------------ statements */

/* FNV-1a: a cheap hash to skip most strcmp calls in the cache lookup. */
static uint64_t fnv1a(const char *s) {
  uint64_t h = 1469598103934665603ull;
  for (; *s; s++) {
    h ^= (unsigned char)*s;
    h *= 1099511628211ull;
  }
  return h;
}

sqlite3_stmt *bbd__store_stmt(bbd_store_t *st, const char *sql, int *rcp,
                              char *err, size_t errlen) {
  uint64_t h = fnv1a(sql);
  bbd_store_stmt_slot_t *empty = NULL, *lru = NULL;
  st->tick++;
  for (size_t i = 0; i < BBD_STORE_STMT_CACHE; i++) {
    bbd_store_stmt_slot_t *sl = &st->stmts[i];
    if (!sl->stmt) {
      if (!empty)
        empty = sl;
      continue;
    }
    if (sl->hash == h && strcmp(sl->sql, sql) == 0) {
      sl->used = st->tick;
      sqlite3_reset(sl->stmt);
      sqlite3_clear_bindings(sl->stmt);
      return sl->stmt;
    }
    /* A statement still stepping (an outer loop) is never evicted. */
    if (!sqlite3_stmt_busy(sl->stmt) && (!lru || sl->used < lru->used))
      lru = sl;
  }
  bbd_store_stmt_slot_t *victim = empty ? empty : lru;
  if (!victim) {
    if (rcp)
      *rcp = bbd_errf(BBD_EDB, err, errlen, "statement cache exhausted");
    return NULL;
  }
  /* Not cached: prepare it into a free slot or the least recently used. */
  sqlite3_stmt *s = NULL;
  int rc =
      sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL);
  if (rc != SQLITE_OK) {
    int code = bbd__store_sqlerr(st, rc, "prepare", err, errlen);
    if (rcp)
      *rcp = code;
    sqlite3_finalize(s);
    return NULL;
  }
  char *copy = strdup(sql);
  if (!copy) {
    sqlite3_finalize(s);
    if (rcp)
      *rcp = bbd_errf(BBD_ENOMEM, err, errlen, "statement cache");
    return NULL;
  }
  if (victim->stmt) {
    sqlite3_finalize(victim->stmt);
    free(victim->sql);
  }
  victim->hash = h;
  victim->sql = copy;
  victim->stmt = s;
  victim->used = st->tick;
  return s;
}

void bbd__store_reset(sqlite3_stmt *s) {
  if (s)
    sqlite3_reset(s);
}

void bbd__store_stmt_cache_clear(bbd_store_t *st) {
  for (size_t i = 0; i < BBD_STORE_STMT_CACHE; i++) {
    if (st->stmts[i].stmt)
      sqlite3_finalize(st->stmts[i].stmt);
    free(st->stmts[i].sql);
    memset(&st->stmts[i], 0, sizeof st->stmts[i]);
  }
}

int bbd__store_sqlerr(bbd_store_t *st, int rc, const char *what, char *err,
                      size_t errlen) {
  int ext = st && st->db ? sqlite3_extended_errcode(st->db) : rc;
  const char *msg = st && st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);
  int code;
  switch (rc & 0xff) {
  case SQLITE_FULL:
    code = BBD_ENOSPC;
    break;
  case SQLITE_BUSY:
  case SQLITE_LOCKED:
    code = BBD_EBUSY;
    break;
  case SQLITE_NOMEM:
    code = BBD_ENOMEM;
    break;
  case SQLITE_READONLY:
  case SQLITE_PERM:
  case SQLITE_AUTH:
    code = BBD_EPERM;
    break;
  case SQLITE_IOERR:
  case SQLITE_CANTOPEN:
    code = BBD_EIO;
    break;
  case SQLITE_TOOBIG:
    code = BBD_ETOOBIG;
    break;
  case SQLITE_CONSTRAINT:
    if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
      code = BBD_EEXIST;
    else if (ext == SQLITE_CONSTRAINT_FOREIGNKEY)
      code = BBD_ECONFLICT;
    else
      code = BBD_EINVAL;
    break;
  default: /* CORRUPT, NOTADB, ERROR, SCHEMA, ... */
    code = BBD_EDB;
    break;
  }
  return bbd_errf(code, err, errlen, "%s: %s (sqlite %d)", what, msg, ext);
}

int bbd__store_exec(bbd_store_t *st, const char *sql, char *err,
                    size_t errlen) {
  int rc = 0;
  sqlite3_stmt *s = bbd__store_stmt(st, sql, &rc, err, errlen);
  if (!s)
    return rc;
  int r;
  while ((r = sqlite3_step(s)) == SQLITE_ROW)
    ;
  if (r != SQLITE_DONE)
    rc = bbd__store_sqlerr(st, r, sql, err, errlen);
  sqlite3_reset(s);
  return rc;
}

int bbd__store_begin(bbd_store_t *st, char *err, size_t errlen) {
  return bbd__store_exec(st, "BEGIN IMMEDIATE", err, errlen);
}

int bbd__store_commit(bbd_store_t *st, char *err, size_t errlen) {
  int rc = bbd__store_exec(st, "COMMIT", err, errlen);
  if (rc)
    bbd__store_rollback(st);
  return rc;
}

void bbd__store_rollback(bbd_store_t *st) {
  /* After some errors (SQLITE_FULL among them) SQLite has already rolled
   * back; ROLLBACK then fails harmlessly, so only act inside a
   * transaction. */
  if (!sqlite3_get_autocommit(st->db))
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

int bbd__store_read_begin(bbd_store_t *st, char *err, size_t errlen) {
  if (!sqlite3_get_autocommit(st->db))
    return 0; /* already inside the caller's transaction */
  int rc = bbd__store_exec(st, "BEGIN", err, errlen);
  return rc ? rc : 1;
}

void bbd__store_read_end(bbd_store_t *st, int began) {
  /* Ending a transaction that only read cannot lose data; if COMMIT fails
   * (it should not), ROLLBACK releases the snapshot. */
  if (began > 0 && bbd__store_exec(st, "COMMIT", NULL, 0) != 0)
    bbd__store_rollback(st);
}

static int64_t realtime_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t bbd__store_now(bbd_store_t *st) {
  return st->now_ms ? st->now_ms(st->now_ud) : realtime_ms();
}

/* --------------------------------------------------------------- binding */

int bbd__bind_text(sqlite3_stmt *s, int i, const char *v) {
  if (!v)
    return sqlite3_bind_null(s, i);
  return sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

int bbd__bind_double(sqlite3_stmt *s, int i, double v) {
  if (isnan(v))
    return sqlite3_bind_null(s, i);
  return sqlite3_bind_double(s, i, v);
}

int bbd__bind_id(sqlite3_stmt *s, int i, int64_t v) {
  if (v == 0)
    return sqlite3_bind_null(s, i);
  return sqlite3_bind_int64(s, i, v);
}

double bbd__col_double(sqlite3_stmt *s, int i) {
  if (sqlite3_column_type(s, i) == SQLITE_NULL)
    return NAN;
  return sqlite3_column_double(s, i);
}

/* ------------------------------------------------------------ validation */

int bbd__check_str(const char *v, size_t max, int required, const char *what,
                   char *err, size_t errlen) {
  if (!v) {
    if (required)
      return bbd_errf(BBD_EINVAL, err, errlen, "%s is required", what);
    return 0;
  }
  size_t n = strnlen(v, max + 1);
  if (n > max)
    return bbd_errf(BBD_EINVAL, err, errlen, "%s is longer than %zu bytes",
                    what, max);
  if (required && n == 0)
    return bbd_errf(BBD_EINVAL, err, errlen, "%s is empty", what);
  return 0;
}

int bbd__check_json(const char *v, const char *what, char *err, size_t errlen) {
  if (!v)
    return 0;
  size_t n = strnlen(v, (size_t)BBD_STORE_MAX_JSON + 1);
  if (n > (size_t)BBD_STORE_MAX_JSON)
    return bbd_errf(BBD_EINVAL, err, errlen, "%s is larger than %d bytes", what,
                    BBD_STORE_MAX_JSON);
  const char *end = NULL;
  /* The length includes the terminator: with require_null_terminated set,
   * cJSON checks that the byte after the value is the NUL. */
  cJSON *j = cJSON_ParseWithLengthOpts(v, n + 1, &end, 1);
  if (!j) {
    size_t off = end && end >= v ? (size_t)(end - v) : 0;
    return bbd_errf(BBD_EINVAL, err, errlen,
                    "%s is not valid JSON (near byte %zu)", what, off);
  }
  cJSON_Delete(j);
  return 0;
}

int bbd__check_tags(const bbd_store_tag_t *tags, size_t n, size_t max,
                    int unique, char *err, size_t errlen) {
  if (n > max)
    return bbd_errf(BBD_EINVAL, err, errlen, "%zu tags, at most %zu", n, max);
  if (n > 0 && !tags)
    return bbd_errf(BBD_EINVAL, err, errlen, "tags: NULL array");
  for (size_t i = 0; i < n; i++) {
    int rc = bbd__check_str(tags[i].key, BBD_STORE_MAX_NAME, 1, "tag key", err,
                            errlen);
    if (!rc)
      rc = bbd__check_str(tags[i].value, BBD_STORE_MAX_TAG_VALUE, 0,
                          "tag value", err, errlen);
    if (!rc && !tags[i].value)
      rc =
          bbd_errf(BBD_EINVAL, err, errlen, "tag %s has no value", tags[i].key);
    if (rc)
      return rc;
    for (size_t j = 0; unique && j < i; j++)
      if (strcmp(tags[i].key, tags[j].key) == 0)
        return bbd_errf(BBD_EINVAL, err, errlen, "tag key %s given twice",
                        tags[i].key);
  }
  return 0;
}

/* -------------------------------------------------------- result objects */

/* Every allocation carries this header; the top object's header is the
 * head of a circular list of all allocations it owns. Short strings are
 * carved from chunks (the top header's bump/left), so a 1,000-point history
 * costs a few chunk allocations instead of thousands of small ones. */
typedef union obj_hdr {
  struct {
    union obj_hdr *prev, *next;
    char *bump;  /* next free byte of the current string chunk */
    size_t left; /* bytes left in it */
  } l;
  max_align_t align;
} obj_hdr_t;

#define OBJ_CHUNK 4096
#define OBJ_SMALL_STRING 512

static obj_hdr_t *hdr_of(void *p) {
  return (obj_hdr_t *)p - 1;
}

void *bbd__obj_new(size_t size) {
  obj_hdr_t *h = calloc(1, sizeof *h + size);
  if (!h)
    return NULL;
  h->l.prev = h->l.next = h;
  return h + 1;
}

static void link_after(obj_hdr_t *head, obj_hdr_t *h) {
  h->l.prev = head;
  h->l.next = head->l.next;
  head->l.next->l.prev = h;
  head->l.next = h;
}

void *bbd__obj_alloc(void *top, size_t size) {
  if (size > SIZE_MAX - sizeof(obj_hdr_t))
    return NULL;
  obj_hdr_t *h = calloc(1, sizeof *h + size);
  if (!h)
    return NULL;
  link_after(hdr_of(top), h);
  return h + 1;
}

void *bbd__obj_realloc(void *top, void *p, size_t size) {
  if (!p)
    return bbd__obj_alloc(top, size);
  if (size > SIZE_MAX - sizeof(obj_hdr_t))
    return NULL;
  obj_hdr_t *h = hdr_of(p);
  obj_hdr_t *prev = h->l.prev, *next = h->l.next;
  obj_hdr_t *n = realloc(h, sizeof *n + size);
  if (!n)
    return NULL; /* the old block is still linked and valid */
  prev->l.next = n;
  next->l.prev = n;
  return n + 1;
}

void *bbd__obj_grow(void *top, void *arr, size_t count, size_t *cap,
                    size_t item_size, size_t first) {
  if (count < *cap)
    return arr;
  size_t ncap = *cap ? *cap * 2 : first;
  if (item_size == 0 || ncap < *cap || ncap > SIZE_MAX / item_size)
    return NULL;
  void *na = bbd__obj_realloc(top, arr, ncap * item_size);
  if (na)
    *cap = ncap;
  return na;
}

/* n bytes for a string (byte-aligned, never reallocated or freed alone). */
static char *obj_string(void *top, size_t n) {
  if (n > OBJ_SMALL_STRING)
    return bbd__obj_alloc(top, n);
  obj_hdr_t *head = hdr_of(top);
  if (head->l.left < n) {
    char *chunk = bbd__obj_alloc(top, OBJ_CHUNK);
    if (!chunk)
      return NULL;
    head->l.bump = chunk;
    head->l.left = OBJ_CHUNK;
  }
  char *d = head->l.bump;
  head->l.bump += n;
  head->l.left -= n;
  return d;
}

char *bbd__obj_strdup(void *top, const char *s) {
  if (!s)
    return NULL;
  size_t n = strlen(s);
  char *d = obj_string(top, n + 1);
  if (d)
    memcpy(d, s, n + 1);
  return d;
}

char *bbd__obj_col_text(void *top, sqlite3_stmt *s, int i, int *oom) {
  if (sqlite3_column_type(s, i) == SQLITE_NULL)
    return NULL;
  const unsigned char *t = sqlite3_column_text(s, i);
  int n = sqlite3_column_bytes(s, i);
  if (!t || n < 0) {
    *oom = 1;
    return NULL;
  }
  char *d = obj_string(top, (size_t)n + 1);
  if (!d) {
    *oom = 1;
    return NULL;
  }
  memcpy(d, t, (size_t)n);
  d[n] = '\0';
  return d;
}

void bbd__obj_free(void *top) {
  if (!top)
    return;
  obj_hdr_t *head = hdr_of(top);
  obj_hdr_t *h = head->l.next;
  while (h != head) {
    obj_hdr_t *next = h->l.next;
    free(h);
    h = next;
  }
  free(head);
}

/* ------------------------------------------------------------------ tags */

int bbd__store_load_tags(bbd_store_t *st, void *top, int64_t run_id,
                         bbd_store_tag_t **tags, size_t *n, char *err,
                         size_t errlen) {
  int rc = 0;
  sqlite3_stmt *s = bbd__store_stmt(
      st, "SELECT key, value FROM run_tags WHERE run_id = ?1 ORDER BY key", &rc,
      err, errlen);
  *tags = NULL;
  *n = 0;
  if (!s)
    return rc;
  sqlite3_bind_int64(s, 1, run_id);
  size_t cap = 0, cnt = 0;
  bbd_store_tag_t *arr = NULL;
  int r, oom = 0;
  while ((r = sqlite3_step(s)) == SQLITE_ROW) {
    bbd_store_tag_t *na = bbd__obj_grow(top, arr, cnt, &cap, sizeof *na, 4);
    if (!na) {
      oom = 1;
      break;
    }
    arr = na;
    arr[cnt].key = bbd__obj_col_text(top, s, 0, &oom);
    arr[cnt].value = bbd__obj_col_text(top, s, 1, &oom);
    if (oom || !arr[cnt].key || !arr[cnt].value) {
      oom = 1;
      break;
    }
    cnt++;
  }
  if (oom)
    rc = bbd_errf(BBD_ENOMEM, err, errlen, "loading tags of run %lld",
                  (long long)run_id);
  else if (r != SQLITE_DONE)
    rc = bbd__store_sqlerr(st, r, "loading tags", err, errlen);
  sqlite3_reset(s);
  if (rc)
    return rc;
  *tags = arr;
  *n = cnt;
  return 0;
}
