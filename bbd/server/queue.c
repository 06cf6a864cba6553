#include "queue.h"
#include "jsonnum.h"

#include "ab.h"
#include "catalog.h"
#include "compare.h"
#include "err.h"
#include "events.h"
#include "proc.h"
#include "results.h"

#include "../store/store.h"

#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* After SIGTERM a worker gets this long to stop before SIGKILL. */
#define KILL_GRACE_MS 2000

typedef struct job {
  int64_t id;
  cJSON *cfg;
  struct job *next;
} job_t;

struct bbd_queue {
  bbd_server_t *s;
  job_t *head, *tail;
  size_t len;

  job_t *cur;      /* the running run */
  cJSON *plan;     /* bbd_catalog_select() output */
  int plan_idx;    /* plugin being run */
  int total;       /* benchmarks planned */
  int done_count;  /* results stored */
  int plugin_base; /* global index of the current plugin's first bench */
  cJSON *got;      /* ids with a result in the current plugin */
  bbd_proc_t *proc;
  bbd_ab_t *ab;  /* the A/B driver of an A/B run */
  int cancel;    /* cancel requested for cur */
  int stopping;  /* daemon shutdown */
  int finishing; /* compare step in the thread pool */
  char run_error[512];
  cJSON *progress;
  int64_t machine_id, env_id;
  uint64_t env_reports; /* environments recorded so far */
  uv_timer_t kill_timer;
  uv_work_t work;
  bbd_cmp_t *cmp;
  char cmp_baseline[BBD_STORE_MAX_NAME + 1];
};

static void kick(bbd_queue_t *q);

void bbd_queue_kick(bbd_queue_t *q) {
  if (q != NULL)
    kick(q);
}
static void run_next_plugin(bbd_queue_t *q);
static void finish_run(bbd_queue_t *q);

bbd_queue_t *bbd_queue_new(bbd_server_t *s) {
  bbd_queue_t *q = calloc(1, sizeof *q);
  if (q == NULL)
    return NULL;
  q->s = s;
  uv_timer_init(s->loop, &q->kill_timer);
  q->kill_timer.data = q;
  return q;
}

static void publish_state(bbd_queue_t *q, int64_t id, const char *state,
                          const char *error) {
  bbd_server_touch(q->s);
  cJSON *d = cJSON_CreateObject();
  cJSON_AddNumberToObject(d, "run", (double)id);
  cJSON_AddStringToObject(d, "state", state);
  if (error)
    cJSON_AddStringToObject(d, "error", error);
  else
    cJSON_AddNullToObject(d, "error");
  bbd_events_publish(q->s->events, "run", id, d);
}

static void job_free(job_t *j) {
  if (j) {
    cJSON_Delete(j->cfg);
    free(j);
  }
}

static void append(bbd_queue_t *q, job_t *j) {
  if (q->tail)
    q->tail->next = j;
  else
    q->head = j;
  q->tail = j;
  q->len++;
}

void bbd_queue_restore(bbd_queue_t *q) {
  bbd_store_run_filter_t f;
  memset(&f, 0, sizeof f);
  f.state_mask = 1u << BBD_STORE_RUN_QUEUED;
  f.oldest_first = 1;
  f.limit = 1000;
  bbd_store_run_list_t *l = NULL;
  char err[256];
  if (bbd_store_run_list(q->s->store, &f, &l, err, sizeof err) != 0) {
    BBD_WARN(&q->s->log, "queue", "cannot list queued runs: %s", err);
    return;
  }
  for (size_t i = 0; i < l->count; i++) {
    cJSON *cfg = l->items[i].config_json ? cJSON_Parse(l->items[i].config_json)
                                         : cJSON_CreateObject();
    job_t *j = calloc(1, sizeof *j);
    if (j == NULL || cfg == NULL) {
      free(j);
      cJSON_Delete(cfg);
      continue;
    }
    j->id = l->items[i].id;
    j->cfg = cfg;
    append(q, j);
  }
  if (l->count > 0)
    BBD_INFO(&q->s->log, "queue", "re-queued %zu run(s) from the last start",
             l->count);
  bbd_store_run_list_free(l);
  kick(q);
}

/*
 * Request-time checks that need the catalog or the store (the HTTP handler
 * has already validated the body and the filters): parameter values against
 * the selected benchmarks' declarations, and that the baseline to compare
 * with exists. A run that names the same baseline in compare_to and
 * save_baseline may create it: the first run of a CI job that compares
 * with "main" and then moves "main" has nothing to compare with, and is
 * run without verdicts instead of being refused.
 */
