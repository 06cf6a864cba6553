#include "events.h"

#include "err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct ev_entry {
  uint64_t id;
  int64_t run;
  char *frame;
  size_t len;
} ev_entry_t;

typedef struct sub {
  bbd_conn_t *conn;
  int64_t run;
  struct sub *next;
  bbd_events_t *ev;
} sub_t;

struct bbd_events {
  uv_loop_t *loop;
  uv_timer_t ping;
  int ping_on;
  uint64_t next_id;
  ev_entry_t ring[BBD_EVENTS_RING];
  sub_t *subs;
  int nsubs;
  int closed;
};

bbd_events_t *bbd_events_new(uv_loop_t *loop) {
  bbd_events_t *ev = calloc(1, sizeof *ev);
  if (ev == NULL)
    return NULL;
  ev->loop = loop;
  ev->next_id = 1;
  uv_timer_init(loop, &ev->ping);
  ev->ping.data = ev;
  return ev;
}

static void remove_sub(bbd_events_t *ev, sub_t *s) {
  for (sub_t **pp = &ev->subs; *pp; pp = &(*pp)->next) {
    if (*pp == s) {
      *pp = s->next;
      ev->nsubs--;
      free(s);
      break;
    }
  }
  if (ev->nsubs == 0 && ev->ping_on) {
    uv_timer_stop(&ev->ping);
    ev->ping_on = 0;
  }
}

static void on_conn_closed(bbd_conn_t *c, void *ud) {
  (void)c;
  sub_t *s = ud;
  remove_sub(s->ev, s);
}

/* Writes to one subscriber; a slow or gone one is dropped. */
static void deliver(sub_t *s, const char *frame, size_t len) {
  int rc = bbd_http_stream_write(s->conn, frame, len);
  if (rc == BBD_EBUSY)
    bbd_http_stream_close(s->conn); /* on_conn_closed frees s */
}

static void on_ping(uv_timer_t *t) {
  bbd_events_t *ev = t->data;
  static const char ping[] = ": ping\n\n";
  sub_t *s = ev->subs;
  while (s != NULL) {
    sub_t *next = s->next;
    deliver(s, ping, sizeof ping - 1);
    s = next;
  }
}

void bbd_events_publish(bbd_events_t *ev, const char *type, int64_t run_id,
                        cJSON *data) {
  if (ev == NULL || ev->closed) {
    cJSON_Delete(data);
    return;
  }
  char *txt = data ? cJSON_PrintUnformatted(data) : strdup("{}");
  cJSON_Delete(data);
  if (txt == NULL)
    return;
  uint64_t id = ev->next_id++;
  /* cJSON never emits raw newlines in unformatted output, so the data fits
   * one "data:" line as SSE requires. */
  size_t cap = strlen(txt) + strlen(type) + 64;
  char *frame = malloc(cap);
  if (frame == NULL) {
    free(txt);
    return;
  }
  int n = snprintf(frame, cap, "id: %llu\nevent: %s\ndata: %s\n\n",
                   (unsigned long long)id, type, txt);
  free(txt);
  ev_entry_t *e = &ev->ring[id % BBD_EVENTS_RING];
  free(e->frame);
  e->id = id;
  e->run = run_id;
  e->frame = frame;
  e->len = (size_t)n;
  sub_t *s = ev->subs;
  while (s != NULL) {
    sub_t *next = s->next;
    if (s->run == 0 || s->run == run_id)
      deliver(s, frame, (size_t)n);
    s = next;
  }
}

int bbd_events_subscribe(bbd_events_t *ev, bbd_conn_t *c, int64_t run_filter,
                         uint64_t last_id, cJSON *hello) {
  sub_t *s = calloc(1, sizeof *s);
  if (s == NULL) {
    cJSON_Delete(hello);
    return BBD_ENOMEM;
  }
  s->conn = c;
  s->run = run_filter;
  s->ev = ev;
  s->next = ev->subs;
  ev->subs = s;
  ev->nsubs++;
  bbd_http_on_close(c, on_conn_closed, s);
  /* Tell EventSource how long to wait before reconnecting. */
  bbd_http_stream_write(c, "retry: 2000\n\n", 13);
  if (last_id != BBD_EVENTS_NO_REPLAY) {
    uint64_t from = last_id < ev->next_id ? last_id + 1 : 1;
    if (ev->next_id - from > BBD_EVENTS_RING)
      from = ev->next_id - BBD_EVENTS_RING;
    for (uint64_t id = from; id < ev->next_id; id++) {
      ev_entry_t *e = &ev->ring[id % BBD_EVENTS_RING];
      if (e->id == id && e->frame && (run_filter == 0 || e->run == run_filter))
        bbd_http_stream_write(c, e->frame, e->len);
    }
  }
  if (hello != NULL) {
    char *txt = cJSON_PrintUnformatted(hello);
    cJSON_Delete(hello);
    if (txt != NULL) {
      size_t cap = strlen(txt) + 32;
      char *frame = malloc(cap);
      if (frame != NULL) {
        int n = snprintf(frame, cap, "event: hello\ndata: %s\n\n", txt);
        bbd_http_stream_write(c, frame, (size_t)n);
        free(frame);
      }
      free(txt);
    }
  }
  if (!ev->ping_on) {
    uv_timer_start(&ev->ping, on_ping, BBD_EVENTS_PING_MS, BBD_EVENTS_PING_MS);
    ev->ping_on = 1;
  }
  return 0;
}

int bbd_events_subscribers(const bbd_events_t *ev) {
  return ev ? ev->nsubs : 0;
}

void bbd_events_close(bbd_events_t *ev) {
  if (ev == NULL || ev->closed)
    return;
  ev->closed = 1;
  uv_timer_stop(&ev->ping);
  uv_close((uv_handle_t *)&ev->ping, NULL);
  while (ev->subs) {
    sub_t *s = ev->subs;
    bbd_http_on_close(s->conn, NULL, NULL);
    ev->subs = s->next;
    free(s);
  }
  ev->nsubs = 0;
}

void bbd_events_free(bbd_events_t *ev) {
  if (ev == NULL)
    return;
  for (int i = 0; i < BBD_EVENTS_RING; i++)
    free(ev->ring[i].frame);
  free(ev);
}
