/* Fixture: a loop the compiler deletes (no bbd_do_not_optimize); the worker
 * must warn. */
#include <bbd/plugin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int gone_run(void *s, uint64_t iters, char *err, size_t len) {
  uint64_t acc = 0;
  for (uint64_t i = 0; i < iters; i++)
    acc += i * i; /* result unused: -O2 deletes the loop */
  (void)acc;
  return 0;
}
static const bbd_benchmark_t b_gone = {
    .size = sizeof(bbd_benchmark_t), .name = "loop/deleted", .run = gone_run};
static const bbd_benchmark_t *const benches[] = {&b_gone, NULL};
static const bbd_plugin_t plugin = {.size = sizeof(bbd_plugin_t),
                                    .abi_major = BBD_PLUGIN_ABI_MAJOR,
                                    .abi_minor = BBD_PLUGIN_ABI_MINOR,
                                    .name = "fx_optimized_away",
                                    .version = "1.0",
                                    .benchmarks = benches};
BBD_PLUGIN_EXPORT int bbd_plugin_init(const bbd_host_t *host,
                                      const bbd_plugin_t **out, char *err,
                                      size_t errlen) {
  *out = &plugin;
  return 0;
}