static int check_request(bbd_queue_t *q, const cJSON *cfg, char *err,
                         size_t errlen) {
  const cJSON *params = cJSON_GetObjectItemCaseSensitive(cfg, "params");
  if (q->s->catalog != NULL && cJSON_GetArraySize(params) > 0) {
    int rc = bbd_catalog_check_params(
        q->s->catalog, cJSON_GetObjectItemCaseSensitive(cfg, "filters"), params,
        err, errlen);
    if (rc != 0)
      return rc;
  }
  if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(cfg, "ab")))
    return 0; /* compare_to is ignored for A/B runs */
  const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
      cJSON_GetObjectItemCaseSensitive(cfg, "compare_to"), "baseline"));
  if (name == NULL)
    return 0;
  const char *save = cJSON_GetStringValue(
      cJSON_GetObjectItemCaseSensitive(cfg, "save_baseline"));
  bbd_store_baseline_t *b = NULL;
  char why[256];
  int rc = bbd_store_baseline_get(q->s->store, name, &b, why, sizeof why);
  if (rc == 0) {
    bbd_store_baseline_free(b);
    return 0;
  }
  if (rc != BBD_ENOTFOUND)
    return bbd_errf(rc, err, errlen, "compare_to.baseline: %s", why);
  if (save != NULL && strcmp(save, name) == 0)
    return 0;
  return bbd_errf(BBD_ENOTFOUND, err, errlen,
                  "compare_to.baseline: no baseline '%.128s' (set one with "
                  "PUT /api/v1/baselines/%.128s, or save_baseline)",
                  name, name);
}

int bbd_queue_submit(bbd_queue_t *q, cJSON *cfg, int64_t *id, int *position,
                     char *err, size_t errlen) {
  int vrc = check_request(q, cfg, err, errlen);
  if (vrc != 0) {
    cJSON_Delete(cfg);
    return vrc;
  }
  bbd_store_tag_t tags[BBD_STORE_MAX_TAGS];
  size_t nt = 0;
  cJSON *t;
  cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(cfg, "tags")) {
    if (nt < BBD_STORE_MAX_TAGS && cJSON_IsString(t)) {
      tags[nt].key = t->string;
      tags[nt].value = t->valuestring;
      nt++;
    }
  }
  char *txt = cJSON_PrintUnformatted(cfg);
  if (txt == NULL) {
    cJSON_Delete(cfg);
    return bbd_errf(BBD_ENOMEM, err, errlen, "out of memory");
  }
  bbd_store_run_new_t nr;
  memset(&nr, 0, sizeof nr);
  nr.config_json = txt;
  nr.tags = tags;
  nr.n_tags = nt;
  /* The environment of the last worker: the run's own env event cannot be
   * attached later through the store API, and a daemon's machine rarely
   * changes between two runs. */
  nr.machine_id = q->machine_id;
  nr.env_id = q->env_id;
  cJSON *planned = cJSON_GetObjectItemCaseSensitive(cfg, "planned");
  nr.benchmark_count = cJSON_IsNumber(planned) ? planned->valueint : 0;
  int rc = bbd_store_run_create(q->s->store, &nr, id, err, errlen);
  free(txt);
  if (rc != 0) {
    cJSON_Delete(cfg);
    return rc;
  }
  job_t *j = calloc(1, sizeof *j);
  if (j == NULL) {
    cJSON_Delete(cfg);
    bbd_store_run_set_state(q->s->store, *id, BBD_STORE_RUN_FAILED,
                            "out of memory", NULL, 0);
    return bbd_errf(BBD_ENOMEM, err, errlen, "out of memory");
  }
  j->id = *id;
  j->cfg = cfg;
  append(q, j);
  *position = (int)q->len - (q->cur == NULL ? 1 : 0);
  publish_state(q, *id, "queued", NULL);
  kick(q);
  return 0;
}

void bbd_queue_set_env(bbd_queue_t *q, int64_t machine_id, int64_t env_id) {
  q->machine_id = machine_id;
  q->env_id = env_id;
}

int bbd_queue_position(const bbd_queue_t *q, int64_t id) {
  if (q->cur && q->cur->id == id)
    return 0;
  int k = 1;
  for (const job_t *j = q->head; j; j = j->next, k++) {
    if (j->id == id)
      return k;
  }
  return -1;
}

const cJSON *bbd_queue_progress(const bbd_queue_t *q, int64_t id) {
  if (q->cur && q->cur->id == id)
    return q->progress;
  return NULL;
}

int64_t bbd_queue_running(const bbd_queue_t *q) {
  return q->cur ? q->cur->id : 0;
}

size_t bbd_queue_length(const bbd_queue_t *q) {
  return q->len;
}

