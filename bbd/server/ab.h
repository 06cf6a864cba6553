/*
 * Paired, interleaved A/B runs. For each selected benchmark the daemon
 * starts two `bbd-worker serve` processes, one on the plugin file from
 * a_dir and one on the same file name in b_dir, calibrates the iteration
 * count (both sides calibrate, one after the other; one count is used for
 * both), then measures rounds: in each round both sides run the same
 * iteration count, one after the other, in the order the schedule gives
 * (ABBA by default). A round's value per side is the CPU time (the worker's
 * task-clock of the benchmark process) per iteration, so waiting for a CPU
 * behind other processes does not enter the ratio; wall time is kept and
 * reported too (and used only when task-clock is unavailable). The stats
 * module's paired CI is looked at on a fixed schedule of elapsed times
 * (bbd_ab_plan_t) after a minimum of rounds and seconds, at a per-look
 * confidence corrected for the number of looks (Bonferroni), and the run
 * stops when it is precise enough, clearly beyond the threshold, or the
 * time budget is spent (adaptive stopping). Results are stored as variants
 * "a" and "b"; the paired verdict goes on the "b" result.
 *
 * Only one side measures at any time, so the two never compete for the CPU.
 */
#ifndef BBD_SERVER_AB_H
#define BBD_SERVER_AB_H

#include "server.h"

#include "../stats/stats.h"

#include <cjson/cJSON.h>

/* Defaults of the stopping plan (docs/STATISTICS.md, "Adaptive stopping").
 * No early stop before BBD_AB_MIN_ROUNDS rounds AND BBD_AB_MIN_S seconds
 * (at most half the budget): two workers running the same code can differ
 * by 1-2% for a second or so, and real-run A/A false alarms all came from
 * stops within the first 42 rounds (docs/perf/ab.md). The round cap is
 * high enough that the budget, not the cap, ends a run. */
#define BBD_AB_MIN_ROUNDS 100
#define BBD_AB_MAX_ROUNDS 100000
#define BBD_AB_MIN_S 3.0
#define BBD_AB_BUDGET_S 30.0
/* Interim looks at BBD_AB_MIN_S * ratio^j seconds (3, 4.5, 6.75, ... s). */
#define BBD_AB_LOOK_RATIO 1.5

/* When the paired CI is looked at. Pure data: see bbd_ab_plan_init. */
typedef struct bbd_ab_plan {
  size_t min_rounds;      /* no early stop before this many rounds */
  size_t max_rounds;      /* hard stop (a final look) */
  double min_s;           /* no early stop before this many seconds */
  double budget_s;        /* time budget (a final look) */
  double look_ratio;      /* interim look times grow by this factor */
  double target_width;    /* "precise": CI width <= this; 0 = threshold */
  double confidence;      /* overall level of the verdict's CI, e.g. 0.95 */
  unsigned looks;         /* planned looks, the final one included */
  double look_confidence; /* per look: 1 - (1 - confidence) / looks */
} bbd_ab_plan_t;

/* Where a run is on the plan. Zero-initialise before the first round. */
typedef struct bbd_ab_looks {
  unsigned done; /* looks taken so far (interim and final) */
  unsigned next; /* index j of the next interim look time */
} bbd_ab_looks_t;

/* Fills p: min_s (0 = BBD_AB_MIN_S) capped at budget_s / 2; interim looks at
 * min_s * BBD_AB_LOOK_RATIO^j while < budget_s, plus the final look, give
 * p->looks; p->look_confidence spreads 1 - confidence over them. */
void bbd_ab_plan_init(bbd_ab_plan_t *p, size_t min_rounds, size_t max_rounds,
                      double budget_s, double min_s, double confidence,
                      double target_width);

/* After a round with n complete pairs at elapsed_s seconds since the first
 * round: BBD_STOP_BUDGET / BBD_STOP_MAX_ROUNDS at the limits, otherwise
 * BBD_STOP_CONTINUE unless an interim look is due (n >= min_rounds,
 * elapsed_s >= min_s and past the next look time), in which case the paired
 * stop rule of the stats module decides at p->look_confidence (PRECISE,
 * BEYOND or CONTINUE). Looks taken are counted in lk. cfg gives the
 * threshold; its confidence is replaced by the plan's. */
bbd_stop_t bbd_ab_decide(const bbd_ab_plan_t *p, bbd_ab_looks_t *lk,
                         const bbd_stats_config_t *cfg, const double *a,
                         const double *b, size_t n, double elapsed_s);

/* Per-iteration values of one worker "samples" reply: *wall = sum(ns) /
 * sum(iters); *cpu = sum(task-clock) / sum(iters) when the task-clock
 * counter is ok with a finite value for every sample, else NAN (as is
 * *wall without valid samples). Returns 0 if *cpu is valid, -1 if not. */
int bbd_ab_round_values(const cJSON *ev, double *wall, double *cpu);

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
