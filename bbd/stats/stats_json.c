/*
 * cJSON builders for the stats results (see stats_json.h). Only builds
 * trees; printing and sending are the caller's business.
 */
#include "stats_json.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

/* Adds a number, or null when it is not finite (JSON has no inf/NaN).
 * Returns 0 on success, -1 when out of memory. */
static int add_num(cJSON *o, const char *k, double v) {
  cJSON *item = isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();
  if (!item)
    return -1;
  cJSON_AddItemToObject(o, k, item);
  return 0;
}

static int add_obj(cJSON *o, const char *k, cJSON *child) {
  if (!child)
    return -1;
  cJSON_AddItemToObject(o, k, child);
  return 0;
}

static int add_str(cJSON *o, const char *k, const char *s) {
  return cJSON_AddStringToObject(o, k, s) ? 0 : -1;
}

static int add_bool(cJSON *o, const char *k, int b) {
  return cJSON_AddBoolToObject(o, k, b) ? 0 : -1;
}

/* Returns o, or deletes it and returns NULL if any add failed. */
static cJSON *finish(cJSON *o, int bad) {
  if (bad) {
    cJSON_Delete(o);
    return NULL;
  }
  return o;
}

cJSON *bbd_stats_estimate_json(const bbd_estimate_t *e) {
  if (!e)
    return NULL;
  cJSON *o = cJSON_CreateObject();
  if (!o)
    return NULL;
  int bad = add_num(o, "point", e->point) || add_num(o, "lo", e->lo) ||
            add_num(o, "hi", e->hi) || add_num(o, "se", e->se);
  return finish(o, bad);
}

static cJSON *outliers_json(const bbd_outliers_t *t) {
  cJSON *o = cJSON_CreateObject();
  if (!o)
    return NULL;
  int bad = add_num(o, "q1", t->q1) || add_num(o, "q3", t->q3) ||
            add_num(o, "iqr", t->iqr) ||
            add_num(o, "low_severe", t->low_severe) ||
            add_num(o, "low_mild", t->low_mild) ||
            add_num(o, "high_mild", t->high_mild) ||
            add_num(o, "high_severe", t->high_severe);
  double f[4] = {t->low_severe_fence, t->low_mild_fence, t->high_mild_fence,
                 t->high_severe_fence};
  cJSON *arr = cJSON_CreateDoubleArray(f, 4);
  bad |= add_obj(o, "fences", arr);
  return finish(o, bad);
}

cJSON *bbd_stats_estimates_json(const bbd_sample_estimates_t *e) {
  if (!e)
    return NULL;
  cJSON *o = cJSON_CreateObject();
  if (!o)
    return NULL;
  char seed[24];
  snprintf(seed, sizeof seed, "%" PRIu64, e->seed);
  int bad = add_num(o, "n", (double)e->n) ||
            add_num(o, "resamples", e->resamples) || add_str(o, "seed", seed);
  if (e->has_slope) {
    bad |= add_obj(o, "slope", bbd_stats_estimate_json(&e->slope));
    bad |= add_num(o, "r2", e->r2);
  } else {
    bad |= add_num(o, "slope", NAN) || add_num(o, "r2", NAN);
  }
  bad |= add_obj(o, "mean", bbd_stats_estimate_json(&e->mean));
  bad |= add_obj(o, "median", bbd_stats_estimate_json(&e->median));
  bad |= add_obj(o, "stddev", bbd_stats_estimate_json(&e->stddev));
  bad |= add_obj(o, "mad", bbd_stats_estimate_json(&e->mad));
  bad |= add_num(o, "min", e->min) || add_num(o, "max", e->max);
  bad |= add_obj(o, "outliers", outliers_json(&e->outliers));
  return finish(o, bad);
}

cJSON *bbd_stats_per_iter_json(const bbd_per_iter_stats_t *s) {
  if (!s)
    return NULL;
  cJSON *o = cJSON_CreateObject();
  if (!o)
    return NULL;
  int bad = add_num(o, "n", (double)s->n);
  bad |= add_obj(o, "mean", bbd_stats_estimate_json(&s->mean));
  bad |= add_obj(o, "median", bbd_stats_estimate_json(&s->median));
  bad |= add_num(o, "min", s->min) || add_num(o, "max", s->max);
  return finish(o, bad);
}

