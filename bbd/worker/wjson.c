#include "wjson.h"

#include "descriptor.h"
#include "err.h"
#include "wstats.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#ifdef BBD_WK_HAVE_STATS
#include "stats.h"
#include "stats_json.h"
#endif

int bbd_wk_json_write(int fd, const cJSON *obj) {
  char *s = cJSON_PrintUnformatted(obj);
  if (s == NULL)
    return -1;
  size_t len = strlen(s);
  s[len] = '\n'; /* replaces the terminator; we write len + 1 bytes */
  size_t off = 0;
  int rc = 0;
  while (off < len + 1) {
    ssize_t w = write(fd, s + off, len + 1 - off);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0) {
      rc = -1;
      break;
    }
    off += (size_t)w;
  }
  free(s);
  return rc;
}

cJSON *bbd_wk_error_json(int code, const char *file, const char *reason) {
  cJSON *doc = cJSON_CreateObject();
  cJSON *e = cJSON_AddObjectToObject(doc, "error");
  cJSON_AddStringToObject(e, "code", bbd_err_name(code));
  cJSON_AddStringToObject(e, "message", bbd_strerror(code));
  cJSON *d = cJSON_AddObjectToObject(e, "detail");
  if (file)
    cJSON_AddStringToObject(d, "file", file);
  cJSON_AddStringToObject(d, "reason", reason ? reason : "");
  return doc;
}

cJSON *bbd_wk_error_event(cJSON *doc) {
  cJSON *ev = cJSON_CreateObject();
  cJSON_AddStringToObject(ev, "event", "error");
  cJSON *e = cJSON_DetachItemFromObjectCaseSensitive(doc, "error");
  if (e)
    cJSON_AddItemToObject(ev, "error", e);
  cJSON_Delete(doc);
  return ev;
}

cJSON *bbd_wk_error_detail(cJSON *doc) {
  return cJSON_GetObjectItemCaseSensitive(
      cJSON_GetObjectItemCaseSensitive(doc, "error"), "detail");
}

static void add_str_or_null(cJSON *o, const char *k, const char *v) {
  if (v)
    cJSON_AddStringToObject(o, k, v);
  else
    cJSON_AddNullToObject(o, k);
}

static cJSON *param_json(const bbd_param_t *d) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "name", d->name);
  cJSON_AddStringToObject(o, "type", bbd_wk_param_type_name((int)d->type));
  cJSON_AddStringToObject(o, "default", d->default_value);
  add_str_or_null(o, "summary", d->summary);
  if (d->type == BBD_PARAM_INT && !(d->min == 0 && d->max == 0)) {
    cJSON_AddNumberToObject(o, "min", (double)d->min);
    cJSON_AddNumberToObject(o, "max", (double)d->max);
  } else {
    cJSON_AddNullToObject(o, "min");
    cJSON_AddNullToObject(o, "max");
  }
  if (d->type == BBD_PARAM_ENUM) {
    cJSON *c = cJSON_AddArrayToObject(o, "choices");
    const char *p = d->choices;
    while (p && *p) {
      const char *comma = strchr(p, ',');
      size_t len = comma ? (size_t)(comma - p) : strlen(p);
      char buf[BBD_PARAM_VALUE_MAX + 1];
      snprintf(buf, sizeof buf, "%.*s", (int)len, p);
      cJSON_AddItemToArray(c, cJSON_CreateString(buf));
      p = comma ? comma + 1 : p + len;
    }
  } else {
    cJSON_AddNullToObject(o, "choices");
  }
  return o;
}

