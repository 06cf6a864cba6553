#include "cache.h"

#include <stdlib.h>
#include <string.h>

const bbd_cache_entry_t *bbd_cache_get(bbd_cache_t *c, const char *key,
                                       uint64_t gen) {
  for (unsigned i = 0; i < BBD_CACHE_ENTRIES; i++) {
    bbd_cache_entry_t *e = &c->e[i];
    if (e->key != NULL && e->gen == gen && strcmp(e->key, key) == 0) {
      c->hits++;
      return e;
    }
  }
  c->misses++;
  return NULL;
}

static void entry_clear(bbd_cache_entry_t *e) {
  free(e->key);
  free(e->body);
  memset(e, 0, sizeof *e);
}

void bbd_cache_put(bbd_cache_t *c, const char *key, uint64_t gen,
                   const char *body, size_t len, const char *content_type) {
  if (len > BBD_CACHE_MAX_BODY)
    return;
  /* Reuse the slot of the same key or a stale one before evicting. */
  bbd_cache_entry_t *slot = NULL;
  for (unsigned i = 0; i < BBD_CACHE_ENTRIES && slot == NULL; i++) {
    if (c->e[i].key != NULL && strcmp(c->e[i].key, key) == 0)
      slot = &c->e[i];
  }
  for (unsigned i = 0; i < BBD_CACHE_ENTRIES && slot == NULL; i++) {
    if (c->e[i].key == NULL || c->e[i].gen != gen)
      slot = &c->e[i];
  }
  if (slot == NULL) {
    slot = &c->e[c->next];
    c->next = (c->next + 1) % BBD_CACHE_ENTRIES;
  }
  entry_clear(slot);
  slot->key = strdup(key);
  slot->body = malloc(len ? len : 1);
  if (slot->key == NULL || slot->body == NULL) {
    entry_clear(slot);
    return;
  }
  memcpy(slot->body, body, len);
  slot->len = len;
  slot->gen = gen;
  slot->content_type = content_type;
}

void bbd_cache_clear(bbd_cache_t *c) {
  for (unsigned i = 0; i < BBD_CACHE_ENTRIES; i++)
    entry_clear(&c->e[i]);
  c->run_counts_ok = 0;
}

int bbd_cache_run_counts(bbd_cache_t *c, bbd_store_t *st, uint64_t gen,
                         int64_t counts[BBD_STORE_RUN_NSTATES]) {
  if (!c->run_counts_ok || c->run_counts_gen != gen) {
    int rc = bbd_store_run_counts(st, c->run_counts, NULL, 0);
    c->run_counts_ok = rc == 0;
    if (rc != 0)
      return rc;
    c->run_counts_gen = gen;
  }
  memcpy(counts, c->run_counts, sizeof c->run_counts);
  return 0;
}