cJSON *bbd_queue_ids(const bbd_queue_t *q) {
  cJSON *a = cJSON_CreateArray();
  for (const job_t *j = q->head; j; j = j->next)
    cJSON_AddItemToArray(a, cJSON_CreateNumber((double)j->id));
  return a;
}

int bbd_queue_busy(const bbd_queue_t *q) {
  return q->proc != NULL || q->finishing || q->ab != NULL;
}

/* ---- worker control ----------------------------------------------------- */

static void on_kill_timer(uv_timer_t *t) {
  bbd_queue_t *q = t->data;
  bbd_proc_kill(q->proc, SIGKILL);
}

static void stop_worker(bbd_queue_t *q) {
  if (q->proc == NULL)
    return;
  /* SIGTERM lets the worker end the current sample and kill its benchmark
   * child; SIGKILL follows if it does not. */
  bbd_proc_kill(q->proc, SIGTERM);
  uv_timer_start(&q->kill_timer, on_kill_timer, KILL_GRACE_MS, 0);
}

int bbd_queue_cancel(bbd_queue_t *q, int64_t id, char *err, size_t errlen) {
  if (q->cur && q->cur->id == id) {
    if (q->finishing)
      return bbd_errf(BBD_ESTATE, err, errlen,
                      "run %lld is finishing and cannot be cancelled",
                      (long long)id);
    q->cancel = 1;
    if (q->ab)
      bbd_ab_stop(q->ab);
    else if (q->proc)
      stop_worker(q);
    else
      finish_run(q);
    return 0;
  }
  job_t *prev = NULL;
  for (job_t *j = q->head; j; prev = j, j = j->next) {
    if (j->id != id)
      continue;
    if (prev)
      prev->next = j->next;
    else
      q->head = j->next;
    if (q->tail == j)
      q->tail = prev;
    q->len--;
    job_free(j);
    int rc = bbd_store_run_set_state(q->s->store, id, BBD_STORE_RUN_CANCELLED,
                                     NULL, err, errlen);
    if (rc == 0)
      publish_state(q, id, "cancelled", NULL);
    return rc;
  }
  return bbd_errf(BBD_ESTATE, err, errlen,
                  "run %lld is neither queued nor running", (long long)id);
}

/* ---- worker output ------------------------------------------------------ */

static void set_progress(bbd_queue_t *q, const char *bench, int index,
                         const char *phase, int sample, int samples) {
  bbd_server_touch(q->s);
  cJSON_Delete(q->progress);
  q->progress = cJSON_CreateObject();
  cJSON_AddStringToObject(q->progress, "benchmark", bench);
  cJSON_AddNumberToObject(q->progress, "index", index);
  cJSON_AddNumberToObject(q->progress, "total", q->total);
  cJSON_AddStringToObject(q->progress, "phase", phase);
  cJSON_AddNumberToObject(q->progress, "sample", sample);
  cJSON_AddNumberToObject(q->progress, "samples", samples);
}

uint64_t bbd_queue_env_reports(const bbd_queue_t *q) {
  return q->env_reports;
}

int bbd_queue_record_env(bbd_queue_t *q, const cJSON *env, int64_t *env_id) {
  if (env_id != NULL)
    *env_id = 0;
  if (!cJSON_IsObject(env))
    return BBD_EINVAL;
  char *txt = cJSON_PrintUnformatted(env);
  if (txt == NULL)
    return BBD_ENOMEM;
  q->env_reports++;
  const char *host =
      cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(env, "hostname"));
  char err[256];
  int64_t mid = 0, eid = 0;
  if (bbd_store_env_upsert(q->s->store, host ? host : "unknown", txt, &mid,
                           &eid, err, sizeof err) == 0) {
    q->machine_id = mid;
    q->env_id = eid;
    if (env_id != NULL)
      *env_id = eid;
    /* The run in progress is measured in this environment, whatever was
     * known when it was queued (comparisons check the run's fingerprint). */
    if (q->cur != NULL && bbd_store_run_set_env(q->s->store, q->cur->id, mid,
                                                eid, err, sizeof err) != 0)
      BBD_WARN(&q->s->log, "queue", "run %lld env: %s", (long long)q->cur->id,
               err);
  } else {
    BBD_WARN(&q->s->log, "queue", "store env: %s", err);
  }
  free(txt);
  cJSON_Delete(q->s->env);
  q->s->env = cJSON_Duplicate(env, 1);
  bbd_server_touch(q->s);
  return 0;
}

