/*
 * The timer around run(): CLOCK_MONOTONIC by default; the TSC only when the
 * CPU says it is invariant (constant_tsc and nonstop_tsc) and its frequency
 * was calibrated against CLOCK_MONOTONIC_RAW.
 */
#ifndef BBD_WORKER_CLOCK_H
#define BBD_WORKER_CLOCK_H

#include <stdint.h>
#include <time.h>
#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#define BBD_WK_HAVE_TSC 1
#else
#define BBD_WK_HAVE_TSC 0
#endif

typedef struct bbd_wk_tsc_info {
  int constant, nonstop; /* /proc/cpuinfo flags */
  double mhz;            /* calibrated, 0 if not */
} bbd_wk_tsc_info_t;

typedef struct bbd_wk_clock {
  int use_tsc;
  double ns_per_tick; /* TSC only */
} bbd_wk_clock_t;

/* Reads the TSC flags and, if both are present, calibrates for `ms`. */
void bbd_wk_tsc_probe(bbd_wk_tsc_info_t *t, int calibrate_ms);

/* The core clock actually running this thread, in MHz, measured with a
 * chain of dependent 64-bit multiplies (three cycles of latency each on
 * Intel since Core 2 and AMD since Zen): immune to turbo and to a TSC that
 * ticks at the nominal rate. Takes a few ms; 0 where unsupported. */
double bbd_wk_core_mhz(void);

/* Selects the TSC when asked for and usable; returns 0, or -1 when it fell
 * back to CLOCK_MONOTONIC. */
int bbd_wk_clock_init(bbd_wk_clock_t *c, int want_tsc,
                      const bbd_wk_tsc_info_t *t);

static inline uint64_t bbd_wk_mono_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Raw reading: ns for the monotonic clock, ticks for the TSC. */
static inline uint64_t bbd_wk_clock_start(const bbd_wk_clock_t *c) {
#if BBD_WK_HAVE_TSC
  if (c->use_tsc) {
    _mm_lfence(); /* earlier instructions retire before the read */
    return __rdtsc();
  }
#endif
  return bbd_wk_mono_ns();
}

static inline uint64_t bbd_wk_clock_stop(const bbd_wk_clock_t *c) {
#if BBD_WK_HAVE_TSC
  if (c->use_tsc) {
    unsigned aux;
    uint64_t t = __rdtscp(&aux); /* waits for the timed code to finish */
    _mm_lfence();
    return t;
  }
#endif
  return bbd_wk_mono_ns();
}

static inline uint64_t bbd_wk_clock_ns(const bbd_wk_clock_t *c,
                                       uint64_t delta) {
  if (c->use_tsc)
    return (uint64_t)((double)delta * c->ns_per_tick + 0.5);
  return delta;
}

#endif
