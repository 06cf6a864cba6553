/*
 * bbd store: the persistent history of runs, results, samples and baselines.
 *
 * This header is the whole interface between the daemon and its database.
 * It mentions no SQLite type on purpose: the SQLite implementation
 * (store_*.c) is the only code in the project that includes sqlite3.h, and a
 * PostgreSQL implementation could provide the same functions later (see
 * docs/STORE.md).
 *
 * Conventions
 * - Every fallible function returns 0 or a negative BBD_E* code
 *   (bbd/common/err.h) and writes human detail into err[errlen] (may be NULL).
 *   Typical codes: BBD_EINVAL (bad argument, too long string, invalid JSON),
 *   BBD_ENOTFOUND (no such run/result/baseline/cache entry), BBD_EEXIST
 *   (duplicate result of a benchmark in a run), BBD_ESTATE (forbidden run
 *   state transition), BBD_ECONFLICT (deleting a run a baseline names),
 *   BBD_ENOSPC (disk or database size limit full; the failed transaction is
 *   rolled back, earlier data is intact), BBD_EBUSY (locked by another
 *   process beyond the busy timeout), BBD_EPERM (read-only directory or
 *   file), BBD_EUNSUPPORTED (database written by a newer bbd), BBD_EDB
 *   (corrupt database, corrupt stored blob, any other database error).
 * - Timestamps are int64 milliseconds since the Unix epoch (UTC); 0 means
 *   "not set". The store reads the clock itself (see bbd_store_opts_t.now_ms).
 * - JSON arguments are UTF-8 text; the store checks they are valid JSON and
 *   stores them verbatim. NULL means "absent" (returned as NULL).
 * - Every string is stored and returned byte for byte (SQL metacharacters are
 *   just bytes: all values are bound parameters).
 * - Returned objects are allocated by the store, are independent of the store
 *   handle (they stay valid after close), and are released with the free
 *   function named next to the getter. Free functions accept NULL. On error,
 *   *out is set to NULL.
 * - A bbd_store_t must be used by one thread at a time. Another thread or
 *   process may open its own handle on the same file (WAL mode: readers never
 *   block the writer).
 */
#ifndef BBD_STORE_STORE_H
#define BBD_STORE_STORE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bounds on strings coming from outside (HTTP, plugins). Longer is
 * BBD_EINVAL. */
#define BBD_STORE_MAX_NAME 256          /* baseline name, tag key, machine */
#define BBD_STORE_MAX_TAG_VALUE 4096    /* tag value */
#define BBD_STORE_MAX_BENCH_ID 1024     /* plugin/group/name[/param] */
#define BBD_STORE_MAX_TEXT 65536        /* failure reason, error text */
#define BBD_STORE_MAX_JSON (16 << 20)   /* any JSON document */
#define BBD_STORE_MAX_PATH 4096         /* plugin path */
#define BBD_STORE_MAX_TAGS 64           /* tags on one run */
#define BBD_STORE_MAX_FILTER_TAGS 8     /* tag filters in one query */
#define BBD_STORE_MAX_SAMPLES 10000000u /* samples in one result */
#define BBD_STORE_MAX_COUNTERS 64       /* per-sample counter series */

/* The database file name inside the data directory. */
#define BBD_STORE_DB_NAME "bbd.db"

typedef struct bbd_store bbd_store_t;

/* ------------------------------------------------------------------ open */

typedef struct bbd_store_opts {
  /* SQLite busy timeout in milliseconds; 0 means 5000. */
  int busy_timeout_ms;
  /* Run PRAGMA quick_check at open and refuse a damaged file (slower open
   * on large databases; the daemon's startup uses it). */
  int check_at_open;
  /* Clock used for every timestamp the store writes; NULL means
   * CLOCK_REALTIME. Tests inject a fake clock here. */
  int64_t (*now_ms)(void *ud);
  void *now_ud;
} bbd_store_opts_t;