cJSON *bbd_stats_throughput_json(const bbd_throughput_t *t) {
  if (!t)
    return NULL;
  cJSON *o = cJSON_CreateObject();
  if (!o)
    return NULL;
  int bad = 0;
  if (t->mib_per_s > 0)
    bad |= add_num(o, "mib_per_s", t->mib_per_s) ||
           add_num(o, "mib_per_s_lo", t->mib_per_s_lo) ||
           add_num(o, "mib_per_s_hi", t->mib_per_s_hi);
  if (t->elems_per_s > 0)
    bad |= add_num(o, "elems_per_s", t->elems_per_s) ||
           add_num(o, "elems_per_s_lo", t->elems_per_s_lo) ||
           add_num(o, "elems_per_s_hi", t->elems_per_s_hi);
  return finish(o, bad);
}

static int add_opt(cJSON *o, const char *k, bbd_opt_t v) {
  return add_num(o, k, v.ok ? v.value : NAN);
}

cJSON *bbd_stats_derived_json(const bbd_derived_t *d) {
  if (!d)
    return NULL;
  cJSON *o = cJSON_CreateObject();
  if (!o)
    return NULL;
  int bad = add_opt(o, "ipc", d->ipc) ||
            add_opt(o, "branch_miss_rate", d->branch_miss_rate) ||
            add_opt(o, "cache_miss_rate", d->cache_miss_rate) ||
            add_opt(o, "l1d_miss_rate", d->l1d_miss_rate);
  return finish(o, bad);
}

cJSON *bbd_stats_decision_json(const bbd_decision_t *d) {
  if (!d)
    return NULL;
  cJSON *o = cJSON_CreateObject();
  if (!o)
    return NULL;
  int bad = add_str(o, "verdict", bbd_verdict_name(d->verdict)) ||
            add_str(o, "straddle", bbd_straddle_name(d->straddle)) ||
            add_num(o, "change", d->change) || add_num(o, "lo", d->lo) ||
            add_num(o, "hi", d->hi) || add_num(o, "p", d->p) ||
            add_num(o, "p_adjusted", d->p_adjusted) ||
            add_num(o, "threshold", d->threshold) ||
            add_num(o, "alpha", d->alpha) || add_num(o, "mde", d->mde) ||
            add_bool(o, "higher_is_better", d->higher_is_better);
  return finish(o, bad);
}

cJSON *bbd_stats_comparison_json(const bbd_comparison_t *c) {
  if (!c)
    return NULL;
  cJSON *o = cJSON_CreateObject();
  if (!o)
    return NULL;
  int bad = add_obj(o, "decision", bbd_stats_decision_json(&c->decision));
  bad |= add_obj(o, "mean_change", bbd_stats_estimate_json(&c->mean_change));
  bad |=
      add_obj(o, "median_change", bbd_stats_estimate_json(&c->median_change));
  bad |= add_num(o, "t", c->t) || add_num(o, "df", c->df) ||
         add_num(o, "p_mixed", c->p_mixed) ||
         add_num(o, "p_welch", c->p_welch) ||
         add_num(o, "t_resamples", (double)c->t_resamples) ||
         add_num(o, "na", (double)c->na) || add_num(o, "nb", (double)c->nb);
  return finish(o, bad);
}

cJSON *bbd_stats_paired_json(const bbd_paired_t *p) {
  if (!p)
    return NULL;
  cJSON *o = cJSON_CreateObject();
  if (!o)
    return NULL;
  int bad = add_obj(o, "decision", bbd_stats_decision_json(&p->decision));
  bad |= add_num(o, "rounds", (double)p->rounds) ||
         add_num(o, "ties", (double)p->ties) ||
         add_num(o, "median_log_ratio", p->median_log_ratio) ||
         add_num(o, "log_lo", p->log_lo) || add_num(o, "log_hi", p->log_hi) ||
         add_num(o, "coverage", p->coverage) || add_num(o, "k", (double)p->k) ||
         add_num(o, "n_worse", (double)p->n_worse) ||
         add_num(o, "n_better", (double)p->n_better);
  return finish(o, bad);
}

