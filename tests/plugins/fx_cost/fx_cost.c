/*
 * Fixture: a benchmark whose per-iteration cost is a parameter, for
 * regression tests (`-p work=1000` costs about ten times `-p work=100`), and
 * a sleeping benchmark (task-clock far below wall time: "preempted").
 */
#include <bbd/plugin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static const bbd_param_t spin_params[] = {
    {"work", BBD_PARAM_INT, "100", "dependent multiply steps per iteration", 0,
     1000000000, NULL},
    {NULL, 0, NULL, NULL, 0, 0, NULL}};

static int spin_setup(const bbd_host_t *h, const bbd_args_t *a, void **st,
                      char *err, size_t len) {
  int64_t *w = malloc(sizeof *w);
  if (w == NULL || h->arg_int(h, a, "work", w) != 0) {
    free(w);
    snprintf(err, len, "bad work parameter");
    return 1;
  }
  *st = w;
  return 0;
}

static int spin_run(void *st, uint64_t iters, char *err, size_t len) {
  int64_t work = *(int64_t *)st;
  uint64_t x = 88172645463325252ull;
  for (uint64_t i = 0; i < iters; i++) {
    for (int64_t k = 0; k < work; k++)
      x = x * 0x9e3779b97f4a7c15ull + 1; /* dependent chain */
    bbd_do_not_optimize(x);
  }
  return 0;
}

static void spin_teardown(void *st) {
  free(st);
}

static const bbd_param_t sleep_params[] = {
    {"us", BBD_PARAM_INT, "200", "microseconds to sleep per iteration", 1,
     1000000, NULL},
    {NULL, 0, NULL, NULL, 0, 0, NULL}};

static int sleep_setup(const bbd_host_t *h, const bbd_args_t *a, void **st,
                       char *err, size_t len) {
  int64_t *us = malloc(sizeof *us);
  if (us == NULL || h->arg_int(h, a, "us", us) != 0) {
    free(us);
    snprintf(err, len, "bad us parameter");
    return 1;
  }
  *st = us;
  return 0;
}

static int sleep_run(void *st, uint64_t iters, char *err, size_t len) {
  int64_t us = *(int64_t *)st;
  for (uint64_t i = 0; i < iters; i++) {
    struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
    nanosleep(&ts, NULL);
  }
  return 0;
}

static const bbd_benchmark_t b_spin = {
    .size = sizeof(bbd_benchmark_t),
    .name = "cost/spin",
    .summary = "work dependent multiplies per iteration",
    .elements_per_iter = 1,
    .params = spin_params,
    .setup = spin_setup,
    .run = spin_run,
    .teardown = spin_teardown,
};
static const bbd_benchmark_t b_sleep = {
    .size = sizeof(bbd_benchmark_t),
    .flags = BBD_BENCH_FLAT_SAMPLING,
    .name = "cost/sleep",
    .summary = "sleeps us microseconds per iteration",
    .params = sleep_params,
    .setup = sleep_setup,
    .run = sleep_run,
    .teardown = spin_teardown,
};
static const bbd_benchmark_t *const benches[] = {&b_spin, &b_sleep, NULL};
static const bbd_plugin_t plugin = {
    .size = sizeof(bbd_plugin_t),
    .abi_major = BBD_PLUGIN_ABI_MAJOR,
    .abi_minor = BBD_PLUGIN_ABI_MINOR,
    .name = "fx_cost",
    .version = "1.0",
    .summary = "tunable per-iteration cost",
    .benchmarks = benches,
};

BBD_PLUGIN_EXPORT int bbd_plugin_init(const bbd_host_t *host,
                                      const bbd_plugin_t **out, char *err,
                                      size_t errlen) {
  *out = &plugin;
  return 0;
}
