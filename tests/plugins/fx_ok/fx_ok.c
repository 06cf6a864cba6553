/* Fixture: a healthy plugin exercising every part of the ABI: parameters of
 * each type, the host API, prepare(), throughput and metrics, and known
 * allocation patterns for the allocation tracker's tests. */
#include <bbd/plugin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int add_run(void *state, uint64_t iters, char *err, size_t len) {
  uint64_t acc = 0;
  for (uint64_t i = 0; i < iters; i++) {
    acc += i;
    bbd_do_not_optimize(acc);
  }
  return 0;
}

typedef struct pstate {
  int64_t n;
  double f;
  int flag;
  const char *s;
  const char *mode;
  uint64_t rnd;
  uint64_t prepared;
} pstate_t;

static const bbd_param_t pparams[] = {
    {"n", BBD_PARAM_INT, "8", "an int", 1, 1000, NULL},
    {"f", BBD_PARAM_FLOAT, "0.5", "a float", 0, 0, NULL},
    {"flag", BBD_PARAM_BOOL, "false", "a bool", 0, 0, NULL},
    {"s", BBD_PARAM_STRING, "hello", "a string", 0, 0, NULL},
    {"mode", BBD_PARAM_ENUM, "be", "byte order", 0, 0, "be,le"},
    {NULL, 0, NULL, NULL, 0, 0, NULL}};

static int p_setup(const bbd_host_t *host, const bbd_args_t *args, void **state,
                   char *err, size_t len) {
  pstate_t *p = calloc(1, sizeof *p);
  if (p == NULL)
    return snprintf(err, len, "out of memory"), 1;
  if (host->arg_int(host, args, "n", &p->n) ||
      host->arg_float(host, args, "f", &p->f) ||
      host->arg_bool(host, args, "flag", &p->flag) ||
      host->arg_str(host, args, "s", &p->s) ||
      host->arg_str(host, args, "mode", &p->mode)) {
    free(p);
    snprintf(err, len, "argument lookup failed");
    return 1;
  }
  /* Type mismatches and unknown names must be refused by the host. */
  int64_t bad;
  if (host->arg_int(host, args, "f", &bad) == 0 ||
      host->arg_int(host, args, "nope", &bad) == 0) {
    free(p);
    snprintf(err, len, "host accepted a wrong lookup");
    return 1;
  }
  p->rnd = host->random_u64(host);
  host->set_throughput(host, (uint64_t)p->n, 1);
  if (BBD_HOST_HAS(host, set_metric)) {
    host->set_metric(host, "n_times_f", (double)p->n * p->f);
    host->set_metric(host, "flag", p->flag);
    host->set_metric(host, "mode_le", strcmp(p->mode, "le") == 0);
    host->set_metric(host, "s_len", (double)strlen(p->s));
    host->set_metric(host, "first_random_low16", (double)(p->rnd & 0xffff));
  }
  host->log(host, BBD_LOG_INFO, "setup n=%lld", (long long)p->n);
  *state = p;
  return 0;
}

static int p_prepare(void *state, uint64_t iters, char *err, size_t len) {
  ((pstate_t *)state)->prepared = iters;
  return 0;
}

static int p_run(void *state, uint64_t iters, char *err, size_t len) {
  pstate_t *p = state;
  if (p->prepared != iters)
    return snprintf(err, len, "prepare was not called with %llu",
                    (unsigned long long)iters),
           1;
  uint64_t acc = p->rnd;
  for (uint64_t i = 0; i < iters; i++)
    for (int64_t k = 0; k < p->n; k++) {
      acc = acc * 6364136223846793005ull + 1;
      bbd_do_not_optimize(acc);
    }
  return 0;
}

static void p_teardown(void *state) {
  free(state);
}

/* Allocation patterns: per iteration, exactly the calls named by `mode`. */
static const bbd_param_t aparams[] = {
    {"mode", BBD_PARAM_ENUM, "pair", "pattern", 0, 0, "pair,all,none"},
    {NULL, 0, NULL, NULL, 0, 0, NULL}};

static int a_setup(const bbd_host_t *host, const bbd_args_t *args, void **state,
                   char *err, size_t len) {
  const char *mode;
  if (host->arg_str(host, args, "mode", &mode))
    return snprintf(err, len, "no mode"), 1;
  *state = (void *)mode;
  return 0;
}

static int a_run(void *state, uint64_t iters, char *err, size_t len) {
  const char *mode = state;
  /* volatile function pointers: the compiler may not elide the pairs. */
  void *(*volatile m)(size_t) = malloc;
  void *(*volatile c)(size_t, size_t) = calloc;
  void *(*volatile r)(void *, size_t) = realloc;
  void (*volatile f)(void *) = free;
  if (!strcmp(mode, "none")) {
    for (uint64_t i = 0; i < iters; i++)
      bbd_clobber();
    return 0;
  }
  for (uint64_t i = 0; i < iters; i++) {
    /* "pair": malloc(100) + free. */
    void *p = m(100);
    bbd_do_not_optimize_ptr(p);
    f(p);
    if (!strcmp(mode, "all")) {
      void *q = c(4, 25); /* 100 bytes */
      q = r(q, 200);      /* realloc to 200 */
      void *al = NULL;
      if (posix_memalign(&al, 64, 64) != 0)
        return snprintf(err, len, "posix_memalign failed"), 1;
      void *aa = aligned_alloc(64, 128);
      bbd_do_not_optimize_ptr(q);
      bbd_do_not_optimize_ptr(al);
      bbd_do_not_optimize_ptr(aa);
      f(q);
      f(al);
      f(aa);
    }
  }
  return 0;
}

static const bbd_benchmark_t b_add = {
    .size = sizeof(bbd_benchmark_t),
    .name = "math/add",
    .summary = "adds integers",
    .elements_per_iter = 1,
    .run = add_run,
};
static const bbd_benchmark_t b_params = {
    .size = sizeof(bbd_benchmark_t),
    .name = "math/params",
    .summary = "uses every parameter type and the host API",
    .params = pparams,
    .setup = p_setup,
    .prepare = p_prepare,
    .run = p_run,
    .teardown = p_teardown,
};
static const bbd_benchmark_t b_alloc = {
    .size = sizeof(bbd_benchmark_t),
    .name = "alloc/pattern",
    .summary = "known allocation patterns",
    .bytes_per_iter = 50,
    .params = aparams,
    .setup = a_setup,
    .run = a_run,
};
static const bbd_benchmark_t b_noalloc = {
    .size = sizeof(bbd_benchmark_t),
    .flags = BBD_BENCH_NO_ALLOC_TRACKING | BBD_BENCH_FLAT_SAMPLING,
    .name = "alloc/untracked",
    .summary = "opts out of allocation tracking, flat sampling",
    .params = aparams,
    .setup = a_setup,
    .run = a_run,
};

static const bbd_benchmark_t *const benches[] = {&b_add, &b_params, &b_alloc,
                                                 &b_noalloc, NULL};
static const bbd_plugin_t plugin = {
    .size = sizeof(bbd_plugin_t),
    .abi_major = BBD_PLUGIN_ABI_MAJOR,
    .abi_minor = BBD_PLUGIN_ABI_MINOR,
    .name = "fx_ok",
    .version = "1.0",
    .summary = "healthy fixture",
    .benchmarks = benches,
};

BBD_PLUGIN_EXPORT int bbd_plugin_init(const bbd_host_t *host,
                                      const bbd_plugin_t **out, char *err,
                                      size_t errlen) {
  *out = &plugin;
  return 0;
}