cJSON *bbd_wk_describe_json(const bbd_wk_plugin_t *pl) {
  const bbd_plugin_t *p = pl->p;
  cJSON *doc = cJSON_CreateObject();
  cJSON_AddNumberToObject(doc, "schema_version", BBD_WK_SCHEMA_VERSION);
  cJSON_AddStringToObject(doc, "file", pl->path);
  cJSON *po = cJSON_AddObjectToObject(doc, "plugin");
  cJSON_AddStringToObject(po, "name", p->name);
  cJSON_AddStringToObject(po, "version", p->version);
  add_str_or_null(po, "summary", p->summary);
  cJSON *abi = cJSON_AddObjectToObject(po, "abi");
  cJSON_AddNumberToObject(abi, "major", p->abi_major);
  cJSON_AddNumberToObject(abi, "minor", p->abi_minor);
  cJSON *arr = cJSON_AddArrayToObject(doc, "benchmarks");
  for (size_t i = 0; i < pl->nbench; i++) {
    const bbd_benchmark_t *b = p->benchmarks[i];
    cJSON *bo = cJSON_CreateObject();
    char id[BBD_PLUGIN_NAME_MAX + BBD_BENCH_NAME_MAX + 2];
    snprintf(id, sizeof id, "%s/%s", p->name, b->name);
    cJSON_AddStringToObject(bo, "id", id);
    cJSON_AddStringToObject(bo, "name", b->name);
    add_str_or_null(bo, "summary", b->summary);
    cJSON_AddNumberToObject(bo, "bytes_per_iter", (double)b->bytes_per_iter);
    cJSON_AddNumberToObject(bo, "elements_per_iter",
                            (double)b->elements_per_iter);
    cJSON *fl = cJSON_AddArrayToObject(bo, "flags");
    if (b->flags & BBD_BENCH_FLAT_SAMPLING)
      cJSON_AddItemToArray(fl, cJSON_CreateString("flat_sampling"));
    if (b->flags & BBD_BENCH_NO_ALLOC_TRACKING)
      cJSON_AddItemToArray(fl, cJSON_CreateString("no_alloc_tracking"));
    uint32_t unknown =
        b->flags & ~(BBD_BENCH_FLAT_SAMPLING | BBD_BENCH_NO_ALLOC_TRACKING);
    if (unknown) {
      char hex[16];
      snprintf(hex, sizeof hex, "0x%x", unknown);
      cJSON_AddItemToArray(fl, cJSON_CreateString(hex));
    }
    cJSON *pa = cJSON_AddArrayToObject(bo, "params");
    for (size_t k = 0; b->params && b->params[k].name; k++)
      cJSON_AddItemToArray(pa, param_json(&b->params[k]));
    cJSON_AddItemToArray(arr, bo);
  }
  return doc;
}

static const char *errno_name(int e) {
  if (e == 0)
    return NULL;
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 32)
  return strerrorname_np(e);
#else
  return NULL;
#endif
}

cJSON *bbd_wk_counters_status_json(const bbd_wk_counters_t *cs) {
  cJSON *o = cJSON_CreateObject();
  for (size_t i = 0; i < cs->n; i++) {
    const bbd_wk_counter_t *c = &cs->c[i];
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "status", bbd_wk_ctr_status_name(c->status));
    cJSON_AddNumberToObject(e, "errno", c->err_no);
    add_str_or_null(e, "errno_name", errno_name(c->err_no));
    add_str_or_null(e, "reason", c->reason[0] ? c->reason : NULL);
    cJSON_AddStringToObject(e, "group",
                            c->group == BBD_WK_GROUP_SW ? "sw" : "hw");
    add_str_or_null(e, "fstr", c->fstr[0] ? c->fstr : NULL);
    cJSON_AddStringToObject(
        e, "mode", c->user_only || cs->mode == BBD_CTR_MODE_U ? "u" : "uk");
    cJSON_AddItemToObject(o, c->name, e);
  }
  return o;
}

cJSON *bbd_wk_args_json(const bbd_args_t *a) {
  cJSON *o = cJSON_CreateObject();
  for (size_t i = 0; a && i < a->n; i++)
    cJSON_AddStringToObject(o, a->items[i].decl->name, a->items[i].value);
  return o;
}

static cJSON *u64_array(const uint64_t *v, size_t n) {
  cJSON *a = cJSON_CreateArray();
  for (size_t i = 0; i < n; i++)
    cJSON_AddItemToArray(a, cJSON_CreateNumber((double)v[i]));
  return a;
}

static cJSON *num_or_null(double v) {
  return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}

