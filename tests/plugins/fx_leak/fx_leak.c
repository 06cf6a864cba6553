/* Fixture: run() leaks one 64-byte block per iteration. */
#include <bbd/plugin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int leak_run(void *s, uint64_t iters, char *err, size_t len) {
  void *(*volatile m)(size_t) = malloc;
  for (uint64_t i = 0; i < iters; i++) {
    void *p = m(64);
    bbd_do_not_optimize_ptr(p);
  }
  return 0;
}
static const bbd_benchmark_t b_leak = {.size = sizeof(bbd_benchmark_t),
                                       .name = "leak/malloc64",
                                       .summary =
                                           "leaks 64 bytes per iteration",
                                       .bytes_per_iter = 64,
                                       .run = leak_run};
static const bbd_benchmark_t *const benches[] = {&b_leak, NULL};
static const bbd_plugin_t plugin = {.size = sizeof(bbd_plugin_t),
                                    .abi_major = BBD_PLUGIN_ABI_MAJOR,
                                    .abi_minor = BBD_PLUGIN_ABI_MINOR,
                                    .name = "fx_leak",
                                    .version = "1.0",
                                    .benchmarks = benches};
BBD_PLUGIN_EXPORT int bbd_plugin_init(const bbd_host_t *host,
                                      const bbd_plugin_t **out, char *err,
                                      size_t errlen) {
  *out = &plugin;
  return 0;
}
