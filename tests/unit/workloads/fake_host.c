/* The fake host table used by the workload plugin unit tests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fake_host.h"

__attribute__((format(printf, 3, 4))) static void
fh_log(const bbd_host_t *host, bbd_log_level_t level, const char *fmt, ...) {
  const fake_host_t *f = (const fake_host_t *)host;
  if (!f->verbose && level < BBD_LOG_WARN)
    return;
  va_list ap;
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

static uint64_t fh_now_ns(const bbd_host_t *host) {
  (void)host;
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* The textual value of `name`: an override if given, else the default. */
static const char *fh_lookup(const bbd_args_t *args, const char *name,
                             bbd_param_type_t *type) {
  if (args == NULL || args->params == NULL)
    return NULL;
  const bbd_param_t *p = args->params;
  for (; p->name != NULL; p++)
    if (strcmp(p->name, name) == 0)
      break;
  if (p->name == NULL)
    return NULL;
  *type = p->type;
  size_t len = strlen(name);
  for (const char *const *o = args->overrides; o != NULL && *o != NULL; o++)
    if (strncmp(*o, name, len) == 0 && (*o)[len] == '=')
      return *o + len + 1;
  return p->default_value;
}

static int fh_arg_int(const bbd_host_t *host, const bbd_args_t *args,
                      const char *name, int64_t *out) {
  (void)host;
  bbd_param_type_t t;
  const char *v = fh_lookup(args, name, &t);
  if (v == NULL || t != BBD_PARAM_INT)
    return -1;
  *out = strtoll(v, NULL, 10);
  return 0;
}

static int fh_arg_float(const bbd_host_t *host, const bbd_args_t *args,
                        const char *name, double *out) {
  (void)host;
  bbd_param_type_t t;
  const char *v = fh_lookup(args, name, &t);
  if (v == NULL || t != BBD_PARAM_FLOAT)
    return -1;
  *out = strtod(v, NULL);
  return 0;
}

static int fh_arg_bool(const bbd_host_t *host, const bbd_args_t *args,
                       const char *name, int *out) {
  (void)host;
  bbd_param_type_t t;
  const char *v = fh_lookup(args, name, &t);
  if (v == NULL || t != BBD_PARAM_BOOL)
    return -1;
  *out = strcmp(v, "true") == 0 || strcmp(v, "1") == 0;
  return 0;
}

static int fh_arg_str(const bbd_host_t *host, const bbd_args_t *args,
                      const char *name, const char **out) {
  (void)host;
  bbd_param_type_t t;
  const char *v = fh_lookup(args, name, &t);
  if (v == NULL || (t != BBD_PARAM_STRING && t != BBD_PARAM_ENUM))
    return -1;
  *out = v;
  return 0;
}

static void fh_set_throughput(const bbd_host_t *host, uint64_t bytes,
                              uint64_t elements) {
  fake_host_t *f = (fake_host_t *)(uintptr_t)host;
  f->bytes_per_iter = bytes;
  f->elements_per_iter = elements;
  f->throughput_set = 1;
}

static uint64_t fh_random_u64(const bbd_host_t *host) {
  fake_host_t *f = (fake_host_t *)(uintptr_t)host;
  /* splitmix64: any decent generator will do for a test. */
  uint64_t z = (f->rng += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

void fake_host_init(fake_host_t *f, uint64_t seed) {
  memset(f, 0, sizeof *f);
  f->host.size = sizeof(bbd_host_t);
  f->host.abi_major = BBD_PLUGIN_ABI_MAJOR;
  f->host.abi_minor = BBD_PLUGIN_ABI_MINOR;
  f->host.log = fh_log;
  f->host.now_ns = fh_now_ns;
  f->host.arg_int = fh_arg_int;
  f->host.arg_float = fh_arg_float;
  f->host.arg_bool = fh_arg_bool;
  f->host.arg_str = fh_arg_str;
  f->host.set_throughput = fh_set_throughput;
  f->host.random_u64 = fh_random_u64;
  f->rng = seed;
}

void fake_host_drive(fake_host_t *f, const bbd_benchmark_t *b,
                     const char *const *overrides, void **keep) {
  bbd_args_t args = {b->params, overrides};
  char err[256] = "";
  void *state = NULL;
  f->throughput_set = 0;
  if (b->setup != NULL) {
    int rc = b->setup(&f->host, &args, &state, err, sizeof err);
    if (rc != 0)
      fail_msg("%s: setup failed: %s", b->name, err);
  }
  for (uint64_t iters = 1; iters <= 3; iters += 2) {
    if (b->prepare != NULL && b->prepare(state, iters, err, sizeof err) != 0)
      fail_msg("%s: prepare failed: %s", b->name, err);
    if (b->run(state, iters, err, sizeof err) != 0)
      fail_msg("%s: run failed: %s", b->name, err);
  }
  /* Every benchmark reports a throughput, either statically or from its
   * parameters. */
  assert_true(b->bytes_per_iter > 0 || b->elements_per_iter > 0 ||
              (f->throughput_set &&
               (f->bytes_per_iter > 0 || f->elements_per_iter > 0)));
  if (keep != NULL) {
    *keep = state;
    return;
  }
  if (b->teardown != NULL)
    b->teardown(state);
}