void bbd_wk_json_add_measurements(cJSON *obj, const bbd_wk_samples_t *s,
                                  const bbd_wk_counters_t *cs,
                                  const bbd_wk_alloc_t *a,
                                  uint64_t bytes_per_iter) {
  cJSON *so = cJSON_AddObjectToObject(obj, "samples");
  cJSON_AddItemToObject(so, "iters", u64_array(s->iters, s->n));
  cJSON_AddItemToObject(so, "ns", u64_array(s->ns, s->n));

  cJSON *co = cJSON_AddObjectToObject(obj, "counters");
  for (size_t i = 0; cs && i < cs->n; i++) {
    const bbd_wk_counter_t *c = &cs->c[i];
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "status", bbd_wk_ctr_status_name(c->status));
    cJSON_AddNumberToObject(e, "errno", c->err_no);
    add_str_or_null(e, "errno_name", errno_name(c->err_no));
    if (c->status != BBD_CTR_OK)
      add_str_or_null(e, "reason", c->reason[0] ? c->reason : NULL);
    if (c->status == BBD_CTR_OK) {
      if (!strcmp(c->name, "task-clock") || !strcmp(c->name, "cpu-clock"))
        cJSON_AddStringToObject(e, "unit", "ns");
      cJSON *v = cJSON_AddArrayToObject(e, "values");
      cJSON *cv = cJSON_AddArrayToObject(e, "coverage");
      for (uint32_t k = 0; k < s->n; k++) {
        cJSON_AddItemToArray(
            v, num_or_null(s->ctr[(size_t)k * BBD_WK_COUNTER_MAX + i]));
        cJSON_AddItemToArray(
            cv, num_or_null(s->cov[(size_t)k * BBD_WK_COUNTER_MAX + i]));
      }
    } else {
      cJSON_AddNullToObject(e, "values");
      cJSON_AddNullToObject(e, "coverage");
    }
    cJSON_AddItemToObject(co, c->name, e);
  }

  cJSON *ao = cJSON_AddObjectToObject(obj, "alloc");
  bbd_wk_alloc_status_t st = a ? a->status : BBD_ALLOC_OFF;
  cJSON_AddStringToObject(ao, "status", bbd_wk_alloc_status_name(st));
  if (st == BBD_ALLOC_UNAVAILABLE)
    cJSON_AddStringToObject(ao, "reason", a->reason);
  if (st != BBD_ALLOC_ON)
    return;
  cJSON *as = cJSON_AddObjectToObject(ao, "samples");
  cJSON *aa = cJSON_AddArrayToObject(as, "allocs");
  cJSON *af = cJSON_AddArrayToObject(as, "frees");
  cJSON *ab = cJSON_AddArrayToObject(as, "bytes");
  cJSON *ap = cJSON_AddArrayToObject(as, "peak");
  uint64_t calls[BBD_AT_NCALLS] = {0}, allocs = 0, bytes = 0, iters = 0;
  int64_t peak = 0;
  uint32_t threads = 0;
  for (uint32_t k = 0; k < s->n; k++) {
    const bbd_wk_alloc_delta_t *d = &s->alloc[k];
    uint64_t n = 0;
    for (int c = 0; c < BBD_AT_NCALLS; c++) {
      calls[c] += d->calls[c];
      if (c != BBD_AT_FREE)
        n += d->calls[c];
    }
    allocs += n;
    bytes += d->bytes;
    iters += s->iters[k];
    if (d->peak > peak)
      peak = d->peak;
    if (d->threads > threads)
      threads = d->threads;
    cJSON_AddItemToArray(aa, cJSON_CreateNumber((double)n));
    cJSON_AddItemToArray(af, cJSON_CreateNumber((double)d->calls[BBD_AT_FREE]));
    cJSON_AddItemToArray(ab, cJSON_CreateNumber((double)d->bytes));
    cJSON_AddItemToArray(ap, cJSON_CreateNumber((double)d->peak));
  }
  cJSON *ca = cJSON_AddObjectToObject(ao, "calls");
  for (int c = 0; c < BBD_AT_NCALLS; c++)
    cJSON_AddNumberToObject(ca, bbd_wk_alloc_call_name(c), (double)calls[c]);
  double per = iters ? 1.0 / (double)iters : 0;
  cJSON_AddNumberToObject(ao, "allocs_per_op", (double)allocs * per);
  cJSON_AddNumberToObject(ao, "bytes_per_op", (double)bytes * per);
  cJSON_AddNumberToObject(ao, "peak_bytes", (double)peak);
  /* Threads that allocated in one sample (max over samples); with more
   * than one, peak_bytes is the sum of per-thread peaks (an upper bound). */
  cJSON_AddNumberToObject(ao, "threads", threads);
  if (bytes_per_iter > 0)
    cJSON_AddNumberToObject(ao, "overhead_ratio",
                            (double)bytes * per / (double)bytes_per_iter);
  else
    cJSON_AddNullToObject(ao, "overhead_ratio");
}

