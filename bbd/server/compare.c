#include "compare.h"
#include "jsonnum.h"

#include "../stats/stats_json.h"
#include "catalog.h"
#include "err.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct cmp_item {
  char *bench, *variant;
  int64_t a_id, b_id; /* result ids, 0 = missing */
  int a_ok, b_ok;
  int a_no_cpu, b_no_cpu; /* metric cpu: no complete task-clock series */
  double a_mean, a_median, b_mean, b_median;
  int64_t a_n, b_n;
  double *av, *bv;
  size_t na, nb;
  int computed;
  bbd_comparison_t cmp;
  char err[160];
} cmp_item_t;

struct bbd_cmp {
  bbd_cmp_opts_t o;
  int64_t a_run, b_run;
  bbd_store_run_t *ra, *rb;
  cJSON *env_diffs;
  int64_t env_a, env_b; /* environments compared */
  int env_known;
  int comparable;
  cmp_item_t *items;
  size_t n;
};

const char *bbd_cmp_metric_name(bbd_cmp_metric_t m) {
  return m == BBD_CMP_METRIC_CPU ? "cpu" : "wall";
}

int bbd_cmp_metric_from_name(const char *name, bbd_cmp_metric_t *out) {
  if (name != NULL && strcmp(name, "wall") == 0)
    *out = BBD_CMP_METRIC_WALL;
  else if (name != NULL && strcmp(name, "cpu") == 0)
    *out = BBD_CMP_METRIC_CPU;
  else
    return BBD_EINVAL;
  return 0;
}

void bbd_cmp_opts_default(bbd_cmp_opts_t *o) {
  memset(o, 0, sizeof *o);
  bbd_stats_config_default(&o->stats);
  o->mult = BBD_MULT_HOLM;
}

static const char *gets(const cJSON *o, const char *a, const char *b) {
  const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, a);
  if (b != NULL)
    x = cJSON_GetObjectItemCaseSensitive(x, b);
  return cJSON_GetStringValue(x);
}

cJSON *bbd_env_flatten(const cJSON *env) {
  cJSON *f = cJSON_CreateObject();
  const char *v;
  if ((v = gets(env, "cpu", "model")) != NULL)
    cJSON_AddStringToObject(f, "cpu_model", v);
  if ((v = gets(env, "kernel", NULL)) != NULL)
    cJSON_AddStringToObject(f, "kernel", v);
  if ((v = gets(env, "cpu", "governor")) != NULL)
    cJSON_AddStringToObject(f, "governor", v);
  if ((v = gets(env, "counter_mode", NULL)) != NULL)
    cJSON_AddStringToObject(f, "counter_mode", v);
  if ((v = gets(env, "clock", "clocksource")) != NULL)
    cJSON_AddStringToObject(f, "clocksource", v);
  if ((v = gets(env, "machine", NULL)) != NULL)
    cJSON_AddStringToObject(f, "arch", v);
  return f;
}