/*
 * Opens (creating if absent) <data_dir>/bbd.db and migrates it to the
 * current schema (each migration step in its own transaction). The
 * directory must exist and be writable (WAL needs its -wal and -shm files):
 * a read-only directory or file is BBD_EPERM. A file that is not a bbd
 * database, a corrupt file, or one from a newer bbd is refused (BBD_EDB,
 * BBD_EUNSUPPORTED) and left untouched: the store never recreates a file.
 * opts may be NULL (defaults).
 */
int bbd_store_open(bbd_store_t **out, const char *data_dir,
                   const bbd_store_opts_t *opts, char *err, size_t errlen);

/* Same as bbd_store_open with an explicit database file path. */
int bbd_store_open_file(bbd_store_t **out, const char *db_path,
                        const bbd_store_opts_t *opts, char *err, size_t errlen);

/* Finalizes cached statements, checkpoints the WAL and closes. NULL is a
 * no-op. */
void bbd_store_close(bbd_store_t *st);

/* The schema version of the open database (PRAGMA user_version). */
int bbd_store_schema_version(const bbd_store_t *st);

/* The schema version this build migrates to. */
int bbd_store_schema_latest(void);

/* Runs PRAGMA integrity_check (or quick_check if quick != 0) and foreign key
 * checks. 0 if the database is sound; BBD_EDB with the first problems in err
 * otherwise. */
int bbd_store_integrity_check(bbd_store_t *st, int quick, char *err,
                              size_t errlen);

/* ------------------------------------------------- machines, environments */

/*
 * Records that machine `machine_name` (e.g. the hostname) was seen with the
 * environment fingerprint `fingerprint_json` (clocksource, CPU, kernel,
 * counter mode... see NOTES.md §7). Creates the machine and/or environment
 * row on first sight, else updates last_seen. The environment is identified
 * by a hash of the minified JSON (16 hex digits). Outputs may be NULL.
 */
int bbd_store_env_upsert(bbd_store_t *st, const char *machine_name,
                         const char *fingerprint_json, int64_t *machine_id,
                         int64_t *env_id, char *err, size_t errlen);

typedef struct bbd_store_env {
  int64_t id;
  int64_t machine_id;
  char *machine_name;
  char *hash;             /* 16 lower-case hex digits */
  char *fingerprint_json; /* as given */
  int64_t first_seen_ms;
  int64_t last_seen_ms;
} bbd_store_env_t;

int bbd_store_env_get(bbd_store_t *st, int64_t env_id, bbd_store_env_t **out,
                      char *err, size_t errlen);
void bbd_store_env_free(bbd_store_env_t *env);

/* ------------------------------------------------------------------ runs */

typedef enum bbd_store_run_state {
  BBD_STORE_RUN_QUEUED = 0,
  BBD_STORE_RUN_RUNNING,
  BBD_STORE_RUN_DONE,
  BBD_STORE_RUN_FAILED,
  BBD_STORE_RUN_CANCELLED,
  BBD_STORE_RUN_INTERRUPTED,
  BBD_STORE_RUN_NSTATES
} bbd_store_run_state_t;

/* "queued", "running", ...; NULL for an out-of-range value. */
const char *bbd_store_run_state_name(int state);
/* The state named `name`, or -1. */
int bbd_store_run_state_parse(const char *name);

typedef struct bbd_store_tag {
  const char *key; /* 1..BBD_STORE_MAX_NAME bytes */
  const char *value;
} bbd_store_tag_t;

typedef struct bbd_store_run_new {
  const char *config_json;     /* the request as accepted; may be NULL */
  const bbd_store_tag_t *tags; /* keys unique; e.g. git_sha, branch */
  size_t n_tags;
  int64_t machine_id;      /* 0 = unknown */
  int64_t env_id;          /* 0 = unknown */
  int64_t benchmark_count; /* benchmarks planned, if known (else 0) */
} bbd_store_run_new_t;

