/*
 * skeleton.c — a complete bbd workload plugin to copy and adapt.
 *
 * A plugin is a shared object NAME.so exporting exactly one function,
 * bbd_plugin_init(). The file name (without ".so") must equal the plugin's
 * `name` below. Everything a plugin needs is in <bbd/plugin.h>; it links
 * against nothing of bbd.
 *
 * Build it out of tree against an installed bbd:
 *
 *   make                      # uses `pkg-config --cflags bbd-plugin`
 *   # or
 *   cmake -S . -B build && cmake --build build
 *
 * and try it without a daemon:
 *
 *   bbd-worker describe ./skeleton.so
 *   bbd-worker run ./skeleton.so --quick
 *   bbd-worker run ./skeleton.so example/sum -p n=4096 --json
 *
 * Then copy skeleton.so into a plugin directory of the daemon.
 */
#include <bbd/plugin.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Benchmark 1: example/sum — sums an array of n integers                   */
/* ------------------------------------------------------------------------ */

/*
 * Parameters are declared with a type and a textual default. The worker
 * validates user values (`-p n=4096`, or the web form) against the type and
 * the [min, max] range BEFORE setup() runs, so setup() can trust them. The
 * array ends with an entry whose name is NULL.
 */
static const bbd_param_t sum_params[] = {
    {.name = "n",
     .type = BBD_PARAM_INT,
     .default_value = "1024",
     .summary = "number of 64-bit integers to sum",
     .min = 1,
     .max = 1 << 24},
    {.name = NULL},
};

/* The state setup() allocates and run() uses. */
typedef struct sum_state {
  uint64_t *data;
  size_t n;
} sum_state_t;

/*
 * setup() runs once per measured benchmark, untimed. Read the parameters
 * with the host's arg_* functions, allocate inputs, and store the state.
 * On failure write a one-line reason into err and return non-zero: the
 * result is recorded as failed with that reason.
 */
static int sum_setup(const bbd_host_t *host, const bbd_args_t *args,
                     void **state, char *err, size_t errlen) {
  int64_t n = 0;
  if (host->arg_int(host, args, "n", &n) != 0) {
    snprintf(err, errlen, "parameter n missing");
    return 1;
  }
  sum_state_t *s = malloc(sizeof *s);
  if (s == NULL) {
    snprintf(err, errlen, "out of memory");
    return 1;
  }
  s->n = (size_t)n;
  s->data = malloc(s->n * sizeof *s->data);
  if (s->data == NULL) {
    snprintf(err, errlen, "cannot allocate %zu integers", s->n);
    free(s);
    return 1;
  }
  /* random_u64() is seeded by the run (--seed): the same inputs on every
   * run and on both sides of an A/B comparison. */
  for (size_t i = 0; i < s->n; i++)
    s->data[i] = host->random_u64(host) >> 8;
  /* Throughput depends on a parameter, so it is set here instead of in the
   * static descriptor: bytes and elements processed per iteration. */
  host->set_throughput(host, s->n * sizeof *s->data, s->n);
  *state = s;
  return 0;
}

/*
 * run() is the ONLY timed call. It must perform the operation exactly
 * `iters` times. bbd_do_not_optimize() makes the compiler believe the value
 * is used, so the loop cannot be deleted; results below one CPU cycle per
 * iteration are flagged "optimized away?" by the worker.
 */
static int sum_run(void *state, uint64_t iters, char *err, size_t errlen) {
  const sum_state_t *s = state;
  (void)err; /* run() cannot fail here */
  (void)errlen;
  for (uint64_t it = 0; it < iters; it++) {
    uint64_t acc = 0;
    for (size_t i = 0; i < s->n; i++)
      acc += s->data[i];
    bbd_do_not_optimize(acc);
  }
  return 0;
}

/* teardown() releases what setup() allocated. */
static void sum_teardown(void *state) {
  sum_state_t *s = state;
  free(s->data);
  free(s);
}

/* ------------------------------------------------------------------------ */
/* Benchmark 2: example/sort — needs fresh input for every iteration        */
/* ------------------------------------------------------------------------ */

/*
 * Sorting destroys its input, so each iteration needs its own unsorted copy.
 * prepare(iters) runs UNTIMED before every sample (and warm-up batch) and
 * builds exactly `iters` inputs; run(iters) then consumes them. This is
 * Criterion's iter_batched.
 */
typedef struct sort_state {
  const bbd_host_t *host;
  uint32_t *master; /* the unsorted input */
  uint32_t *work;   /* iters copies, rebuilt by prepare() */
  size_t n;
  uint64_t capacity; /* copies `work` can hold */
} sort_state_t;

static const bbd_param_t sort_params[] = {
    {.name = "n",
     .type = BBD_PARAM_INT,
     .default_value = "256",
     .summary = "elements per sort",
     .min = 2,
     .max = 65536},
    {.name = NULL},
};