static cJSON *load_env(bbd_store_t *st, int64_t env_id) {
  if (env_id <= 0)
    return NULL;
  bbd_store_env_t *e = NULL;
  if (bbd_store_env_get(st, env_id, &e, NULL, 0) != 0)
    return NULL;
  cJSON *doc = e->fingerprint_json ? cJSON_Parse(e->fingerprint_json) : NULL;
  bbd_store_env_free(e);
  if (doc == NULL)
    return NULL;
  cJSON *flat = bbd_env_flatten(doc);
  cJSON_Delete(doc);
  return flat;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Mean and median of the values compared, so the figures shown next to a
 * CPU-time verdict describe the same quantity the verdict is about. */
static void values_center(const double *v, size_t n, double *mean,
                          double *median) {
  *mean = NAN;
  *median = NAN;
  if (n == 0)
    return;
  double *s = malloc(n * sizeof *s);
  if (s == NULL)
    return;
  double sum = 0;
  for (size_t i = 0; i < n; i++) {
    s[i] = v[i];
    sum += v[i];
  }
  qsort(s, n, sizeof *s, cmp_double);
  *mean = sum / (double)n;
  *median = bbd_stats_quantile_sorted(s, n, 0.5);
  free(s);
}

/* task_clock[i] / iters[i]; BBD_ENOTFOUND when the result has no complete
 * task-clock series (counter unavailable or not selected): the comparison
 * then has no value for it rather than silently using wall time. */
static int cpu_values(const bbd_store_samples_t *sm, double *v) {
  const double *tc = NULL;
  for (size_t k = 0; k < sm->n_counters; k++) {
    if (strcmp(sm->counters[k].name, "task-clock") == 0)
      tc = sm->counters[k].values;
  }
  if (tc == NULL)
    return BBD_ENOTFOUND;
  for (size_t i = 0; i < sm->n; i++) {
    if (!isfinite(tc[i]) || tc[i] < 0 || sm->iters[i] == 0)
      return BBD_ENOTFOUND;
    v[i] = tc[i] / (double)sm->iters[i];
  }
  return 0;
}

/* Per-iteration values of a result's samples in the chosen metric.
 * *missing is set when the metric is cpu and the task-clock series is
 * absent or incomplete. */
static int load_values(bbd_store_t *st, int64_t result_id,
                       bbd_cmp_metric_t metric, double **out, size_t *n,
                       int *missing) {
  bbd_store_samples_t *sm = NULL;
  *out = NULL;
  *n = 0;
  *missing = 0;
  if (bbd_store_samples_get(st, result_id, &sm, NULL, 0) != 0)
    return -1;
  if (sm->n > 0) {
    double *v = malloc(sm->n * sizeof *v);
    int rc = v == NULL ? BBD_ENOMEM
             : metric == BBD_CMP_METRIC_CPU
                 ? cpu_values(sm, v)
                 : bbd_stats_per_iter_values(sm->iters, sm->ns, sm->n, v);
    if (rc == 0) {
      *out = v;
      *n = sm->n;
    } else {
      *missing = rc == BBD_ENOTFOUND;
      free(v);
    }
  }
  bbd_store_samples_free(sm);
  return 0;
}

static cmp_item_t *find_item(bbd_cmp_t *c, const char *bench,
                             const char *variant) {
  for (size_t i = 0; i < c->n; i++) {
    if (strcmp(c->items[i].bench, bench) == 0 &&
        strcmp(c->items[i].variant, variant) == 0)
      return &c->items[i];
  }
  return NULL;
}

/* The environment a run was measured in: the env_id its results carry
 * (recorded from the worker's env event), else the run's own. */
static int64_t results_env(const bbd_store_result_list_t *l, int64_t dflt) {
  for (size_t i = 0; i < l->count; i++) {
    const char *e = l->items[i].estimates_json;
    if (e == NULL || strstr(e, "\"env_id\"") == NULL)
      continue;
    cJSON *doc = cJSON_Parse(e);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, "env_id");
    int64_t id = 0;
    if (!bbd_json_id(v, &id))
      id = 0;
    cJSON_Delete(doc);
    if (id > 0)
      return id;
  }
  return dflt;
}

static int add_side(bbd_cmp_t *c, bbd_store_t *st,
                    const bbd_store_result_list_t *l, int side) {
  for (size_t i = 0; i < l->count; i++) {
    const bbd_store_result_t *r = &l->items[i];
    if (c->o.bench_glob &&
        !bbd_catalog_glob_match(c->o.bench_glob, r->bench_id))
      continue;
    const char *variant = r->variant ? r->variant : "";
    cmp_item_t *it = find_item(c, r->bench_id, variant);
    if (it == NULL) {
      cmp_item_t *ni = realloc(c->items, (c->n + 1) * sizeof *ni);
      if (ni == NULL)
        return BBD_ENOMEM;
      c->items = ni;
      it = &c->items[c->n++];
      memset(it, 0, sizeof *it);
      it->bench = strdup(r->bench_id);
      it->variant = strdup(variant);
    }
    int ok = r->status == BBD_STORE_RESULT_OK;
    int cpu = c->o.metric == BBD_CMP_METRIC_CPU, missing = 0;
    if (side == 0) {
      it->a_id = r->id;
      it->a_ok = ok;
      it->a_mean = cpu ? NAN : r->mean;
      it->a_median = cpu ? NAN : r->median;
      it->a_n = r->n_samples;
      if (ok)
        load_values(st, r->id, c->o.metric, &it->av, &it->na, &missing);
      if (cpu)
        values_center(it->av, it->na, &it->a_mean, &it->a_median);
      it->a_no_cpu = missing;
    } else {
      it->b_id = r->id;
      it->b_ok = ok;
      it->b_mean = cpu ? NAN : r->mean;
      it->b_median = cpu ? NAN : r->median;
      it->b_n = r->n_samples;
      if (ok)
        load_values(st, r->id, c->o.metric, &it->bv, &it->nb, &missing);
      if (cpu)
        values_center(it->bv, it->nb, &it->b_mean, &it->b_median);
      it->b_no_cpu = missing;
    }
  }
  return 0;
}

