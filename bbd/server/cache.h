/*
 * A small response cache for GET requests of the API. Each entry is tagged
 * with the server's data generation (bbd_server_t.gen), which every change
 * of stored or live state bumps (a stored result, a state change, a
 * progress event, any mutating request, a catalog change); an entry of an
 * older generation is never served. So the cache can only save the cost of
 * rebuilding identical answers, never serve a stale one.
 */
#ifndef BBD_SERVER_CACHE_H
#define BBD_SERVER_CACHE_H

#include "../store/store.h"

#include <stddef.h>
#include <stdint.h>

#define BBD_CACHE_ENTRIES 64
#define BBD_CACHE_MAX_BODY (4u << 20)

typedef struct bbd_cache_entry {
  char *key; /* "path?query" */
  uint64_t gen;
  char *body;
  size_t len;
  const char *content_type;
} bbd_cache_entry_t;

typedef struct bbd_cache {
  bbd_cache_entry_t e[BBD_CACHE_ENTRIES];
  unsigned next; /* round-robin victim */
  uint64_t hits, misses;
  /* Run counts by state, read at run_counts_gen (valid if run_counts_ok). */
  int64_t run_counts[BBD_STORE_RUN_NSTATES];
  uint64_t run_counts_gen;
  int run_counts_ok;
} bbd_cache_t;

/* The entry for key at generation gen, or NULL. */
const bbd_cache_entry_t *bbd_cache_get(bbd_cache_t *c, const char *key,
                                       uint64_t gen);

/* Stores a copy of body under key (bodies over BBD_CACHE_MAX_BODY are not
 * cached). */
void bbd_cache_put(bbd_cache_t *c, const char *key, uint64_t gen,
                   const char *body, size_t len, const char *content_type);

void bbd_cache_clear(bbd_cache_t *c);

/*
 * Number of runs in each state (as bbd_store_run_counts), read from the
 * store once per data generation: /status and /metrics are polled, and
 * every change of a run's state bumps the generation (the daemon is the
 * only writer of its database), so the counts of the current generation
 * are exact. 0 or the store's error code.
 */
int bbd_cache_run_counts(bbd_cache_t *c, bbd_store_t *st, uint64_t gen,
                         int64_t counts[BBD_STORE_RUN_NSTATES]);

#endif
