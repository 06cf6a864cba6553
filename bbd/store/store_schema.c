/*
 * The schema, as a list of migration steps. Policy (docs/STORE.md): a step
 * is never edited once released; a change is a new step appended at the
 * end. Each step runs in its own transaction together with the
 * `PRAGMA user_version = <version>` that records it, so a crash leaves the
 * file at the previous or the next version, never in between.
 *
 * Timestamps are integer milliseconds since the Unix epoch (UTC). JSON
 * columns carry json_valid() checks as a second line of defence behind the
 * C-side validation. Text states are spelled out (not integer codes) so the
 * file is readable with the sqlite3 shell and portable to PostgreSQL.
 */
#include "store_internal.h"

static const char schema_v1[] =
    /* A machine is a host name; its environments are the distinct
     * fingerprints (kernel, governor, counter mode...) seen on it. */
    "CREATE TABLE machines ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  first_seen INTEGER NOT NULL,"
    "  last_seen INTEGER NOT NULL);"
    "CREATE TABLE environments ("
    "  id INTEGER PRIMARY KEY,"
    "  machine_id INTEGER NOT NULL REFERENCES machines(id) ON DELETE CASCADE,"
    "  hash TEXT NOT NULL,"
    "  fingerprint TEXT NOT NULL CHECK (json_valid(fingerprint)),"
    "  first_seen INTEGER NOT NULL,"
    "  last_seen INTEGER NOT NULL,"
    "  UNIQUE (machine_id, hash));"
    /* AUTOINCREMENT: a run id is never reused, so keyset cursors and
     * baseline history entries never point at a different run later. */
    "CREATE TABLE runs ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done',"
    "    'failed', 'cancelled', 'interrupted')),"
    "  created_at INTEGER NOT NULL,"
    "  started_at INTEGER,"
    "  finished_at INTEGER,"
    "  config TEXT CHECK (config IS NULL OR json_valid(config)),"
    "  machine_id INTEGER REFERENCES machines(id) ON DELETE SET NULL,"
    "  env_id INTEGER REFERENCES environments(id) ON DELETE SET NULL,"
    "  benchmark_count INTEGER NOT NULL DEFAULT 0,"
    "  result_count INTEGER NOT NULL DEFAULT 0,"
    "  failed_count INTEGER NOT NULL DEFAULT 0,"
    "  regression_count INTEGER NOT NULL DEFAULT 0,"
    "  error TEXT);"
    "CREATE INDEX runs_state ON runs(state);"
    "CREATE INDEX runs_created ON runs(created_at);"
    "CREATE INDEX runs_machine ON runs(machine_id);"
    "CREATE INDEX runs_env ON runs(env_id);"
    "CREATE TABLE run_tags ("
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    "  key TEXT NOT NULL,"
    "  value TEXT NOT NULL,"
    "  PRIMARY KEY (run_id, key)) WITHOUT ROWID;"
    "CREATE INDEX run_tags_kv ON run_tags(key, value);"
    /* Key numbers are columns (ns per iteration) so history queries need no
     * JSON parsing; the full documents are kept next to them. */
    "CREATE TABLE results ("
    "  id INTEGER PRIMARY KEY,"
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    "  bench_id TEXT NOT NULL,"
    "  variant TEXT NOT NULL DEFAULT '',"
    "  status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),"
    "  failure TEXT,"
    "  mean REAL, median REAL, slope REAL, stddev REAL,"
    "  ci_low REAL, ci_high REAL,"
    "  unit TEXT NOT NULL DEFAULT 'ns/iter',"
    "  estimates TEXT CHECK (estimates IS NULL OR json_valid(estimates)),"
    "  counters TEXT CHECK (counters IS NULL OR json_valid(counters)),"
    "  alloc TEXT CHECK (alloc IS NULL OR json_valid(alloc)),"
    "  warnings TEXT CHECK (warnings IS NULL OR json_valid(warnings)),"
    "  verdict TEXT CHECK (verdict IS NULL OR json_valid(verdict)),"
    "  regression INTEGER NOT NULL DEFAULT 0 CHECK (regression IN (0, 1)),"
    "  created_at INTEGER NOT NULL,"
    "  n_samples INTEGER NOT NULL DEFAULT 0,"
    "  UNIQUE (run_id, bench_id, variant));"
    "CREATE INDEX results_history ON results(bench_id, variant, created_at);"
    /* Raw samples: one packed blob per result (samples.h). */
    "CREATE TABLE samples ("
    "  result_id INTEGER PRIMARY KEY REFERENCES results(id) ON DELETE CASCADE,"
    "  data BLOB NOT NULL);"
    "CREATE TABLE sample_counters ("
    "  id INTEGER PRIMARY KEY,"
    "  result_id INTEGER NOT NULL REFERENCES results(id) ON DELETE CASCADE,"
    "  name TEXT NOT NULL,"
    "  data BLOB NOT NULL,"
    "  UNIQUE (result_id, name));"
    /* RESTRICT: a run a baseline names cannot be deleted by accident. */
    "CREATE TABLE baselines ("
    "  name TEXT PRIMARY KEY,"
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE RESTRICT,"
    "  set_at INTEGER NOT NULL,"
    "  note TEXT);"
    "CREATE INDEX baselines_run ON baselines(run_id);"
    /* No foreign key: the history of a baseline outlives old runs. */
    "CREATE TABLE baseline_history ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  run_id INTEGER,"
    "  action TEXT NOT NULL CHECK (action IN ('set', 'delete')),"
    "  at INTEGER NOT NULL,"
    "  note TEXT);"
    "CREATE INDEX baseline_history_name ON baseline_history(name, id);";

