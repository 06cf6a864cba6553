/*
 * The result document: each result row carries, in results.doc, the JSON
 * object the API serves for it (docs/API.md, "result object"). A stored
 * result never changes except for its verdict, so rendering it once when it
 * is written (and again when its verdict is set) lets GET /api/v1/runs/ID
 * concatenate stored text with one query instead of rebuilding a hundred
 * objects from twenty columns each on every request.
 *
 * The rendering is the SQL function bbd_result_doc(BBD__RESULT_DOC_ARGS),
 * registered on every connection the store opens, so the insert, the
 * verdict update and the schema migration that fills the column for older
 * databases all use this one definition. It is not used by the schema
 * itself (no trigger, default or index), so the file stays usable from the
 * sqlite3 shell, which does not know the function.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "store_internal.h"

enum {
  A_ID,
  A_RUN_ID,
  A_BENCH_ID,
  A_VARIANT,
  A_STATUS,
  A_FAILURE,
  A_UNIT,
  A_MEAN,
  A_MEDIAN,
  A_SLOPE,
  A_STDDEV,
  A_CI_LOW,
  A_CI_HIGH,
  A_ESTIMATES,
  A_COUNTERS,
  A_ALLOC,
  A_WARNINGS,
  A_VERDICT,
  A_REGRESSION,
  A_N_SAMPLES,
  A_CREATED_AT,
  A_N
};

static const char *text_arg(sqlite3_value **argv, int i) {
  if (sqlite3_value_type(argv[i]) == SQLITE_NULL)
    return NULL;
  return (const char *)sqlite3_value_text(argv[i]);
}

/* Integers are printed with %lld (cJSON would print them through a double,
 * with sprintf and a sscanf round trip per number). */
static int add_i64(cJSON *o, const char *k, int64_t v) {
  char buf[32];
  snprintf(buf, sizeof buf, "%lld", (long long)v);
  return cJSON_AddRawToObject(o, k, buf) != NULL;
}

/* %.17g round-trips every double; absent (NULL) and non-finite are null. */
static int add_f64(cJSON *o, const char *k, sqlite3_value *v) {
  double d =
      sqlite3_value_type(v) == SQLITE_NULL ? NAN : sqlite3_value_double(v);
  if (!isfinite(d))
    return cJSON_AddNullToObject(o, k) != NULL;
  char buf[40];
  snprintf(buf, sizeof buf, "%.17g", d);
  return cJSON_AddRawToObject(o, k, buf) != NULL;
}

static int add_str_or_null(cJSON *o, const char *k, const char *v) {
  return (v ? cJSON_AddStringToObject(o, k, v) : cJSON_AddNullToObject(o, k)) !=
         NULL;
}

/* Stored JSON documents were validated on insert and are embedded
 * verbatim; NULL and "" are null. */
static int add_json(cJSON *o, const char *k, const char *txt) {
  return (txt && txt[0] ? cJSON_AddRawToObject(o, k, txt)
                        : cJSON_AddNullToObject(o, k)) != NULL;
}

/* "<name>_ms": milliseconds, "<name>_at": ISO 8601 UTC with milliseconds;
 * both null when unset (0). */
static int add_time(cJSON *o, const char *name, int64_t ms) {
  char key[64], iso[64];
  snprintf(key, sizeof key, "%s_ms", name);
  int ok = ms > 0 ? add_i64(o, key, ms) : cJSON_AddNullToObject(o, key) != NULL;
  snprintf(key, sizeof key, "%s_at", name);
  if (ms <= 0)
    return ok && cJSON_AddNullToObject(o, key) != NULL;
  time_t t = (time_t)(ms / 1000);
  struct tm tm;
  char base[32];
  if (gmtime_r(&t, &tm) == NULL ||
      strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm) == 0)
    return 0;
  snprintf(iso, sizeof iso, "%s.%03dZ", base, (int)(ms % 1000));
  return ok && cJSON_AddStringToObject(o, key, iso) != NULL;
}

static void result_doc_fn(sqlite3_context *ctx, int argc,
                          sqlite3_value **argv) {
  if (argc != A_N) {
    sqlite3_result_error(ctx, "bbd_result_doc: wrong number of arguments", -1);
    return;
  }
  cJSON *o = cJSON_CreateObject();
  const char *variant = text_arg(argv, A_VARIANT);
  const char *status = text_arg(argv, A_STATUS);
  const char *unit = text_arg(argv, A_UNIT);
  int ok = o != NULL;
  ok = ok && add_i64(o, "id", sqlite3_value_int64(argv[A_ID]));
  ok = ok && add_i64(o, "run_id", sqlite3_value_int64(argv[A_RUN_ID]));
  ok = ok && add_str_or_null(o, "benchmark", text_arg(argv, A_BENCH_ID));
  ok = ok && add_str_or_null(o, "variant", variant ? variant : "");
  /* The status column is CHECKed to 'ok' or 'failed'. */
  ok = ok &&
       add_str_or_null(o, "status",
                       status && strcmp(status, "ok") == 0 ? "ok" : "failed");
  ok = ok && add_str_or_null(o, "failure", text_arg(argv, A_FAILURE));
  ok = ok && add_str_or_null(o, "unit", unit ? unit : "ns/iter");
  ok = ok && add_f64(o, "mean", argv[A_MEAN]);
  ok = ok && add_f64(o, "median", argv[A_MEDIAN]);
  ok = ok && add_f64(o, "slope", argv[A_SLOPE]);
  ok = ok && add_f64(o, "stddev", argv[A_STDDEV]);
  ok = ok && add_f64(o, "ci_low", argv[A_CI_LOW]);
  ok = ok && add_f64(o, "ci_high", argv[A_CI_HIGH]);
  ok = ok && add_json(o, "estimates", text_arg(argv, A_ESTIMATES));
  ok = ok && add_json(o, "counters", text_arg(argv, A_COUNTERS));
  ok = ok && add_json(o, "alloc", text_arg(argv, A_ALLOC));
  ok = ok && add_json(o, "warnings", text_arg(argv, A_WARNINGS));
  ok = ok && add_json(o, "verdict", text_arg(argv, A_VERDICT));
  ok = ok && cJSON_AddBoolToObject(o, "regression",
                                   sqlite3_value_int(argv[A_REGRESSION]) != 0);
  ok = ok && add_i64(o, "n_samples", sqlite3_value_int64(argv[A_N_SAMPLES]));
  ok = ok && add_time(o, "created", sqlite3_value_int64(argv[A_CREATED_AT]));
  char *txt = ok ? cJSON_PrintUnformatted(o) : NULL;
  cJSON_Delete(o);
  if (txt == NULL) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  sqlite3_result_text(ctx, txt, -1, free);
}

int bbd__store_register_functions(sqlite3 *db) {
  return sqlite3_create_function(db, "bbd_result_doc", A_N,
                                 SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                 result_doc_fn, NULL, NULL);
}