typedef struct bbd_store_run {
  int64_t id;
  int state; /* bbd_store_run_state_t */
  int64_t created_ms, started_ms, finished_ms;
  char *config_json;     /* NULL if none */
  bbd_store_tag_t *tags; /* sorted by key */
  size_t n_tags;
  int64_t machine_id, env_id; /* 0 = unknown */
  int64_t benchmark_count;    /* planned */
  int64_t result_count;       /* results stored (maintained by the store) */
  int64_t failed_count;       /* results with status failed */
  int64_t regression_count;   /* results flagged as regressions */
  char *error;                /* NULL unless the run failed/was interrupted */
} bbd_store_run_t;

/* Creates a run in state queued (created_ms = now). *id receives its id;
 * ids increase with creation. */
int bbd_store_run_create(bbd_store_t *st, const bbd_store_run_new_t *req,
                         int64_t *id, char *err, size_t errlen);

/*
 * Moves a run to `state`. Allowed: queued -> running | cancelled |
 * interrupted | failed; running -> done | failed | cancelled | interrupted.
 * Anything else (e.g. leaving a terminal state) is BBD_ESTATE; setting the
 * current state again is a no-op success. Entering running sets started_ms
 * (if unset); entering a terminal state sets finished_ms (if unset). `error`
 * (may be NULL) is stored as the run's error text.
 */
int bbd_store_run_set_state(bbd_store_t *st, int64_t id, int state,
                            const char *error, char *err, size_t errlen);

/* Sets started_ms / finished_ms explicitly; a negative value leaves that
 * field unchanged, 0 clears it. Setting started_ms on a queued run marks it
 * "started" for bbd_store_runs_interrupt_stale. */
int bbd_store_run_set_times(bbd_store_t *st, int64_t id, int64_t started_ms,
                            int64_t finished_ms, char *err, size_t errlen);

/* Sets the number of benchmarks planned (known once the catalog matched). */
int bbd_store_run_set_benchmark_count(bbd_store_t *st, int64_t id,
                                      int64_t count, char *err, size_t errlen);

/* Records the machine and environment a run is measured in, once its worker
 * has reported them (a run is created with the last environment known). */
int bbd_store_run_set_env(bbd_store_t *st, int64_t id, int64_t machine_id,
                          int64_t env_id, char *err, size_t errlen);

int bbd_store_run_get(bbd_store_t *st, int64_t id, bbd_store_run_t **out,
                      char *err, size_t errlen);
void bbd_store_run_free(bbd_store_run_t *run);

typedef struct bbd_store_run_filter {
  unsigned state_mask;         /* bit (1u << state); 0 = any state */
  const bbd_store_tag_t *tags; /* every key=value must match */
  size_t n_tags;               /* <= BBD_STORE_MAX_FILTER_TAGS */
  const char *bench_glob;      /* runs having a result whose bench id GLOB
                                  matches (case-sensitive, * ? [..]) */
  int64_t since_ms;            /* created_ms >= since_ms; 0 = any */
  int64_t until_ms;            /* created_ms < until_ms; 0 = any */
  int64_t machine_id;          /* 0 = any */
  size_t limit;                /* 0 = 50; at most 1000 */
  size_t offset;               /* skip this many (offset paging) */
  int64_t before_id;           /* keyset paging: only ids < before_id
                                  (newest first) or > (oldest first);
                                  0 = from the start */
  int oldest_first;            /* order by id ascending instead */
} bbd_store_run_filter_t;

typedef struct bbd_store_run_list {
  bbd_store_run_t *items; /* count runs */
  size_t count;
  int64_t total;       /* runs matching the filter, ignoring paging */
  int64_t next_cursor; /* before_id for the next page; 0 if none */
} bbd_store_run_list_t;

/* Lists runs matching f (NULL = all, newest first, limit 50). */
int bbd_store_run_list(bbd_store_t *st, const bbd_store_run_filter_t *f,
                       bbd_store_run_list_t **out, char *err, size_t errlen);
void bbd_store_run_list_free(bbd_store_run_list_t *list);

/* Deletes a run with its tags, results and samples. BBD_ECONFLICT if a
 * baseline currently names it (delete or move the baseline first). */
int bbd_store_run_delete(bbd_store_t *st, int64_t id, char *err, size_t errlen);

/* At startup: marks every run left running, or queued with started_ms set,
 * as interrupted (finished_ms = now). *count (may be NULL) receives how many
 * runs changed. Results already stored are kept. */
