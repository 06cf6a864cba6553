/* Fixture: setup() crashes or fails; the healthy neighbour must still run. */
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
static int segv_setup(const bbd_host_t *h, const bbd_args_t *a, void **st,
                      char *err, size_t len) {
  volatile uintptr_t addr = 0; /* opaque to the optimizer */
  *(volatile int *)addr = 1;   /* SIGSEGV */
  return 0;
}
static int err_setup(const bbd_host_t *h, const bbd_args_t *a, void **st,
                     char *err, size_t len) {
  snprintf(err, len, "fixture refuses to set up");
  return 1;
}
static const bbd_benchmark_t b_segv = {.size = sizeof(bbd_benchmark_t),
                                       .name = "setup/segv",
                                       .setup = segv_setup,
                                       .run = add_run};
static const bbd_benchmark_t b_err = {.size = sizeof(bbd_benchmark_t),
                                      .name = "setup/error",
                                      .setup = err_setup,
                                      .run = add_run};
static const bbd_benchmark_t *const benches[] = {&b_segv, &b_err, &b_add, NULL};
static const bbd_plugin_t plugin = {.size = sizeof(bbd_plugin_t),
                                    .abi_major = BBD_PLUGIN_ABI_MAJOR,
                                    .abi_minor = BBD_PLUGIN_ABI_MINOR,
                                    .name = "fx_crash_setup",
                                    .version = "1.0",
                                    .benchmarks = benches};
BBD_PLUGIN_EXPORT int bbd_plugin_init(const bbd_host_t *host,
                                      const bbd_plugin_t **out, char *err,
                                      size_t errlen) {
  *out = &plugin;
  return 0;
}
