#include "api.h"

#include "catalog.h"
#include "err.h"
#include "queue.h"

#include "../store/store.h"

#include <http_parser.h>
#include <string.h>
#include <unistd.h>

#ifndef BBD_VERSION
#define BBD_VERSION "0.0.0"
#endif

/* Counter statuses and modes from the last environment a worker reported
 * (the start-up probe `bbd-worker env`, or a run's worker since); they
 * describe what this machine can measure. */
static cJSON *capabilities(const bbd_server_t *s) {
  cJSON *c = cJSON_CreateObject();
  cJSON *counters = cJSON_AddObjectToObject(c, "counters");
  const cJSON *env = s->env;
  const cJSON *it;
  cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(env, "counters")) {
    const char *st =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "status"));
    cJSON_AddStringToObject(counters, it->string, st ? st : "unknown");
  }
  const char *mode = cJSON_GetStringValue(
      cJSON_GetObjectItemCaseSensitive(env, "counter_mode"));
  if (mode)
    cJSON_AddStringToObject(c, "counter_mode", mode);
  else
    cJSON_AddNullToObject(c, "counter_mode");
  const cJSON *par =
      cJSON_GetObjectItemCaseSensitive(env, "perf_event_paranoid");
  if (cJSON_IsNumber(par))
    cJSON_AddNumberToObject(c, "perf_event_paranoid", par->valuedouble);
  else
    cJSON_AddNullToObject(c, "perf_event_paranoid");
  const char *alloc = cJSON_GetStringValue(
      cJSON_GetObjectItemCaseSensitive(env, "alloc_tracking"));
  if (alloc)
    cJSON_AddStringToObject(c, "alloc_tracking", alloc);
  else
    cJSON_AddNullToObject(c, "alloc_tracking");
  cJSON_AddBoolToObject(c, "env_known", env != NULL);
  /* "running" until the start-up probe has answered (then the counters
   * above are this start's), "ok", or "failed" with the reason. */
  const char *probe = cJSON_GetStringValue(
      cJSON_GetObjectItemCaseSensitive(s->capabilities, "probe"));
  cJSON_AddStringToObject(c, "probe", probe ? probe : "none");
  const char *perr = cJSON_GetStringValue(
      cJSON_GetObjectItemCaseSensitive(s->capabilities, "error"));
  if (perr)
    cJSON_AddStringToObject(c, "probe_error", perr);
  else
    cJSON_AddNullToObject(c, "probe_error");
  cJSON_AddBoolToObject(c, "ab", 1);
  cJSON_AddStringToObject(c, "worker", s->cfg.worker_path);
  cJSON_AddBoolToObject(c, "worker_ok",
                        access(s->cfg.worker_path, X_OK) == 0 &&
                            (probe == NULL || strcmp(probe, "failed") != 0));
  return c;
}

void bbd_api_status(bbd_server_t *s, bbd_http_req_t *req, bbd_http_resp_t *resp,
                    const char *rest) {
  (void)rest;
  if (req->method != HTTP_GET && req->method != HTTP_HEAD) {
    bbd_api_method_not_allowed(resp, "GET, HEAD");
    return;
  }
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "name", "bbd");
  cJSON_AddStringToObject(o, "version", BBD_VERSION);
  cJSON_AddNumberToObject(o, "api", 1);
  cJSON_AddNumberToObject(o, "pid", (double)getpid());
  bbd_api_add_time(o, "started", s->started_ms);
  cJSON_AddNumberToObject(o, "uptime_s",
                          (double)(uv_hrtime() - s->started_hr) / 1e9);
  cJSON_AddStringToObject(o, "listen", s->listen);
  if (s->cfg.unix_socket[0])
    cJSON_AddStringToObject(o, "unix_socket", s->cfg.unix_socket);
  else
    cJSON_AddNullToObject(o, "unix_socket");
  cJSON_AddStringToObject(o, "data_dir", s->cfg.data_dir);
  cJSON_AddBoolToObject(o, "auth", s->auth);

  cJSON *q = cJSON_AddObjectToObject(o, "queue");
  int64_t running = bbd_queue_running(s->queue);
  if (running)
    cJSON_AddNumberToObject(q, "running", (double)running);
  else
    cJSON_AddNullToObject(q, "running");
  cJSON_AddNumberToObject(q, "queued", (double)bbd_queue_length(s->queue));
  cJSON_AddItemToObject(q, "queued_ids", bbd_queue_ids(s->queue));
  const cJSON *pr = running ? bbd_queue_progress(s->queue, running) : NULL;
  if (pr) {
    cJSON *cur = cJSON_Duplicate(pr, 1);
    cJSON_AddNumberToObject(cur, "run", (double)running);
    cJSON_AddItemToObject(q, "current", cur);
  } else {
    cJSON_AddNullToObject(q, "current");
  }

  int64_t counts[BBD_STORE_RUN_NSTATES];
  cJSON *runs = cJSON_AddObjectToObject(o, "runs");
  if (bbd_cache_run_counts(&s->cache, s->store, s->gen, counts) == 0) {
    for (int i = 0; i < BBD_STORE_RUN_NSTATES; i++)
      cJSON_AddNumberToObject(runs, bbd_store_run_state_name(i),
                              (double)counts[i]);
  }
  int ok, broken, nb;
  bbd_catalog_counts(s->catalog, &ok, &broken, &nb);
  cJSON *pl = cJSON_AddObjectToObject(o, "plugins");
  cJSON_AddNumberToObject(pl, "ok", ok);
  cJSON_AddNumberToObject(pl, "broken", broken);
  cJSON_AddNumberToObject(pl, "benchmarks", nb);
  cJSON_AddBoolToObject(pl, "scanning", bbd_catalog_scanning(s->catalog));
  cJSON_AddNumberToObject(pl, "generation",
                          (double)bbd_catalog_generation(s->catalog));
  cJSON_AddItemToObject(o, "machine", cJSON_Duplicate(s->machine, 1));
  cJSON_AddItemToObject(o, "capabilities", capabilities(s));
  cJSON *st = cJSON_AddObjectToObject(o, "store");
  cJSON_AddNumberToObject(st, "schema_version",
                          bbd_store_schema_version(s->store));
  bbd_api_json(resp, 200, o);
}
