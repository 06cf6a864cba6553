/*
 * The shared state between the allocation interposer (bbd-alloctrack.so,
 * LD_PRELOADed into the worker only when tracking is on) and the worker.
 * The worker finds it with dlsym(RTLD_DEFAULT, BBD_ALLOCTRACK_SYMBOL); when
 * the object is not loaded, malloc is glibc's own and costs nothing extra.
 *
 * The interposer counts only while `on` is set, which the worker does
 * immediately around the timed run() call. Counters are updated with
 * relaxed atomic loads and stores (cheap, see alloctrack.c), exact when one
 * thread allocates at a time.
 */
#ifndef BBD_WORKER_ALLOCTRACK_H
#define BBD_WORKER_ALLOCTRACK_H

#include <stdint.h>

#define BBD_ALLOCTRACK_SYMBOL "bbd_alloctrack_state"
#define BBD_ALLOCTRACK_VERSION 1u

enum {
  BBD_AT_MALLOC = 0,
  BBD_AT_CALLOC,
  BBD_AT_REALLOC,
  BBD_AT_FREE,
  BBD_AT_POSIX_MEMALIGN,
  BBD_AT_ALIGNED_ALLOC,
  BBD_AT_MEMALIGN,
  BBD_AT_NCALLS
};

typedef struct bbd_alloctrack {
  uint32_t version; /* BBD_ALLOCTRACK_VERSION */
  int on;           /* counting enabled (read/written atomically) */
  uint64_t calls[BBD_AT_NCALLS];
  uint64_t bytes; /* bytes requested by counted allocations */
  int64_t live;   /* usable bytes allocated minus freed while on */
  int64_t peak;   /* maximum of `live` since the last reset */
} bbd_alloctrack_t;

/* Exported by bbd-alloctrack.so. */
typedef bbd_alloctrack_t *(*bbd_alloctrack_state_fn)(void);

#endif