static void store_result(bbd_queue_t *q, cJSON *ev) {
  const char *id =
      cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ev, "id"));
  if (id == NULL)
    return;
  char err[512];
  int64_t rid = 0;
  /* The environment this result was measured in (the run's env_id is set
   * at creation, before the worker reported one). */
  if (q->env_id > 0 && !cJSON_HasObjectItem(ev, "env_id"))
    cJSON_AddNumberToObject(ev, "env_id", (double)q->env_id);
  int rc =
      bbd_results_store(q->s->store, q->cur->id, ev, "", &rid, err, sizeof err);
  if (rc != 0)
    BBD_ERROR(&q->s->log, "queue", "run %lld: store result %s: %s",
              (long long)q->cur->id, id, err);
  cJSON_AddItemToArray(q->got, cJSON_CreateString(id));
  q->done_count++;
  cJSON *d = cJSON_CreateObject();
  cJSON_AddNumberToObject(d, "run", (double)q->cur->id);
  cJSON_AddStringToObject(d, "benchmark", id);
  cJSON_AddNumberToObject(d, "index", q->done_count - 1);
  cJSON_AddNumberToObject(d, "total", q->total);
  const char *st =
      cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ev, "status"));
  cJSON_AddStringToObject(d, "status", st ? st : "failed");
  cJSON_AddStringToObject(d, "variant", "");
  if (rid > 0)
    cJSON_AddNumberToObject(d, "result_id", (double)rid);
  else
    cJSON_AddNullToObject(d, "result_id");
  cJSON *sum = cJSON_GetObjectItemCaseSensitive(ev, "summary");
  cJSON *npi = cJSON_GetObjectItemCaseSensitive(sum, "ns_per_iter");
  cJSON *mean = cJSON_GetObjectItemCaseSensitive(npi, "mean");
  if (cJSON_IsNumber(mean))
    cJSON_AddNumberToObject(d, "mean", mean->valuedouble);
  else
    cJSON_AddNullToObject(d, "mean");
  const char *reason =
      cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ev, "reason"));
  if (reason)
    cJSON_AddStringToObject(d, "failure", reason);
  else
    cJSON_AddNullToObject(d, "failure");
  cJSON_AddNullToObject(d, "verdict");
  bbd_events_publish(q->s->events, "result", q->cur->id, d);
}

static void on_line(void *ud, char *line, size_t len) {
  bbd_queue_t *q = ud;
  if (q->cur == NULL)
    return;
  cJSON *ev = cJSON_ParseWithLength(line, len);
  if (ev == NULL) {
    BBD_WARN(&q->s->log, "queue", "run %lld: unparsable worker line",
             (long long)q->cur->id);
    return;
  }
  const char *type =
      cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ev, "event"));
  const char *bench =
      cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ev, "id"));
  int is_error =
      cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(ev, "error")) &&
      (type == NULL || strcmp(type, "error") == 0);
  if (type == NULL && !is_error) {
    cJSON_Delete(ev);
    return;
  }
  if (is_error) {
    cJSON *e = cJSON_GetObjectItemCaseSensitive(ev, "error");
    cJSON *d = cJSON_GetObjectItemCaseSensitive(e, "detail");
    const char *reason =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "reason"));
    const char *msg =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "message"));
    snprintf(q->run_error, sizeof q->run_error, "worker: %s",
             reason ? reason
             : msg  ? msg
                    : "error");
    BBD_WARN(&q->s->log, "queue", "run %lld: %s", (long long)q->cur->id,
             q->run_error);
  } else if (strcmp(type, "env") == 0) {
    bbd_queue_record_env(q, cJSON_GetObjectItemCaseSensitive(ev, "env"), NULL);
  } else if (strcmp(type, "start") == 0 && bench) {
    const cJSON *ix = cJSON_GetObjectItemCaseSensitive(ev, "index");
    int idx = q->plugin_base + (cJSON_IsNumber(ix) ? ix->valueint : 0);
    set_progress(q, bench, idx, "setup", 0, 0);
    cJSON *d = cJSON_CreateObject();
    cJSON_AddNumberToObject(d, "run", (double)q->cur->id);
    cJSON_AddStringToObject(d, "benchmark", bench);
    cJSON_AddNumberToObject(d, "index", idx);
    cJSON_AddNumberToObject(d, "total", q->total);
    cJSON_AddStringToObject(d, "variant", "");
    bbd_events_publish(q->s->events, "start", q->cur->id, d);
  } else if (strcmp(type, "progress") == 0 && bench) {
    const char *phase =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ev, "phase"));
    cJSON *smp = cJSON_GetObjectItemCaseSensitive(ev, "sample");
    cJSON *smps = cJSON_GetObjectItemCaseSensitive(ev, "samples");
    int idx = q->done_count;
    set_progress(q, bench, idx, phase ? phase : "measure",
                 cJSON_IsNumber(smp) ? smp->valueint : 0,
                 cJSON_IsNumber(smps) ? smps->valueint : 0);
    cJSON *d = cJSON_Duplicate(q->progress, 1);
    cJSON_AddNumberToObject(d, "run", (double)q->cur->id);
    bbd_events_publish(q->s->events, "progress", q->cur->id, d);
  } else if (strcmp(type, "result") == 0) {
    store_result(q, ev);
  }
  cJSON_Delete(ev);
}