void bbd_wk_json_warn(cJSON *obj, const char *code, const char *message) {
  cJSON *w = cJSON_GetObjectItemCaseSensitive(obj, "warnings");
  if (w == NULL)
    w = cJSON_AddArrayToObject(obj, "warnings");
  cJSON *e = cJSON_CreateObject();
  cJSON_AddStringToObject(e, "code", code);
  cJSON_AddStringToObject(e, "message", message);
  cJSON_AddItemToArray(w, e);
}

/* Sum of a counter over the samples where it is known, and the iterations
 * and wall ns of those samples. */
static int ctr_sum(const bbd_wk_samples_t *s, int idx, double *sum,
                   double *iters, double *ns) {
  *sum = *iters = *ns = 0;
  int any = 0;
  for (uint32_t k = 0; k < s->n; k++) {
    double v = s->ctr[(size_t)k * BBD_WK_COUNTER_MAX + (size_t)idx];
    if (!isfinite(v))
      continue;
    *sum += v;
    *iters += (double)s->iters[k];
    *ns += (double)s->ns[k];
    any = 1;
  }
  return any ? 0 : -1;
}

void bbd_wk_json_add_analysis(cJSON *obj, const bbd_wk_samples_t *s,
                              const bbd_wk_counters_t *cs, double cpu_mhz) {
  if (cJSON_GetObjectItemCaseSensitive(obj, "warnings") == NULL)
    cJSON_AddArrayToObject(obj, "warnings");
  bbd_wk_summary_t sm;
  cJSON *so = cJSON_AddObjectToObject(obj, "summary");
  if (bbd_wk_summarize(s->iters, s->ns, s->n, &sm) != 0) {
    cJSON_AddNullToObject(so, "ns_per_iter");
    return;
  }
  cJSON *np = cJSON_AddObjectToObject(so, "ns_per_iter");
  cJSON_AddNumberToObject(np, "slope", sm.slope);
  cJSON_AddNumberToObject(np, "mean", sm.mean);
  cJSON_AddNumberToObject(np, "median", sm.median);
  cJSON_AddNumberToObject(np, "min", sm.min);
  cJSON_AddNumberToObject(np, "mad", sm.mad);

  double cycles = NAN;
  const char *cyc_src = NULL;
  int ci = cs ? bbd_wk_counters_find_ok(cs, "cycles") : -1;
  double sum, it, ns;
  if (ci >= 0 && ctr_sum(s, ci, &sum, &it, &ns) == 0 && it > 0) {
    cycles = sum / it;
    cyc_src = "cycles counter";
  } else if (cpu_mhz > 0) {
    cycles = sm.slope * cpu_mhz / 1000.0;
    cyc_src = "ns x measured core MHz";
  }
  cJSON_AddItemToObject(so, "cycles_per_iter", num_or_null(cycles));
  cJSON_AddNumberToObject(so, "severe_outliers",
                          (double)(sm.severe_low + sm.severe_high));
  cJSON_AddNumberToObject(so, "mild_outliers", (double)sm.mild);

  char msg[256];
  /* Below one cycle per iteration nothing real ran. The 0.9 leaves room for
   * the error of a measured clock on a genuine one-cycle loop; a deleted
   * loop measures at a few hundredths of a cycle. */
  if (isfinite(cycles) && cycles < 0.9) {
    snprintf(msg, sizeof msg,
             "%.3f CPU cycles per iteration (%s): below one cycle, the "
             "work was probably optimized away?",
             cycles, cyc_src);
    bbd_wk_json_warn(obj, "optimized-away", msg);
  }
  size_t severe = sm.severe_low + sm.severe_high;
  if (s->n > 0 && (double)severe > 0.10 * (double)s->n) {
    snprintf(msg, sizeof msg,
             "%zu of %u samples (%.0f%%) are severe outliers (beyond 3 IQR): "
             "the machine was noisy",
             severe, s->n, 100.0 * (double)severe / s->n);
    bbd_wk_json_warn(obj, "outliers", msg);
  }
  int ti = cs ? bbd_wk_counters_find_ok(cs, "task-clock") : -1;
  if (ti >= 0 && ctr_sum(s, ti, &sum, &it, &ns) == 0 && ns > 0) {
    double ratio = sum / ns;
    cJSON_AddNumberToObject(so, "task_clock_ratio", ratio);
    if (ratio < 0.9) {
      snprintf(msg, sizeof msg,
               "task-clock / wall time = %.3f (< 0.9): the benchmark was "
               "preempted or blocked",
               ratio);
      bbd_wk_json_warn(obj, "preempted", msg);
    }
  } else {
    cJSON_AddNullToObject(so, "task_clock_ratio");
  }
}

