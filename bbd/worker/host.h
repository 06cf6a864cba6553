/*
 * The host API table the worker hands to plugins, and the validated
 * arguments of one benchmark (struct bbd_args, opaque to plugins).
 */
#ifndef BBD_WORKER_HOST_H
#define BBD_WORKER_HOST_H

#include <bbd/plugin.h>
#include <stdint.h>
#include <stdio.h>

#define BBD_WK_METRIC_MAX 16

/* One "name=value" override from the command line (-p). */
typedef struct bbd_wk_kv {
  const char *name; /* points into the argv string, not NUL-terminated */
  size_t name_len;
  const char *value; /* NUL-terminated */
} bbd_wk_kv_t;

struct bbd_args {
  size_t n;
  struct {
    const bbd_param_t *decl;
    const char *value; /* the override or the declared default */
  } items[BBD_PARAM_MAX];
};

/* Per-benchmark host state behind host->host_ctx. */
typedef struct bbd_wk_host_ctx {
  const char *plugin_name;
  uint64_t rng; /* splitmix64 state */
  uint64_t bytes_per_iter, elements_per_iter;
  int throughput_set;
  size_t nmetrics;
  struct {
    char name[BBD_PARAM_NAME_MAX + 1];
    double value;
  } metrics[BBD_WK_METRIC_MAX];
  FILE *log; /* where log lines go (stderr) */
} bbd_wk_host_ctx_t;

/* Fills the table and its context; seed feeds random_u64. */
void bbd_wk_host_init(bbd_host_t *host, bbd_wk_host_ctx_t *ctx,
                      const char *plugin_name, uint64_t seed, FILE *log);

/* Builds the arguments of benchmark `b`: each declared parameter takes its
 * override (if any) or its default, validated. Overrides for parameters `b`
 * does not declare are ignored. Returns 0 or BBD_EINVAL/BBD_ERANGE. */
int bbd_wk_args_build(bbd_args_t *args, const bbd_benchmark_t *b,
                      const bbd_wk_kv_t *kv, size_t nkv, char *err,
                      size_t errlen);

/* Splits "name=value"; 0 or BBD_EINVAL. */
int bbd_wk_kv_parse(const char *arg, bbd_wk_kv_t *out);

#endif
