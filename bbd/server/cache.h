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
} bbd_cache_t;

/* The entry for key at generation gen, or NULL. */
const bbd_cache_entry_t *bbd_cache_get(bbd_cache_t *c, const char *key,
                                       uint64_t gen);

/* Stores a copy of body under key (bodies over BBD_CACHE_MAX_BODY are not
 * cached). */
void bbd_cache_put(bbd_cache_t *c, const char *key, uint64_t gen,
                   const char *body, size_t len, const char *content_type);

void bbd_cache_clear(bbd_cache_t *c);

#endif
