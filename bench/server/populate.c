/*
 * bench_server_populate DATA_DIR RUNS RESULTS_IN_BIG_RUN
 *
 * Fills a fresh data dir through the store API (the daemon must not be
 * running on it) with RUNS small done runs (1 result of 50 samples each,
 * tagged branch=main) plus one "big" run with RESULTS_IN_BIG_RUN results,
 * so the HTTP benchmarks in run.sh measure against a realistic history.
 * Prints the big run's id.
 */
#include "store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int add_result(bbd_store_t *st, int64_t run, const char *id,
                      double base) {
  enum { N = 50 };
  uint64_t iters[N];
  double ns[N];
  for (int i = 0; i < N; i++) {
    iters[i] = (uint64_t)(i + 1) * 1000;
    ns[i] = (double)iters[i] * base * (1.0 + 0.01 * ((i * 7) % 5));
  }
  bbd_store_result_new_t r;
  memset(&r, 0, sizeof r);
  r.bench_id = id;
  r.status = BBD_STORE_RESULT_OK;
  r.mean = r.median = r.slope = base;
  r.stddev = base * 0.01;
  r.ci_low = base * 0.99;
  r.ci_high = base * 1.01;
  r.estimates_json = "{\"mean\":{\"point\":1,\"lo\":0.9,\"hi\":1.1,\"se\":0.01}}";
  r.counters_json = "{\"task-clock\":{\"status\":\"ok\",\"per_iter\":1.0}}";
  r.warnings_json = "[]";
  r.iters = iters;
  r.ns = ns;
  r.n_samples = N;
  char err[256];
  if (bbd_store_result_insert(st, run, &r, NULL, err, sizeof err) != 0) {
    fprintf(stderr, "insert: %s\n", err);
    return -1;
  }
  return 0;
}

static int64_t add_run(bbd_store_t *st) {
  bbd_store_tag_t tags[] = {{"branch", "main"}, {"git_sha", "0123abcd"}};
  bbd_store_run_new_t nr;
  memset(&nr, 0, sizeof nr);
  nr.config_json = "{\"filters\":[\"x/*\"],\"settings\":{\"quick\":true}}";
  nr.tags = tags;
  nr.n_tags = 2;
  int64_t id = 0;
  char err[256];
  if (bbd_store_run_create(st, &nr, &id, err, sizeof err) != 0 ||
      bbd_store_run_set_state(st, id, BBD_STORE_RUN_RUNNING, NULL, err,
                              sizeof err) != 0) {
    fprintf(stderr, "run: %s\n", err);
    return -1;
  }
  return id;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s DATA_DIR RUNS RESULTS_IN_BIG_RUN\n", argv[0]);
    return 2;
  }
  long runs = strtol(argv[2], NULL, 10), big = strtol(argv[3], NULL, 10);
  bbd_store_t *st = NULL;
  char err[256];
  if (bbd_store_open(&st, argv[1], NULL, err, sizeof err) != 0) {
    fprintf(stderr, "open: %s\n", err);
    return 1;
  }
  for (long i = 0; i < runs; i++) {
    int64_t id = add_run(st);
    char bench[64];
    snprintf(bench, sizeof bench, "bench/hist/b%ld", i % 10);
    if (id < 0 || add_result(st, id, bench, 100.0 + (double)(i % 13)) != 0 ||
        bbd_store_run_set_state(st, id, BBD_STORE_RUN_DONE, NULL, err,
                                sizeof err) != 0)
      return 1;
  }
  int64_t id = add_run(st);
  for (long i = 0; i < big && id > 0; i++) {
    char bench[64];
    snprintf(bench, sizeof bench, "bench/big/b%03ld", i);
    if (add_result(st, id, bench, 10.0 + (double)i) != 0)
      return 1;
  }
  bbd_store_run_set_state(st, id, BBD_STORE_RUN_DONE, NULL, NULL, 0);
  bbd_store_close(st);
  printf("%lld\n", (long long)id);
  return 0;
}
