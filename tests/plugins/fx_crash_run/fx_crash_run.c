/* Fixture: run() crashes, aborts, exits or fails; the healthy neighbour must
 * still run. */
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
static int segv_run(void *s, uint64_t iters, char *err, size_t len) {
  volatile uintptr_t addr = 0;        /* opaque to the optimizer */
  *(volatile int *)addr = (int)iters; /* SIGSEGV */
  return 0;
}
static int abort_run(void *s, uint64_t iters, char *err, size_t len) {
  abort();
}
static int exit_run(void *s, uint64_t iters, char *err, size_t len) {
  exit(3);
}
static int err_run(void *s, uint64_t iters, char *err, size_t len) {
  if (iters < 4)
    return 0; /* fail later, after warm-up started */
  snprintf(err, len, "fixture run error at %llu iterations",
           (unsigned long long)iters);
  return 1;
}
#define B(n, f)                                                                \
  { .size = sizeof(bbd_benchmark_t), .name = n, .run = f }
static const bbd_benchmark_t b_segv = B("run/segv", segv_run);
static const bbd_benchmark_t b_abort = B("run/abort", abort_run);
static const bbd_benchmark_t b_exit = B("run/exit", exit_run);
static const bbd_benchmark_t b_err = B("run/error", err_run);
static const bbd_benchmark_t *const benches[] = {&b_segv, &b_abort, &b_exit,
                                                 &b_err,  &b_add,   NULL};
static const bbd_plugin_t plugin = {.size = sizeof(bbd_plugin_t),
                                    .abi_major = BBD_PLUGIN_ABI_MAJOR,
                                    .abi_minor = BBD_PLUGIN_ABI_MINOR,
                                    .name = "fx_crash_run",
                                    .version = "1.0",
                                    .benchmarks = benches};
BBD_PLUGIN_EXPORT int bbd_plugin_init(const bbd_host_t *host,
                                      const bbd_plugin_t **out, char *err,
                                      size_t errlen) {
  *out = &plugin;
  return 0;
}
