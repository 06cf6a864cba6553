/*
 * Fuzzes the daemon's whole HTTP request path: bytes go through a socket
 * pair into the real HTTP server (http-parser, limits, keep-alive,
 * pipelining) and the real /api/v1 router with a real store in a temporary
 * data dir; no plugins, so runs are validated but never executed. The input
 * may hold several pipelined requests. Any crash, sanitizer report, hang
 * or leak is a bug: no request may take the daemon down.
 */
#include "api.h"
#include "catalog.h"
#include "events.h"
#include "queue.h"
#include "server.h"

#include "../store/store.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Process-global by necessity: libFuzzer calls the entry point repeatedly
 * and the daemon (loop, store, server) is set up once. */
static bbd_server_t *g_srv;

static void setup(void) {
  static char dir[] = "/tmp/bbd-fuzz-http.XXXXXX";
  if (mkdtemp(dir) == NULL)
    abort();
  bbd_server_t *s = calloc(1, sizeof *s);
  s->loop = malloc(sizeof *s->loop);
  uv_loop_init(s->loop);
  bbd_config_defaults(&s->cfg);
  snprintf(s->cfg.data_dir, sizeof s->cfg.data_dir, "%s", dir);
  snprintf(s->cfg.web_dir, sizeof s->cfg.web_dir, "%s", dir);
  snprintf(s->cfg.worker_path, sizeof s->cfg.worker_path, "/nonexistent");
  s->cfg.plugin_dirs_set = 1;
  s->cfg.n_plugin_dirs = 0;
  s->cfg.max_body = 64 * 1024;
  s->cfg.max_header = 8 * 1024;
  bbd_log_open(&s->log, BBD_LOG_LV_ERROR + 1, NULL, NULL, 0);
  char err[256];
  if (bbd_store_open(&s->store, dir, NULL, err, sizeof err) != 0) {
    fprintf(stderr, "store: %s\n", err);
    abort();
  }
  s->started_ms = bbd_now_ms();
  s->started_hr = uv_hrtime();
  s->machine = cJSON_CreateObject();
  s->events = bbd_events_new(s->loop);
  bbd_http_limits_t lim = {s->cfg.max_body, s->cfg.max_header, 64, 60000};
  s->http = bbd_http_new(s->loop, &s->log, &lim, bbd_api_handle, s);
  s->queue = bbd_queue_new(s);
  s->catalog = bbd_catalog_new(s);
  snprintf(s->listen, sizeof s->listen, "fuzz");
  g_srv = s;
}

typedef struct client {
  uv_pipe_t pipe;
  uv_write_t wr;
  uv_shutdown_t sh;
  int done;
  char *copy;
} client_t;

static void on_alloc(uv_handle_t *h, size_t sug, uv_buf_t *b) {
  (void)h;
  static char buf[65536];
  (void)sug;
  *b = uv_buf_init(buf, sizeof buf);
}

static void on_closed(uv_handle_t *h) {
  client_t *c = h->data;
  c->done = 1;
}

static void on_read(uv_stream_t *st, ssize_t n, const uv_buf_t *b) {
  (void)b;
  if (n < 0)
    uv_close((uv_handle_t *)st, on_closed);
}

static void on_written(uv_write_t *w, int status) {
  (void)w;
  (void)status;
}

static void on_shut(uv_shutdown_t *r, int status) {
  (void)r;
  (void)status;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (g_srv == NULL)
    setup();
  if (size > 256 * 1024)
    return 0;
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    return 0;
  if (bbd_http_serve_fd(g_srv->http, sv[0], NULL, 0) != 0) {
    close(sv[1]);
    return 0;
  }
  client_t c;
  memset(&c, 0, sizeof c);
  uv_pipe_init(g_srv->loop, &c.pipe, 0);
  c.pipe.data = &c;
  uv_pipe_open(&c.pipe, sv[1]);
  c.copy = malloc(size ? size : 1);
  memcpy(c.copy, data, size);
  uv_buf_t buf = uv_buf_init(c.copy, (unsigned)size);
  uv_write(&c.wr, (uv_stream_t *)&c.pipe, &buf, 1, on_written);
  /* Half-close: the server sees EOF after the input and must close. */
  uv_shutdown(&c.sh, (uv_stream_t *)&c.pipe, on_shut);
  uv_read_start((uv_stream_t *)&c.pipe, on_alloc, on_read);
  for (int i = 0; i < 100000 && !c.done; i++)
    uv_run(g_srv->loop, UV_RUN_ONCE);
  for (int i = 0; i < 8; i++)
    uv_run(g_srv->loop, UV_RUN_NOWAIT);
  if (!c.done) {
    fprintf(stderr, "the server never closed the connection\n");
    abort();
  }
  free(c.copy);
  return 0;
}
