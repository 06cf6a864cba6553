/*
 * Fixture: every iteration touches `pages` fresh 4 KiB pages (mapped
 * untimed in prepare() with MADV_NOHUGEPAGE), so minor-faults per iteration
 * is exactly `pages`: the oracle for the counter pipeline end to end.
 */
#include <bbd/plugin.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

typedef struct st {
  int64_t pages;
  char *map;
  size_t len;
} st_t;

static const bbd_param_t params[] = {{"pages", BBD_PARAM_INT, "4",
                                      "fresh pages touched per iteration", 1,
                                      4096, NULL},
                                     {NULL, 0, NULL, NULL, 0, 0, NULL}};

static int pg_setup(const bbd_host_t *h, const bbd_args_t *a, void **out,
                    char *err, size_t len) {
  st_t *s = calloc(1, sizeof *s);
  if (s == NULL || h->arg_int(h, a, "pages", &s->pages) != 0) {
    free(s);
    snprintf(err, len, "bad pages parameter");
    return 1;
  }
  h->set_throughput(h, (uint64_t)s->pages * 4096, (uint64_t)s->pages);
  *out = s;
  return 0;
}

static void unmap(st_t *s) {
  if (s->map != NULL)
    munmap(s->map, s->len);
  s->map = NULL;
}

static int pg_prepare(void *vs, uint64_t iters, char *err, size_t len) {
  st_t *s = vs;
  unmap(s);
  s->len = (size_t)iters * (size_t)s->pages * 4096;
  void *m = mmap(NULL, s->len, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED) {
    snprintf(err, len, "mmap of %zu bytes failed", s->len);
    return 1;
  }
  madvise(m, s->len, MADV_NOHUGEPAGE);
  s->map = m;
  return 0;
}

/* Not instrumented: under AddressSanitizer the checks would fault in shadow
 * pages and the fault count would no longer be exact. */
__attribute__((no_sanitize_address)) static int pg_run(void *vs, uint64_t iters,
                                                       char *err, size_t len) {
  st_t *s = vs;
  size_t n = (size_t)iters * (size_t)s->pages;
  for (size_t i = 0; i < n; i++)
    s->map[i * 4096] = 1;
  bbd_do_not_optimize_ptr(s->map);
  return 0;
}

static void pg_teardown(void *vs) {
  unmap(vs);
  free(vs);
}

static const bbd_benchmark_t b_touch = {
    .size = sizeof(bbd_benchmark_t),
    .flags = BBD_BENCH_FLAT_SAMPLING,
    .name = "pages/touch",
    .summary = "touches fresh pages",
    .params = params,
    .setup = pg_setup,
    .prepare = pg_prepare,
    .run = pg_run,
    .teardown = pg_teardown,
};
static const bbd_benchmark_t *const benches[] = {&b_touch, NULL};
static const bbd_plugin_t plugin = {
    .size = sizeof(bbd_plugin_t),
    .abi_major = BBD_PLUGIN_ABI_MAJOR,
    .abi_minor = BBD_PLUGIN_ABI_MINOR,
    .name = "fx_pages",
    .version = "1.0",
    .benchmarks = benches,
};

BBD_PLUGIN_EXPORT int bbd_plugin_init(const bbd_host_t *host,
                                      const bbd_plugin_t **out, char *err,
                                      size_t errlen) {
  *out = &plugin;
  return 0;
}
