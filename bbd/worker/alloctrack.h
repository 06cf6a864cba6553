/*
 * The interface between the allocation interposer (bbd-alloctrack.so,
 * LD_PRELOADed into the worker only when tracking is on) and the worker.
 * The worker finds it with dlsym(RTLD_DEFAULT, BBD_ALLOCTRACK_SYMBOL); when
 * the object is not loaded, malloc is glibc's own and costs nothing extra.
 *
 * The interposer counts only while `on` is set, which the worker does
 * immediately around the timed run() call. Each thread counts into its own
 * slot with plain stores (no locked instructions, no sharing), so counts are
 * exact with any number of plugin threads; the worker sums the slots.
 */
#ifndef BBD_WORKER_ALLOCTRACK_H
#define BBD_WORKER_ALLOCTRACK_H

#include <stdint.h>

#define BBD_ALLOCTRACK_SYMBOL "bbd_alloctrack_state"
#define BBD_ALLOCTRACK_VERSION 2u

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

/* Totals over all threads since the last reset. */
typedef struct bbd_alloctrack_totals {
  uint64_t calls[BBD_AT_NCALLS];
  uint64_t bytes; /* bytes requested by counted allocations */
  int64_t live;   /* usable bytes allocated minus freed while on */
  /* Peak of live bytes. Exact when one thread allocated; with several, the
   * sum of each thread's own peak (an upper bound of the true peak). */
  int64_t peak;
  uint32_t threads; /* threads that allocated */
} bbd_alloctrack_totals_t;

typedef struct bbd_alloctrack {
  uint32_t version; /* BBD_ALLOCTRACK_VERSION */
  int on;           /* counting enabled (read/written atomically) */
  /* Zero every thread's counters. Call with `on` clear. */
  void (*reset)(void);
  /* Sum every thread's counters. Call with `on` clear. */
  void (*read)(bbd_alloctrack_totals_t *out);
} bbd_alloctrack_t;

/* Exported by bbd-alloctrack.so. */
typedef bbd_alloctrack_t *(*bbd_alloctrack_state_fn)(void);

#endif
