/*
 * The run queue: runs execute one at a time, FIFO. A normal run spawns one
 * `bbd-worker run` per selected plugin (the worker forks a child per
 * benchmark, so a crash or hang costs one result); an A/B run drives two
 * `bbd-worker serve` processes per benchmark (ab.c). Worker JSON lines are
 * turned into stored results and SSE events as they arrive.
 */
#ifndef BBD_SERVER_QUEUE_H
#define BBD_SERVER_QUEUE_H

#include "server.h"

#include <cjson/cJSON.h>

typedef struct bbd_queue bbd_queue_t;

bbd_queue_t *bbd_queue_new(bbd_server_t *s);

/* Re-queues runs left in state queued by a previous daemon (never
 * started), oldest first. */
void bbd_queue_restore(bbd_queue_t *q);

/*
 * Stores a new run (state queued) for the accepted request `cfg` (consumed)
 * and appends it to the queue. *position: 0 if it starts now, else the
 * number of runs ahead of it.
 */
int bbd_queue_submit(bbd_queue_t *q, cJSON *cfg, int64_t *id, int *position,
                     char *err, size_t errlen);

/* Cancels a queued or running run. BBD_ESTATE if it is not. */
int bbd_queue_cancel(bbd_queue_t *q, int64_t id, char *err, size_t errlen);

/* -1 not in the queue, 0 running, k > 0 waiting behind k-1 others. */
int bbd_queue_position(const bbd_queue_t *q, int64_t id);

/* Progress object of the running run, or NULL (caller must not free). */
const cJSON *bbd_queue_progress(const bbd_queue_t *q, int64_t id);

int64_t bbd_queue_running(const bbd_queue_t *q);
size_t bbd_queue_length(const bbd_queue_t *q);
/* Array of queued ids (new object). */
cJSON *bbd_queue_ids(const bbd_queue_t *q);

/* Starts the next run if none is running and the catalog has settled
 * (called by the catalog when a scan completes). */
void bbd_queue_kick(bbd_queue_t *q);

/*
 * Records an environment fingerprint (the `env` object of a worker's env
 * event, or of `bbd-worker env` at start-up): stored as this machine's
 * environment, used for the runs created from now on, and shown as the
 * capabilities in GET /api/v1/status; the run in progress (normal or A/B)
 * is recorded as measured in it. *env_id (may be NULL) receives the stored
 * environment's id, 0 if it could not be stored. 0 or a BBD_E* code.
 */
int bbd_queue_record_env(bbd_queue_t *q, const cJSON *env, int64_t *env_id);

/* How many environments were recorded so far (lets the start-up probe
 * avoid replacing a newer one a run's worker already reported). */
uint64_t bbd_queue_env_reports(const bbd_queue_t *q);

/* The machine and environment ids new runs are created with (the last
 * environment a worker reported). */
void bbd_queue_set_env(bbd_queue_t *q, int64_t machine_id, int64_t env_id);

/* Graceful stop: kills the current worker; the run becomes interrupted;
 * queued runs stay queued in the store for the next start. */
void bbd_queue_shutdown(bbd_queue_t *q);
/* 1 while a worker or a finishing step is still active. */
int bbd_queue_busy(const bbd_queue_t *q);
/* Closes the queue's handles once it is no longer busy. */
void bbd_queue_close(bbd_queue_t *q);
void bbd_queue_free(bbd_queue_t *q);

#endif
