/*
 * `bbd-worker run`: describe the plugin in a child, select benchmarks,
 * fingerprint the environment, then run each benchmark in its own child and
 * turn whatever happened to it into exactly one result.
 */
#include "commands.h"

#include "alloc.h"
#include "counters.h"
#include "env.h"
#include "err.h"
#include "spawn.h"
#include "wjson.h"

#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct sink {
  int json;
  int fd; /* JSON lines go here */
} sink_t;

static void emit(const sink_t *s, cJSON *ev) {
  if (s->json)
    bbd_wk_json_write(s->fd, ev);
}

static void emit_error(const sink_t *s, cJSON *doc, const char *file) {
  cJSON *d = bbd_wk_error_detail(doc);
  cJSON *r = cJSON_GetObjectItemCaseSensitive(d, "reason");
  fprintf(stderr, "bbd-worker: %s: %s\n", file,
          cJSON_IsString(r) ? r->valuestring : "refused");
  if (s->json) {
    cJSON *ev = bbd_wk_error_event(cJSON_Duplicate(doc, 1));
    bbd_wk_json_write(s->fd, ev);
    cJSON_Delete(ev);
  }
}

static int selected(const bbd_wk_opts_t *o, const char *id, const char *name) {
  if (o->nfilters == 0)
    return 1;
  for (size_t i = 0; i < o->nfilters; i++)
    if (fnmatch(o->filters[i], id, 0) == 0 ||
        fnmatch(o->filters[i], name, 0) == 0)
      return 1;
  return 0;
}

/* True if some selected benchmark declares parameter `kv`. */
static int declared(const cJSON *benches, const bbd_wk_kv_t *kv) {
  const cJSON *b;
  cJSON_ArrayForEach(b, benches) {
    const cJSON *p;
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(b, "params")) {
      const cJSON *n = cJSON_GetObjectItemCaseSensitive(p, "name");
      if (cJSON_IsString(n) && strlen(n->valuestring) == kv->name_len &&
          memcmp(n->valuestring, kv->name, kv->name_len) == 0)
        return 1;
    }
  }
  return 0;
}

typedef struct line_ctx {
  const sink_t *sink;
  cJSON *result;
} line_ctx_t;

static void on_line(void *arg, char *line, size_t len) {
  line_ctx_t *c = arg;
  cJSON *ev = cJSON_ParseWithLength(line, len);
  if (ev == NULL)
    return;
  cJSON *e = cJSON_GetObjectItemCaseSensitive(ev, "event");
  if (cJSON_IsString(e) && !strcmp(e->valuestring, "result")) {
    cJSON_Delete(c->result);
    c->result = ev;
    return;
  }
  if (cJSON_IsString(e) && !strcmp(e->valuestring, "progress"))
    emit(c->sink, ev);
  cJSON_Delete(ev);
}

static double num(const cJSON *o, const char *k) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
  return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static void fmt_time(double ns, char *buf, size_t len) {
  if (!isfinite(ns))
    snprintf(buf, len, "-");
  else if (ns < 1e3)
    snprintf(buf, len, "%.3f ns", ns);
  else if (ns < 1e6)
    snprintf(buf, len, "%.3f us", ns / 1e3);
  else if (ns < 1e9)
    snprintf(buf, len, "%.3f ms", ns / 1e6);
  else
    snprintf(buf, len, "%.3f s", ns / 1e9);
}

