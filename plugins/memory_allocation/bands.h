/*
 * Memory-efficiency bands of BeBytes' profiling guide, as one header-only
 * classifier that the plugin's tests, the daemon and bbctl can include (the
 * web report mirrors the same thresholds; see README.md).
 *
 *   allocations per operation   < 1 excellent (buffer reuse)
 *                               = 1 good      (one allocation per call)
 *                               > 1 poor      (several allocations)
 *
 *   overhead ratio              < 1.2        excellent
 *   (bytes allocated per op /   < 1.5        good
 *    payload bytes per op)      1.5 .. 2.0   fair (the guide names no band
 *                                            here; it is neither good nor
 *                                            "investigate")
 *                               > 2.0        poor (investigate)
 *
 * An "operation" is one encoded record. The worker reports allocations per
 * benchmark iteration; a benchmark whose iteration encodes several records
 * (elements_per_iter > 1, e.g. reuse/no_reuse: 100) is classified on
 * allocations per record, bbd_mem_per_element() below.
 *
 * "= 1" is judged with a 0.5% tolerance: the worker divides integer counts
 * by iteration counts, and a method that allocates once per call can show
 * 1.0 plus a stray allocation made by the first call of a sample.
 */
#ifndef BBD_MEMORY_BANDS_H
#define BBD_MEMORY_BANDS_H

#include <math.h>

typedef enum bbd_mem_band {
  BBD_MEM_BAND_UNKNOWN = 0, /* no measurement (NaN, negative, absent) */
  BBD_MEM_BAND_EXCELLENT = 1,
  BBD_MEM_BAND_GOOD = 2,
  BBD_MEM_BAND_FAIR = 3,
  BBD_MEM_BAND_POOR = 4
} bbd_mem_band_t;

#define BBD_MEM_BAND_ONE_TOLERANCE 0.005

/* Allocations (or bytes) per record: the worker's per-iteration figure
 * divided by the records per iteration (elements_per_iter; 0 counts as 1). */
static inline double bbd_mem_per_element(double per_iter,
                                         unsigned long long elements) {
  return elements > 1 ? per_iter / (double)elements : per_iter;
}

/* The band of an allocations-per-operation figure. */
static inline bbd_mem_band_t bbd_mem_band_allocs_per_op(double allocs) {
  if (!(allocs >= 0.0) || isinf(allocs))
    return BBD_MEM_BAND_UNKNOWN;
  if (allocs < 1.0 - BBD_MEM_BAND_ONE_TOLERANCE)
    return BBD_MEM_BAND_EXCELLENT;
  if (allocs <= 1.0 + BBD_MEM_BAND_ONE_TOLERANCE)
    return BBD_MEM_BAND_GOOD;
  return BBD_MEM_BAND_POOR;
}

/* The band of an overhead ratio (bytes allocated per operation divided by
 * the payload bytes per operation). */
static inline bbd_mem_band_t bbd_mem_band_overhead(double ratio) {
  if (!(ratio >= 0.0) || isinf(ratio))
    return BBD_MEM_BAND_UNKNOWN;
  if (ratio < 1.2)
    return BBD_MEM_BAND_EXCELLENT;
  if (ratio < 1.5)
    return BBD_MEM_BAND_GOOD;
  if (ratio <= 2.0)
    return BBD_MEM_BAND_FAIR;
  return BBD_MEM_BAND_POOR;
}

/* "excellent", "good", "fair", "poor" or "unknown". */
static inline const char *bbd_mem_band_name(bbd_mem_band_t band) {
  switch (band) {
  case BBD_MEM_BAND_EXCELLENT:
    return "excellent";
  case BBD_MEM_BAND_GOOD:
    return "good";
  case BBD_MEM_BAND_FAIR:
    return "fair";
  case BBD_MEM_BAND_POOR:
    return "poor";
  default:
    return "unknown";
  }
}

#endif