int bbd_cmp_load(bbd_store_t *st, int64_t a_run, int64_t b_run,
                 const bbd_cmp_opts_t *o, bbd_cmp_t **out, char *err,
                 size_t errlen) {
  *out = NULL;
  bbd_cmp_t *c = calloc(1, sizeof *c);
  if (c == NULL)
    return bbd_errf(BBD_ENOMEM, err, errlen, "out of memory");
  c->o = *o;
  c->a_run = a_run;
  c->b_run = b_run;
  int rc = bbd_store_run_get(st, a_run, &c->ra, err, errlen);
  if (rc == 0)
    rc = bbd_store_run_get(st, b_run, &c->rb, err, errlen);
  bbd_store_result_list_t *la = NULL, *lb = NULL;
  if (rc == 0)
    rc = bbd_store_result_list(st, a_run, &la, err, errlen);
  if (rc == 0)
    rc = bbd_store_result_list(st, b_run, &lb, err, errlen);
  if (rc == 0)
    rc = add_side(c, st, la, 0);
  if (rc == 0)
    rc = add_side(c, st, lb, 1);
  if (rc == 0) {
    c->env_a = results_env(la, c->ra->env_id);
    c->env_b = results_env(lb, c->rb->env_id);
  }
  bbd_store_result_list_free(la);
  bbd_store_result_list_free(lb);
  if (rc != 0) {
    bbd_cmp_free(c);
    return rc;
  }
  cJSON *ea = load_env(st, c->env_a);
  cJSON *eb = load_env(st, c->env_b);
  c->env_known = ea != NULL && eb != NULL;
  if (c->env_known)
    bbd_stats_env_compare_json(ea, eb, NULL, 0, &c->env_diffs);
  if (c->env_diffs == NULL)
    c->env_diffs = cJSON_CreateArray();
  cJSON_Delete(ea);
  cJSON_Delete(eb);
  c->comparable = cJSON_GetArraySize(c->env_diffs) == 0;
  *out = c;
  return 0;
}

void bbd_cmp_compute(bbd_cmp_t *c) {
  if (!c->comparable && !c->o.force)
    return;
  bbd_decision_t **ds = calloc(c->n ? c->n : 1, sizeof *ds);
  for (size_t i = 0; i < c->n; i++) {
    cmp_item_t *it = &c->items[i];
    if (it->av == NULL || it->bv == NULL)
      continue;
    /* Each benchmark gets its own seed derived from the configured one, so
     * results do not depend on the order or the set of benchmarks. */
    bbd_stats_config_t cfg = c->o.stats;
    uint64_t h = cfg.seed;
    for (const char *p = it->bench; *p; p++)
      h = bbd_rng_mix(h ^ (unsigned char)*p);
    cfg.seed = h;
    if (bbd_stats_compare(&cfg, it->av, it->na, it->bv, it->nb, &it->cmp,
                          it->err, sizeof it->err) == 0) {
      it->computed = 1;
      if (ds)
        ds[i] = &it->cmp.decision;
    }
  }
  if (ds != NULL) {
    bbd_stats_suite_control(c->o.mult, ds, c->n);
    free(ds);
  }
}

int bbd_cmp_comparable(const bbd_cmp_t *c) {
  return c->comparable;
}

static const char *item_verdict(const bbd_cmp_t *c, const cmp_item_t *it) {
  if (it->a_id == 0 || it->b_id == 0)
    return NULL;
  /* No value in the chosen metric: no verdict, the note says why. */
  if (it->a_no_cpu || it->b_no_cpu)
    return NULL;
  if (!c->comparable && !c->o.force)
    return bbd_verdict_name(BBD_VERDICT_INCOMPARABLE);
  if (!it->computed)
    return bbd_verdict_name(BBD_VERDICT_INCONCLUSIVE);
  return bbd_verdict_name(it->cmp.decision.verdict);
}

static cJSON *num_or_null(double v) {
  return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}

static cJSON *side_json(int64_t id, double mean, double median, int64_t n,
                        int ok) {
  if (id == 0)
    return cJSON_CreateNull();
  cJSON *o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "result_id", (double)id);
  cJSON_AddItemToObject(o, "mean", num_or_null(mean));
  cJSON_AddItemToObject(o, "median", num_or_null(median));
  cJSON_AddNumberToObject(o, "n", (double)n);
  cJSON_AddStringToObject(o, "status", ok ? "ok" : "failed");
  return o;
}

