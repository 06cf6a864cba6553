/*
 * `bbd-worker serve`: one benchmark, set up once, measured on command. The
 * daemon keeps one serve process per side of a paired A/B comparison and
 * interleaves rounds with identical iteration counts (docs/WORKER.md).
 */
#include "commands.h"

#include "alloc.h"
#include "counters.h"
#include "env.h"
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
#include <unistd.h>

#define SERVE_LINE_MAX 65536

static void reply_error(int fd, int code, const char *reason) {
  cJSON *e = bbd_wk_error_json(code, NULL, reason);
  e = bbd_wk_error_event(e);
  bbd_wk_json_write(fd, e);
  cJSON_Delete(e);
}

static int fail_start(int fd, const char *file, int code, const char *reason) {
  cJSON *e = bbd_wk_error_json(code, file, reason);
  e = bbd_wk_error_event(e);
  bbd_wk_json_write(fd, e);
  cJSON_Delete(e);
  fprintf(stderr, "bbd-worker: %s: %s\n", file, reason);
  return 1;
}

typedef struct serve {
  int fd;
  bbd_wk_runner_t run;
  bbd_wk_counters_t ctrs;
  bbd_wk_alloc_t alloc;
  bbd_wk_host_ctx_t hctx;
  double mhz;
} serve_t;

static void do_calibrate(serve_t *s, const cJSON *cmd) {
  double w = 1.0;
  const cJSON *wv = cJSON_GetObjectItemCaseSensitive(cmd, "warmup_s");
  if (cJSON_IsNumber(wv))
    w = wv->valuedouble;
  if (!(w >= 0.001 && w <= 600)) {
    reply_error(s->fd, BBD_EINVAL, "warmup_s must be in [0.001, 600]");
    return;
  }
  uint64_t it = 0, ns = 0;
  if (bbd_wk_warmup(&s->run, w, &it, &ns) != 0) {
    reply_error(s->fd, BBD_EPLUGIN, s->run.err);
    return;
  }
  cJSON *r = cJSON_CreateObject();
  cJSON_AddStringToObject(r, "event", "calibrated");
  cJSON_AddNumberToObject(r, "iters", (double)it);
  cJSON_AddNumberToObject(r, "ns", (double)ns);
  cJSON_AddNumberToObject(r, "ns_per_iter", it ? (double)ns / (double)it : 0);
  bbd_wk_json_write(s->fd, r);
  cJSON_Delete(r);
}

static void do_measure(serve_t *s, const cJSON *cmd) {
  const cJSON *iv = cJSON_GetObjectItemCaseSensitive(cmd, "iters");
  const cJSON *kv = cJSON_GetObjectItemCaseSensitive(cmd, "samples");
  double iters = cJSON_IsNumber(iv) ? iv->valuedouble : 0;
  double k = cJSON_IsNumber(kv) ? kv->valuedouble : 1;
  if (!(iters >= 1 && iters <= (double)BBD_WK_ITERS_MAX) ||
      iters != (double)(uint64_t)iters) {
    reply_error(s->fd, BBD_EINVAL, "iters must be an integer in [1, 2^40]");
    return;
  }
  if (!(k >= 1 && k <= BBD_WK_SAMPLES_MAX) || k != (double)(uint32_t)k) {
    reply_error(s->fd, BBD_EINVAL, "samples must be an integer in [1, 10000]");
    return;
  }
  uint32_t n = (uint32_t)k;
  bbd_wk_samples_t sm;
  uint64_t *plan = calloc(n, sizeof *plan);
  if (plan == NULL || bbd_wk_samples_init(&sm, n, s->ctrs.n) != 0) {
    free(plan);
    reply_error(s->fd, BBD_ENOMEM, "out of memory");
    return;
  }
  for (uint32_t i = 0; i < n; i++)
    plan[i] = (uint64_t)iters;
  int rc = bbd_wk_measure(&s->run, plan, n, &sm);
  free(plan);
  if (rc != 0) {
    reply_error(s->fd, BBD_EPLUGIN, s->run.err);
  } else {
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "event", "samples");
    cJSON_AddArrayToObject(r, "warnings");
    bbd_wk_json_add_measurements(r, &sm, &s->ctrs, &s->alloc,
                                 s->hctx.bytes_per_iter);
    bbd_wk_json_add_analysis(r, &sm, &s->ctrs, s->mhz);
    bbd_wk_json_add_derived(r, &sm, &s->ctrs);
    cJSON_AddItemToObject(r, "metrics", bbd_wk_metrics_json(&s->hctx));
    bbd_wk_json_write(s->fd, r);
    cJSON_Delete(r);
  }
  bbd_wk_samples_free(&sm);
}