int bbd_store_runs_interrupt_stale(bbd_store_t *st, int *count, char *err,
                                   size_t errlen);

/* Number of runs in each state, indexed by bbd_store_run_state_t. */
int bbd_store_run_counts(bbd_store_t *st, int64_t counts[BBD_STORE_RUN_NSTATES],
                         char *err, size_t errlen);

/* --------------------------------------------------------------- results */

typedef enum bbd_store_result_status {
  BBD_STORE_RESULT_OK = 0,
  BBD_STORE_RESULT_FAILED = 1
} bbd_store_result_status_t;

/* One per-sample counter series: values[i] belongs to sample i; NaN means
 * "no value for this sample" (counter not ok). */
typedef struct bbd_store_counter_series {
  const char *name; /* e.g. "task-clock" */
  const double *values;
} bbd_store_counter_series_t;

typedef struct bbd_store_result_new {
  const char *bench_id; /* full id plugin/group/name[/param] */
  const char *variant;  /* "" or NULL normally; "a"/"b" in A/B runs */
  int status;           /* bbd_store_result_status_t */
  const char *failure;  /* reason when failed; may be NULL */
  /* Key numbers in ns per iteration; NaN = absent (stored as NULL). */
  double mean, median, slope, stddev, ci_low, ci_high;
  const char *unit;           /* NULL = "ns/iter" */
  const char *estimates_json; /* full estimates of the stats module */
  const char *counters_json;  /* counter values and statuses */
  const char *alloc_json;     /* allocation statistics */
  const char *warnings_json;  /* array of warnings */
  const char *verdict_json;   /* comparison verdict, if compared */
  int regression;             /* 1 if the verdict is a regression */
  /* Raw samples: n_samples pairs (iters[i], ns[i]) where ns[i] is the
   * measured time of the whole sample in nanoseconds. */
  const uint64_t *iters;
  const double *ns;
  size_t n_samples;
  const bbd_store_counter_series_t *counters; /* per-sample counters */
  size_t n_counters;
} bbd_store_result_new_t;

typedef struct bbd_store_result {
  int64_t id;
  int64_t run_id;
  char *bench_id;
  char *variant; /* "" when not A/B */
  int status;
  char *failure;
  double mean, median, slope, stddev, ci_low, ci_high; /* NaN = absent */
  char *unit;
  char *estimates_json, *counters_json, *alloc_json, *warnings_json,
      *verdict_json; /* NULL = absent */
  int regression;
  int64_t created_ms;
  int64_t n_samples;
} bbd_store_result_t;

/*
 * Stores one result with its samples in ONE transaction, and updates the
 * run's result/failed/regression counts. The run must exist (BBD_ENOTFOUND);
 * its state is not checked, since a late result of a cancelled or
 * interrupted run is still valid data. A second result for the same (run,
 * bench_id, variant) is BBD_EEXIST. *result_id may be NULL. With
 * n_samples == 0 no sample row is stored. BBD_EINVAL (nothing stored) for:
 * a sample with iters 0 or ns negative/not finite, an infinite key number,
 * invalid JSON, counter series without samples, or counter names that are
 * empty or repeated.
 */
int bbd_store_result_insert(bbd_store_t *st, int64_t run_id,
                            const bbd_store_result_new_t *res,
                            int64_t *result_id, char *err, size_t errlen);

/* Sets (or replaces) the verdict of a stored result, e.g. after a suite-wide
 * correction, and recomputes the run's regression count. verdict_json NULL
 * clears it. */
int bbd_store_result_set_verdict(bbd_store_t *st, int64_t result_id,
                                 const char *verdict_json, int regression,
                                 char *err, size_t errlen);

int bbd_store_result_get(bbd_store_t *st, int64_t result_id,
                         bbd_store_result_t **out, char *err, size_t errlen);
void bbd_store_result_free(bbd_store_result_t *res);

typedef struct bbd_store_result_list {
  bbd_store_result_t *items; /* ordered by bench_id, variant */
  size_t count;
} bbd_store_result_list_t;

