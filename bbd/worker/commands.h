/* The commands of bbd-worker (docs/WORKER.md). */
#ifndef BBD_WORKER_COMMANDS_H
#define BBD_WORKER_COMMANDS_H

#include "clock.h"
#include "options.h"

#include <cjson/cJSON.h>
#include <stdint.h>

/* Describes the plugin in a forked child. Always returns a document: the
 * describe document, or an {"error":...} document. */
cJSON *bbd_wk_describe_spawn(const char *path, double timeout_s, uint64_t seed);

/* A result object {"event":"result","id":..,"index":..,"status":"ok",...}. */
cJSON *bbd_wk_result_new(const char *id, uint32_t index);
/* Marks a result failed with an error code and a one-line reason. */
void bbd_wk_result_fail(cJSON *r, int code, const char *reason);

/* What a benchmark child needs (inherited through fork). */
typedef struct bbd_wk_bench_job {
  const bbd_wk_opts_t *o;
  const char *id; /* full id */
  uint32_t index;
  const bbd_wk_tsc_info_t *tsc;
  double cpu_mhz; /* core clock for cycle estimates (measured) */
} bbd_wk_bench_job_t;

/* The body of a benchmark child (a bbd_wk_child_fn). */
int bbd_wk_bench_child(void *job, int out_fd);

/* Each returns the process exit status. */
int bbd_wk_cmd_describe(const bbd_wk_opts_t *o);
int bbd_wk_cmd_run(const bbd_wk_opts_t *o);
int bbd_wk_cmd_serve(const bbd_wk_opts_t *o);
/* `env` (cmd_env.c) parses its own arguments: it takes no plugin. */
int bbd_wk_cmd_env(int argc, char **argv);

#endif
