/*
 * The daemon's context: one struct owning everything (no mutable globals),
 * passed to every module the way libuv passes its loop.
 */
#ifndef BBD_SERVER_SERVER_H
#define BBD_SERVER_SERVER_H

#include "cache.h"
#include "config.h"
#include "http.h"
#include "log.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <uv.h>

struct bbd_store;
struct bbd_queue;
struct bbd_catalog;
struct bbd_events;

typedef struct bbd_server {
  uv_loop_t *loop;
  bbd_config_t cfg;
  bbd_log_t log;
  bbd_http_t *http;
  struct bbd_store *store;
  struct bbd_queue *queue;
  struct bbd_catalog *catalog;
  struct bbd_events *events;

  int64_t started_ms;  /* wall clock at start */
  uint64_t started_hr; /* uv_hrtime at start */
  char listen[160];    /* bound TCP address */
  char exe_dir[4096];

  int auth;        /* a token is required for mutating requests */
  char token[128]; /* hex token when auth */
  int lock_fd;

  cJSON *machine;      /* hostname, cpu model, ... (status) */
  cJSON *capabilities; /* from the worker's env probe, or NULL */
  cJSON *env;          /* the last environment fingerprint, or NULL */

  /* Data generation: bumped by every change of stored or live state; the
   * response cache serves only entries of the current generation. */
  uint64_t gen;
  bbd_cache_t cache;

  uv_signal_t sig_term, sig_int, sig_hup;
  int stopping;
  int exit_code;
} bbd_server_t;

/* Marks stored or live state as changed (invalidates cached answers). */
static inline void bbd_server_touch(bbd_server_t *s) {
  s->gen++;
}

/* Milliseconds since the epoch (CLOCK_REALTIME). */
int64_t bbd_now_ms(void);

/* Formats ms since the epoch as ISO 8601 UTC into buf (>= 32 bytes). */
const char *bbd_iso_time(int64_t ms, char *buf, size_t len);

#endif
