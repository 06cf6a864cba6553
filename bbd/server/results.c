#include "results.h"

#include "api.h"
#include "err.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double num(const cJSON *o, const char *k) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
  return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static double point(const cJSON *est, const char *k, const char *f) {
  return num(cJSON_GetObjectItemCaseSensitive(est, k), f);
}

static char *print_or_null(const cJSON *o) {
  return o && !cJSON_IsNull(o) ? cJSON_PrintUnformatted(o) : NULL;
}

/* Reads a numeric JSON array of exactly n entries; null entries are NaN. */
static double *read_doubles(const cJSON *arr, size_t n) {
  if (!cJSON_IsArray(arr) || (size_t)cJSON_GetArraySize(arr) != n || n == 0)
    return NULL;
  double *v = malloc(n * sizeof *v);
  if (v == NULL)
    return NULL;
  size_t i = 0;
  const cJSON *it;
  cJSON_ArrayForEach(it, arr) {
    v[i++] = cJSON_IsNumber(it) ? it->valuedouble : NAN;
  }
  return v;
}

int bbd_results_store(bbd_store_t *st, int64_t run_id, const cJSON *ev,
                      const char *variant, int64_t *result_id, char *err,
                      size_t errlen) {
  bbd_store_result_new_t r;
  memset(&r, 0, sizeof r);
  r.bench_id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ev, "id"));
  if (r.bench_id == NULL)
    return bbd_errf(BBD_EINVAL, err, errlen, "result without id");
  r.variant = variant;
  const char *status =
      cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ev, "status"));
  r.status = status && strcmp(status, "ok") == 0 ? BBD_STORE_RESULT_OK
                                                 : BBD_STORE_RESULT_FAILED;
  r.failure =
      cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ev, "reason"));
  if (r.status == BBD_STORE_RESULT_FAILED && r.failure == NULL)
    r.failure = "failed";

  const cJSON *est = cJSON_GetObjectItemCaseSensitive(ev, "estimates");
  const cJSON *npi = cJSON_GetObjectItemCaseSensitive(
      cJSON_GetObjectItemCaseSensitive(ev, "summary"), "ns_per_iter");
  r.mean = point(est, "mean", "point");
  r.median = point(est, "median", "point");
  r.slope = point(est, "slope", "point");
  r.stddev = point(est, "stddev", "point");
  if (isfinite(r.slope)) {
    r.ci_low = point(est, "slope", "lo");
    r.ci_high = point(est, "slope", "hi");
  } else {
    r.ci_low = point(est, "mean", "lo");
    r.ci_high = point(est, "mean", "hi");
  }
  if (!isfinite(r.mean))
    r.mean = num(npi, "mean");
  if (!isfinite(r.median))
    r.median = num(npi, "median");
  if (!isfinite(r.slope))
    r.slope = num(npi, "slope");

  /* estimates_json keeps the statistics plus what describes the
   * measurement (config, params, throughput inputs, summary). */
  cJSON *e = est ? cJSON_Duplicate(est, 1) : cJSON_CreateObject();
  /* env_id: the environment the worker reported for this result, added by
   * the caller (a run's own env_id is fixed when the run is created). */
  static const char *const extra[] = {
      "summary", "config", "params", "bytes_per_iter", "elements_per_iter",
      "metrics", "warmup", "cpu",    "throughput",     "env_id"};
  for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++) {
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(ev, extra[i]);
    if (x && !cJSON_HasObjectItem(e, extra[i]))
      cJSON_AddItemToObject(e, extra[i], cJSON_Duplicate(x, 1));
  }
  char *est_txt = cJSON_PrintUnformatted(e);
  cJSON_Delete(e);

  /* Samples. */
  const cJSON *smp = cJSON_GetObjectItemCaseSensitive(ev, "samples");
  const cJSON *ji = cJSON_GetObjectItemCaseSensitive(smp, "iters");
  const cJSON *jn = cJSON_GetObjectItemCaseSensitive(smp, "ns");
  size_t n = cJSON_IsArray(ji) ? (size_t)cJSON_GetArraySize(ji) : 0;
  uint64_t *iters = NULL;
  double *ns = NULL;
  cJSON *warnings =
      cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(ev, "warnings"), 1);
  if (!cJSON_IsArray(warnings)) {
    cJSON_Delete(warnings);
    warnings = cJSON_CreateArray();
  }
  if (n > 0 && n <= BBD_STORE_MAX_SAMPLES && cJSON_IsArray(jn) &&
      (size_t)cJSON_GetArraySize(jn) == n) {
    iters = malloc(n * sizeof *iters);
    ns = read_doubles(jn, n);
    size_t i = 0;
    const cJSON *it;
    int bad = iters == NULL || ns == NULL;
    cJSON_ArrayForEach(it, ji) {
      if (bad)
        break;
      if (!cJSON_IsNumber(it) || it->valuedouble < 1 ||
          it->valuedouble > 1.8e19 || !isfinite(ns[i]) || ns[i] < 0)
        bad = 1;
      else
        iters[i++] = (uint64_t)it->valuedouble;
    }
    if (bad) {
      free(iters);
      free(ns);
      iters = NULL;
      ns = NULL;
      n = 0;
      cJSON *w = cJSON_CreateObject();
      cJSON_AddStringToObject(w, "code", "bad-samples");
      cJSON_AddStringToObject(w, "message",
                              "the worker's samples were malformed and were "
                              "not stored");
      cJSON_AddItemToArray(warnings, w);
    }
  } else {
    n = 0;
  }
  r.iters = iters;
  r.ns = ns;
  r.n_samples = n;

  /* Counters: per-sample series go with the samples; the rest (status,
   * errno, unit) stays in counters_json. */
  bbd_store_counter_series_t series[BBD_STORE_MAX_COUNTERS];
  double *vals[BBD_STORE_MAX_COUNTERS];
  size_t nser = 0;
  cJSON *counters = cJSON_CreateObject();
  const cJSON *c;
  cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(ev, "counters")) {
    cJSON *cc = cJSON_Duplicate(c, 1);
    const cJSON *values = cJSON_GetObjectItemCaseSensitive(c, "values");
    if (n > 0 && nser < BBD_STORE_MAX_COUNTERS) {
      double *v = read_doubles(values, n);
      if (v != NULL) {
        /* Per-iteration mean over ok samples, for the API and the report. */
        double sv = 0, si = 0;
        for (size_t i = 0; i < n; i++) {
          if (isfinite(v[i])) {
            sv += v[i];
            si += (double)iters[i];
          }
        }
        if (si > 0)
          cJSON_AddNumberToObject(cc, "per_iter", sv / si);
        vals[nser] = v;
        series[nser].name = c->string;
        series[nser].values = v;
        nser++;
      }
    }
    cJSON_DeleteItemFromObjectCaseSensitive(cc, "values");
    cJSON_DeleteItemFromObjectCaseSensitive(cc, "coverage");
    cJSON_AddItemToObject(counters, c->string, cc);
  }
  r.counters = series;
  r.n_counters = nser;
  char *cnt_txt = cJSON_PrintUnformatted(counters);
  cJSON_Delete(counters);

  cJSON *alloc =
      cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(ev, "alloc"), 1);
  if (alloc)
    cJSON_DeleteItemFromObjectCaseSensitive(alloc, "samples");
  char *alloc_txt = print_or_null(alloc);
  cJSON_Delete(alloc);
  char *warn_txt = cJSON_PrintUnformatted(warnings);
  cJSON_Delete(warnings);

  r.estimates_json = est_txt;
  r.counters_json = cnt_txt;
  r.alloc_json = alloc_txt;
  r.warnings_json = warn_txt;
  int rc = bbd_store_result_insert(st, run_id, &r, result_id, err, errlen);
  free(est_txt);
  free(cnt_txt);
  free(alloc_txt);
  free(warn_txt);
  free(iters);
  free(ns);
  for (size_t i = 0; i < nser; i++)
    free(vals[i]);
  return rc;
}