/* A benchmark the worker never reported (it died, was killed or refused
 * the plugin) still gets a failed result, so every planned benchmark is
 * accounted for. */
static void fill_missing(bbd_queue_t *q, const cJSON *sel, const char *why) {
  const cJSON *id;
  cJSON_ArrayForEach(id, cJSON_GetObjectItemCaseSensitive(sel, "ids")) {
    int seen = 0;
    const cJSON *g;
    cJSON_ArrayForEach(g, q->got) {
      if (strcmp(g->valuestring, id->valuestring) == 0)
        seen = 1;
    }
    if (seen)
      continue;
    cJSON *ev = cJSON_CreateObject();
    cJSON_AddStringToObject(ev, "event", "result");
    cJSON_AddStringToObject(ev, "id", id->valuestring);
    cJSON_AddStringToObject(ev, "status", "failed");
    cJSON_AddStringToObject(ev, "reason", why);
    store_result(q, ev);
    cJSON_Delete(ev);
  }
}

static void on_worker_exit(void *ud, int64_t status, int sig, int timed_out,
                           const char *out, size_t len) {
  (void)out;
  (void)len;
  bbd_queue_t *q = ud;
  q->proc = NULL;
  uv_timer_stop(&q->kill_timer);
  if (q->cur == NULL)
    return;
  const cJSON *sel = cJSON_GetArrayItem(q->plan, q->plan_idx);
  if (q->cancel || q->stopping) {
    finish_run(q);
    return;
  }
  char why[640];
  if (timed_out)
    snprintf(why, sizeof why, "worker timed out and was killed");
  else if (sig)
    snprintf(why, sizeof why, "worker died with signal %d", sig);
  else if (status != 0)
    snprintf(why, sizeof why, "%s",
             q->run_error[0] ? q->run_error : "worker exited with an error");
  else
    snprintf(why, sizeof why, "no result reported by the worker");
  fill_missing(q, sel, why);
  q->plan_idx++;
  run_next_plugin(q);
}