static const char *item_note(const cmp_item_t *it) {
  if (it->a_id == 0)
    return "missing in a";
  if (it->b_id == 0)
    return "missing in b";
  if (!it->a_ok || !it->b_ok)
    return "failed result on one side";
  if (it->a_no_cpu && it->b_no_cpu)
    return "task-clock not recorded for either result (counter unavailable "
           "or disabled): no CPU-time comparison";
  if (it->a_no_cpu)
    return "task-clock not recorded for the result in a (counter "
           "unavailable or disabled): no CPU-time comparison";
  if (it->b_no_cpu)
    return "task-clock not recorded for the result in b (counter "
           "unavailable or disabled): no CPU-time comparison";
  if (!it->computed && it->err[0])
    return it->err;
  return NULL;
}

static cJSON *run_side(const bbd_store_run_t *r, const char *baseline,
                       int64_t env_id) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "run", (double)r->id);
  if (baseline)
    cJSON_AddStringToObject(o, "baseline", baseline);
  else
    cJSON_AddNullToObject(o, "baseline");
  cJSON_AddNumberToObject(o, "env_id", (double)env_id);
  cJSON *t = cJSON_AddObjectToObject(o, "tags");
  for (size_t i = 0; i < r->n_tags; i++)
    cJSON_AddStringToObject(t, r->tags[i].key, r->tags[i].value);
  return o;
}

cJSON *bbd_cmp_json(const bbd_cmp_t *c, const char *a_baseline,
                    const char *b_baseline) {
  cJSON *doc = cJSON_CreateObject();
  cJSON_AddItemToObject(doc, "a", run_side(c->ra, a_baseline, c->env_a));
  cJSON_AddItemToObject(doc, "b", run_side(c->rb, b_baseline, c->env_b));
  cJSON_AddStringToObject(doc, "metric", bbd_cmp_metric_name(c->o.metric));
  cJSON_AddBoolToObject(doc, "comparable", c->comparable);
  cJSON_AddBoolToObject(doc, "env_known", c->env_known);
  cJSON_AddBoolToObject(doc, "forced", c->o.force && !c->comparable);
  cJSON_AddItemToObject(doc, "env_diffs", cJSON_Duplicate(c->env_diffs, 1));
  cJSON *cfg = cJSON_AddObjectToObject(doc, "config");
  cJSON_AddNumberToObject(cfg, "threshold", c->o.stats.threshold);
  cJSON_AddNumberToObject(cfg, "alpha", c->o.stats.alpha);
  cJSON_AddStringToObject(cfg, "multiplicity",
                          bbd_multiplicity_name(c->o.mult));
  cJSON_AddStringToObject(
      cfg, "center",
      c->o.stats.center == BBD_STATS_CENTER_MEDIAN ? "median" : "mean");
  cJSON_AddNumberToObject(cfg, "resamples", c->o.stats.resamples);
  int counts[5] = {0, 0, 0, 0, 0}, missing = 0, no_metric = 0;
  cJSON *arr = cJSON_CreateArray();
  for (size_t i = 0; i < c->n; i++) {
    const cmp_item_t *it = &c->items[i];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "benchmark", it->bench);
    cJSON_AddStringToObject(o, "variant", it->variant);
    const char *v = item_verdict(c, it);
    if (v)
      cJSON_AddStringToObject(o, "verdict", v);
    else
      cJSON_AddNullToObject(o, "verdict");
    if (v == NULL && (it->a_no_cpu || it->b_no_cpu))
      no_metric++;
    else if (v == NULL)
      missing++;
    else if (!c->comparable && !c->o.force)
      counts[BBD_VERDICT_INCOMPARABLE]++;
    else if (!it->computed)
      counts[BBD_VERDICT_INCONCLUSIVE]++;
    else
      counts[it->cmp.decision.verdict]++;
    cJSON_AddItemToObject(
        o, "a",
        side_json(it->a_id, it->a_mean, it->a_median, it->a_n, it->a_ok));
    cJSON_AddItemToObject(
        o, "b",
        side_json(it->b_id, it->b_mean, it->b_median, it->b_n, it->b_ok));
    if (it->computed) {
      cJSON_AddItemToObject(o, "decision",
                            bbd_stats_decision_json(&it->cmp.decision));
      cJSON_AddItemToObject(o, "comparison",
                            bbd_stats_comparison_json(&it->cmp));
    } else {
      cJSON_AddNullToObject(o, "decision");
      cJSON_AddNullToObject(o, "comparison");
    }
    const char *note = item_note(it);
    if (note)
      cJSON_AddStringToObject(o, "note", note);
    else
      cJSON_AddNullToObject(o, "note");
    cJSON_AddItemToArray(arr, o);
  }
  cJSON *sum = cJSON_AddObjectToObject(doc, "summary");
  cJSON_AddNumberToObject(sum, "regressed", counts[BBD_VERDICT_REGRESSED]);
  cJSON_AddNumberToObject(sum, "improved", counts[BBD_VERDICT_IMPROVED]);
  cJSON_AddNumberToObject(sum, "unchanged", counts[BBD_VERDICT_UNCHANGED]);
  cJSON_AddNumberToObject(sum, "inconclusive",
                          counts[BBD_VERDICT_INCONCLUSIVE]);
  cJSON_AddNumberToObject(sum, "incomparable",
                          counts[BBD_VERDICT_INCOMPARABLE]);
  cJSON_AddNumberToObject(sum, "missing", missing);
  /* Present on both sides but without a value in the metric (cpu without
   * a task-clock series): no verdict, each item's note says why. */
  cJSON_AddNumberToObject(sum, "no_metric", no_metric);
  cJSON_AddItemToObject(doc, "benchmarks", arr);
  return doc;
}