/* One row of the human table, plus warnings and ok counters per iteration. */
static void print_row(const cJSON *r) {
  const cJSON *id = cJSON_GetObjectItemCaseSensitive(r, "id");
  const cJSON *st = cJSON_GetObjectItemCaseSensitive(r, "status");
  const char *ids = cJSON_IsString(id) ? id->valuestring : "?";
  if (!cJSON_IsString(st) || strcmp(st->valuestring, "ok") != 0) {
    const cJSON *why = cJSON_GetObjectItemCaseSensitive(r, "reason");
    printf("%-44s FAILED: %s\n", ids,
           cJSON_IsString(why) ? why->valuestring : "?");
    fflush(stdout);
    return;
  }
  const cJSON *sum = cJSON_GetObjectItemCaseSensitive(r, "summary");
  const cJSON *np = cJSON_GetObjectItemCaseSensitive(sum, "ns_per_iter");
  char t[32], m[32];
  fmt_time(num(np, "slope"), t, sizeof t);
  fmt_time(num(np, "mad"), m, sizeof m);
  printf("%-44s %14s  +- %-12s", ids, t, m);
  const cJSON *al = cJSON_GetObjectItemCaseSensitive(r, "alloc");
  if (isfinite(num(al, "allocs_per_op")))
    printf("  allocs/op %.3g  B/op %.4g", num(al, "allocs_per_op"),
           num(al, "bytes_per_op"));
  printf("\n");
  /* Counters per iteration, ok ones only. */
  const cJSON *cs = cJSON_GetObjectItemCaseSensitive(r, "counters");
  const cJSON *samples = cJSON_GetObjectItemCaseSensitive(r, "samples");
  const cJSON *iters = cJSON_GetObjectItemCaseSensitive(samples, "iters");
  const cJSON *c;
  int col = 0;
  cJSON_ArrayForEach(c, cs) {
    const cJSON *vals = cJSON_GetObjectItemCaseSensitive(c, "values");
    if (!cJSON_IsArray(vals))
      continue;
    double sv = 0, si = 0;
    for (int k = 0; k < cJSON_GetArraySize(vals); k++) {
      const cJSON *v = cJSON_GetArrayItem(vals, k);
      const cJSON *it = cJSON_GetArrayItem(iters, k);
      if (cJSON_IsNumber(v) && cJSON_IsNumber(it)) {
        sv += v->valuedouble;
        si += it->valuedouble;
      }
    }
    if (si > 0) {
      printf("%s%s/iter %.4g", col++ ? "  " : "    ", c->string, sv / si);
    }
  }
  if (col)
    printf("\n");
  const cJSON *w;
  cJSON_ArrayForEach(w, cJSON_GetObjectItemCaseSensitive(r, "warnings")) {
    const cJSON *msg = cJSON_GetObjectItemCaseSensitive(w, "message");
    printf("    warning: %s\n", cJSON_IsString(msg) ? msg->valuestring : "");
  }
  fflush(stdout);
}