static void add_arg(char **argv, int *argc, int max, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void add_arg(char **argv, int *argc, int max, const char *fmt, ...) {
  if (*argc >= max - 1)
    return;
  char buf[4200];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  argv[(*argc)++] = strdup(buf);
}

static void run_next_plugin(bbd_queue_t *q) {
  if (q->cancel || q->stopping) {
    finish_run(q);
    return;
  }
  const cJSON *sel = cJSON_GetArrayItem(q->plan, q->plan_idx);
  if (sel == NULL) {
    finish_run(q);
    return;
  }
  q->plugin_base = q->done_count;
  cJSON_Delete(q->got);
  q->got = cJSON_CreateArray();
  q->run_error[0] = '\0';
  const cJSON *cfg = q->cur->cfg;
  const cJSON *set = cJSON_GetObjectItemCaseSensitive(cfg, "settings");
  const cJSON *ids = cJSON_GetObjectItemCaseSensitive(sel, "ids");
  int nids = cJSON_GetArraySize(ids);
  enum { MAXARG = 4096 + 64 };
  char **argv = calloc(MAXARG, sizeof *argv);
  if (argv == NULL) {
    snprintf(q->run_error, sizeof q->run_error, "out of memory");
    finish_run(q);
    return;
  }
  int argc = 0;
  const char *path =
      cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(sel, "path"));
  add_arg(argv, &argc, MAXARG, "%s", q->s->cfg.worker_path);
  add_arg(argv, &argc, MAXARG, "run");
  add_arg(argv, &argc, MAXARG, "%s", path);
  const cJSON *id;
  cJSON_ArrayForEach(id, ids)
      add_arg(argv, &argc, MAXARG, "%s", id->valuestring);
  add_arg(argv, &argc, MAXARG, "--out-fd");
  add_arg(argv, &argc, MAXARG, "3");
  int timeout_s = q->s->cfg.bench_timeout_s;
  int cpu = q->s->cfg.worker_cpu;
  const cJSON *it;
  cJSON_ArrayForEach(it, set) {
    const char *k = it->string;
    if (strcmp(k, "quick") == 0 && cJSON_IsTrue(it))
      add_arg(argv, &argc, MAXARG, "--quick");
    else if (strcmp(k, "flat") == 0 && cJSON_IsTrue(it))
      add_arg(argv, &argc, MAXARG, "--flat");
    else if (strcmp(k, "alloc") == 0 && cJSON_IsFalse(it))
      add_arg(argv, &argc, MAXARG, "--no-alloc");
    else if (strcmp(k, "timeout_s") == 0)
      timeout_s = it->valueint;
    else if (strcmp(k, "cpu") == 0)
      cpu = it->valueint;
    else if (strcmp(k, "samples") == 0 || strcmp(k, "seed") == 0 ||
             strcmp(k, "mem_limit") == 0) {
      add_arg(argv, &argc, MAXARG, "--%s",
              strcmp(k, "mem_limit") == 0 ? "mem-limit" : k);
      add_arg(argv, &argc, MAXARG, "%.0f", it->valuedouble);
    } else if (strcmp(k, "warmup_s") == 0 || strcmp(k, "measure_s") == 0) {
      add_arg(argv, &argc, MAXARG, "--%s",
              strcmp(k, "warmup_s") == 0 ? "warmup" : "measure");
      add_arg(argv, &argc, MAXARG, "%.17g", it->valuedouble);
    } else if ((strcmp(k, "counters") == 0 || strcmp(k, "counter_mode") == 0 ||
                strcmp(k, "clock") == 0) &&
               cJSON_IsString(it)) {
      add_arg(argv, &argc, MAXARG, "--%s",
              strcmp(k, "counter_mode") == 0 ? "counter-mode" : k);
      add_arg(argv, &argc, MAXARG, "%s", it->valuestring);
    }
  }
  add_arg(argv, &argc, MAXARG, "--timeout");
  add_arg(argv, &argc, MAXARG, "%d", timeout_s);
  if (cpu >= 0) {
    add_arg(argv, &argc, MAXARG, "--cpu");
    add_arg(argv, &argc, MAXARG, "%d", cpu);
  }
  /* Only the parameters this plugin's selected benchmarks declare: the
   * worker refuses a parameter no selected benchmark knows. */
  const cJSON *declared = cJSON_GetObjectItemCaseSensitive(sel, "params");
  cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(cfg, "params")) {
    const cJSON *d;
    int known = 0;
    cJSON_ArrayForEach(d, declared) {
      if (strcmp(d->valuestring, it->string) == 0)
        known = 1;
    }
    if (known && cJSON_IsString(it)) {
      add_arg(argv, &argc, MAXARG, "-p");
      add_arg(argv, &argc, MAXARG, "%s=%s", it->string, it->valuestring);
    }
  }
  argv[argc] = NULL;

  bbd_proc_opts_t o;
  memset(&o, 0, sizeof o);
  o.file = q->s->cfg.worker_path;
  o.argv = argv;
  /* The worker enforces the per-benchmark timeout itself; this watchdog
   * only catches a worker that hangs outside a benchmark. */
  o.timeout_ms = (int)(nids * (int64_t)(timeout_s + 30) * 1000 > 2000000000
                           ? 2000000000
                           : nids * (int64_t)(timeout_s + 30) * 1000);
  o.max_stdout = 64u << 10;
  o.lines_fd3 = 1;
  o.max_line = 64u << 20;
  o.on_line = on_line;
  o.on_exit = on_worker_exit;
  o.ud = q;
  char err[512];
  int rc = bbd_proc_spawn(q->s->loop, &o, &q->proc, err, sizeof err);
  for (int i = 0; i < argc; i++)
    free(argv[i]);
  free(argv);
  if (rc != 0) {
    q->proc = NULL;
    BBD_ERROR(&q->s->log, "queue", "run %lld: %s", (long long)q->cur->id, err);
    snprintf(q->run_error, sizeof q->run_error, "%s", err);
    fill_missing(q, sel, err);
    q->plan_idx++;
    run_next_plugin(q);
  }
}

/* ---- run lifecycle ------------------------------------------------------ */

static void on_ab_progress(void *ud, const char *bench, int index,
                           const char *phase, int round, int max_rounds) {
  bbd_queue_t *q = ud;
  set_progress(q, bench, index, phase, round, max_rounds);
}

static void on_ab_done(void *ud, int n_results, const char *error) {
  bbd_queue_t *q = ud;
  q->ab = NULL;
  q->done_count = n_results;
  if (error)
    snprintf(q->run_error, sizeof q->run_error, "%s", error);
  finish_run(q);
}