static int sort_setup(const bbd_host_t *host, const bbd_args_t *args,
                      void **state, char *err, size_t errlen) {
  int64_t n = 0;
  host->arg_int(host, args, "n", &n);
  sort_state_t *s = calloc(1, sizeof *s);
  if (s == NULL || (s->master = malloc((size_t)n * sizeof(uint32_t))) == NULL) {
    free(s);
    snprintf(err, errlen, "out of memory");
    return 1;
  }
  s->host = host;
  s->n = (size_t)n;
  for (size_t i = 0; i < s->n; i++)
    s->master[i] = (uint32_t)host->random_u64(host);
  host->set_throughput(host, s->n * sizeof(uint32_t), s->n);
  *state = s;
  return 0;
}

static int sort_prepare(void *state, uint64_t iters, char *err, size_t errlen) {
  sort_state_t *s = state;
  if (iters > s->capacity) {
    /* Grow only: most samples reuse the buffer. Bound the memory so a huge
     * iteration count fails cleanly instead of exhausting the machine. */
    if (iters > (UINT64_C(1) << 30) / (s->n * sizeof(uint32_t))) {
      snprintf(err, errlen, "%llu iterations need more than 1 GiB",
               (unsigned long long)iters);
      return 1;
    }
    uint32_t *w = realloc(s->work, (size_t)iters * s->n * sizeof(uint32_t));
    if (w == NULL) {
      snprintf(err, errlen, "out of memory");
      return 1;
    }
    s->work = w;
    s->capacity = iters;
  }
  for (uint64_t i = 0; i < iters; i++)
    memcpy(s->work + i * s->n, s->master, s->n * sizeof(uint32_t));
  return 0;
}

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}

static int sort_run(void *state, uint64_t iters, char *err, size_t errlen) {
  sort_state_t *s = state;
  (void)err;
  (void)errlen;
  for (uint64_t i = 0; i < iters; i++)
    qsort(s->work + i * s->n, s->n, sizeof(uint32_t), cmp_u32);
  /* The sorted arrays must count as used. */
  bbd_do_not_optimize_ptr(s->work);
  bbd_clobber();
  return 0;
}

static void sort_teardown(void *state) {
  sort_state_t *s = state;
  free(s->work);
  free(s->master);
  free(s);
}

/* ------------------------------------------------------------------------ */
/* The descriptor                                                           */
/* ------------------------------------------------------------------------ */

/*
 * Each benchmark is a static struct. Always set .size = sizeof(...) (the
 * worker uses it to tell which fields your build of the header knows).
 * Names are group/name[/param] with parts of [a-z0-9_.-]; the full id is
 * "skeleton/example/sum". Fields not set are zero: no flags, no throughput,
 * no params, no prepare.
 */
static const bbd_benchmark_t sum_bench = {
    .size = sizeof(bbd_benchmark_t),
    .name = "example/sum",
    .summary = "sum of n 64-bit integers",
    .params = sum_params,
    .setup = sum_setup,
    .run = sum_run,
    .teardown = sum_teardown,
};

static const bbd_benchmark_t sort_bench = {
    .size = sizeof(bbd_benchmark_t),
    .name = "example/sort",
    .summary = "qsort of n random 32-bit integers (fresh input each time)",
    .params = sort_params,
    .setup = sort_setup,
    .prepare = sort_prepare,
    .run = sort_run,
    .teardown = sort_teardown,
};

/* A NULL-terminated array of POINTERS to the benchmarks. */
static const bbd_benchmark_t *const benchmarks[] = {&sum_bench, &sort_bench,
                                                    NULL};

static const bbd_plugin_t plugin = {
    .size = sizeof(bbd_plugin_t),
    /* The ABI version this file was compiled against: a worker with another
     * major refuses the plugin with a message naming both versions. */
    .abi_major = BBD_PLUGIN_ABI_MAJOR,
    .abi_minor = BBD_PLUGIN_ABI_MINOR,
    .name = "skeleton", /* must equal the file name skeleton.so */
    .version = "1.0.0",
    .summary = "template plugin: copy me",
    .benchmarks = benchmarks,
};

/*
 * The one exported function. Called once per worker process before any
 * benchmark. Keep it cheap: return the static descriptor. The host table is
 * also passed to setup(); host->abi_minor tells which appended functions
 * exist (or use BBD_HOST_HAS(host, field)).
 */
BBD_PLUGIN_EXPORT int bbd_plugin_init(const bbd_host_t *host,
                                      const bbd_plugin_t **out, char *err,
                                      size_t errlen) {
  (void)host;
  (void)err;
  (void)errlen;
  *out = &plugin;
  return 0;
}
