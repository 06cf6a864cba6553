#include "options.h"

#include "descriptor.h"
#include "err.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int bbd_wk_parse_size(const char *s, uint64_t *out) {
  if (s == NULL || *s < '0' || *s > '9')
    return -1;
  char *end = NULL;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno != 0 || end == s)
    return -1;
  unsigned shift = 0;
  if (*end == 'K' || *end == 'k')
    shift = 10;
  else if (*end == 'M' || *end == 'm')
    shift = 20;
  else if (*end == 'G' || *end == 'g')
    shift = 30;
  else if (*end != '\0')
    return -1;
  if (shift && end[1] != '\0')
    return -1;
  if (shift && v > (UINT64_MAX >> shift))
    return -1;
  *out = (uint64_t)v << shift;
  return 0;
}

int bbd_wk_parse_ctr_mode(const char *v, bbd_wk_ctr_mode_t *mode, char *err,
                          size_t errlen) {
  if (!strcmp(v, "auto"))
    *mode = BBD_CTR_MODE_AUTO;
  else if (!strcmp(v, "u"))
    *mode = BBD_CTR_MODE_U;
  else if (!strcmp(v, "uk"))
    *mode = BBD_CTR_MODE_UK;
  else
    return bbd_errf(BBD_EINVAL, err, errlen, "--counter-mode is auto, u or uk");
  return 0;
}

int bbd_wk_parse_clock(const char *v, int *use_tsc, char *err, size_t errlen) {
  if (!strcmp(v, "tsc"))
    *use_tsc = 1;
  else if (strcmp(v, "monotonic"))
    return bbd_errf(BBD_EINVAL, err, errlen, "--clock is monotonic or tsc");
  return 0;
}

static int num_arg(const char *opt, const char *v, double lo, double hi,
                   double *out, char *err, size_t errlen) {
  double x;
  if (v == NULL || bbd_wk_parse_float(v, &x) != 0 || x < lo || x > hi)
    return bbd_errf(BBD_EINVAL, err, errlen,
                    "%s needs a number in [%g, %g], got '%.40s'", opt, lo, hi,
                    v ? v : "");
  *out = x;
  return 0;
}

int bbd_wk_opts_parse(int argc, char **argv, bbd_wk_opts_t *o, char *err,
                      size_t errlen) {
  memset(o, 0, sizeof *o);
  o->mc.warmup_s = 1.0;
  o->mc.measure_s = 3.0;
  o->mc.samples = 50;
  o->counters = "default";
  o->mode = BBD_CTR_MODE_AUTO;
  o->cpu = -1;
  o->timeout_s = 300;
  o->seed = 1;
  o->out_fd = -1;
  if (argc < 3)
    return bbd_errf(BBD_EINVAL, err, errlen,
                    "usage: bbd-worker "
                    "describe|run|serve PLUGIN.so ...");
  o->cmd = argv[1];
  if (strcmp(o->cmd, "describe") && strcmp(o->cmd, "run") &&
      strcmp(o->cmd, "serve"))
    return bbd_errf(BBD_EINVAL, err, errlen, "unknown command '%.40s'", o->cmd);
  int set_w = 0, set_m = 0, set_n = 0;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    double x = 0;
    int rc = 0;
    if (a[0] != '-' || a[1] == '\0') {
      if (o->plugin == NULL)
        o->plugin = a;
      else if (o->nfilters < BBD_WK_FILTER_MAX)
        o->filters[o->nfilters++] = a;
      else
        return bbd_errf(BBD_EINVAL, err, errlen, "more than %d filters",
                        BBD_WK_FILTER_MAX);
      continue;
    }
    if (!strcmp(a, "--quick")) {
      o->quick = 1;
      continue;
    }
    if (!strcmp(a, "--flat")) {
      o->mc.flat = 1;
      continue;
    }
    if (!strcmp(a, "--no-alloc")) {
      o->no_alloc = 1;
      continue;
    }
    if (!strcmp(a, "--json")) {
      o->json = 1;
      continue;
    }
    if (v == NULL)
      return bbd_errf(BBD_EINVAL, err, errlen, "%s needs a value", a);
    i++;
    if (!strcmp(a, "--samples")) {
      rc = num_arg(a, v, 1, BBD_WK_SAMPLES_MAX, &x, err, errlen);
      o->mc.samples = (uint32_t)x;
      set_n = 1;
      if (rc == 0 && x != floor(x))
        rc = bbd_errf(BBD_EINVAL, err, errlen, "--samples needs an integer");
    } else if (!strcmp(a, "--warmup")) {
      rc = num_arg(a, v, 0.001, 600, &o->mc.warmup_s, err, errlen);
      set_w = 1;
    } else if (!strcmp(a, "--measure")) {
      rc = num_arg(a, v, 0.001, 3600, &o->mc.measure_s, err, errlen);
      set_m = 1;
    } else if (!strcmp(a, "-p")) {
      if (o->nkv >= BBD_WK_KV_MAX)
        return bbd_errf(BBD_EINVAL, err, errlen, "more than %d -p options",
                        BBD_WK_KV_MAX);
      if (bbd_wk_kv_parse(v, &o->kv[o->nkv]) != 0 ||
          o->kv[o->nkv].name_len > BBD_PARAM_NAME_MAX)
        return bbd_errf(BBD_EINVAL, err, errlen,
                        "-p needs name=value, got '%.60s'", v);
      o->nkv++;
    } else if (!strcmp(a, "--counters")) {
      o->counters = v;
    } else if (!strcmp(a, "--counter-mode")) {
      rc = bbd_wk_parse_ctr_mode(v, &o->mode, err, errlen);
    } else if (!strcmp(a, "--cpu")) {
      rc = num_arg(a, v, -1, 4095, &x, err, errlen);
      o->cpu = (int)x;
    } else if (!strcmp(a, "--timeout")) {
      rc = num_arg(a, v, 0.01, 86400, &o->timeout_s, err, errlen);
    } else if (!strcmp(a, "--mem-limit")) {
      if (bbd_wk_parse_size(v, &o->mem_limit) != 0)
        rc = bbd_errf(BBD_EINVAL, err, errlen,
                      "--mem-limit needs BYTES[K|M|G], got '%.40s'", v);
    } else if (!strcmp(a, "--seed")) {
      char *end = NULL;
      errno = 0;
      o->seed = strtoull(v, &end, 0);
      if (errno || end == v || *end)
        rc = bbd_errf(BBD_EINVAL, err, errlen, "--seed needs an integer");
    } else if (!strcmp(a, "--clock")) {
      rc = bbd_wk_parse_clock(v, &o->use_tsc, err, errlen);
    } else if (!strcmp(a, "--out-fd")) {
      rc = num_arg(a, v, 0, 65535, &x, err, errlen);
      o->out_fd = (int)x;
      o->json = 1;
    } else {
      return bbd_errf(BBD_EINVAL, err, errlen, "unknown option '%.40s'", a);
    }
    if (rc != 0)
      return rc;
  }
  if (o->quick) {
    if (!set_w)
      o->mc.warmup_s = 0.05;
    if (!set_m)
      o->mc.measure_s = 0.3;
    if (!set_n)
      o->mc.samples = 10;
  }
  if (o->plugin == NULL)
    return bbd_errf(BBD_EINVAL, err, errlen, "missing PLUGIN.so");
  if (!strcmp(o->cmd, "serve") && o->nfilters != 1)
    return bbd_errf(BBD_EINVAL, err, errlen,
                    "serve needs exactly one BENCH_ID");
  return 0;
}
