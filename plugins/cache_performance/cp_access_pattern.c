/*
 * access_pattern: the latency of one dependent load, by access order and
 * working-set size.
 *
 * Each working set is an array of 64-byte lines. Every line holds a pointer
 * to the next line to visit, so every load depends on the previous one and
 * the time per access is the load-to-use latency of wherever the line lives
 * (lmbench's lat_mem_rd technique). Only the visiting order differs:
 *
 *   sequential  0 -> 1 -> 2 -> ...             next-line prefetch hides DRAM
 *   strided     0 -> s -> 2s -> ... -> 1 -> 1+s  a new page every access
 *   random      a real random permutation       every access a cache miss
 *                                               once the set exceeds a level
 *
 * The sizes come from /sys/devices/system/cpu/cpu0/cache at setup (see
 * cp_level_bytes) and can be overridden with the `bytes` parameter, so a
 * latency-vs-size curve is a sweep over `bytes`.
 */
#include "cp_benches.h"
#include "cp_util.h"

#include <stdio.h>
#include <stdlib.h>

typedef enum ap_order { AP_SEQUENTIAL, AP_STRIDED, AP_RANDOM } ap_order_t;

typedef struct ap_state {
  unsigned char *mem; /* the working set, n lines */
  void **cursor;      /* where the chase resumes (kept across samples) */
  uint64_t accesses;  /* dependent loads per iteration */
  uint64_t bytes;     /* working-set size actually used */
} ap_state_t;

/* Fills order[0..n) with the visiting order of the lines. */
static void ap_order(const bbd_host_t *host, ap_order_t kind, uint32_t *order,
                     uint32_t n, uint32_t stride_lines) {
  uint32_t k = 0;
  switch (kind) {
  case AP_SEQUENTIAL:
    for (uint32_t i = 0; i < n; i++)
      order[i] = i;
    break;
  case AP_STRIDED:
    /* Every residue class modulo the stride in turn: a single pass that
     * visits each line exactly once, `stride` bytes apart. */
    for (uint32_t start = 0; start < stride_lines && start < n; start++)
      for (uint64_t j = start; j < n; j += stride_lines)
        order[k++] = (uint32_t)j;
    break;
  case AP_RANDOM:
    for (uint32_t i = 0; i < n; i++)
      order[i] = i;
    /* Keep line 0 first and shuffle the rest: linking the list in this order
     * then gives one cycle through all n lines. */
    cp_shuffle_u32(host, order + 1, n - 1);
    break;
  }
}

int cp_ap_build(const bbd_host_t *host, int kind, uint64_t bytes,
                uint64_t stride, unsigned char **mem_out, char *err,
                size_t errlen) {
  uint64_t n64 = bytes / CP_LINE;
  if (n64 < 2 || n64 > UINT32_MAX) {
    snprintf(err, errlen, "working set of %llu bytes is out of range",
             (unsigned long long)bytes);
    return -1;
  }
  uint32_t n = (uint32_t)n64;
  uint64_t stride_lines = stride / CP_LINE;
  if (stride_lines == 0)
    stride_lines = 1;
  if (stride_lines > n)
    stride_lines = n;
  unsigned char *mem = cp_alloc_lines((size_t)n * CP_LINE);
  uint32_t *order = malloc((size_t)n * sizeof *order);
  if (mem == NULL || order == NULL) {
    free(mem);
    free(order);
    snprintf(err, errlen, "cannot allocate a %llu-byte working set",
             (unsigned long long)bytes);
    return -1;
  }
  ap_order(host, (ap_order_t)kind, order, n, (uint32_t)stride_lines);
  for (uint32_t i = 0; i < n; i++) {
    void **line = (void **)(mem + (size_t)order[i] * CP_LINE);
    *line = mem + (size_t)order[(i + 1) % n] * CP_LINE;
  }
  free(order);
  *mem_out = mem;
  return 0;
}

uint64_t cp_ap_chase(unsigned char *mem, uint64_t steps) {
  void **p = (void **)mem;
  uint64_t seen = 0;
  do {
    p = (void **)*p;
    seen++;
  } while ((unsigned char *)p != mem && seen <= steps);
  return seen;
}

