/*
 * bbd: the benchmark orchestrator daemon. Startup order matters:
 * config -> log -> data dir -> lock -> store (interrupt stale runs) ->
 * token -> HTTP listen -> queue -> catalog -> signals -> READY, with the
 * environment probe (`bbd-worker env`) running in the background.
 * Shutdown (SIGTERM/SIGINT) reverses it: stop accepting, stop the worker
 * (the run becomes interrupted), wait for it, close the store.
 */
#include "api.h"
#include "catalog.h"
#include "datadir.h"
#include "err.h"
#include "events.h"
#include "notify.h"
#include "proc.h"
#include "queue.h"
#include "server.h"

#include "../store/store.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#ifndef BBD_VERSION
#define BBD_VERSION "0.0.0"
#endif

static int is_loopback(const char *host) {
  return strncmp(host, "127.", 4) == 0 || strcmp(host, "::1") == 0 ||
         strcmp(host, "localhost") == 0;
}

static cJSON *machine_info(void) {
  cJSON *m = cJSON_CreateObject();
  struct utsname u;
  if (uname(&u) == 0) {
    cJSON_AddStringToObject(m, "hostname", u.nodename);
    cJSON_AddStringToObject(m, "kernel", u.release);
    cJSON_AddStringToObject(m, "arch", u.machine);
  }
  char model[256] = "";
  FILE *f = fopen("/proc/cpuinfo", "r");
  if (f != NULL) {
    char line[512];
    while (fgets(line, sizeof line, f) != NULL) {
      if (strncmp(line, "model name", 10) == 0) {
        char *colon = strchr(line, ':');
        if (colon != NULL) {
          snprintf(model, sizeof model, "%s", colon + 2);
          model[strcspn(model, "\n")] = '\0';
        }
        break;
      }
    }
    fclose(f);
  }
  if (model[0])
    cJSON_AddStringToObject(m, "cpu_model", model);
  else
    cJSON_AddNullToObject(m, "cpu_model");
  cJSON_AddNumberToObject(m, "cpus", (double)uv_available_parallelism());
  cJSON_AddNumberToObject(m, "mem_total_kb",
                          (double)(uv_get_total_memory() / 1024));
  return m;
}

/* The latest stored environment describes this machine's capabilities
 * until the next worker reports one. */
static void load_last_env(bbd_server_t *s) {
  bbd_store_run_filter_t f;
  memset(&f, 0, sizeof f);
  f.limit = 20;
  bbd_store_run_list_t *l = NULL;
  if (bbd_store_run_list(s->store, &f, &l, NULL, 0) != 0)
    return;
  for (size_t i = 0; i < l->count; i++) {
    if (l->items[i].env_id <= 0)
      continue;
    bbd_store_env_t *e = NULL;
    if (bbd_store_env_get(s->store, l->items[i].env_id, &e, NULL, 0) == 0) {
      s->env = e->fingerprint_json ? cJSON_Parse(e->fingerprint_json) : NULL;
      bbd_queue_set_env(s->queue, e->machine_id, e->id);
      bbd_store_env_free(e);
    }
    break;
  }
  bbd_store_run_list_free(l);
}

static uv_timer_t *stop_timer_of(bbd_server_t *s);

static void close_all(bbd_server_t *s) {
  bbd_queue_close(s->queue);
  uv_close((uv_handle_t *)stop_timer_of(s), NULL);
  bbd_store_close(s->store);
  s->store = NULL;
  BBD_INFO(&s->log, "main", "stopped");
}

/* The one timer used while stopping, and the start-up environment probe;
 * kept in a static-free way inside the server struct's extension below. */
typedef struct bbd_main {
  bbd_server_t s;
  uv_timer_t stop_timer;
  bbd_proc_t *probe;     /* `bbd-worker env` while it runs */
  uint64_t probe_before; /* environments recorded when it started */
} bbd_main_t;

static uv_timer_t *stop_timer_of(bbd_server_t *s) {
  return &((bbd_main_t *)s)->stop_timer;
}