/* Stored JSON documents are inserted verbatim (cJSON "raw" items): the
 * store validated them on insert. */
static void add_json(cJSON *o, const char *k, const char *txt) {
  cJSON *v = txt && txt[0] ? cJSON_CreateRaw(txt) : NULL;
  cJSON_AddItemToObject(o, k, v ? v : cJSON_CreateNull());
}

cJSON *bbd_run_json(const bbd_store_run_t *r, int with_config) {
  cJSON *o = cJSON_CreateObject();
  bbd_json_add_i64(o, "id", r->id);
  const char *state = bbd_store_run_state_name(r->state);
  cJSON_AddStringToObject(o, "state", state ? state : "unknown");
  /* config_json is our own cJSON_PrintUnformatted output of the accepted
   * request, so an A/B run contains exactly `"ab":{`; no parse needed. */
  int is_ab = r->config_json && strstr(r->config_json, "\"ab\":{") != NULL;
  cJSON_AddStringToObject(o, "mode", is_ab ? "ab" : "normal");
  bbd_api_add_time(o, "created", r->created_ms);
  bbd_api_add_time(o, "started", r->started_ms);
  bbd_api_add_time(o, "finished", r->finished_ms);
  if (r->started_ms > 0 && r->finished_ms >= r->started_ms)
    cJSON_AddNumberToObject(o, "duration_s",
                            (double)(r->finished_ms - r->started_ms) / 1000.0);
  else
    cJSON_AddNullToObject(o, "duration_s");
  cJSON *tags = cJSON_AddObjectToObject(o, "tags");
  for (size_t i = 0; i < r->n_tags; i++)
    cJSON_AddStringToObject(tags, r->tags[i].key, r->tags[i].value);
  bbd_json_add_i64(o, "benchmark_count", r->benchmark_count);
  bbd_json_add_i64(o, "result_count", r->result_count);
  bbd_json_add_i64(o, "failed_count", r->failed_count);
  bbd_json_add_i64(o, "regression_count", r->regression_count);
  if (r->error)
    cJSON_AddStringToObject(o, "error", r->error);
  else
    cJSON_AddNullToObject(o, "error");
  if (with_config)
    add_json(o, "config", r->config_json);
  bbd_json_add_i64(o, "machine_id", r->machine_id);
  bbd_json_add_i64(o, "env_id", r->env_id);
  return o;
}

