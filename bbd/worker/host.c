#include "host.h"

#include "descriptor.h"
#include "err.h"

#include <stdarg.h>
#include <string.h>
#include <time.h>

static bbd_wk_host_ctx_t *ctx_of(const bbd_host_t *h) {
  return (bbd_wk_host_ctx_t *)h->host_ctx;
}

__attribute__((format(printf, 3, 4))) static void
host_log(const bbd_host_t *h, bbd_log_level_t level, const char *fmt, ...) {
  static const char *const names[] = {"debug", "info", "warn", "error"};
  bbd_wk_host_ctx_t *c = ctx_of(h);
  const char *lv = (unsigned)level < 4 ? names[level] : "info";
  char line[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  fprintf(c->log ? c->log : stderr, "bbd-worker: [%s] %s: %s\n",
          c->plugin_name ? c->plugin_name : "?", lv, line);
}

static uint64_t host_now_ns(const bbd_host_t *h) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The declared item `name` of the given type, or NULL. */
static const char *lookup(const bbd_args_t *a, const char *name, int type) {
  if (a == NULL || name == NULL)
    return NULL;
  for (size_t i = 0; i < a->n; i++)
    if (strcmp(a->items[i].decl->name, name) == 0)
      return (int)a->items[i].decl->type == type ? a->items[i].value : NULL;
  return NULL;
}

static int host_arg_int(const bbd_host_t *h, const bbd_args_t *a,
                        const char *name, int64_t *out) {
  const char *v = lookup(a, name, BBD_PARAM_INT);
  int64_t x;
  if (v == NULL || bbd_wk_parse_int(v, &x) != 0)
    return -1;
  *out = x;
  return 0;
}

static int host_arg_float(const bbd_host_t *h, const bbd_args_t *a,
                          const char *name, double *out) {
  const char *v = lookup(a, name, BBD_PARAM_FLOAT);
  double x;
  if (v == NULL || bbd_wk_parse_float(v, &x) != 0)
    return -1;
  *out = x;
  return 0;
}

static int host_arg_bool(const bbd_host_t *h, const bbd_args_t *a,
                         const char *name, int *out) {
  const char *v = lookup(a, name, BBD_PARAM_BOOL);
  int x;
  if (v == NULL || bbd_wk_parse_bool(v, &x) != 0)
    return -1;
  *out = x;
  return 0;
}

/* Strings and enums are both read as text. */
static int host_arg_str(const bbd_host_t *h, const bbd_args_t *a,
                        const char *name, const char **out) {
  const char *v = lookup(a, name, BBD_PARAM_STRING);
  if (v == NULL)
    v = lookup(a, name, BBD_PARAM_ENUM);
  if (v == NULL)
    return -1;
  *out = v;
  return 0;
}

static void host_set_throughput(const bbd_host_t *h, uint64_t bytes,
                                uint64_t elements) {
  bbd_wk_host_ctx_t *c = ctx_of(h);
  c->bytes_per_iter = bytes;
  c->elements_per_iter = elements;
  c->throughput_set = 1;
}

/* splitmix64: tiny, good enough for inputs, and identical everywhere. */
static uint64_t host_random_u64(const bbd_host_t *h) {
  bbd_wk_host_ctx_t *c = ctx_of(h);
  uint64_t z = (c->rng += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

static void host_set_metric(const bbd_host_t *h, const char *name,
                            double value) {
  bbd_wk_host_ctx_t *c = ctx_of(h);
  if (!bbd_wk_valid_ident(name, BBD_PARAM_NAME_MAX)) {
    host_log(h, BBD_LOG_WARN, "set_metric: ignoring invalid name");
    return;
  }
  for (size_t i = 0; i < c->nmetrics; i++)
    if (strcmp(c->metrics[i].name, name) == 0) {
      c->metrics[i].value = value;
      return;
    }
  if (c->nmetrics >= BBD_WK_METRIC_MAX) {
    host_log(h, BBD_LOG_WARN, "set_metric: more than %d metrics, ignoring %s",
             BBD_WK_METRIC_MAX, name);
    return;
  }
  snprintf(c->metrics[c->nmetrics].name, sizeof c->metrics[0].name, "%s", name);
  c->metrics[c->nmetrics].value = value;
  c->nmetrics++;
}

void bbd_wk_host_init(bbd_host_t *host, bbd_wk_host_ctx_t *ctx,
                      const char *plugin_name, uint64_t seed, FILE *log) {
  memset(host, 0, sizeof *host);
  memset(ctx, 0, sizeof *ctx);
  ctx->plugin_name = plugin_name;
  ctx->rng = seed;
  ctx->log = log;
  host->size = sizeof *host;
  host->abi_major = BBD_PLUGIN_ABI_MAJOR;
  host->abi_minor = BBD_PLUGIN_ABI_MINOR;
  host->log = host_log;
  host->now_ns = host_now_ns;
  host->arg_int = host_arg_int;
  host->arg_float = host_arg_float;
  host->arg_bool = host_arg_bool;
  host->arg_str = host_arg_str;
  host->set_throughput = host_set_throughput;
  host->random_u64 = host_random_u64;
  host->set_metric = host_set_metric;
  host->host_ctx = ctx;
}

int bbd_wk_kv_parse(const char *arg, bbd_wk_kv_t *out) {
  const char *eq = arg ? strchr(arg, '=') : NULL;
  if (eq == NULL || eq == arg)
    return BBD_EINVAL;
  out->name = arg;
  out->name_len = (size_t)(eq - arg);
  out->value = eq + 1;
  return 0;
}

int bbd_wk_args_build(bbd_args_t *args, const bbd_benchmark_t *b,
                      const bbd_wk_kv_t *kv, size_t nkv, char *err,
                      size_t errlen) {
  memset(args, 0, sizeof *args);
  if (b->params == NULL)
    return 0;
  for (size_t i = 0; b->params[i].name != NULL && i < BBD_PARAM_MAX; i++) {
    const bbd_param_t *d = &b->params[i];
    const char *value = d->default_value;
    size_t nlen = strlen(d->name);
    /* The last -p for a name wins, like most command lines. */
    for (size_t k = 0; k < nkv; k++)
      if (kv[k].name_len == nlen && memcmp(kv[k].name, d->name, nlen) == 0)
        value = kv[k].value;
    int rc = bbd_wk_param_check(d, value, err, errlen);
    if (rc != 0)
      return rc;
    args->items[args->n].decl = d;
    args->items[args->n].value = value;
    args->n++;
  }
  return 0;
}