int bbd_wk_cmd_serve(const bbd_wk_opts_t *o) {
  int fd = o->out_fd >= 0 ? o->out_fd : STDOUT_FILENO;
  char err[1024];
  if (o->cpu >= 0) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(o->cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0)
      return fail_start(fd, o->plugin, BBD_EINVAL, "cannot pin to the CPU");
  }
  if (o->mem_limit > 0) {
    struct rlimit rl = {o->mem_limit, o->mem_limit};
    setrlimit(RLIMIT_AS, &rl);
  }
  /* Plugin output must not corrupt the protocol on stdout. */
  int proto = fd;
  if (fd == STDOUT_FILENO) {
    proto = dup(STDOUT_FILENO);
    dup2(STDERR_FILENO, STDOUT_FILENO);
  }
  bbd_wk_plugin_t pl;
  int rc = bbd_wk_plugin_load(&pl, o->plugin, o->seed, err, sizeof err);
  if (rc != 0)
    return fail_start(proto, o->plugin, rc, err);
  const bbd_benchmark_t *b = bbd_wk_plugin_find(&pl, o->filters[0]);
  if (b == NULL)
    return fail_start(proto, o->plugin, BBD_ENOTFOUND,
                      "no such benchmark in the plugin");
  bbd_args_t args;
  rc = bbd_wk_args_build(&args, b, o->kv, o->nkv, err, sizeof err);
  if (rc != 0)
    return fail_start(proto, o->plugin, rc, err);

  serve_t s;
  memset(&s, 0, sizeof s);
  s.fd = proto;
  bbd_wk_tsc_info_t tsc;
  bbd_wk_tsc_probe(&tsc, o->use_tsc ? 25 : 0);
  s.mhz = bbd_wk_core_mhz();
  if (s.mhz <= 0)
    s.mhz = bbd_wk_cpuinfo_mhz();
  int fell_back = bbd_wk_clock_init(&s.run.clk, o->use_tsc, &tsc) != 0;
  bbd_host_t host;
  bbd_wk_host_init(&host, &s.hctx, pl.p->name, o->seed, stderr);
  s.hctx.bytes_per_iter = b->bytes_per_iter;
  s.hctx.elements_per_iter = b->elements_per_iter;
  if (bbd_wk_counters_open(&s.ctrs, o->counters, o->mode, err, sizeof err))
    return fail_start(proto, o->plugin, BBD_EINVAL, err);
  bbd_wk_alloc_init(&s.alloc,
                    !o->no_alloc && !(b->flags & BBD_BENCH_NO_ALLOC_TRACKING));
  s.run.b = b;
  s.run.ctrs = &s.ctrs;
  s.run.alloc = &s.alloc;
  char perr[512];
  perr[0] = '\0';
  if (b->setup && b->setup(&host, &args, &s.run.state, perr, sizeof perr)) {
    perr[sizeof perr - 1] = '\0';
    snprintf(err, sizeof err, "setup: %s", perr[0] ? perr : "failed");
    return fail_start(proto, o->plugin, BBD_EPLUGIN, err);
  }
  cJSON *ready = cJSON_CreateObject();
  cJSON_AddStringToObject(ready, "event", "ready");
  char id[BBD_PLUGIN_NAME_MAX + BBD_BENCH_NAME_MAX + 2];
  snprintf(id, sizeof id, "%s/%s", pl.p->name, b->name);
  cJSON_AddStringToObject(ready, "id", id);
  bbd_wk_env_in_t ein = {&s.ctrs, &tsc,     s.run.clk.use_tsc,
                         o->cpu,  &s.alloc, s.mhz};
  cJSON_AddItemToObject(ready, "env", bbd_wk_env_json(&ein));
  cJSON_AddItemToObject(ready, "params", bbd_wk_args_json(&args));
  cJSON_AddNumberToObject(ready, "bytes_per_iter",
                          (double)s.hctx.bytes_per_iter);
  cJSON_AddNumberToObject(ready, "elements_per_iter",
                          (double)s.hctx.elements_per_iter);
  if (fell_back)
    bbd_wk_json_warn(ready, "clock-fallback",
                     "--clock tsc is not usable here: using CLOCK_MONOTONIC");
  bbd_wk_json_write(proto, ready);
  cJSON_Delete(ready);

  char *line = malloc(SERVE_LINE_MAX + 2);
  if (line == NULL)
    return 1;
  while (fgets(line, SERVE_LINE_MAX + 2, stdin) != NULL) {
    size_t len = strlen(line);
    if (len > SERVE_LINE_MAX) {
      /* Skip the rest of an overlong line and say so. */
      int c;
      while (line[len - 1] != '\n' && (c = getchar()) != EOF && c != '\n') {
      }
      reply_error(proto, BBD_ETOOBIG, "command line longer than 64 KiB");
      continue;
    }
    if (len <= 1)
      continue;
    cJSON *cmd = cJSON_ParseWithLength(line, len);
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(cmd, "cmd");
    if (!cJSON_IsString(c)) {
      reply_error(proto, BBD_EPARSE,
                  "expected a JSON object with a \"cmd\" string");
    } else if (!strcmp(c->valuestring, "calibrate")) {
      do_calibrate(&s, cmd);
    } else if (!strcmp(c->valuestring, "measure")) {
      do_measure(&s, cmd);
    } else if (!strcmp(c->valuestring, "quit")) {
      cJSON_Delete(cmd);
      break;
    } else {
      reply_error(proto, BBD_EPARSE, "unknown cmd");
    }
    cJSON_Delete(cmd);
  }
  free(line);
  if (b->teardown)
    b->teardown(s.run.state);
  bbd_wk_counters_close(&s.ctrs);
  cJSON *bye = cJSON_CreateObject();
  cJSON_AddStringToObject(bye, "event", "bye");
  bbd_wk_json_write(proto, bye);
  cJSON_Delete(bye);
  return 0;
}
