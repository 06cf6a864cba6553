/*
 * Server-Sent Events: a publish/subscribe hub. Every published event is
 * formatted once ("id:", "event:", "data:" lines), kept in a ring of the
 * last BBD_EVENTS_RING events for Last-Event-ID replay, and written to each
 * subscriber whose run filter matches. A subscriber that reads too slowly
 * is disconnected instead of buffering without bound.
 */
#ifndef BBD_SERVER_EVENTS_H
#define BBD_SERVER_EVENTS_H

#include "http.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <uv.h>

#define BBD_EVENTS_RING 1024
#define BBD_EVENTS_PING_MS 15000

typedef struct bbd_events bbd_events_t;

bbd_events_t *bbd_events_new(uv_loop_t *loop);

/* Publishes `type` with data (consumed); run_id 0 = not run-specific (then
 * only unfiltered subscribers get it). */
void bbd_events_publish(bbd_events_t *ev, const char *type, int64_t run_id,
                        cJSON *data);

/* last_id of a client that sent no (or no numeric) Last-Event-ID: nothing
 * is replayed. 0 is a real value ("I have seen no event yet"). */
#define BBD_EVENTS_NO_REPLAY UINT64_MAX

/* Adds a streaming connection. run_filter 0 = all events. Unless last_id
 * is BBD_EVENTS_NO_REPLAY, the events with an id above last_id still in the
 * ring are replayed first (last_id 0: every buffered event). A last_id at or
 * above the next id to be published comes from a previous daemon (ids
 * restart at 1): the client has seen none of ours, so the whole ring is
 * replayed. Then `hello` (consumed, may be NULL) is sent. */
int bbd_events_subscribe(bbd_events_t *ev, bbd_conn_t *c, int64_t run_filter,
                         uint64_t last_id, cJSON *hello);

int bbd_events_subscribers(const bbd_events_t *ev);

/* Closes the timer and forgets subscribers (their connections are closed
 * by the HTTP server); free after the loop ran the close callbacks. */
void bbd_events_close(bbd_events_t *ev);
void bbd_events_free(bbd_events_t *ev);

#endif
