/*
 * Conversion between the worker's `result` event (docs/WORKER.md) and the
 * store's result rows, and from stored results to the API's JSON.
 */
#ifndef BBD_SERVER_RESULTS_H
#define BBD_SERVER_RESULTS_H

#include "../store/store.h"

#include <cjson/cJSON.h>

/*
 * Stores one worker `result` event as a result of run_id (variant "" for
 * normal runs). Every array from the worker is bounds-checked: lengths must
 * agree and stay within the store's limits, or the samples are dropped and
 * a warning is attached (the key numbers are kept).
 */
int bbd_results_store(bbd_store_t *st, int64_t run_id, const cJSON *ev,
                      const char *variant, int64_t *result_id, char *err,
                      size_t errlen);

/* The API's result object is rendered by the store when a result is
 * stored (bbd_store_result_docs). */

/* The API's run object (without results); `with_config` adds config. */
cJSON *bbd_run_json(const bbd_store_run_t *r, int with_config);

/*
 * The body of GET /api/v1/runs: {"runs":[...],"total":..,"limit":..,
 * "offset":..,"next_cursor":..} and a newline, byte for byte what printing
 * the same document built with bbd_run_json would give. positions[i] (may
 * be NULL) is run i's queue position, printed when > 0. NULL when out of
 * memory; else malloc'd, *len its length.
 */
char *bbd_run_list_text(const bbd_store_run_list_t *l, const int *positions,
                        size_t limit, size_t offset, size_t *len);

#endif
