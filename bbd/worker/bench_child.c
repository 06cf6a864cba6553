/*
 * The body of one benchmark child: load the plugin afresh, validate the
 * arguments, set up, warm up, sample, tear down, and report one result line.
 * Everything that can go wrong here costs only this benchmark.
 */
#include "commands.h"

#include "alloc.h"
#include "counters.h"
#include "err.h"
#include "host.h"
#include "loader.h"
#include "measure.h"
#include "wjson.h"

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

cJSON *bbd_wk_result_new(const char *id, uint32_t index) {
  cJSON *r = cJSON_CreateObject();
  cJSON_AddStringToObject(r, "event", "result");
  cJSON_AddStringToObject(r, "id", id);
  cJSON_AddNumberToObject(r, "index", index);
  cJSON_AddStringToObject(r, "status", "ok");
  cJSON_AddNullToObject(r, "reason");
  cJSON_AddNullToObject(r, "error");
  return r;
}

void bbd_wk_result_fail(cJSON *r, int code, const char *reason) {
  cJSON_ReplaceItemInObjectCaseSensitive(r, "status",
                                         cJSON_CreateString("failed"));
  cJSON_ReplaceItemInObjectCaseSensitive(r, "reason",
                                         cJSON_CreateString(reason));
  cJSON *e = cJSON_CreateObject();
  cJSON_AddStringToObject(e, "code", bbd_err_name(code));
  cJSON_AddStringToObject(e, "message", reason);
  cJSON_ReplaceItemInObjectCaseSensitive(r, "error", e);
}

typedef struct progress_ctx {
  int fd;
  const char *id;
} progress_ctx_t;

static void progress(void *arg, const char *phase, uint32_t k, uint32_t n) {
  progress_ctx_t *p = arg;
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "event", "progress");
  cJSON_AddStringToObject(o, "id", p->id);
  cJSON_AddStringToObject(o, "phase", phase);
  cJSON_AddNumberToObject(o, "sample", k);
  cJSON_AddNumberToObject(o, "samples", n);
  bbd_wk_json_write(p->fd, o);
  cJSON_Delete(o);
}

static void add_config(cJSON *r, const bbd_wk_opts_t *o, int flat,
                       int use_tsc) {
  cJSON *c = cJSON_AddObjectToObject(r, "config");
  cJSON_AddNumberToObject(c, "warmup_s", o->mc.warmup_s);
  cJSON_AddNumberToObject(c, "measure_s", o->mc.measure_s);
  cJSON_AddNumberToObject(c, "samples", o->mc.samples);
  cJSON_AddStringToObject(c, "sampling", flat ? "flat" : "linear");
  cJSON_AddStringToObject(c, "clock", use_tsc ? "tsc" : "monotonic");
  cJSON_AddNumberToObject(c, "cpu", o->cpu);
  cJSON_AddNumberToObject(c, "seed", (double)o->seed);
  cJSON_AddNumberToObject(c, "mem_limit", (double)o->mem_limit);
}

static int finish(int fd, cJSON *r) {
  int w = bbd_wk_json_write(fd, r);
  cJSON_Delete(r);
  return w == 0 ? 0 : 1;
}