/* ---- the run list, printed directly ------------------------------------
 *
 * GET /api/v1/runs prints up to 1,000 run objects; building them as cJSON
 * trees and printing those was 60% of its time. The writer below prints
 * the same bytes as cJSON_PrintUnformatted(bbd_run_json(r, 0)) (tested
 * against it): the same string escapes and the same number format. */

typedef struct jbuf {
  char *p;
  size_t len, cap;
  int oom;
} jbuf_t;

static void jb_put(jbuf_t *b, const char *s, size_t n) {
  if (b->oom)
    return;
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + n + 1) {
      if (cap > SIZE_MAX / 2) {
        b->oom = 1;
        return;
      }
      cap *= 2;
    }
    char *np = realloc(b->p, cap);
    if (np == NULL) {
      b->oom = 1;
      return;
    }
    b->p = np;
    b->cap = cap;
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
}

static void jb_lit(jbuf_t *b, const char *s) {
  jb_put(b, s, strlen(s));
}

/* A JSON string as cJSON prints it: '"', '\\' and \b \f \n \r \t get
 * two-character escapes, other bytes below 0x20 \u00XX (lower-case hex),
 * everything else (UTF-8 included) is copied. */
static void jb_str(jbuf_t *b, const char *s) {
  jb_put(b, "\"", 1);
  const unsigned char *p = (const unsigned char *)(s ? s : "");
  const unsigned char *run = p;
  for (; *p; p++) {
    if (*p > 31 && *p != '"' && *p != '\\')
      continue;
    jb_put(b, (const char *)run, (size_t)(p - run));
    char esc[8];
    switch (*p) {
    case '"':
      jb_put(b, "\\\"", 2);
      break;
    case '\\':
      jb_put(b, "\\\\", 2);
      break;
    case '\b':
      jb_put(b, "\\b", 2);
      break;
    case '\f':
      jb_put(b, "\\f", 2);
      break;
    case '\n':
      jb_put(b, "\\n", 2);
      break;
    case '\r':
      jb_put(b, "\\r", 2);
      break;
    case '\t':
      jb_put(b, "\\t", 2);
      break;
    default:
      snprintf(esc, sizeof esc, "\\u%04x", *p);
      jb_put(b, esc, 6);
    }
    run = p + 1;
  }
  jb_put(b, (const char *)run, (size_t)(p - run));
  jb_put(b, "\"", 1);
}

/* ,"key": */
static void jb_key(jbuf_t *b, const char *key, int first) {
  if (!first)
    jb_put(b, ",", 1);
  jb_str(b, key);
  jb_put(b, ":", 1);
}

static void jb_i64(jbuf_t *b, int64_t v) {
  char tmp[24];
  size_t n = sizeof tmp;
  uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  do {
    tmp[--n] = (char)('0' + u % 10);
    u /= 10;
  } while (u != 0);
  if (v < 0)
    tmp[--n] = '-';
  jb_put(b, tmp + n, sizeof tmp - n);
}

/* A number as cJSON 1.7 prints a double (print_number): integers that fit
 * an int with %d, else %1.15g if it reads back equal, else %1.17g. */