static int ap_setup(const bbd_host_t *host, const bbd_args_t *args,
                    void **state, char *err, size_t errlen, ap_order_t kind,
                    cp_level_t level) {
  static const char *const level_names[] = {"l1", "l2", "llc", "dram"};
  cp_cache_sizes_t c;
  cp_cache_sizes_read("/sys/devices/system/cpu/cpu0/cache", &c);
  uint64_t bytes = (uint64_t)wl_arg_int(host, args, "bytes", 0);
  if (bytes == 0)
    bytes = cp_level_bytes(&c, level);
  bytes = bytes / CP_LINE * CP_LINE;
  uint64_t stride = (uint64_t)wl_arg_int(host, args, "stride", 4096);
  uint64_t accesses = (uint64_t)wl_arg_int(host, args, "accesses", 1024);
  ap_state_t *st = calloc(1, sizeof *st);
  if (st == NULL) {
    snprintf(err, errlen, "out of memory");
    return -1;
  }
  if (cp_ap_build(host, kind, bytes, stride, &st->mem, err, errlen) != 0) {
    free(st);
    return -1;
  }
  st->cursor = (void **)st->mem;
  st->accesses = accesses;
  st->bytes = bytes;
  if (host->set_throughput != NULL)
    host->set_throughput(host, accesses * CP_LINE, accesses);
  /* The working-set size is the x axis of the latency curve: attach it to
   * the result, with the cache sizes it was derived from. */
  cp_metric(host, "working_set_bytes", (double)bytes);
  cp_metric(host, "l1d_bytes", (double)c.l1d);
  cp_metric(host, "l2_bytes", (double)c.l2);
  cp_metric(host, "llc_bytes", (double)c.llc);
  if (host->log != NULL)
    host->log(host, BBD_LOG_INFO,
              "access_pattern %s: working set %llu bytes (L1D %llu, L2 %llu, "
              "LLC %llu%s), %llu accesses/iteration",
              level_names[level], (unsigned long long)bytes,
              (unsigned long long)c.l1d, (unsigned long long)c.l2,
              (unsigned long long)c.llc,
              c.from_sysfs ? "" : ", fallback sizes: sysfs incomplete",
              (unsigned long long)accesses);
  *state = st;
  return 0;
}

static int ap_run(void *state, uint64_t iters, char *err, size_t errlen) {
  ap_state_t *st = state;
  void **p = st->cursor;
  const uint64_t steps = st->accesses;
  for (uint64_t i = 0; i < iters; i++) {
    for (uint64_t k = 0; k < steps; k++)
      p = (void **)*p;
    bbd_do_not_optimize(p);
  }
  st->cursor = p;
  return 0;
}

static void ap_teardown(void *state) {
  ap_state_t *st = state;
  if (st == NULL)
    return;
  free(st->mem);
  free(st);
}

static const bbd_param_t ap_params[] = {
    {"bytes", BBD_PARAM_INT, "0",
     "working-set size in bytes; 0 = chosen from the cache sizes in sysfs", 0,
     4ll << 30, NULL},
    {"accesses", BBD_PARAM_INT, "1024", "dependent loads per iteration", 1,
     1 << 24, NULL},
    {NULL, 0, NULL, NULL, 0, 0, NULL},
};

static const bbd_param_t ap_strided_params[] = {
    {"bytes", BBD_PARAM_INT, "0",
     "working-set size in bytes; 0 = chosen from the cache sizes in sysfs", 0,
     4ll << 30, NULL},
    {"accesses", BBD_PARAM_INT, "1024", "dependent loads per iteration", 1,
     1 << 24, NULL},
    {"stride", BBD_PARAM_INT, "4096",
     "distance between consecutive accesses, bytes (rounded to 64)", 64,
     1 << 24, NULL},
    {NULL, 0, NULL, NULL, 0, 0, NULL},
};

#define AP_BENCH(kind, KIND, lvl, LVL, plist, what)                            \
  static int ap_setup_##kind##_##lvl(const bbd_host_t *host,                   \
                                     const bbd_args_t *args, void **state,     \
                                     char *err, size_t errlen) {               \
    return ap_setup(host, args, state, err, errlen, KIND, LVL);                \
  }                                                                            \
  const bbd_benchmark_t cp_ap_##kind##_##lvl = {                               \
      .size = sizeof(bbd_benchmark_t),                                         \
      .name = "access_pattern/" #kind "/" #lvl,                                \
      .summary = what " dependent loads over a working set sized for " #lvl,   \
      .bytes_per_iter = 1024 * CP_LINE,                                        \
      .elements_per_iter = 1024,                                               \
      .params = plist,                                                         \
      .setup = ap_setup_##kind##_##lvl,                                        \
      .run = ap_run,                                                           \
      .teardown = ap_teardown,                                                 \
  };

AP_BENCH(sequential, AP_SEQUENTIAL, l1, CP_L1, ap_params, "sequential")
AP_BENCH(sequential, AP_SEQUENTIAL, l2, CP_L2, ap_params, "sequential")
AP_BENCH(sequential, AP_SEQUENTIAL, llc, CP_LLC, ap_params, "sequential")
AP_BENCH(sequential, AP_SEQUENTIAL, dram, CP_DRAM, ap_params, "sequential")
AP_BENCH(strided, AP_STRIDED, l1, CP_L1, ap_strided_params, "strided")
AP_BENCH(strided, AP_STRIDED, l2, CP_L2, ap_strided_params, "strided")
AP_BENCH(strided, AP_STRIDED, llc, CP_LLC, ap_strided_params, "strided")
AP_BENCH(strided, AP_STRIDED, dram, CP_DRAM, ap_strided_params, "strided")
AP_BENCH(random, AP_RANDOM, l1, CP_L1, ap_params, "random-order")
AP_BENCH(random, AP_RANDOM, l2, CP_L2, ap_params, "random-order")
AP_BENCH(random, AP_RANDOM, llc, CP_LLC, ap_params, "random-order")
AP_BENCH(random, AP_RANDOM, dram, CP_DRAM, ap_params, "random-order")
