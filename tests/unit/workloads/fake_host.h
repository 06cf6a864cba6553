/*
 * A stand-in for the worker's host table, so the workload plugins' sources
 * can be compiled into unit tests and every benchmark driven through setup,
 * run and teardown without a worker process.
 */
#ifndef BBD_TEST_FAKE_HOST_H
#define BBD_TEST_FAKE_HOST_H

#include <bbd/plugin.h>

/* The arguments of one benchmark: its declared parameters, with defaults,
 * and optional overrides as "name=value" strings (NULL-terminated). */
struct bbd_args {
  const bbd_param_t *params;
  const char *const *overrides;
};

typedef struct fake_host {
  bbd_host_t host; /* first, so &fake.host == (bbd_host_t *)&fake */
  uint64_t rng;
  uint64_t bytes_per_iter;
  uint64_t elements_per_iter;
  int throughput_set;
  int verbose;
} fake_host_t;

/* Initialises the table with a fixed seed. */
void fake_host_init(fake_host_t *f, uint64_t seed);

/* Runs setup, run(1), run(3) and teardown of `b` with `overrides`, failing
 * the current cmocka test on any error. If keep != NULL the state is not
 * torn down but returned there (the caller calls b->teardown). */
void fake_host_drive(fake_host_t *f, const bbd_benchmark_t *b,
                     const char *const *overrides, void **keep);

#endif
