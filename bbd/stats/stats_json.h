/*
 * cJSON builders for the results of "stats.h", so the worker's --json output,
 * the daemon's API and its store serialise them the same way. Building a
 * cJSON tree is not I/O; printing it is the caller's business.
 *
 * Every builder returns a new object owned by the caller (cJSON_Delete), or
 * NULL when out of memory or given NULL. Non-finite numbers (an infinite
 * throughput bound, an unavailable p-value) are written as JSON null.
 *
 * Field names are stable (snake_case); adding fields is allowed, renaming is
 * not. Shapes are documented in docs/STATISTICS.md ("JSON").
 */
#ifndef BBD_STATS_STATS_JSON_H
#define BBD_STATS_STATS_JSON_H

#include <cjson/cJSON.h>

#include "stats.h"

#ifdef __cplusplus
extern "C" {
#endif

/* {"point":..,"lo":..,"hi":..,"se":..} */
cJSON *bbd_stats_estimate_json(const bbd_estimate_t *e);

/* {"n":..,"resamples":..,"seed":"<decimal string>","slope":{..}|null,
 *  "r2":..|null,"mean":{..},"median":{..},"stddev":{..},"mad":{..},
 *  "min":..,"max":..,"outliers":{"q1","q3","iqr","low_severe","low_mild",
 *  "high_mild","high_severe","fences":[4 numbers]}} */
cJSON *bbd_stats_estimates_json(const bbd_sample_estimates_t *e);

/* {"n":..,"mean":{..},"median":{..},"min":..,"max":..} */
cJSON *bbd_stats_per_iter_json(const bbd_per_iter_stats_t *s);

/* {"mib_per_s":..,"mib_per_s_lo":..,...}; rates that are 0 are omitted */
cJSON *bbd_stats_throughput_json(const bbd_throughput_t *t);

/* {"ipc":..|null,"branch_miss_rate":..|null,...} */
cJSON *bbd_stats_derived_json(const bbd_derived_t *d);

/* {"verdict":"regressed","straddle":"none","change":..,"lo":..,"hi":..,
 *  "p":..,"p_adjusted":..,"threshold":..,"alpha":..,"mde":..,
 *  "higher_is_better":false} */
cJSON *bbd_stats_decision_json(const bbd_decision_t *d);

/* {"decision":{..},"mean_change":{..},"median_change":{..},"t":..,"df":..,
 *  "p_mixed":..,"p_welch":..,"t_resamples":..,"na":..,"nb":..} */
cJSON *bbd_stats_comparison_json(const bbd_comparison_t *c);

/* {"decision":{..},"rounds":..,"ties":..,"median_log_ratio":..,
 *  "log_lo":..,"log_hi":..,"coverage":..,"k":..,"n_worse":..,"n_better":..} */
cJSON *bbd_stats_paired_json(const bbd_paired_t *p);

/* [{"key":..,"a":..|null,"b":..|null}, ...] */
cJSON *bbd_stats_env_diffs_json(const bbd_env_diff_t *d, size_t n);

/*
 * The fingerprint comparison on cJSON objects: every key in keys (NULL: the
 * default keys) is compared between objects a and b (strings compared as
 * strings, other values by their unformatted JSON text). *out receives an
 * array as from bbd_stats_env_diffs_json (empty when comparable). Returns 0,
 * BBD_EINVAL (a or b not an object) or BBD_ENOMEM.
 */
int bbd_stats_env_compare_json(const cJSON *a, const cJSON *b,
                               const char *const *keys, size_t nkeys,
                               cJSON **out);

/* [{"index":..,"run_from":..,"run_to":..,"before":..,"after":..,
 *   "rel":..,"z":..}, ...] */
cJSON *bbd_stats_changepoints_json(const bbd_changepoint_t *c, size_t n);

#ifdef __cplusplus
}
#endif

#endif
