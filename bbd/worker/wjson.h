/*
 * JSON emitters of the worker (cJSON): the describe document, error
 * documents, counter status maps and measured samples, in the shapes
 * documented in docs/WORKER.md. Shared by the worker commands and usable by
 * the daemon.
 */
#ifndef BBD_WORKER_WJSON_H
#define BBD_WORKER_WJSON_H

#include "alloc.h"
#include "counters.h"
#include "host.h"
#include "loader.h"
#include "measure.h"

#include <cjson/cJSON.h>

#define BBD_WK_SCHEMA_VERSION 1

/* Writes the object as one line (unformatted + "\n") to fd, completely.
 * 0 or -1. */
int bbd_wk_json_write(int fd, const cJSON *obj);

/* {"error":{"code":NAME,"message":...,"detail":{"file":...,"reason":...}}};
 * returns the object so callers can add detail fields. */
cJSON *bbd_wk_error_json(int code, const char *file, const char *reason);

/* Turns an error document into an event {"event":"error","error":...}
 * ("event" first, as in every event); consumes doc. */
cJSON *bbd_wk_error_event(cJSON *doc);

/* The detail object of an error document. */
cJSON *bbd_wk_error_detail(cJSON *errdoc);

/* The describe document of a validated plugin. */
cJSON *bbd_wk_describe_json(const bbd_wk_plugin_t *pl);

/* {"name":{"status":..,"errno":..,"errno_name":..,"group":..,"fstr":..}} */
cJSON *bbd_wk_counters_status_json(const bbd_wk_counters_t *cs);

/* {"name":"value",...} of validated arguments. */
cJSON *bbd_wk_args_json(const bbd_args_t *a);

/* Adds "samples", "counters" and "alloc" to obj. */
void bbd_wk_json_add_measurements(cJSON *obj, const bbd_wk_samples_t *s,
                                  const bbd_wk_counters_t *cs,
                                  const bbd_wk_alloc_t *a,
                                  uint64_t bytes_per_iter);

/* Adds "summary" and appends to the "warnings" array of obj (created if
 * absent). cpu_mhz converts ns to cycles when no cycles counter is ok. */
void bbd_wk_json_add_analysis(cJSON *obj, const bbd_wk_samples_t *s,
                              const bbd_wk_counters_t *cs, double cpu_mhz);

/* Adds "estimates" (bootstrap CIs from bbd/stats, seeded) when the worker
 * is built with bbd/stats and there are at least 2 samples; else nothing. */
void bbd_wk_json_add_estimates(cJSON *obj, const bbd_wk_samples_t *s,
                               uint64_t seed);

/* Adds "derived" (IPC and miss rates from the counters that are ok, via
 * bbd/stats; each null unless all of its inputs were counted) when built
 * with bbd/stats. */
void bbd_wk_json_add_derived(cJSON *obj, const bbd_wk_samples_t *s,
                             const bbd_wk_counters_t *cs);

/* Appends {"code":..,"message":..} to obj's "warnings" array. */
void bbd_wk_json_warn(cJSON *obj, const char *code, const char *message);

/* {"name":value,...} of host metrics. */
cJSON *bbd_wk_metrics_json(const bbd_wk_host_ctx_t *h);

#endif
