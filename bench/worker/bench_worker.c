/* The kernels of kernels.h as a bbd plugin, for bench/worker/compare.sh. */
#include "kernels.h"

#include <bbd/plugin.h>
#include <stdlib.h>

static int k_setup(const bbd_host_t *h, const bbd_args_t *a, void **st,
                   char *err, size_t len) {
  kb_state_t *s = malloc(sizeof *s);
  if (s == NULL)
    return 1;
  kb_init(s);
  *st = s;
  return 0;
}

static void k_teardown(void *st) {
  free(st);
}

#define KERNEL_RUN(fn)                                                         \
  static int run_##fn(void *st, uint64_t iters, char *err, size_t len) {       \
    kb_state_t *s = st;                                                        \
    for (uint64_t i = 0; i < iters; i++)                                       \
      kb_##fn(s);                                                              \
    return 0;                                                                  \
  }
/* No loop at all: what the harness adds per call, spread over `iters`. */
static int run_noop(void *st, uint64_t iters, char *err, size_t len) {
  return 0;
}
KERNEL_RUN(empty)
KERNEL_RUN(memcpy64)
KERNEL_RUN(crc32_1k)
KERNEL_RUN(mulchain100)

#define BENCH(var, nm, fn, bytes)                                              \
  static const bbd_benchmark_t var = {.size = sizeof(bbd_benchmark_t),         \
                                      .name = nm,                              \
                                      .bytes_per_iter = bytes,                 \
                                      .setup = k_setup,                        \
                                      .run = run_##fn,                         \
                                      .teardown = k_teardown}
BENCH(b_noop, "k/noop", noop, 0);
BENCH(b_empty, "k/empty", empty, 0);
BENCH(b_memcpy, "k/memcpy64", memcpy64, 64);
BENCH(b_crc, "k/crc32_1k", crc32_1k, 1024);
BENCH(b_mul, "k/mulchain100", mulchain100, 0);

static const bbd_benchmark_t *const benches[] = {&b_noop, &b_empty, &b_memcpy,
                                                 &b_crc,  &b_mul,   NULL};
static const bbd_plugin_t plugin = {.size = sizeof(bbd_plugin_t),
                                    .abi_major = BBD_PLUGIN_ABI_MAJOR,
                                    .abi_minor = BBD_PLUGIN_ABI_MINOR,
                                    .name = "bench_worker",
                                    .version = "1",
                                    .benchmarks = benches};

BBD_PLUGIN_EXPORT int bbd_plugin_init(const bbd_host_t *host,
                                      const bbd_plugin_t **out, char *err,
                                      size_t errlen) {
  *out = &plugin;
  return 0;
}
