/*
 * Human rendering of the daemon's run, result and comparison objects
 * (docs/API.md), and the exit code their contents imply. Shared by run,
 * ab, show and compare so a verdict looks and counts the same everywhere.
 */
#ifndef BBCTL_RENDER_H
#define BBCTL_RENDER_H

#include "ctx.h"

#include <cjson/cJSON.h>

typedef struct bbctl_verdict_opts {
  int fail_on_inconclusive; /* inconclusive -> exit 5 */
} bbctl_verdict_opts_t;

/* Counts of verdicts and failures over a set of results. */
typedef struct bbctl_tally {
  int results, failed, regressed, improved, unchanged, inconclusive,
      incomparable;
} bbctl_tally_t;

/* One-line run header: "run 13 done (3 benchmarks, 3.80 s) branch=main". */
void bbctl_render_run_header(bbctl_t *c, const cJSON *run);

/*
 * Prints the results of a run (run["results"]) as a table: time per
 * iteration with its CI, throughput, allocations, status, and the verdict
 * columns when the run was compared. A/B runs (mode "ab", variants a/b)
 * get the paired verdict table instead. Warnings and failure reasons
 * follow the table. Fills *t and returns the exit code the results imply.
 */
int bbctl_render_results(bbctl_t *c, const cJSON *run,
                         const bbctl_verdict_opts_t *o, bbctl_tally_t *t);

/* The exit code of a run's results without printing (for --json). */
int bbctl_results_exit(const cJSON *run, const bbctl_verdict_opts_t *o,
                       bbctl_tally_t *t);

/*
 * Prints a GET /api/v1/compare answer: environment differences, the
 * per-benchmark table (base, head, change with CI, verdict, note) and a
 * summary line. `base_run`/`head_run` (may be NULL) are the two runs with
 * results, used for the counter and allocation delta table. Returns the
 * exit code the comparison implies.
 */
int bbctl_render_compare(bbctl_t *c, const cJSON *cmp, const cJSON *base_run,
                         const cJSON *head_run, const bbctl_verdict_opts_t *o,
                         bbctl_tally_t *t);

/* Exit code of a compare answer without printing. */
int bbctl_compare_exit(const cJSON *cmp, const bbctl_verdict_opts_t *o,
                       bbctl_tally_t *t);

/* "1 regressed, 2 improved, 5 unchanged, 1 inconclusive, 1 failed". */
void bbctl_tally_line(const bbctl_tally_t *t, char *buf, size_t len);

/* Throughput of a result in bytes/s and elements/s (NAN when it declares
 * no work per iteration): the daemon's estimates.throughput when present,
 * else bytes_per_iter / elements_per_iter over the mean time. */
void bbctl_result_throughput(const cJSON *res, double *bytes_per_s,
                             double *elems_per_s);

/* The mean time per iteration with ITS 95% CI: estimates.mean.{point,lo,
 * hi} when present. (The result's top-level ci_low/ci_high belong to the
 * slope when there is one, so they are paired with the slope instead.)
 * Values are NAN when unavailable. */
void bbctl_result_mean_ci(const cJSON *res, double *point, double *lo,
                          double *hi);

/* Adds one verdict name to a tally. */
void bbctl_tally_add(bbctl_tally_t *t, const char *verdict);

#endif