static void on_stop_poll(uv_timer_t *t) {
  bbd_server_t *s = t->data;
  /* The probe's exit callback must not find the store closed. */
  if (bbd_queue_busy(s->queue) || ((bbd_main_t *)s)->probe != NULL)
    return;
  uv_timer_stop(t);
  close_all(s);
}

/* ---- start-up environment probe ----------------------------------------
 * `bbd-worker env` trial-opens every counter and tries allocation tracking,
 * as a run's worker does, so GET /api/v1/status shows this machine's
 * capabilities (and new runs get an environment id) before the first run.
 * It runs off the loop in its own process; its state is kept in
 * s->capabilities ({"probe":"running"|"ok"|"failed","error":...}). */

static void probe_state(bbd_server_t *s, const char *state, const char *why) {
  cJSON_Delete(s->capabilities);
  s->capabilities = cJSON_CreateObject();
  cJSON_AddStringToObject(s->capabilities, "probe", state);
  if (why != NULL)
    cJSON_AddStringToObject(s->capabilities, "error", why);
  else
    cJSON_AddNullToObject(s->capabilities, "error");
  bbd_server_touch(s);
}

static void on_probe_exit(void *ud, int64_t status, int sig, int timed_out,
                          const char *out, size_t len) {
  bbd_main_t *m = ud;
  bbd_server_t *s = &m->s;
  m->probe = NULL;
  if (s->stopping)
    return;
  cJSON *doc = len > 0 ? cJSON_ParseWithLength(out, len) : NULL;
  const cJSON *env = cJSON_GetObjectItemCaseSensitive(doc, "env");
  char why[160];
  if (cJSON_IsObject(env)) {
    /* A run's worker that reported meanwhile saw a newer environment. */
    if (bbd_queue_env_reports(s->queue) == m->probe_before)
      bbd_queue_record_env(s->queue, env, NULL);
    probe_state(s, "ok", NULL);
    int ok = 0, n = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(env, "counters")) {
      n++;
      const char *st =
          cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "status"));
      ok += st != NULL && strcmp(st, "ok") == 0;
    }
    BBD_INFO(&s->log, "main", "environment probed: %d of %d counters ok", ok,
             n);
  } else {
    if (timed_out)
      snprintf(why, sizeof why, "bbd-worker env timed out");
    else if (sig)
      snprintf(why, sizeof why, "bbd-worker env died with signal %d", sig);
    else
      snprintf(why, sizeof why,
               "bbd-worker env exited with status %lld without an environment",
               (long long)status);
    probe_state(s, "failed", why);
    BBD_WARN(&s->log, "main", "environment probe: %s", why);
  }
  cJSON_Delete(doc);
}

static void probe_start(bbd_main_t *m) {
  bbd_server_t *s = &m->s;
  char cpu[16];
  snprintf(cpu, sizeof cpu, "%d", s->cfg.worker_cpu);
  char *argv[] = {s->cfg.worker_path, "env", "--cpu", cpu, NULL};
  bbd_proc_opts_t o;
  memset(&o, 0, sizeof o);
  o.file = s->cfg.worker_path;
  o.argv = argv;
  o.timeout_ms = 30000;
  o.max_stdout = 1u << 20;
  o.on_exit = on_probe_exit;
  o.ud = m;
  char err[256];
  m->probe_before = bbd_queue_env_reports(s->queue);
  if (bbd_proc_spawn(s->loop, &o, &m->probe, err, sizeof err) != 0) {
    m->probe = NULL;
    probe_state(s, "failed", err);
    BBD_WARN(&s->log, "main", "environment probe: %s", err);
    return;
  }
  probe_state(s, "running", NULL);
}

static void begin_stop(bbd_server_t *s, const char *why) {
  if (s->stopping)
    return;
  s->stopping = 1;
  BBD_INFO(&s->log, "main", "%s: stopping", why);
  bbd_sd_notify("STOPPING=1");
  bbd_http_close(s->http);
  bbd_events_close(s->events);
  bbd_catalog_close(s->catalog);
  bbd_queue_shutdown(s->queue);
  bbd_proc_kill(((bbd_main_t *)s)->probe, SIGKILL);
  uv_signal_stop(&s->sig_term);
  uv_signal_stop(&s->sig_int);
  uv_signal_stop(&s->sig_hup);
  uv_close((uv_handle_t *)&s->sig_term, NULL);
  uv_close((uv_handle_t *)&s->sig_int, NULL);
  uv_close((uv_handle_t *)&s->sig_hup, NULL);
  uv_timer_t *t = stop_timer_of(s);
  uv_timer_start(t, on_stop_poll, 0, 50);
}