static const char schema_v2[] =
    /* The plugin catalog's descriptor cache, keyed by path and validated by
     * the catalog against mtime, size and content hash. */
    "CREATE TABLE plugin_cache ("
    "  path TEXT PRIMARY KEY,"
    "  mtime_ns INTEGER NOT NULL,"
    "  size INTEGER NOT NULL,"
    "  hash TEXT NOT NULL,"
    "  descriptor TEXT CHECK (descriptor IS NULL OR json_valid(descriptor)),"
    "  error TEXT,"
    "  updated_at INTEGER NOT NULL);";

static const char schema_v3[] =
    /* The newest result of every (bench_id, variant), for /metrics: reading
     * it from results needs a scan of the whole history index (17 ms at
     * 200,000 results, growing), this table is one row per benchmark. The
     * insert path upserts it; the trigger repairs it when the newest result
     * is deleted (run delete, retention), including through the ON DELETE
     * CASCADE from runs, which fires row triggers. */
    "CREATE TABLE latest_results ("
    "  bench_id TEXT NOT NULL,"
    "  variant TEXT NOT NULL,"
    "  result_id INTEGER NOT NULL,"
    "  PRIMARY KEY (bench_id, variant)) WITHOUT ROWID;"
    "INSERT INTO latest_results (bench_id, variant, result_id)"
    "  SELECT b.bench_id, b.variant, (SELECT x.id FROM results x"
    "    WHERE x.bench_id = b.bench_id AND x.variant = b.variant"
    "    ORDER BY x.created_at DESC, x.id DESC LIMIT 1)"
    "  FROM (SELECT DISTINCT bench_id, variant FROM results) b;"
    "CREATE TRIGGER results_latest_delete AFTER DELETE ON results BEGIN"
    "  DELETE FROM latest_results WHERE bench_id = OLD.bench_id"
    "    AND variant = OLD.variant AND result_id = OLD.id;"
    "  INSERT OR IGNORE INTO latest_results (bench_id, variant, result_id)"
    "    SELECT bench_id, variant, id FROM results"
    "    WHERE bench_id = OLD.bench_id AND variant = OLD.variant"
    "    ORDER BY created_at DESC, id DESC LIMIT 1;"
    "END;";

static const char schema_v4[] =
    /* Run counts by state, for /api/v1/status and /metrics, which are
     * polled: counting the runs table is O(runs) (0.5 ms at 10,000 runs),
     * this is six rows kept exact by triggers in the same transaction as
     * every insert, state change and delete (cascades included). */
    "CREATE TABLE run_state_counts ("
    "  state TEXT PRIMARY KEY,"
    "  n INTEGER NOT NULL) WITHOUT ROWID;"
    "INSERT INTO run_state_counts (state, n)"
    "  SELECT s.state, (SELECT count(*) FROM runs WHERE runs.state = s.state)"
    "  FROM (SELECT 'queued' AS state UNION ALL SELECT 'running'"
    "    UNION ALL SELECT 'done' UNION ALL SELECT 'failed'"
    "    UNION ALL SELECT 'cancelled' UNION ALL SELECT 'interrupted') s;"
    "CREATE TRIGGER runs_count_insert AFTER INSERT ON runs BEGIN"
    "  UPDATE run_state_counts SET n = n + 1 WHERE state = NEW.state;"
    "END;"
    "CREATE TRIGGER runs_count_delete AFTER DELETE ON runs BEGIN"
    "  UPDATE run_state_counts SET n = n - 1 WHERE state = OLD.state;"
    "END;"
    "CREATE TRIGGER runs_count_update AFTER UPDATE OF state ON runs"
    "  WHEN OLD.state IS NOT NEW.state BEGIN"
    "  UPDATE run_state_counts SET n = n - 1 WHERE state = OLD.state;"
    "  UPDATE run_state_counts SET n = n + 1 WHERE state = NEW.state;"
    "END;";