int bbd_wk_cmd_run(const bbd_wk_opts_t *o) {
  sink_t sink = {o->json, o->out_fd >= 0 ? o->out_fd : STDOUT_FILENO};
  double dtimeout = o->timeout_s < 60 ? o->timeout_s : 60;
  cJSON *desc = bbd_wk_describe_spawn(o->plugin, dtimeout, o->seed);
  if (cJSON_GetObjectItemCaseSensitive(desc, "error")) {
    emit_error(&sink, desc, o->plugin);
    cJSON_Delete(desc);
    return 1;
  }
  /* Keep only the selected benchmarks, in declaration order. */
  cJSON *all = cJSON_GetObjectItemCaseSensitive(desc, "benchmarks");
  cJSON *sel = cJSON_CreateArray();
  cJSON *b;
  cJSON_ArrayForEach(b, all) {
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(b, "id");
    const cJSON *nm = cJSON_GetObjectItemCaseSensitive(b, "name");
    if (cJSON_IsString(id) && cJSON_IsString(nm) &&
        selected(o, id->valuestring, nm->valuestring))
      cJSON_AddItemReferenceToArray(sel, b);
  }
  char reason[512];
  int code = 0;
  if (cJSON_GetArraySize(sel) == 0) {
    snprintf(reason, sizeof reason, "no benchmark matches the filter%s",
             o->nfilters > 1 ? "s" : "");
    code = BBD_ENOTFOUND;
  }
  for (size_t i = 0; code == 0 && i < o->nkv; i++)
    if (!declared(sel, &o->kv[i])) {
      snprintf(reason, sizeof reason,
               "-p %.*s: no selected benchmark declares this parameter",
               (int)o->kv[i].name_len, o->kv[i].name);
      code = BBD_EINVAL;
    }
  if (code != 0) {
    cJSON *e = bbd_wk_error_json(code, o->plugin, reason);
    emit_error(&sink, e, o->plugin);
    cJSON_Delete(e);
    cJSON_Delete(sel);
    cJSON_Delete(desc);
    return 1;
  }

  /* Environment fingerprint, with a trial open of every counter. */
  bbd_wk_tsc_info_t tsc;
  bbd_wk_tsc_probe(&tsc, 25);
  bbd_wk_counters_t ctrs;
  char err[256];
  if (bbd_wk_counters_open(&ctrs, o->counters, o->mode, err, sizeof err)) {
    cJSON *e = bbd_wk_error_json(BBD_EINVAL, o->plugin, err);
    emit_error(&sink, e, o->plugin);
    cJSON_Delete(e);
    cJSON_Delete(sel);
    cJSON_Delete(desc);
    return 1;
  }
  bbd_wk_alloc_t alloc;
  bbd_wk_alloc_init(&alloc, !o->no_alloc);
  double mhz = bbd_wk_core_mhz();
  if (mhz <= 0)
    mhz = bbd_wk_cpuinfo_mhz();
  bbd_wk_clock_t probe;
  int tsc_used = bbd_wk_clock_init(&probe, o->use_tsc, &tsc) == 0 &&
                 probe.use_tsc; /* what the children will use */
  bbd_wk_env_in_t ein = {&ctrs, &tsc, tsc_used, o->cpu, &alloc, mhz};
  cJSON *env = bbd_wk_env_json(&ein);
  bbd_wk_counters_close(&ctrs);
  cJSON *ev = cJSON_CreateObject();
  cJSON_AddStringToObject(ev, "event", "env");
  cJSON_AddNumberToObject(ev, "schema_version", BBD_WK_SCHEMA_VERSION);
  cJSON_AddItemToObject(ev, "env", env);
  emit(&sink, ev);
  cJSON_Delete(ev);
  if (!sink.json) {
    printf("%-44s %14s  %-15s\n", "benchmark", "time/iter", "+- MAD");
    fflush(stdout);
  }

  int total = cJSON_GetArraySize(sel), ok = 0, failed = 0;
  for (int i = 0; i < total; i++) {
    const cJSON *bo = cJSON_GetArrayItem(sel, i);
    const char *id = cJSON_GetObjectItemCaseSensitive(bo, "id")->valuestring;
    cJSON *st = cJSON_CreateObject();
    cJSON_AddStringToObject(st, "event", "start");
    cJSON_AddStringToObject(st, "id", id);
    cJSON_AddNumberToObject(st, "index", i);
    cJSON_AddNumberToObject(st, "total", total);
    emit(&sink, st);
    cJSON_Delete(st);

    bbd_wk_bench_job_t job = {o, id, (uint32_t)i, &tsc, mhz};
    line_ctx_t lc = {&sink, NULL};
    bbd_wk_child_status_t cst;
    int rc = bbd_wk_spawn(bbd_wk_bench_child, &job, o->timeout_s, on_line, &lc,
                          &cst, err, sizeof err);
    cJSON *r = lc.result;
    char why[160];
    if (rc != 0) {
      cJSON_Delete(r);
      r = bbd_wk_result_new(id, (uint32_t)i);
      bbd_wk_result_fail(r, rc, err);
    } else if (r == NULL || cst.timed_out) {
      /* Died (or hung) before reporting: only the reason survives. */
      cJSON_Delete(r);
      r = bbd_wk_result_new(id, (uint32_t)i);
      bbd_wk_child_reason(&cst, o->timeout_s, why, sizeof why);
      if (cst.exited && !cst.timed_out)
        snprintf(reason, sizeof reason, "%s before reporting a result", why);
      else if (cst.signaled && o->mem_limit > 0)
        /* Under RLIMIT_AS a failed allocation often surfaces as a crash
         * (NULL dereference, abort in a runtime): say so. */
        snprintf(reason, sizeof reason,
                 "%s (with a memory limit of %llu bytes: the limit may have "
                 "been exceeded)",
                 why, (unsigned long long)o->mem_limit);
      else
        snprintf(reason, sizeof reason, "%s", why);
      bbd_wk_result_fail(r, cst.timed_out ? BBD_ETIMEOUT : BBD_ECRASH, reason);
    } else if (!(cst.exited && cst.exit_code == 0)) {
      bbd_wk_child_reason(&cst, o->timeout_s, why, sizeof why);
      const cJSON *s0 = cJSON_GetObjectItemCaseSensitive(r, "status");
      if (cJSON_IsString(s0) && !strcmp(s0->valuestring, "ok")) {
        snprintf(reason, sizeof reason, "%s after reporting", why);
        bbd_wk_result_fail(r, BBD_ECRASH, reason);
      }
    }
    const cJSON *s1 = cJSON_GetObjectItemCaseSensitive(r, "status");
    if (cJSON_IsString(s1) && !strcmp(s1->valuestring, "ok"))
      ok++;
    else
      failed++;
    if (sink.json)
      emit(&sink, r);
    else
      print_row(r);
    cJSON_Delete(r);
  }
  cJSON *done = cJSON_CreateObject();
  cJSON_AddStringToObject(done, "event", "done");
  cJSON_AddNumberToObject(done, "total", total);
  cJSON_AddNumberToObject(done, "ok", ok);
  cJSON_AddNumberToObject(done, "failed", failed);
  emit(&sink, done);
  cJSON_Delete(done);
  cJSON_Delete(sel);
  cJSON_Delete(desc);
  return 0;
}