/* All results of a run (without samples). BBD_ENOTFOUND if no such run. */
int bbd_store_result_list(bbd_store_t *st, int64_t run_id,
                          bbd_store_result_list_t **out, char *err,
                          size_t errlen);
void bbd_store_result_list_free(bbd_store_result_list_t *list);

/*
 * The results of a run as one JSON array text, "[{...},{...}]" (no
 * whitespace), in the order of bbd_store_result_list: each element is the
 * API's result object (docs/API.md), which the store renders from the
 * result's columns when the result is stored and when its verdict is set,
 * so this is a concatenation of stored text. *out is NUL-terminated,
 * malloc'd (release with free()), *len its length without the NUL.
 * BBD_ENOTFOUND if no such run.
 */
int bbd_store_result_docs(bbd_store_t *st, int64_t run_id, char **out,
                          size_t *len, char *err, size_t errlen);

typedef struct bbd_store_sample_counter {
  char *name;
  double *values; /* n values (of the enclosing samples), NaN = none */
} bbd_store_sample_counter_t;

typedef struct bbd_store_samples {
  size_t n;
  uint64_t *iters;
  double *ns;
  bbd_store_sample_counter_t *counters; /* sorted by name */
  size_t n_counters;
} bbd_store_samples_t;

/* The raw samples of a result, decoded with bounds checks: a damaged blob
 * is BBD_EDB, never a crash. A result stored without samples gives n = 0. */
int bbd_store_samples_get(bbd_store_t *st, int64_t result_id,
                          bbd_store_samples_t **out, char *err, size_t errlen);
void bbd_store_samples_free(bbd_store_samples_t *s);

/* ------------------------------------------------------------- baselines */

typedef struct bbd_store_baseline {
  char *name;
  int64_t run_id;
  int64_t set_ms;
  char *note; /* NULL if none */
} bbd_store_baseline_t;

/* Points baseline `name` at run_id (creating or moving it) and appends the
 * change to its history. BBD_ENOTFOUND if the run does not exist. */
int bbd_store_baseline_set(bbd_store_t *st, const char *name, int64_t run_id,
                           const char *note, char *err, size_t errlen);
int bbd_store_baseline_get(bbd_store_t *st, const char *name,
                           bbd_store_baseline_t **out, char *err,
                           size_t errlen);
void bbd_store_baseline_free(bbd_store_baseline_t *b);

typedef struct bbd_store_baseline_list {
  bbd_store_baseline_t *items; /* ordered by name */
  size_t count;
} bbd_store_baseline_list_t;

int bbd_store_baseline_list(bbd_store_t *st, bbd_store_baseline_list_t **out,
                            char *err, size_t errlen);
void bbd_store_baseline_list_free(bbd_store_baseline_list_t *list);

/* Removes a baseline (its history is kept, with a "deleted" entry).
 * BBD_ENOTFOUND if absent. */
int bbd_store_baseline_delete(bbd_store_t *st, const char *name, char *err,
                              size_t errlen);

typedef struct bbd_store_baseline_event {
  int64_t run_id; /* 0 for a delete; the run may since have been deleted */
  int64_t at_ms;
  char *action; /* "set" or "delete" */
  char *note;   /* NULL if none */
} bbd_store_baseline_event_t;

typedef struct bbd_store_baseline_history {
  bbd_store_baseline_event_t *items; /* oldest first */
  size_t count;
} bbd_store_baseline_history_t;

/* Every change of baseline `name`, oldest first (empty if never set). */
int bbd_store_baseline_history(bbd_store_t *st, const char *name,
                               bbd_store_baseline_history_t **out, char *err,
                               size_t errlen);
void bbd_store_baseline_history_free(bbd_store_baseline_history_t *h);

/* --------------------------------------------------------------- history */

