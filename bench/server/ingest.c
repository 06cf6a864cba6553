/*
 * bench_server_ingest DATA_DIR RESULTS SAMPLES
 *
 * The daemon's ingest path without the worker: for each result, a worker
 * `result` JSON line (SAMPLES samples, two per-sample counters) is parsed
 * with cJSON and stored through bbd_results_store (conversion, bounds
 * checks, one store transaction), as queue.c does for every line a worker
 * writes. Prints samples/s.
 */
#include "results.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s DATA_DIR RESULTS SAMPLES\n", argv[0]);
    return 2;
  }
  long nres = strtol(argv[2], NULL, 10), ns = strtol(argv[3], NULL, 10);
  bbd_store_t *st = NULL;
  char err[256];
  if (bbd_store_open(&st, argv[1], NULL, err, sizeof err) != 0) {
    fprintf(stderr, "open: %s\n", err);
    return 1;
  }
  bbd_store_run_new_t nr;
  memset(&nr, 0, sizeof nr);
  int64_t run = 0;
  if (bbd_store_run_create(st, &nr, &run, err, sizeof err) != 0)
    return 1;
  /* One worker line, as docs/WORKER.md describes it. */
  cJSON *ev = cJSON_CreateObject();
  cJSON_AddStringToObject(ev, "event", "result");
  cJSON_AddStringToObject(ev, "id", "bench/x");
  cJSON_AddStringToObject(ev, "status", "ok");
  cJSON *smp = cJSON_AddObjectToObject(ev, "samples");
  cJSON *it = cJSON_AddArrayToObject(smp, "iters");
  cJSON *nsa = cJSON_AddArrayToObject(smp, "ns");
  cJSON *ctr = cJSON_AddObjectToObject(ev, "counters");
  cJSON *c1 = cJSON_AddObjectToObject(ctr, "task-clock");
  cJSON_AddStringToObject(c1, "status", "ok");
  cJSON *v1 = cJSON_AddArrayToObject(c1, "values");
  cJSON *c2 = cJSON_AddObjectToObject(ctr, "page-faults");
  cJSON_AddStringToObject(c2, "status", "ok");
  cJSON *v2 = cJSON_AddArrayToObject(c2, "values");
  for (long i = 0; i < ns; i++) {
    cJSON_AddItemToArray(it, cJSON_CreateNumber((double)(i + 1) * 100));
    cJSON_AddItemToArray(nsa, cJSON_CreateNumber((double)(i + 1) * 1234.5));
    cJSON_AddItemToArray(v1, cJSON_CreateNumber((double)(i + 1) * 1200.0));
    cJSON_AddItemToArray(v2, cJSON_CreateNumber(0));
  }
  char *line = cJSON_PrintUnformatted(ev);
  cJSON_Delete(ev);
  double t0 = now_s();
  for (long r = 0; r < nres; r++) {
    cJSON *doc = cJSON_Parse(line);
    char id[64];
    snprintf(id, sizeof id, "bench/x%ld", r);
    cJSON_ReplaceItemInObjectCaseSensitive(doc, "id", cJSON_CreateString(id));
    if (bbd_results_store(st, run, doc, "", NULL, err, sizeof err) != 0) {
      fprintf(stderr, "store: %s\n", err);
      return 1;
    }
    cJSON_Delete(doc);
  }
  double dt = now_s() - t0;
  printf("ingest via the daemon path: %ld results x %ld samples (+2 counter "
         "series) in %.3f s: %.0f samples/s, %.0f results/s\n",
         nres, ns, dt, (double)(nres * ns) / dt, (double)nres / dt);
  free(line);
  bbd_store_close(st);
  return 0;
}
