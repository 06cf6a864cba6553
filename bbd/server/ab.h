/*
 * Paired, interleaved A/B runs. For each selected benchmark the daemon
 * starts two `bbd-worker serve` processes, one on the plugin file from
 * a_dir and one on the same file name in b_dir, calibrates the iteration
 * count once, then measures rounds: in each round both sides run the same
 * iteration count, one after the other, in the order the schedule gives
 * (ABBA by default). After every round the stats module decides whether
 * the paired CI is precise enough, clearly beyond the threshold, or the
 * time budget is spent (adaptive stopping). Results are stored as variants
 * "a" and "b"; the paired verdict goes on the "b" result.
 *
 * Only one side measures at any time, so the two never compete for the CPU.
 */
#ifndef BBD_SERVER_AB_H
#define BBD_SERVER_AB_H

#include "server.h"

#include <cjson/cJSON.h>

typedef struct bbd_ab bbd_ab_t;

/* Called once when every benchmark is done or the run was stopped:
 * n_results stored, error (may be NULL) for a run-level failure. */
typedef void (*bbd_ab_done_fn)(void *ud, int n_results, const char *error);

/* Called as the A/B run advances (benchmark started, every round), so the
 * owner can show progress: phase "setup" or "round". */
typedef void (*bbd_ab_progress_fn)(void *ud, const char *bench, int index,
                                   const char *phase, int round,
                                   int max_rounds);

/* Starts the A/B part of run `run_id` for the selection `plan` (from
 * bbd_catalog_select; borrowed until done) with the accepted config. */
bbd_ab_t *bbd_ab_start(bbd_server_t *s, int64_t run_id, const cJSON *cfg,
                       const cJSON *plan, int total, bbd_ab_done_fn done,
                       bbd_ab_progress_fn progress, void *ud);

/* Kills both workers; `done` is still called (from the loop). */
void bbd_ab_stop(bbd_ab_t *ab);

#endif