typedef struct bbd_store_history_query {
  const char *bench_id;        /* exact full id (required) */
  const char *variant;         /* NULL = "" */
  int ok_only;                 /* skip failed results */
  int64_t since_ms;            /* result created_ms >= since_ms; 0 = any */
  int64_t machine_id;          /* 0 = any */
  const bbd_store_tag_t *tags; /* the run must carry every key=value */
  size_t n_tags;               /* <= BBD_STORE_MAX_FILTER_TAGS */
  size_t limit;                /* most recent N points; 0 = 1000, <= 100000 */
} bbd_store_history_query_t;

typedef struct bbd_store_history_point {
  int64_t run_id, result_id;
  int64_t time_ms; /* the result's created_ms */
  char *bench_id;
  char *variant;
  int status;
  double mean, median, slope, stddev, ci_low, ci_high; /* NaN = absent */
  int regression;
  bbd_store_tag_t *tags; /* the run's tags, sorted by key */
  size_t n_tags;
} bbd_store_history_point_t;

typedef struct bbd_store_history {
  bbd_store_history_point_t *items; /* oldest first */
  size_t count;
} bbd_store_history_t;

/* The time-ordered series of one benchmark's key numbers (the most recent
 * `limit` points, returned oldest first for change-point detection). */
int bbd_store_history(bbd_store_t *st, const bbd_store_history_query_t *q,
                      bbd_store_history_t **out, char *err, size_t errlen);
void bbd_store_history_free(bbd_store_history_t *h);

/* The latest result of every (bench_id, variant), ordered by bench_id, for
 * /metrics. Tags are not filled (n_tags = 0). */
int bbd_store_latest_results(bbd_store_t *st, bbd_store_history_t **out,
                             char *err, size_t errlen);

/* ------------------------------------------------------------- retention */

typedef struct bbd_store_retention {
  int64_t max_age_days; /* delete runs created longer ago; 0 = off */
  int64_t max_runs;     /* keep only the newest N runs; 0 = off */
} bbd_store_retention_t;

/* Deletes old runs (with results and samples) per r, never a run a baseline
 * currently names and never a queued or running run. *deleted (may be
 * NULL) receives the count. Does not shrink the file: see vacuum. */
int bbd_store_retention_apply(bbd_store_t *st, const bbd_store_retention_t *r,
                              int64_t *deleted, char *err, size_t errlen);

/* VACUUM and WAL checkpoint (truncate): returns freed pages to the file
 * system. Takes time proportional to the database size. */
int bbd_store_vacuum(bbd_store_t *st, char *err, size_t errlen);

/* ---------------------------------------------------------- plugin cache */

typedef struct bbd_store_plugin_entry {
  char *path;            /* absolute path of the .so */
  int64_t mtime_ns;      /* st_mtim of the file when described */
  int64_t size;          /* st_size */
  char *hash;            /* content hash chosen by the catalog */
  char *descriptor_json; /* NULL if describing failed */
  char *error;           /* NULL if the plugin is valid */
  int64_t updated_ms;    /* set by the store on put */
} bbd_store_plugin_entry_t;

/* Inserts or replaces the entry for e->path (updated_ms is ignored). */
int bbd_store_plugin_cache_put(bbd_store_t *st,
                               const bbd_store_plugin_entry_t *e, char *err,
                               size_t errlen);
/* BBD_ENOTFOUND if no entry for path. */
int bbd_store_plugin_cache_get(bbd_store_t *st, const char *path,
                               bbd_store_plugin_entry_t **out, char *err,
                               size_t errlen);
void bbd_store_plugin_entry_free(bbd_store_plugin_entry_t *e);

typedef struct bbd_store_plugin_list {
  bbd_store_plugin_entry_t *items; /* ordered by path */
  size_t count;
} bbd_store_plugin_list_t;

/* Every cached entry (to prune entries of files that disappeared). */
int bbd_store_plugin_cache_list(bbd_store_t *st, bbd_store_plugin_list_t **out,
                                char *err, size_t errlen);
void bbd_store_plugin_list_free(bbd_store_plugin_list_t *list);

/* BBD_ENOTFOUND if no entry for path. */
int bbd_store_plugin_cache_delete(bbd_store_t *st, const char *path, char *err,
                                  size_t errlen);

#ifdef __cplusplus
}
#endif

#endif
