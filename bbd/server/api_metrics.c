/* GET /metrics in the Prometheus text exposition format 0.0.4. */
#include "api.h"

#include "catalog.h"
#include "err.h"
#include "queue.h"

#include "../store/store.h"

#include <http_parser.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct sbuf {
  char *p;
  size_t len, cap;
  int oom;
} sbuf_t;

static void sb_printf(sbuf_t *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf_t *b, const char *fmt, ...) {
  if (b->oom)
    return;
  for (;;) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    if (n < 0) {
      b->oom = 1;
      return;
    }
    if ((size_t)n < b->cap - b->len) {
      b->len += (size_t)n;
      return;
    }
    size_t cap = b->cap * 2 + (size_t)n;
    char *np = realloc(b->p, cap);
    if (np == NULL) {
      b->oom = 1;
      return;
    }
    b->p = np;
    b->cap = cap;
  }
}

/* Label values escape backslash, quote and newline. */
static void sb_label(sbuf_t *b, const char *s) {
  for (; *s; s++) {
    if (*s == '\\' || *s == '"')
      sb_printf(b, "\\%c", *s);
    else if (*s == '\n')
      sb_printf(b, "\\n");
    else
      sb_printf(b, "%c", *s);
  }
}

void bbd_api_metrics(bbd_server_t *s, bbd_http_req_t *req,
                     bbd_http_resp_t *resp) {
  if (req->method != HTTP_GET && req->method != HTTP_HEAD) {
    bbd_api_method_not_allowed(resp, "GET, HEAD");
    return;
  }
  sbuf_t b = {malloc(8192), 0, 8192, 0};
  if (b.p == NULL) {
    bbd_api_fail(resp, BBD_ENOMEM, "out of memory");
    return;
  }
  sb_printf(&b, "# HELP bbd_up 1 while the daemon runs.\n# TYPE bbd_up gauge\n"
                "bbd_up 1\n");
  sb_printf(&b,
            "# HELP bbd_uptime_seconds Seconds since start.\n"
            "# TYPE bbd_uptime_seconds gauge\nbbd_uptime_seconds %.3f\n",
            (double)(uv_hrtime() - s->started_hr) / 1e9);
  int64_t counts[BBD_STORE_RUN_NSTATES];
  if (bbd_cache_run_counts(&s->cache, s->store, s->gen, counts) == 0) {
    sb_printf(&b, "# HELP bbd_runs Stored runs by state.\n"
                  "# TYPE bbd_runs gauge\n");
    for (int i = 0; i < BBD_STORE_RUN_NSTATES; i++)
      sb_printf(&b, "bbd_runs{state=\"%s\"} %lld\n",
                bbd_store_run_state_name(i), (long long)counts[i]);
  }
  sb_printf(&b,
            "# HELP bbd_queue_length Runs waiting in the queue.\n"
            "# TYPE bbd_queue_length gauge\nbbd_queue_length %zu\n",
            bbd_queue_length(s->queue));
  sb_printf(&b,
            "# HELP bbd_run_in_progress 1 while a run executes.\n"
            "# TYPE bbd_run_in_progress gauge\nbbd_run_in_progress %d\n",
            bbd_queue_running(s->queue) != 0);
  const bbd_http_stats_t *hs = bbd_http_stats(s->http);
  sb_printf(&b,
            "# HELP bbd_http_requests_total HTTP requests parsed.\n"
            "# TYPE bbd_http_requests_total counter\n"
            "bbd_http_requests_total %llu\n",
            (unsigned long long)hs->requests_total);
  sb_printf(&b,
            "# HELP bbd_http_responses_total HTTP responses by class.\n"
            "# TYPE bbd_http_responses_total counter\n"
            "bbd_http_responses_total{class=\"2xx\"} %llu\n"
            "bbd_http_responses_total{class=\"3xx\"} %llu\n"
            "bbd_http_responses_total{class=\"4xx\"} %llu\n"
            "bbd_http_responses_total{class=\"5xx\"} %llu\n",
            (unsigned long long)hs->responses_2xx,
            (unsigned long long)hs->responses_3xx,
            (unsigned long long)hs->responses_4xx,
            (unsigned long long)hs->responses_5xx);
  sb_printf(&b,
            "# HELP bbd_http_connections_open Open connections.\n"
            "# TYPE bbd_http_connections_open gauge\n"
            "bbd_http_connections_open %d\n"
            "# HELP bbd_http_connections_rejected_total Connections "
            "refused over the limit.\n"
            "# TYPE bbd_http_connections_rejected_total counter\n"
            "bbd_http_connections_rejected_total %llu\n"
            "# HELP bbd_events_subscribers Open SSE streams.\n"
            "# TYPE bbd_events_subscribers gauge\n"
            "bbd_events_subscribers %d\n",
            hs->connections_open, (unsigned long long)hs->rejected_connections,
            hs->streams_open);
  int ok, broken, nb;
  bbd_catalog_counts(s->catalog, &ok, &broken, &nb);
  sb_printf(&b,
            "# HELP bbd_plugins Plugins in the catalog by status.\n"
            "# TYPE bbd_plugins gauge\nbbd_plugins{status=\"ok\"} %d\n"
            "bbd_plugins{status=\"broken\"} %d\n"
            "# HELP bbd_benchmarks Benchmarks available.\n"
            "# TYPE bbd_benchmarks gauge\nbbd_benchmarks %d\n",
            ok, broken, nb);
  bbd_store_history_t *h = NULL;
  if (bbd_store_latest_results(s->store, &h, NULL, 0) == 0) {
    sb_printf(&b, "# HELP bbd_benchmark_mean_ns Mean ns per iteration of the "
                  "latest result.\n# TYPE bbd_benchmark_mean_ns gauge\n");
    for (size_t i = 0; i < h->count; i++) {
      if (!isfinite(h->items[i].mean))
        continue;
      sb_printf(&b, "bbd_benchmark_mean_ns{benchmark=\"");
      sb_label(&b, h->items[i].bench_id);
      sb_printf(&b, "\",variant=\"");
      sb_label(&b, h->items[i].variant ? h->items[i].variant : "");
      sb_printf(&b, "\"} %.17g\n", h->items[i].mean);
    }
    sb_printf(&b, "# HELP bbd_benchmark_regression 1 if the latest result "
                  "was flagged as a regression.\n"
                  "# TYPE bbd_benchmark_regression gauge\n");
    for (size_t i = 0; i < h->count; i++) {
      sb_printf(&b, "bbd_benchmark_regression{benchmark=\"");
      sb_label(&b, h->items[i].bench_id);
      sb_printf(&b, "\",variant=\"");
      sb_label(&b, h->items[i].variant ? h->items[i].variant : "");
      sb_printf(&b, "\"} %d\n", h->items[i].regression ? 1 : 0);
    }
    bbd_store_history_free(h);
  }
  if (b.oom) {
    free(b.p);
    bbd_api_fail(resp, BBD_ENOMEM, "out of memory");
    return;
  }
  resp->status = 200;
  resp->content_type = "text/plain; version=0.0.4; charset=utf-8";
  resp->body = b.p;
  resp->len = b.len;
}
