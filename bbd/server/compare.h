/*
 * Unpaired comparison of two stored runs, in three phases so the heavy
 * bootstrap can run off the loop thread:
 *   1. bbd_cmp_load     (loop thread: reads the store)
 *   2. bbd_cmp_compute  (any thread: pure statistics, no store access)
 *   3. bbd_cmp_json / bbd_cmp_store_verdicts (loop thread)
 * Used by GET /api/v1/compare (all phases in the request) and by the queue
 * when a run with compare_to finishes (phase 2 in the libuv thread pool).
 */
#ifndef BBD_SERVER_COMPARE_H
#define BBD_SERVER_COMPARE_H

#include "../stats/stats.h"
#include "../store/store.h"

#include <cjson/cJSON.h>

/* The per-iteration value compared: wall time (ns[i] / iters[i], the
 * default) or CPU time from the task-clock counter series
 * (task_clock[i] / iters[i]), which ignores time the benchmark spent
 * descheduled on a loaded machine. */
typedef enum bbd_cmp_metric {
  BBD_CMP_METRIC_WALL = 0,
  BBD_CMP_METRIC_CPU = 1,
} bbd_cmp_metric_t;

/* "wall" / "cpu" <-> metric; from_name returns BBD_EINVAL on other names. */
const char *bbd_cmp_metric_name(bbd_cmp_metric_t m);
int bbd_cmp_metric_from_name(const char *name, bbd_cmp_metric_t *out);

typedef struct bbd_cmp_opts {
  bbd_stats_config_t stats;
  bbd_multiplicity_t mult;
  int force;               /* compare even if environments differ */
  const char *bench_glob;  /* NULL = every benchmark */
  bbd_cmp_metric_t metric; /* what a sample's per-iteration value is */
} bbd_cmp_opts_t;

typedef struct bbd_cmp bbd_cmp_t;

/* Fills o with the defaults (threshold 5%, alpha 0.05, Holm, mean). */
void bbd_cmp_opts_default(bbd_cmp_opts_t *o);

int bbd_cmp_load(bbd_store_t *st, int64_t a_run, int64_t b_run,
                 const bbd_cmp_opts_t *o, bbd_cmp_t **out, char *err,
                 size_t errlen);
void bbd_cmp_compute(bbd_cmp_t *c);
/* The /compare response document. */
cJSON *bbd_cmp_json(const bbd_cmp_t *c, const char *a_baseline,
                    const char *b_baseline);
/* Writes each compared result's verdict onto run b's results. */
int bbd_cmp_store_verdicts(const bbd_cmp_t *c, bbd_store_t *st,
                           const char *baseline, char *err, size_t errlen);
int bbd_cmp_comparable(const bbd_cmp_t *c);
void bbd_cmp_free(bbd_cmp_t *c);

/* Flattens a worker env fingerprint into the keys the stats module
 * compares (cpu_model, kernel, governor, counter_mode, clocksource, arch). */
cJSON *bbd_env_flatten(const cJSON *env);

#endif
