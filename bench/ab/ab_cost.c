/*
 * Benchmark plugin for measuring bbd's regression-detection power
 * (bench/ab/run.sh, docs/perf/ab.md).
 *
 * The per-iteration cost is a dependent chain of multiply-adds whose length
 * is fixed at compile time: BASE_STEPS * COST_PERMILLE / 1000. Building it
 * with -DCOST_PERMILLE=1000 and -DCOST_PERMILLE=1030 gives two plugins with
 * the same file name and benchmark ids whose work differs by exactly 3%
 * (a dependent chain cannot overlap, so time is linear in its length).
 *
 * The step count is read from the setup state, not used as a literal in the
 * loop, so both builds compile to the same machine code and differ only in
 * one constant: the change being measured is the work, not code layout.
 */
#include <bbd/plugin.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef COST_PERMILLE
#define COST_PERMILLE 1000
#endif
#ifndef BASE_STEPS
#define BASE_STEPS 2000
#endif

#define STR2(x) #x
#define STR(x) STR2(x)

/* Steps per iteration of this build; computed once, read by run(). */
static int spin_setup(const bbd_host_t *h, const bbd_args_t *a, void **st,
                      char *err, size_t len) {
  (void)h;
  (void)a;
  uint64_t *steps = malloc(sizeof *steps);
  if (steps == NULL) {
    snprintf(err, len, "out of memory");
    return 1;
  }
  *steps = (uint64_t)BASE_STEPS * COST_PERMILLE / 1000u;
  *st = steps;
  return 0;
}

static int spin_run(void *st, uint64_t iters, char *err, size_t len) {
  (void)err;
  (void)len;
  uint64_t steps = *(const uint64_t *)st;
  uint64_t x = 88172645463325252ull;
  for (uint64_t i = 0; i < iters; i++) {
    for (uint64_t k = 0; k < steps; k++)
      x = x * 0x9e3779b97f4a7c15ull + 1; /* each step waits for the last */
    bbd_do_not_optimize(x);
  }
  return 0;
}

static void spin_teardown(void *st) {
  free(st);
}

static const bbd_benchmark_t b_spin = {
    .size = sizeof(bbd_benchmark_t),
    .name = "cost/spin",
    .summary = "dependent multiply-add chain, length scaled by COST_PERMILLE",
    .elements_per_iter = 1,
    .setup = spin_setup,
    .run = spin_run,
    .teardown = spin_teardown,
};
static const bbd_benchmark_t *const benches[] = {&b_spin, NULL};
static const bbd_plugin_t plugin = {
    .size = sizeof(bbd_plugin_t),
    .abi_major = BBD_PLUGIN_ABI_MAJOR,
    .abi_minor = BBD_PLUGIN_ABI_MINOR,
    .name = "ab_cost",
    /* The version names the cost so a result shows which build ran. */
    .version = "1.0+permille." STR(COST_PERMILLE),
    .summary = "cost raised by a known percentage at compile time",
    .benchmarks = benches,
};

BBD_PLUGIN_EXPORT int bbd_plugin_init(const bbd_host_t *host,
                                      const bbd_plugin_t **out, char *err,
                                      size_t errlen) {
  (void)host;
  (void)err;
  (void)errlen;
  *out = &plugin;
  return 0;
}
