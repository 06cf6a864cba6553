/* Fixture: setup() allocates and touches `bytes` (default 1 GiB); under
 * --mem-limit the allocation fails and setup reports it. */
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
static const bbd_param_t params[] = {{"bytes", BBD_PARAM_INT, "1073741824",
                                      "bytes to allocate", 1, (int64_t)1 << 40,
                                      NULL},
                                     {NULL, 0, NULL, NULL, 0, 0, NULL}};
static int huge_setup(const bbd_host_t *h, const bbd_args_t *a, void **st,
                      char *err, size_t len) {
  int64_t n = 0;
  h->arg_int(h, a, "bytes", &n);
  char *p = malloc((size_t)n);
  if (p == NULL) {
    snprintf(err, len, "malloc(%lld) failed", (long long)n);
    return 1;
  }
  for (int64_t i = 0; i < n; i += 4096)
    p[i] = 1; /* touch every page */
  *st = p;
  return 0;
}
static void huge_teardown(void *st) {
  free(st);
}
static const bbd_benchmark_t b_huge = {.size = sizeof(bbd_benchmark_t),
                                       .name = "mem/huge",
                                       .params = params,
                                       .setup = huge_setup,
                                       .run = add_run,
                                       .teardown = huge_teardown};
static const bbd_benchmark_t *const benches[] = {&b_huge, &b_add, NULL};
static const bbd_plugin_t plugin = {.size = sizeof(bbd_plugin_t),
                                    .abi_major = BBD_PLUGIN_ABI_MAJOR,
                                    .abi_minor = BBD_PLUGIN_ABI_MINOR,
                                    .name = "fx_huge_alloc",
                                    .version = "1.0",
                                    .benchmarks = benches};
BBD_PLUGIN_EXPORT int bbd_plugin_init(const bbd_host_t *host,
                                      const bbd_plugin_t **out, char *err,
                                      size_t errlen) {
  *out = &plugin;
  return 0;
}
