#include "api.h"

#include "catalog.h"
#include "err.h"
#include "events.h"
#include "queue.h"

#include <http_parser.h>
#include <stdlib.h>
#include <string.h>

typedef struct sub_ctx {
  bbd_events_t *ev;
  int64_t run;
  uint64_t last;
  cJSON *hello;
} sub_ctx_t;

static void subscribe_after(bbd_conn_t *c, void *ud) {
  sub_ctx_t *sc = ud;
  if (bbd_http_conn_open(c))
    bbd_events_subscribe(sc->ev, c, sc->run, sc->last, sc->hello);
  else
    cJSON_Delete(sc->hello);
  free(sc);
}

/* The Last-Event-ID header: absent, empty or not a plain decimal number
 * means "replay nothing"; any number, 0 included, means "replay what came
 * after it" (0: a client that has seen no event yet gets every buffered
 * one). */
static uint64_t last_event_id(const char *h) {
  size_t n = strlen(h);
  if (n == 0 || n > 19 || strspn(h, "0123456789") != n)
    return BBD_EVENTS_NO_REPLAY;
  return strtoull(h, NULL, 10);
}

void bbd_api_events(bbd_server_t *s, bbd_http_req_t *req, bbd_http_resp_t *resp,
                    const char *rest) {
  (void)rest;
  if (req->method != HTTP_GET) {
    bbd_api_method_not_allowed(resp, "GET");
    return;
  }
  int64_t run = 0;
  if (bbd_query_int(req->query, "run", 1, INT64_MAX, 0, &run) != 0) {
    bbd_api_fail(resp, BBD_EINVAL, "run must be a run id");
    return;
  }
  uint64_t last = last_event_id(req->last_event_id);
  cJSON *hello = cJSON_CreateObject();
  cJSON_AddNumberToObject(hello, "generation",
                          (double)bbd_catalog_generation(s->catalog));
  cJSON *q = cJSON_AddObjectToObject(hello, "queue");
  int64_t running = bbd_queue_running(s->queue);
  if (running)
    cJSON_AddNumberToObject(q, "running", (double)running);
  else
    cJSON_AddNullToObject(q, "running");
  cJSON_AddNumberToObject(q, "queued", (double)bbd_queue_length(s->queue));
  if (run)
    cJSON_AddNumberToObject(hello, "run", (double)run);
  sub_ctx_t *sc = calloc(1, sizeof *sc);
  if (sc == NULL) {
    cJSON_Delete(hello);
    bbd_api_fail(resp, BBD_ENOMEM, "out of memory");
    return;
  }
  sc->ev = s->events;
  sc->run = run;
  sc->last = last;
  sc->hello = hello;
  resp->status = 200;
  resp->stream = 1;
  resp->content_type = "text/event-stream";
  /* The subscription writes must follow the response head, which the HTTP
   * layer queues after this handler returns: subscribe from `after`. */
  resp->after = subscribe_after;
  resp->after_ud = sc;
}