int bbd_wk_bench_child(void *varg, int fd) {
  const bbd_wk_bench_job_t *job = varg;
  const bbd_wk_opts_t *o = job->o;
  cJSON *r = bbd_wk_result_new(job->id, job->index);
  char err[1024];

  if (o->cpu >= 0) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(o->cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0) {
      snprintf(err, sizeof err, "cannot pin to CPU %d", o->cpu);
      bbd_wk_result_fail(r, BBD_EINVAL, err);
      return finish(fd, r);
    }
  }
  if (o->mem_limit > 0) {
    struct rlimit rl = {o->mem_limit, o->mem_limit};
    if (setrlimit(RLIMIT_AS, &rl) != 0) {
      bbd_wk_result_fail(r, BBD_ESYS, "setrlimit(RLIMIT_AS) failed");
      return finish(fd, r);
    }
  }
  bbd_wk_plugin_t pl;
  int rc = bbd_wk_plugin_load(&pl, o->plugin, o->seed, err, sizeof err);
  if (rc != 0) {
    bbd_wk_result_fail(r, rc, err);
    return finish(fd, r);
  }
  const bbd_benchmark_t *b = bbd_wk_plugin_find(&pl, job->id);
  if (b == NULL) {
    bbd_wk_result_fail(r, BBD_ENOTFOUND, "benchmark not in the plugin");
    return finish(fd, r);
  }
  bbd_args_t args;
  rc = bbd_wk_args_build(&args, b, o->kv, o->nkv, err, sizeof err);
  cJSON_AddItemToObject(r, "params", bbd_wk_args_json(rc == 0 ? &args : NULL));
  if (rc != 0) {
    bbd_wk_result_fail(r, rc, err);
    return finish(fd, r);
  }
  int flat = o->mc.flat || (b->flags & BBD_BENCH_FLAT_SAMPLING);
  bbd_wk_runner_t run;
  memset(&run, 0, sizeof run);
  int clock_fell_back = bbd_wk_clock_init(&run.clk, o->use_tsc, job->tsc) != 0;
  add_config(r, o, flat, run.clk.use_tsc);
  if (clock_fell_back)
    bbd_wk_json_warn(r, "clock-fallback",
                     "--clock tsc needs constant_tsc, nonstop_tsc and a "
                     "calibrated frequency: using CLOCK_MONOTONIC");

  /* The host table of this benchmark (init used the loader's own). */
  bbd_host_t host;
  bbd_wk_host_ctx_t hctx;
  bbd_wk_host_init(&host, &hctx, pl.p->name, o->seed, stderr);
  hctx.bytes_per_iter = b->bytes_per_iter;
  hctx.elements_per_iter = b->elements_per_iter;

  bbd_wk_counters_t ctrs;
  if (bbd_wk_counters_open(&ctrs, o->counters, o->mode, err, sizeof err)) {
    bbd_wk_result_fail(r, BBD_EINVAL, err);
    return finish(fd, r);
  }
  bbd_wk_alloc_t alloc;
  bbd_wk_alloc_init(&alloc,
                    !o->no_alloc && !(b->flags & BBD_BENCH_NO_ALLOC_TRACKING));
  if (alloc.status == BBD_ALLOC_UNAVAILABLE)
    bbd_wk_json_warn(r, "alloc-unavailable", alloc.reason);

  progress_ctx_t pc = {fd, job->id};
  run.b = b;
  run.ctrs = &ctrs;
  run.alloc = &alloc;
  run.progress = progress;
  run.progress_arg = &pc;

  char perr[512];
  perr[0] = '\0';
  if (b->setup != NULL &&
      b->setup(&host, &args, &run.state, perr, sizeof perr) != 0) {
    perr[sizeof perr - 1] = '\0';
    snprintf(err, sizeof err, "setup: %s", perr[0] ? perr : "failed");
    bbd_wk_result_fail(r, BBD_EPLUGIN, err);
    return finish(fd, r);
  }
  cJSON_AddNumberToObject(r, "bytes_per_iter", (double)hctx.bytes_per_iter);
  cJSON_AddNumberToObject(r, "elements_per_iter",
                          (double)hctx.elements_per_iter);

  bbd_wk_samples_t s;
  uint32_t n = o->mc.samples;
  if (bbd_wk_samples_init(&s, n, ctrs.n) != 0) {
    bbd_wk_result_fail(r, BBD_ENOMEM, "out of memory for samples");
    return finish(fd, r);
  }
  uint64_t wi = 0, wn = 0;
  progress(&pc, "warmup", 0, n);
  rc = bbd_wk_warmup(&run, o->mc.warmup_s, &wi, &wn);
  if (rc == 0) {
    cJSON *w = cJSON_AddObjectToObject(r, "warmup");
    cJSON_AddNumberToObject(w, "iters", (double)wi);
    cJSON_AddNumberToObject(w, "ns", (double)wn);
    uint64_t *plan = calloc(n, sizeof *plan);
    if (plan == NULL) {
      rc = bbd_errf(BBD_ENOMEM, run.err, sizeof run.err, "out of memory");
    } else {
      bbd_wk_mconf_t mc = o->mc;
      mc.flat = flat;
      int flat_used =
          bbd_wk_plan(wi ? (double)wn / (double)wi : 1.0, &mc, plan);
      if (flat_used && !flat) {
        cJSON *cfg = cJSON_GetObjectItemCaseSensitive(r, "config");
        cJSON_ReplaceItemInObjectCaseSensitive(cfg, "sampling",
                                               cJSON_CreateString("flat"));
        bbd_wk_json_warn(r, "flat-sampling",
                         "linear sampling would take more than twice the "
                         "measurement time: switched to flat sampling");
      }
      rc = bbd_wk_measure(&run, plan, n, &s);
      free(plan);
    }
  }
  if (b->teardown != NULL)
    b->teardown(run.state);
  cJSON_AddNumberToObject(r, "cpu", sched_getcpu());
  bbd_wk_json_add_measurements(r, &s, &ctrs, &alloc, hctx.bytes_per_iter);
  if (rc == 0) {
    bbd_wk_json_add_analysis(r, &s, &ctrs, job->cpu_mhz);
    bbd_wk_json_add_estimates(r, &s, o->seed);
    bbd_wk_json_add_derived(r, &s, &ctrs);
  } else {
    bbd_wk_result_fail(r, rc, run.err);
  }
  cJSON_AddItemToObject(r, "metrics", bbd_wk_metrics_json(&hctx));
  bbd_wk_samples_free(&s);
  bbd_wk_counters_close(&ctrs);
  return finish(fd, r);
}
