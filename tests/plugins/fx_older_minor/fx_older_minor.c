/* Fixture: built against ABI 1.0 (older minor than the worker's); must load and
 * run. */
#include <bbd/plugin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
static int add_run(void *state, uint64_t iters, char *err, size_t len) {
  uint64_t acc = 0;
  for (uint64_t i = 0; i < iters; i++) {
    acc += i;
    bbd_do_not_optimize(acc);
  }
  return 0;
}
static const bbd_benchmark_t b_add = {.size = sizeof(bbd_benchmark_t),
                                      .name = "ok/add",
                                      .summary = "healthy neighbour",
                                      .run = add_run};
static const bbd_benchmark_t *const benches[] = {&b_add, NULL};
static const bbd_plugin_t plugin = {.size = sizeof(bbd_plugin_t),
                                    .abi_major = 1,
                                    .abi_minor = 0,
                                    .name = "fx_older_minor",
                                    .version = "0.9",
                                    .benchmarks = benches};
BBD_PLUGIN_EXPORT int bbd_plugin_init(const bbd_host_t *host,
                                      const bbd_plugin_t **out, char *err,
                                      size_t errlen) {
  *out = &plugin;
  return 0;
}
