/*
 * The environment fingerprint stored with every run: CPU, clocksource, TSC
 * facts, governor, load, kernel, perf_event_paranoid, libpfm PMUs and the
 * per-counter status. Runs whose fingerprints differ are not silently
 * compared.
 */
#ifndef BBD_WORKER_ENV_H
#define BBD_WORKER_ENV_H

#include "alloc.h"
#include "clock.h"
#include "counters.h"

#include <cjson/cJSON.h>

typedef struct bbd_wk_env_in {
  const bbd_wk_counters_t *ctrs; /* trial-opened set */
  const bbd_wk_tsc_info_t *tsc;
  int use_tsc;
  int cpu; /* requested pinning, -1 none */
  const bbd_wk_alloc_t *alloc;
  double core_mhz; /* measured (bbd_wk_core_mhz), 0 if unknown */
} bbd_wk_env_in_t;

/* The fingerprint object (the value of the env event's "env"). */
cJSON *bbd_wk_env_json(const bbd_wk_env_in_t *in);

/* "cpu MHz" of /proc/cpuinfo, 0 if unknown. */
double bbd_wk_cpuinfo_mhz(void);

#endif
