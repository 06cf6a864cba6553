/* Command-line options of bbd-worker (see docs/WORKER.md). */
#ifndef BBD_WORKER_OPTIONS_H
#define BBD_WORKER_OPTIONS_H

#include "counters.h"
#include "host.h"
#include "measure.h"

#include <bbd/plugin.h>
#include <stdint.h>

/* As many filters as a plugin may have benchmarks: the daemon passes every
 * selected benchmark id of a plugin as one filter. */
#define BBD_WK_FILTER_MAX BBD_BENCH_MAX
#define BBD_WK_KV_MAX 64

typedef struct bbd_wk_opts {
  const char *cmd;                        /* describe | run | serve */
  const char *plugin;                     /* path */
  const char *filters[BBD_WK_FILTER_MAX]; /* serve: [0] is the bench id */
  size_t nfilters;
  bbd_wk_mconf_t mc;
  int quick;
  bbd_wk_kv_t kv[BBD_WK_KV_MAX];
  size_t nkv;
  const char *counters; /* list, "default" or "none" */
  bbd_wk_ctr_mode_t mode;
  int no_alloc;
  int cpu;          /* -1: no pinning */
  double timeout_s; /* per benchmark child */
  uint64_t mem_limit;
  uint64_t seed;
  int use_tsc;
  int json;
  int out_fd; /* -1: stdout */
} bbd_wk_opts_t;

/* Parses argv (argv[1] is the command). 0, or BBD_EINVAL with a message. */
int bbd_wk_opts_parse(int argc, char **argv, bbd_wk_opts_t *o, char *err,
                      size_t errlen);

/* The values of --counter-mode (auto|u|uk) and --clock (monotonic|tsc),
 * shared by `run`/`describe`/`serve` and `env`. 0, or BBD_EINVAL with a
 * message (the output is left as it was). */
int bbd_wk_parse_ctr_mode(const char *v, bbd_wk_ctr_mode_t *mode, char *err,
                          size_t errlen);
int bbd_wk_parse_clock(const char *v, int *use_tsc, char *err, size_t errlen);

/* Parses "123", "64K", "2M", "1G" (powers of 1024). 0 or -1. */
int bbd_wk_parse_size(const char *s, uint64_t *out);

#endif