static void jb_num(jbuf_t *b, double d) {
  char buf[64];
  if (isnan(d) || isinf(d)) {
    jb_lit(b, "null");
    return;
  }
  int vi = d >= INT_MAX ? INT_MAX : d <= (double)INT_MIN ? INT_MIN : (int)d;
  if (d == (double)vi) {
    snprintf(buf, sizeof buf, "%d", vi);
  } else {
    snprintf(buf, sizeof buf, "%1.15g", d);
    double test = 0;
    if (sscanf(buf, "%lg", &test) != 1 ||
        !(fabs(test - d) <= fmax(fabs(test), fabs(d)) * DBL_EPSILON))
      snprintf(buf, sizeof buf, "%1.17g", d);
  }
  jb_lit(b, buf);
}

/* ,"<name>_ms":..,"<name>_at":"..." (names need no escape). */
static void jb_time(jbuf_t *b, const char *name, int64_t ms) {
  char iso[40];
  size_t n = strlen(name);
  jb_put(b, ",\"", 2);
  jb_put(b, name, n);
  jb_put(b, "_ms\":", 5);
  if (ms > 0)
    jb_i64(b, ms);
  else
    jb_put(b, "null", 4);
  jb_put(b, ",\"", 2);
  jb_put(b, name, n);
  jb_put(b, "_at\":", 5);
  if (ms > 0) {
    bbd_iso_time(ms, iso, sizeof iso);
    jb_put(b, "\"", 1);
    jb_put(b, iso, strlen(iso));
    jb_put(b, "\"", 1);
  } else {
    jb_put(b, "null", 4);
  }
}

/* The run object of bbd_run_json(r, 0), plus "position" when > 0. */
static void jb_run(jbuf_t *b, const bbd_store_run_t *r, int position) {
  jb_lit(b, "{\"id\":");
  jb_i64(b, r->id);
  const char *state = bbd_store_run_state_name(r->state);
  jb_key(b, "state", 0);
  jb_str(b, state ? state : "unknown");
  int is_ab = r->config_json && strstr(r->config_json, "\"ab\":{") != NULL;
  jb_lit(b, is_ab ? ",\"mode\":\"ab\"" : ",\"mode\":\"normal\"");
  jb_time(b, "created", r->created_ms);
  jb_time(b, "started", r->started_ms);
  jb_time(b, "finished", r->finished_ms);
  jb_key(b, "duration_s", 0);
  if (r->started_ms > 0 && r->finished_ms >= r->started_ms)
    jb_num(b, (double)(r->finished_ms - r->started_ms) / 1000.0);
  else
    jb_lit(b, "null");
  jb_lit(b, ",\"tags\":{");
  for (size_t i = 0; i < r->n_tags; i++) {
    jb_key(b, r->tags[i].key, i == 0);
    jb_str(b, r->tags[i].value);
  }
  jb_lit(b, "},\"benchmark_count\":");
  jb_i64(b, r->benchmark_count);
  jb_lit(b, ",\"result_count\":");
  jb_i64(b, r->result_count);
  jb_lit(b, ",\"failed_count\":");
  jb_i64(b, r->failed_count);
  jb_lit(b, ",\"regression_count\":");
  jb_i64(b, r->regression_count);
  jb_key(b, "error", 0);
  if (r->error)
    jb_str(b, r->error);
  else
    jb_lit(b, "null");
  jb_lit(b, ",\"machine_id\":");
  jb_i64(b, r->machine_id);
  jb_lit(b, ",\"env_id\":");
  jb_i64(b, r->env_id);
  if (position > 0) {
    jb_lit(b, ",\"position\":");
    jb_num(b, position);
  }
  jb_lit(b, "}");
}

char *bbd_run_list_text(const bbd_store_run_list_t *l, const int *positions,
                        size_t limit, size_t offset, size_t *len) {
  jbuf_t b = {0};
  jb_lit(&b, "{\"runs\":[");
  for (size_t i = 0; i < l->count; i++) {
    if (i > 0)
      jb_lit(&b, ",");
    jb_run(&b, &l->items[i], positions ? positions[i] : 0);
  }
  jb_lit(&b, "],\"total\":");
  jb_num(&b, (double)l->total);
  jb_lit(&b, ",\"limit\":");
  jb_num(&b, (double)limit);
  jb_lit(&b, ",\"offset\":");
  jb_num(&b, (double)offset);
  jb_lit(&b, ",\"next_cursor\":");
  if (l->next_cursor > 0)
    jb_num(&b, (double)l->next_cursor);
  else
    jb_lit(&b, "null");
  jb_lit(&b, "}\n");
  if (b.oom) {
    free(b.p);
    return NULL;
  }
  *len = b.len;
  return b.p;
}