static void on_signal(uv_signal_t *h, int signum) {
  bbd_server_t *s = h->data;
  if (signum == SIGHUP) {
    BBD_INFO(&s->log, "main", "SIGHUP: reopening log, rescanning plugins");
    bbd_log_reopen(&s->log);
    bbd_catalog_rescan(s->catalog);
    return;
  }
  begin_stop(s, signum == SIGTERM ? "SIGTERM" : "SIGINT");
}

static int run(bbd_main_t *m, int argc, char **argv) {
  bbd_server_t *s = &m->s;
  char err[1024];
  bbd_config_defaults(&s->cfg);
  int rc = bbd_config_parse_args(&s->cfg, argc, argv, err, sizeof err);
  if (rc == 1)
    return 0;
  if (rc != 0) {
    fprintf(stderr, "bbd: %s\n", err);
    return 2;
  }
  char exe[PATH_MAX];
  size_t exelen = sizeof exe;
  if (uv_exepath(exe, &exelen) == 0) {
    snprintf(s->exe_dir, sizeof s->exe_dir, "%s", dirname(exe));
    bbd_config_finish(&s->cfg, s->exe_dir);
  } else {
    bbd_config_finish(&s->cfg, NULL);
  }
  if (s->cfg.check_config) {
    printf("bbd: configuration ok (data dir %s, worker %s, %d plugin "
           "dir(s))\n",
           s->cfg.data_dir, s->cfg.worker_path, s->cfg.n_plugin_dirs);
    return 0;
  }
  if (bbd_log_open(&s->log, s->cfg.log_level, s->cfg.log_file, err,
                   sizeof err) != 0) {
    fprintf(stderr, "bbd: %s\n", err);
    return 1;
  }
  if (bbd_datadir_prepare(s->cfg.data_dir, err, sizeof err) != 0 ||
      bbd_lock_acquire(s->cfg.data_dir, &s->lock_fd, err, sizeof err) != 0) {
    fprintf(stderr, "bbd: %s\n", err);
    BBD_ERROR(&s->log, "main", "%s", err);
    return 1;
  }
  char real[PATH_MAX];
  if (realpath(s->cfg.data_dir, real) != NULL)
    snprintf(s->cfg.data_dir, sizeof s->cfg.data_dir, "%s", real);
  bbd_store_opts_t so;
  memset(&so, 0, sizeof so);
  so.check_at_open = 1;
  if (bbd_store_open(&s->store, s->cfg.data_dir, &so, err, sizeof err) != 0) {
    fprintf(stderr, "bbd: database: %s\n", err);
    BBD_ERROR(&s->log, "main", "database: %s", err);
    return 1;
  }
  int stale = 0;
  if (bbd_store_runs_interrupt_stale(s->store, &stale, err, sizeof err) != 0)
    BBD_WARN(&s->log, "main", "interrupting stale runs: %s", err);
  else if (stale > 0)
    BBD_WARN(&s->log, "main",
             "%d run(s) left running by a previous daemon marked interrupted",
             stale);

  s->auth = s->cfg.auth || !is_loopback(s->cfg.listen_host);
  if (s->auth &&
      bbd_token_load_or_create(s->cfg.token_file, s->token, sizeof s->token,
                               err, sizeof err) != 0) {
    fprintf(stderr, "bbd: %s\n", err);
    BBD_ERROR(&s->log, "main", "%s", err);
    return 1;
  }

  s->loop = uv_default_loop();
  s->started_ms = bbd_now_ms();
  s->started_hr = uv_hrtime();
  s->machine = machine_info();
  s->events = bbd_events_new(s->loop);
  bbd_http_limits_t lim = {s->cfg.max_body, s->cfg.max_header,
                           s->cfg.max_connections, s->cfg.idle_timeout_ms};
  s->http = bbd_http_new(s->loop, &s->log, &lim, bbd_api_handle, s);
  if (s->events == NULL || s->http == NULL) {
    fprintf(stderr, "bbd: out of memory\n");
    return 1;
  }
  if (bbd_http_listen_tcp(s->http, s->cfg.listen_host, s->cfg.listen_port, err,
                          sizeof err) != 0 ||
      (s->cfg.unix_socket[0] &&
       bbd_http_listen_unix(s->http, s->cfg.unix_socket, err, sizeof err) !=
           0)) {
    fprintf(stderr, "bbd: %s\n", err);
    BBD_ERROR(&s->log, "main", "%s", err);
    return 1;
  }
  snprintf(s->listen, sizeof s->listen, "%s", bbd_http_bound(s->http));
  s->queue = bbd_queue_new(s);
  load_last_env(s);
  s->catalog = bbd_catalog_new(s);
  if (s->queue == NULL || s->catalog == NULL) {
    fprintf(stderr, "bbd: out of memory\n");
    return 1;
  }
  uv_signal_init(s->loop, &s->sig_term);
  uv_signal_init(s->loop, &s->sig_int);
  uv_signal_init(s->loop, &s->sig_hup);
  s->sig_term.data = s->sig_int.data = s->sig_hup.data = s;
  uv_signal_start(&s->sig_term, on_signal, SIGTERM);
  uv_signal_start(&s->sig_int, on_signal, SIGINT);
  uv_signal_start(&s->sig_hup, on_signal, SIGHUP);
  uv_timer_init(s->loop, &m->stop_timer);
  m->stop_timer.data = s;
  /* A client that goes away mid-write must not kill us with SIGPIPE. */
  signal(SIGPIPE, SIG_IGN);

  BBD_INFO(&s->log, "main", "bbd %s pid %ld data dir %s worker %s auth %s",
           BBD_VERSION, (long)getpid(), s->cfg.data_dir, s->cfg.worker_path,
           s->auth ? "token" : "off");
  for (int i = 0; i < s->cfg.n_plugin_dirs; i++)
    BBD_INFO(&s->log, "main", "plugin dir %s", s->cfg.plugin_dirs[i]);
  /* The machine-readable readiness line (tests and scripts read it). */
  printf("bbd: listening on http://%s\n", s->listen);
  fflush(stdout);
  BBD_INFO(&s->log, "http", "listening on http://%s%s%s", s->listen,
           s->cfg.unix_socket[0] ? " and unix:" : "", s->cfg.unix_socket);
  probe_start(m);
  bbd_queue_restore(s->queue);
  char ready[256];
  snprintf(ready, sizeof ready, "READY=1\nSTATUS=listening on %s\nMAINPID=%ld",
           s->listen, (long)getpid());
  bbd_sd_notify(ready);

  uv_run(s->loop, UV_RUN_DEFAULT);
  return s->exit_code;
}

int main(int argc, char **argv) {
  bbd_main_t *m = calloc(1, sizeof *m);
  if (m == NULL)
    return 1;
  m->s.lock_fd = -1;
  int rc = run(m, argc, argv);
  bbd_server_t *s = &m->s;
  if (s->loop != NULL) {
    if (!s->stopping) {
      /* Startup failed after the loop existed: close what was opened. */
      if (s->http)
        bbd_http_close(s->http);
      if (s->events)
        bbd_events_close(s->events);
      if (s->catalog)
        bbd_catalog_close(s->catalog);
      uv_run(s->loop, UV_RUN_NOWAIT);
    }
    uv_loop_close(s->loop);
  }
  bbd_store_close(s->store);
  bbd_http_free(s->http);
  bbd_events_free(s->events);
  bbd_catalog_free(s->catalog);
  bbd_queue_free(s->queue);
  cJSON_Delete(s->machine);
  cJSON_Delete(s->env);
  cJSON_Delete(s->capabilities);
  bbd_cache_clear(&s->cache);
  bbd_log_close(&s->log);
  if (s->lock_fd >= 0)
    close(s->lock_fd);
  free(m);
  return rc;
}
