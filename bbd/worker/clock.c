#include "clock.h"

#include <stdio.h>
#include <string.h>

static int has_flag(const char *flags, const char *name) {
  size_t n = strlen(name);
  for (const char *p = flags; (p = strstr(p, name)) != NULL; p += n) {
    int start = p == flags || p[-1] == ' ' || p[-1] == '\t';
    int end = p[n] == ' ' || p[n] == '\n' || p[n] == '\0';
    if (start && end)
      return 1;
  }
  return 0;
}

void bbd_wk_tsc_probe(bbd_wk_tsc_info_t *t, int calibrate_ms) {
  memset(t, 0, sizeof *t);
  FILE *f = fopen("/proc/cpuinfo", "r");
  if (f) {
    char line[8192];
    while (fgets(line, sizeof line, f))
      if (strncmp(line, "flags", 5) == 0) {
        t->constant = has_flag(line, "constant_tsc");
        t->nonstop = has_flag(line, "nonstop_tsc");
        break;
      }
    fclose(f);
  }
#if BBD_WK_HAVE_TSC
  if (!t->constant || !t->nonstop || calibrate_ms <= 0)
    return;
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC_RAW, &a);
  uint64_t c0 = __rdtsc();
  uint64_t want = (uint64_t)calibrate_ms * 1000000u, ns = 0;
  do {
    clock_gettime(CLOCK_MONOTONIC_RAW, &b);
    ns = (uint64_t)(b.tv_sec - a.tv_sec) * 1000000000u + (uint64_t)b.tv_nsec -
         (uint64_t)a.tv_nsec;
  } while (ns < want);
  uint64_t c1 = __rdtsc();
  if (ns > 0 && c1 > c0)
    t->mhz = (double)(c1 - c0) * 1000.0 / (double)ns;
#endif
}

int bbd_wk_clock_init(bbd_wk_clock_t *c, int want_tsc,
                      const bbd_wk_tsc_info_t *t) {
  memset(c, 0, sizeof *c);
  if (!want_tsc)
    return 0;
  if (!BBD_WK_HAVE_TSC || t == NULL || !t->constant || !t->nonstop ||
      t->mhz <= 0)
    return -1;
  c->use_tsc = 1;
  c->ns_per_tick = 1000.0 / t->mhz;
  return 0;
}

double bbd_wk_core_mhz(void) {
#if defined(__x86_64__)
  double best = 0;
  for (int round = 0; round < 3; round++) {
    /* 64-bit imul has 3 cycles of latency on Intel since Core 2 and on AMD
     * Zen; dependent add-immediate chains are not used because recent
     * Intel cores fold them at rename and would read as > 5 GHz. */
    uint64_t x = 3, n = 100000; /* x 8 imul x 3 = 2.4M cycles, < 1 ms */
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC_RAW, &a);
    for (uint64_t i = 0; i < n; i++)
      __asm__ volatile("imul %0, %0\n\timul %0, %0\n\timul %0, %0\n\t"
                       "imul %0, %0\n\timul %0, %0\n\timul %0, %0\n\t"
                       "imul %0, %0\n\timul %0, %0"
                       : "+r"(x));
    clock_gettime(CLOCK_MONOTONIC_RAW, &b);
    double ns =
        (double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec);
    double mhz = ns > 0 ? (double)(24 * n) * 1000.0 / ns : 0;
    if (mhz > best)
      best = mhz;
  }
  return best;
#else
  return 0;
#endif
}