static const char schema_v5[] =
    /* run_id joins the history index, so "runs having a result of
     * benchmark X" (the run list's benchmark filter) reads only the index
     * instead of one table page per result (35 ms -> 5 ms for 10,000
     * matches). Queries order by (created_at, run_id, id), the index order,
     * so no sort is added; the latest-result trigger is recreated with that
     * order. */
    "DROP INDEX results_history;"
    "CREATE INDEX results_history ON results(bench_id, variant, created_at,"
    "  run_id);"
    "DROP TRIGGER results_latest_delete;"
    "CREATE TRIGGER results_latest_delete AFTER DELETE ON results BEGIN"
    "  DELETE FROM latest_results WHERE bench_id = OLD.bench_id"
    "    AND variant = OLD.variant AND result_id = OLD.id;"
    "  INSERT OR IGNORE INTO latest_results (bench_id, variant, result_id)"
    "    SELECT bench_id, variant, id FROM results"
    "    WHERE bench_id = OLD.bench_id AND variant = OLD.variant"
    "    ORDER BY created_at DESC, run_id DESC, id DESC LIMIT 1;"
    "END;";

static const char schema_v6[] =
    /* The history index also carries every column a history point
     * returns, so a 1,000-point history reads ~40 contiguous index pages
     * instead of 1,000 scattered table pages (a fifth of its time was
     * copying those pages from the OS). (created_at, run_id) is a total
     * order within one (bench_id, variant), since a run holds one result
     * per benchmark and variant, so queries need no id tie-break and no
     * sort. */
    "DROP INDEX results_history;"
    "CREATE INDEX results_history ON results(bench_id, variant, created_at,"
    "  run_id, status, mean, median, slope, stddev, ci_low, ci_high,"
    "  regression);"
    "DROP TRIGGER results_latest_delete;"
    "CREATE TRIGGER results_latest_delete AFTER DELETE ON results BEGIN"
    "  DELETE FROM latest_results WHERE bench_id = OLD.bench_id"
    "    AND variant = OLD.variant AND result_id = OLD.id;"
    "  INSERT OR IGNORE INTO latest_results (bench_id, variant, result_id)"
    "    SELECT bench_id, variant, id FROM results"
    "    WHERE bench_id = OLD.bench_id AND variant = OLD.variant"
    "    ORDER BY created_at DESC, run_id DESC LIMIT 1;"
    "END;";

static const char schema_v7[] =
    /* results.doc: the result as the API's JSON object, rendered by the
     * store's SQL function bbd_result_doc (store_doc.c) when the result is
     * stored or its verdict changes, so reading a run's results is one
     * indexed query returning text to concatenate (GET /runs/ID of 100
     * results spent ~80% of its time rebuilding these objects). Existing
     * results are rendered here, in the migration's transaction. */
    "ALTER TABLE results ADD COLUMN doc TEXT;"
    "UPDATE results SET doc = bbd_result_doc(id, run_id, bench_id, variant,"
    "  status, failure, unit, mean, median, slope, stddev, ci_low, ci_high,"
    "  estimates, counters, alloc, warnings, verdict, regression, n_samples,"
    "  created_at);";

/* clang-format off */
const bbd_store_migration_t bbd__store_migrations[] = {
    {1, schema_v1},
    {2, schema_v2},
    {3, schema_v3},
    {4, schema_v4},
    {5, schema_v5},
    {6, schema_v6},
    {7, schema_v7},
};
/* clang-format on */

const size_t bbd__store_n_migrations =
    sizeof bbd__store_migrations / sizeof bbd__store_migrations[0];

int bbd_store_schema_latest(void) {
  return bbd__store_migrations[bbd__store_n_migrations - 1].version;
}
