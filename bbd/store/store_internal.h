/*
 * Private to bbd/store: the store context, the statement cache, the result
 * allocator and the helpers every store_*.c file shares. This is the only
 * header of the project that includes sqlite3.h.
 */
#ifndef BBD_STORE_INTERNAL_H
#define BBD_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "store.h"

/* Prepared statements are cached by SQL text. The fixed statements number
 * about 50; the filtered run list adds one per filter shape. When the cache
 * is full the oldest entry is finalized and replaced. */
#define BBD_STORE_STMT_CACHE 96

typedef struct bbd_store_stmt_slot {
  uint64_t hash;
  char *sql;
  sqlite3_stmt *stmt;
  uint64_t used; /* last use tick, for eviction */
} bbd_store_stmt_slot_t;

struct bbd_store {
  sqlite3 *db;
  char *path;
  int schema_version;
  int64_t (*now_ms)(void *ud);
  void *now_ud;
  uint64_t tick;
  bbd_store_stmt_slot_t stmts[BBD_STORE_STMT_CACHE];
};

/* ----------------------------------------------------------- statements */

/* Returns the cached prepared statement for sql (preparing it on first
 * use), reset and with its bindings cleared; NULL with err filled on
 * failure. The caller must bbd__store_reset() it when done so no read
 * transaction stays open. */
sqlite3_stmt *bbd__store_stmt(bbd_store_t *st, const char *sql, int *rc,
                              char *err, size_t errlen);
void bbd__store_reset(sqlite3_stmt *s);
void bbd__store_stmt_cache_clear(bbd_store_t *st);

/* Maps a SQLite result code (of the last call on st->db) to a BBD_E* code
 * with detail "<what>: <sqlite message>". */
int bbd__store_sqlerr(bbd_store_t *st, int rc, const char *what, char *err,
                      size_t errlen);

/* Executes a statement with no result rows (BEGIN, COMMIT...) through the
 * cache. */
int bbd__store_exec(bbd_store_t *st, const char *sql, char *err, size_t errlen);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. Rollback never fails loudly: it is
 * only called on an error path and keeps the first error. */
int bbd__store_begin(bbd_store_t *st, char *err, size_t errlen);
int bbd__store_commit(bbd_store_t *st, char *err, size_t errlen);
void bbd__store_rollback(bbd_store_t *st);

/* A read transaction (deferred BEGIN) around several queries: one
 * consistent snapshot, and one WAL read lock instead of one per statement.
 * Returns 1 if it began one, 0 if already inside a transaction, or a
 * negative BBD_E* code; pass the result to bbd__store_read_end. */
int bbd__store_read_begin(bbd_store_t *st, char *err, size_t errlen);
void bbd__store_read_end(bbd_store_t *st, int began);

int64_t bbd__store_now(bbd_store_t *st);

/* Binding helpers: NULL text -> SQL NULL; NaN -> SQL NULL. */
int bbd__bind_text(sqlite3_stmt *s, int i, const char *v);
int bbd__bind_double(sqlite3_stmt *s, int i, double v);
/* 0 -> SQL NULL (for optional ids and timestamps). */
int bbd__bind_id(sqlite3_stmt *s, int i, int64_t v);

/* Column helpers for reading: NULL -> NaN / 0. */
double bbd__col_double(sqlite3_stmt *s, int i);

/* ---------------------------------------------------------- validation */

/* Checks a string argument: non-NULL if required, length <= max, no NUL
 * inside (C strings cannot carry one anyway). `what` names it in err. */
int bbd__check_str(const char *v, size_t max, int required, const char *what,
                   char *err, size_t errlen);
/* Checks an optional JSON argument: NULL, or valid JSON of bounded size. */
int bbd__check_json(const char *v, const char *what, char *err, size_t errlen);
int bbd__check_tags(const bbd_store_tag_t *tags, size_t n, size_t max,
                    int unique, char *err, size_t errlen);

/* ------------------------------------------------------ result objects */

/*
 * Every object the API returns is one "top" allocation owning a list of
 * further allocations (strings, arrays), so one free call releases it all
 * and the object stays valid after the store is closed. bbd__obj_new
 * returns zeroed storage for the top struct; the other calls attach more
 * storage to it and return NULL on out of memory.
 */
void *bbd__obj_new(size_t size);
void *bbd__obj_alloc(void *top, size_t size); /* zeroed */
void *bbd__obj_realloc(void *top, void *p, size_t size);
/* Returns arr (item_size-byte items attached to top) with room for at least
 * count + 1 items: doubles *cap when full (first: the first capacity). NULL
 * on out of memory or overflow, leaving arr valid. */
void *bbd__obj_grow(void *top, void *arr, size_t count, size_t *cap,
                    size_t item_size, size_t first);
char *bbd__obj_strdup(void *top, const char *s);
/* Copies column i as text (NULL stays NULL; text is copied verbatim up
 * to its length). Sets *oom on failure. */
char *bbd__obj_col_text(void *top, sqlite3_stmt *s, int i, int *oom);
void bbd__obj_free(void *top);

/* Reads the tags of run_id into *tags and *n (allocated in top), by key. */
int bbd__store_load_tags(bbd_store_t *st, void *top, int64_t run_id,
                         bbd_store_tag_t **tags, size_t *n, char *err,
                         size_t errlen);

/* ------------------------------------------------------ result document */

/* The arguments of the SQL function bbd_result_doc(), which renders a
 * result row as the API's result object (store_doc.c), in its order. */
#define BBD__RESULT_DOC_ARGS                                                   \
  "id, run_id, bench_id, variant, status, failure, unit, mean, median, "       \
  "slope, stddev, ci_low, ci_high, estimates, counters, alloc, warnings, "     \
  "verdict, regression, n_samples, created_at"

/* Registers the store's SQL functions (bbd_result_doc) on a connection;
 * a SQLite result code. */
int bbd__store_register_functions(sqlite3 *db);

/* --------------------------------------------------------- migrations */

typedef struct bbd_store_migration {
  int version;     /* user_version after this step */
  const char *sql; /* one or more statements */
} bbd_store_migration_t;

/* The table of every schema step, in order (store_schema.c). */
extern const bbd_store_migration_t bbd__store_migrations[];
extern const size_t bbd__store_n_migrations;

/* Applies the steps after the current user_version, up to `target`, each in
 * its own transaction. Exposed so tests can build an old-version file and
 * migrate it. */
int bbd__store_migrate(bbd_store_t *st, int target, char *err, size_t errlen);

/* Opens like bbd_store_open_file but migrates only to max_version (tests of
 * upgrades from an older schema). */
int bbd__store_open_version(bbd_store_t **out, const char *db_path,
                            const bbd_store_opts_t *opts, int max_version,
                            char *err, size_t errlen);

/* The application id written in every bbd database ("BBD1"). */
#define BBD_STORE_APPLICATION_ID 0x42424431

#endif