int bbd_cmp_store_verdicts(const bbd_cmp_t *c, bbd_store_t *st,
                           const char *baseline, char *err, size_t errlen) {
  for (size_t i = 0; i < c->n; i++) {
    const cmp_item_t *it = &c->items[i];
    if (it->b_id == 0 || it->a_id == 0)
      continue;
    cJSON *v = cJSON_CreateObject();
    cJSON_AddStringToObject(v, "kind", "unpaired");
    cJSON *ag = cJSON_AddObjectToObject(v, "against");
    cJSON_AddNumberToObject(ag, "run", (double)c->a_run);
    cJSON_AddNumberToObject(ag, "result_id", (double)it->a_id);
    if (baseline)
      cJSON_AddStringToObject(ag, "baseline", baseline);
    else
      cJSON_AddNullToObject(ag, "baseline");
    const char *vn = item_verdict(c, it);
    if (vn != NULL)
      cJSON_AddStringToObject(v, "verdict", vn);
    else
      cJSON_AddNullToObject(v, "verdict");
    cJSON_AddStringToObject(v, "metric", bbd_cmp_metric_name(c->o.metric));
    cJSON_AddBoolToObject(v, "comparable", c->comparable);
    cJSON_AddItemToObject(v, "env_diffs", cJSON_Duplicate(c->env_diffs, 1));
    int regression = 0;
    if (it->computed) {
      cJSON_AddItemToObject(v, "decision",
                            bbd_stats_decision_json(&it->cmp.decision));
      cJSON_AddItemToObject(v, "comparison",
                            bbd_stats_comparison_json(&it->cmp));
      regression = it->cmp.decision.verdict == BBD_VERDICT_REGRESSED &&
                   (c->comparable || c->o.force);
    } else {
      cJSON_AddNullToObject(v, "decision");
      const char *note = item_note(it);
      if (note)
        cJSON_AddStringToObject(v, "note", note);
    }
    cJSON_AddStringToObject(v, "multiplicity",
                            bbd_multiplicity_name(c->o.mult));
    char *txt = cJSON_PrintUnformatted(v);
    cJSON_Delete(v);
    if (txt == NULL)
      return bbd_errf(BBD_ENOMEM, err, errlen, "out of memory");
    int rc = bbd_store_result_set_verdict(st, it->b_id, txt, regression, err,
                                          errlen);
    free(txt);
    if (rc != 0)
      return rc;
  }
  return 0;
}

void bbd_cmp_free(bbd_cmp_t *c) {
  if (c == NULL)
    return;
  for (size_t i = 0; i < c->n; i++) {
    free(c->items[i].bench);
    free(c->items[i].variant);
    free(c->items[i].av);
    free(c->items[i].bv);
  }
  free(c->items);
  bbd_store_run_free(c->ra);
  bbd_store_run_free(c->rb);
  cJSON_Delete(c->env_diffs);
  free(c);
}
