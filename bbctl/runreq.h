/*
 * The options of `bbctl run` and `bbctl ab`, and the POST /api/v1/runs
 * request body they produce (docs/API.md). Separate from the command so
 * the mapping from argv to JSON is unit-tested without a daemon.
 */
#ifndef BBCTL_RUNREQ_H
#define BBCTL_RUNREQ_H

#include "ctx.h"
#include "cli.h"

#include <cjson/cJSON.h>

#define BBCTL_MAX_KV 64

typedef struct bbctl_run_opts {
  int ab;                    /* `bbctl ab` */
  const char *a_dir, *b_dir; /* ab: plugin directories (as given) */
  char *const *filters;      /* operands */
  size_t n_filters;
  int quick;
  long samples;               /* 0 = daemon default */
  double warmup_s, measure_s; /* < 0 = default */
  char *param_k[BBCTL_MAX_KV], *param_v[BBCTL_MAX_KV];
  size_t n_params;
  char *tag_k[BBCTL_MAX_KV], *tag_v[BBCTL_MAX_KV];
  size_t n_tags;
  const char *baseline; /* compare_to.baseline */
  const char *metric;   /* compare_to.metric: "wall" / "cpu", NULL = wall */
  const char *save_baseline;
  const char *note;
  double threshold_pct; /* < 0 = default */
  int force;
  int detach;
  int fail_on_inconclusive;
  /* ab only */
  const char *order;
  long min_rounds, max_rounds; /* 0 = default */
  double budget_s;             /* < 0 = default */
  double min_s;                /* no early stop before; < 0 = default */
  double target_width_pct;     /* < 0 = default */
} bbctl_run_opts_t;

/* Parses argv (argv[0] = "run" or "ab") into o. Returns 0,
 * BBCTL_HELP_DONE, or an exit code (2, already printed). */
int bbctl_run_parse(bbctl_t *c, bbctl_conn_opts_t *co, int ab, int argc,
                    char **argv, bbctl_run_opts_t *o);

/* Builds the POST /api/v1/runs body. `a_abs`/`b_abs` are the resolved
 * directories for ab (may be NULL for run). NULL when out of memory. */
cJSON *bbctl_run_request(const bbctl_run_opts_t *o, const char *a_abs,
                         const char *b_abs);

#endif