static void start_run(bbd_queue_t *q, job_t *j) {
  bbd_server_t *s = q->s;
  q->cur = j;
  q->cancel = 0;
  q->plan_idx = 0;
  q->done_count = 0;
  q->run_error[0] = '\0';
  char err[512];
  if (bbd_store_run_set_state(s->store, j->id, BBD_STORE_RUN_RUNNING, NULL, err,
                              sizeof err) != 0) {
    BBD_ERROR(&s->log, "queue", "run %lld: %s", (long long)j->id, err);
    snprintf(q->run_error, sizeof q->run_error, "%s", err);
    finish_run(q);
    return;
  }
  publish_state(q, j->id, "running", NULL);
  BBD_INFO(&s->log, "queue", "run %lld started", (long long)j->id);
  int count = 0;
  cJSON_Delete(q->plan);
  q->plan = bbd_catalog_select(
      s->catalog, cJSON_GetObjectItemCaseSensitive(j->cfg, "filters"), &count);
  q->total = count;
  bbd_store_run_set_benchmark_count(s->store, j->id, count, NULL, 0);
  if (q->plan == NULL || count == 0) {
    snprintf(q->run_error, sizeof q->run_error,
             "no benchmark matches the filters in the current catalog");
    finish_run(q);
    return;
  }
  if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(j->cfg, "ab"))) {
    q->ab = bbd_ab_start(s, j->id, j->cfg, q->plan, count, on_ab_done,
                         on_ab_progress, q);
    if (q->ab == NULL) {
      snprintf(q->run_error, sizeof q->run_error, "out of memory");
      finish_run(q);
    }
    return;
  }
  run_next_plugin(q);
}

static void kick(bbd_queue_t *q) {
  if (q->cur != NULL || q->head == NULL || q->stopping)
    return;
  /* A run resolves its benchmarks against the catalog when it starts: wait
   * while a scan is running or scheduled (a plugin being rebuilt or just
   * dropped in), so the run measures the build that is on disk. The
   * catalog kicks the queue when it settles. */
  if (!bbd_catalog_settled(q->s->catalog)) {
    BBD_INFO(&q->s->log, "queue",
             "run %lld waits for the plugin catalog scan to finish",
             (long long)q->head->id);
    return;
  }
  job_t *j = q->head;
  q->head = j->next;
  if (q->head == NULL)
    q->tail = NULL;
  q->len--;
  j->next = NULL;
  start_run(q, j);
}

static void end_run(bbd_queue_t *q, int state, const char *error) {
  job_t *j = q->cur;
  char err[256];
  if (bbd_store_run_set_state(q->s->store, j->id, state, error, err,
                              sizeof err) != 0)
    BBD_ERROR(&q->s->log, "queue", "run %lld: set state: %s", (long long)j->id,
              err);
  const char *name = bbd_store_run_state_name(state);
  publish_state(q, j->id, name, error);
  BBD_INFO(&q->s->log, "queue", "run %lld %s (%d result(s))%s%s",
           (long long)j->id, name, q->done_count, error ? ": " : "",
           error ? error : "");
  if (state == BBD_STORE_RUN_DONE) {
    const char *bl = cJSON_GetStringValue(
        cJSON_GetObjectItemCaseSensitive(j->cfg, "save_baseline"));
    if (bl != NULL &&
        bbd_store_baseline_set(q->s->store, bl, j->id, "saved by run", err,
                               sizeof err) != 0)
      BBD_WARN(&q->s->log, "queue", "run %lld: save baseline %s: %s",
               (long long)j->id, bl, err);
  }
  job_free(j);
  q->cur = NULL;
  bbd_server_touch(q->s);
  cJSON_Delete(q->plan);
  q->plan = NULL;
  cJSON_Delete(q->got);
  q->got = NULL;
  cJSON_Delete(q->progress);
  q->progress = NULL;
  if (q->s->cfg.keep_runs > 0) {
    bbd_store_retention_t r = {0, q->s->cfg.keep_runs};
    bbd_store_retention_apply(q->s->store, &r, NULL, NULL, 0);
  }
  kick(q);
}

static void cmp_work(uv_work_t *w) {
  bbd_queue_t *q = w->data;
  bbd_cmp_compute(q->cmp);
}

static void cmp_after(uv_work_t *w, int status) {
  bbd_queue_t *q = w->data;
  q->finishing = 0;
  bbd_server_touch(q->s);
  char err[256];
  if (status == 0 &&
      bbd_cmp_store_verdicts(q->cmp, q->s->store,
                             q->cmp_baseline[0] ? q->cmp_baseline : NULL, err,
                             sizeof err) != 0)
    BBD_WARN(&q->s->log, "queue", "run %lld: store verdicts: %s",
             (long long)q->cur->id, err);
  bbd_cmp_free(q->cmp);
  q->cmp = NULL;
  end_run(q, q->stopping ? BBD_STORE_RUN_INTERRUPTED : BBD_STORE_RUN_DONE,
          q->stopping ? "the daemon stopped during the run" : NULL);
}