cJSON *bbd_wk_metrics_json(const bbd_wk_host_ctx_t *h) {
  cJSON *o = cJSON_CreateObject();
  for (size_t i = 0; i < h->nmetrics; i++)
    cJSON_AddItemToObject(o, h->metrics[i].name,
                          num_or_null(h->metrics[i].value));
  return o;
}

void bbd_wk_json_add_estimates(cJSON *obj, const bbd_wk_samples_t *s,
                               uint64_t seed) {
#ifdef BBD_WK_HAVE_STATS
  if (s->n < 2)
    return;
  double *ns = malloc(s->n * sizeof *ns);
  if (ns == NULL)
    return;
  for (uint32_t i = 0; i < s->n; i++)
    ns[i] = (double)s->ns[i];
  bbd_stats_config_t cfg;
  bbd_stats_config_default(&cfg);
  /* 10,000 resamples keep a 50-sample result well under 100 ms; the daemon
   * recomputes with its own settings from the raw samples if it wants. */
  cfg.resamples = 10000;
  cfg.seed = seed;
  bbd_sample_estimates_t est;
  char err[128];
  if (bbd_stats_estimate(&cfg, s->iters, ns, s->n, &est, err, sizeof err) ==
      0) {
    cJSON *e = bbd_stats_estimates_json(&est);
    if (e)
      cJSON_AddItemToObject(obj, "estimates", e);
  }
  free(ns);
#else
  (void)obj;
  (void)s;
  (void)seed;
#endif
}

#ifdef BBD_WK_HAVE_STATS
/* The total of the first ok counter among `names` over the samples where
 * it was counted (the ratios below only make sense for one interval, so a
 * counter missing in some samples is still fine: both inputs of a ratio come
 * from the same group and are read together). */
static bbd_opt_t total_of(const bbd_wk_samples_t *s,
                          const bbd_wk_counters_t *cs,
                          const char *const *names) {
  bbd_opt_t o = {0, 0};
  for (; *names; names++) {
    for (size_t i = 0; i < cs->n; i++) {
      if (cs->c[i].status != BBD_CTR_OK || strcasecmp(cs->c[i].name, *names))
        continue;
      double sum, it, ns;
      if (ctr_sum(s, (int)i, &sum, &it, &ns) == 0) {
        o.value = sum;
        o.ok = 1;
        return o;
      }
    }
  }
  return o;
}
#endif

void bbd_wk_json_add_derived(cJSON *obj, const bbd_wk_samples_t *s,
                             const bbd_wk_counters_t *cs) {
#ifdef BBD_WK_HAVE_STATS
  static const char *const cyc[] = {"cycles", "cpu-cycles", NULL};
  static const char *const ins[] = {"instructions", NULL};
  static const char *const br[] = {"branches", "branch-instructions", NULL};
  static const char *const brm[] = {"branch-misses", NULL};
  static const char *const cref[] = {"cache-references", NULL};
  static const char *const cmis[] = {"cache-misses", NULL};
  static const char *const l1[] = {"L1-dcache-loads", NULL};
  static const char *const l1m[] = {"L1-dcache-load-misses", NULL};
  if (cs == NULL)
    return;
  bbd_derived_inputs_t in = {
      .cycles = total_of(s, cs, cyc),
      .instructions = total_of(s, cs, ins),
      .branches = total_of(s, cs, br),
      .branch_misses = total_of(s, cs, brm),
      .cache_references = total_of(s, cs, cref),
      .cache_misses = total_of(s, cs, cmis),
      .l1d_loads = total_of(s, cs, l1),
      .l1d_load_misses = total_of(s, cs, l1m),
  };
  bbd_derived_t d;
  bbd_stats_derived(&in, &d);
  cJSON *j = bbd_stats_derived_json(&d);
  if (j)
    cJSON_AddItemToObject(obj, "derived", j);
#else
  (void)obj;
  (void)s;
  (void)cs;
#endif
}