static int add_str_or_null(cJSON *o, const char *k, const char *s) {
  cJSON *item = s ? cJSON_CreateString(s) : cJSON_CreateNull();
  if (!item)
    return -1;
  cJSON_AddItemToObject(o, k, item);
  return 0;
}

/*
 * The one array builder: a JSON array of n objects, object i filled by
 * fill(o, items, i) (0 on success). NULL when items is NULL with n > 0 or
 * on allocation failure (nothing leaks).
 */
typedef int (*fill_fn)(cJSON *o, const void *items, size_t i);

static cJSON *array_of(const void *items, size_t n, fill_fn fill) {
  if (!items && n)
    return NULL;
  cJSON *arr = cJSON_CreateArray();
  if (!arr)
    return NULL;
  for (size_t i = 0; i < n; i++) {
    cJSON *o = cJSON_CreateObject();
    if (!o) {
      cJSON_Delete(arr);
      return NULL;
    }
    cJSON_AddItemToArray(arr, o);
    if (fill(o, items, i)) {
      cJSON_Delete(arr);
      return NULL;
    }
  }
  return arr;
}

static int env_diff_fill(cJSON *o, const void *items, size_t i) {
  const bbd_env_diff_t *d = (const bbd_env_diff_t *)items + i;
  return add_str(o, "key", d->key ? d->key : "") ||
         add_str_or_null(o, "a", d->a) || add_str_or_null(o, "b", d->b);
}

cJSON *bbd_stats_env_diffs_json(const bbd_env_diff_t *d, size_t n) {
  return array_of(d, n, env_diff_fill);
}

/* A value as comparable text: strings as they are, anything else as its
 * unformatted JSON. Returns a malloc'ed string, NULL if absent, *oom = 1 on
 * allocation failure. */
static char *value_text(const cJSON *v, int *oom) {
  if (!v || cJSON_IsNull(v))
    return NULL;
  char *s = cJSON_IsString(v) && v->valuestring ? strdup(v->valuestring)
                                                : cJSON_PrintUnformatted(v);
  if (!s)
    *oom = 1;
  return s;
}

int bbd_stats_env_compare_json(const cJSON *a, const cJSON *b,
                               const char *const *keys, size_t nkeys,
                               cJSON **out) {
  if (!out)
    return BBD_EINVAL;
  *out = NULL;
  if (!cJSON_IsObject(a) || !cJSON_IsObject(b))
    return BBD_EINVAL;
  if (!keys) {
    keys = bbd_stats_env_default_keys();
    nkeys = 0;
    while (keys[nkeys])
      nkeys++;
  }
  if (nkeys > BBD_STATS_MAX_SAMPLES)
    return BBD_ETOOBIG;
  cJSON *arr = cJSON_CreateArray();
  if (!arr)
    return BBD_ENOMEM;
  for (size_t k = 0; k < nkeys; k++) {
    if (!keys[k])
      continue;
    int oom = 0;
    char *va = value_text(cJSON_GetObjectItemCaseSensitive(a, keys[k]), &oom);
    char *vb = value_text(cJSON_GetObjectItemCaseSensitive(b, keys[k]), &oom);
    int bad = oom;
    if (!bad && !((!va && !vb) || (va && vb && !strcmp(va, vb)))) {
      bbd_env_diff_t d = {keys[k], va, vb};
      cJSON *item = cJSON_CreateObject();
      if (item)
        cJSON_AddItemToArray(arr, item);
      bad = !item || env_diff_fill(item, &d, 0);
    }
    free(va);
    free(vb);
    if (bad) {
      cJSON_Delete(arr);
      return BBD_ENOMEM;
    }
  }
  *out = arr;
  return 0;
}

static int changepoint_fill(cJSON *o, const void *items, size_t i) {
  const bbd_changepoint_t *c = (const bbd_changepoint_t *)items + i;
  return add_num(o, "index", (double)c->index) ||
         add_num(o, "run_from", (double)c->run_from) ||
         add_num(o, "run_to", (double)c->run_to) ||
         add_num(o, "before", c->before) || add_num(o, "after", c->after) ||
         add_num(o, "rel", c->rel) || add_num(o, "z", c->z);
}

cJSON *bbd_stats_changepoints_json(const bbd_changepoint_t *c, size_t n) {
  return array_of(c, n, changepoint_fill);
}