/* Resolves compare_to into a run id; 0 if none or unresolvable. */
static int64_t compare_target(bbd_queue_t *q, const cJSON *ct, char *bl,
                              size_t bllen) {
  bl[0] = '\0';
  const cJSON *r = cJSON_GetObjectItemCaseSensitive(ct, "run");
  int64_t run_id;
  if (bbd_json_id(r, &run_id))
    return run_id;
  const char *name =
      cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ct, "baseline"));
  if (name == NULL)
    return 0;
  bbd_store_baseline_t *b = NULL;
  if (bbd_store_baseline_get(q->s->store, name, &b, NULL, 0) != 0) {
    BBD_WARN(&q->s->log, "queue", "baseline %s not found: no comparison", name);
    return 0;
  }
  int64_t id = b->run_id;
  snprintf(bl, bllen, "%s", name);
  bbd_store_baseline_free(b);
  return id;
}

static void finish_run(bbd_queue_t *q) {
  job_t *j = q->cur;
  if (j == NULL || q->finishing || q->ab != NULL)
    return;
  if (q->stopping) {
    end_run(q, BBD_STORE_RUN_INTERRUPTED, "the daemon stopped during the run");
    return;
  }
  if (q->cancel) {
    end_run(q, BBD_STORE_RUN_CANCELLED, NULL);
    return;
  }
  if (q->done_count == 0) {
    end_run(q, BBD_STORE_RUN_FAILED,
            q->run_error[0] ? q->run_error : "no benchmark ran");
    return;
  }
  /* An A/B run carries its own paired verdicts. */
  const cJSON *ct =
      cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(j->cfg, "ab"))
          ? NULL
          : cJSON_GetObjectItemCaseSensitive(j->cfg, "compare_to");
  int64_t target = cJSON_IsObject(ct) ? compare_target(q, ct, q->cmp_baseline,
                                                       sizeof q->cmp_baseline)
                                      : 0;
  if (target > 0 && target != j->id) {
    bbd_cmp_opts_t o;
    bbd_cmp_opts_default(&o);
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(j->cfg, "stats");
    const cJSON *v;
    if ((v = cJSON_GetObjectItemCaseSensitive(st, "threshold")) &&
        cJSON_IsNumber(v))
      o.stats.threshold = v->valuedouble;
    if ((v = cJSON_GetObjectItemCaseSensitive(st, "alpha")) &&
        cJSON_IsNumber(v))
      o.stats.alpha = v->valuedouble;
    if ((v = cJSON_GetObjectItemCaseSensitive(st, "resamples")) &&
        cJSON_IsNumber(v))
      o.stats.resamples = (uint32_t)v->valuedouble;
    if ((v = cJSON_GetObjectItemCaseSensitive(st, "multiplicity")) &&
        cJSON_IsString(v))
      bbd_multiplicity_from_name(v->valuestring, &o.mult);
    o.force = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j->cfg, "force"));
    /* runreq validated it; a run stored before the option has none. */
    bbd_cmp_metric_from_name(
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ct, "metric")),
        &o.metric);
    char err[256];
    if (bbd_cmp_load(q->s->store, target, j->id, &o, &q->cmp, err,
                     sizeof err) == 0) {
      q->finishing = 1;
      q->work.data = q;
      if (uv_queue_work(q->s->loop, &q->work, cmp_work, cmp_after) == 0)
        return;
      q->finishing = 0;
      bbd_cmp_free(q->cmp);
      q->cmp = NULL;
    } else {
      BBD_WARN(&q->s->log, "queue", "run %lld: compare with run %lld: %s",
               (long long)j->id, (long long)target, err);
    }
  }
  end_run(q, BBD_STORE_RUN_DONE, NULL);
}

void bbd_queue_shutdown(bbd_queue_t *q) {
  q->stopping = 1;
  if (q->ab != NULL)
    bbd_ab_stop(q->ab);
  else if (q->proc != NULL)
    stop_worker(q);
  else if (q->cur != NULL && !q->finishing)
    finish_run(q);
}

void bbd_queue_close(bbd_queue_t *q) {
  uv_close((uv_handle_t *)&q->kill_timer, NULL);
}

void bbd_queue_free(bbd_queue_t *q) {
  if (q == NULL)
    return;
  while (q->head) {
    job_t *j = q->head;
    q->head = j->next;
    job_free(j);
  }
  if (q->cur)
    job_free(q->cur);
  cJSON_Delete(q->plan);
  cJSON_Delete(q->got);
  cJSON_Delete(q->progress);
  bbd_cmp_free(q->cmp);
  free(q);
}
