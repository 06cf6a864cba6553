/*
 * The worker's side of allocation tracking: finding the interposer (when it
 * was preloaded), switching it around the timed call, reading deltas, and
 * the re-exec that preloads it in the first place.
 */
#ifndef BBD_WORKER_ALLOC_H
#define BBD_WORKER_ALLOC_H

#include "alloctrack.h"

#include <stddef.h>

#define BBD_ALLOCTRACK_ENV_ACTIVE "BBD_ALLOCTRACK_ACTIVE"
#define BBD_ALLOCTRACK_ENV_ORIG "BBD_ALLOCTRACK_ORIG_PRELOAD"
#define BBD_ALLOCTRACK_ENV_PATH "BBD_ALLOCTRACK"
#define BBD_ALLOCTRACK_FILE "bbd-alloctrack.so"

typedef enum bbd_wk_alloc_status {
  BBD_ALLOC_OFF = 0,
  BBD_ALLOC_ON,
  BBD_ALLOC_UNAVAILABLE
} bbd_wk_alloc_status_t;

typedef struct bbd_wk_alloc {
  bbd_wk_alloc_status_t status;
  bbd_alloctrack_t *st; /* NULL unless status is ON */
  char reason[200];     /* why UNAVAILABLE */
} bbd_wk_alloc_t;

/* One sample's allocation activity (see bbd_alloctrack_totals_t). */
typedef bbd_alloctrack_totals_t bbd_wk_alloc_delta_t;

/* "off", "on"/"ok", "unavailable". */
const char *bbd_wk_alloc_status_name(bbd_wk_alloc_status_t s);

/*
 * Called first thing in main() when tracking is wanted: if the interposer is
 * not loaded yet, re-executes /proc/self/exe with it preloaded (does not
 * return on success). When it is loaded, restores the caller's LD_PRELOAD so
 * children the plugin spawns are not tracked. Returns normally when the
 * re-exec is impossible; bbd_wk_alloc_init then reports why.
 */
void bbd_wk_alloc_reexec(char **argv);

/* Locates the tracker state and checks that it sees allocations. */
void bbd_wk_alloc_init(bbd_wk_alloc_t *a, int wanted);

/* Zeroes the counters and switches counting on; switches it off and reads
 * the totals. Both happen outside the two clock reads. */
static inline void bbd_wk_alloc_begin(bbd_wk_alloc_t *a) {
  bbd_alloctrack_t *s = a->st;
  if (s == NULL)
    return;
  s->reset();
  __atomic_store_n(&s->on, 1, __ATOMIC_SEQ_CST);
}

static inline void bbd_wk_alloc_end(bbd_wk_alloc_t *a,
                                    bbd_wk_alloc_delta_t *d) {
  bbd_alloctrack_t *s = a->st;
  if (s == NULL) {
    *d = (bbd_wk_alloc_delta_t){{0}, 0, 0, 0, 0};
    return;
  }
  __atomic_store_n(&s->on, 0, __ATOMIC_SEQ_CST);
  s->read(d);
}

/* Names of the counted calls, indexed by BBD_AT_*. */
const char *bbd_wk_alloc_call_name(int kind);

#endif
