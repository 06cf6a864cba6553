#include "descriptor.h"

#include "err.h"
#include "params.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int bbd_wk_valid_ident(const char *s, size_t max) {
  if (s == NULL)
    return 0;
  size_t n = strnlen(s, max + 1);
  if (n == 0 || n > max)
    return 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
      return 0;
  }
  return 1;
}

int bbd_wk_valid_bench_name(const char *s) {
  if (s == NULL)
    return 0;
  size_t n = strnlen(s, BBD_BENCH_NAME_MAX + 1);
  if (n == 0 || n > BBD_BENCH_NAME_MAX)
    return 0;
  size_t part = 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == '/') {
      if (part == 0)
        return 0; /* empty part: leading, trailing or doubled slash */
      part = 0;
      continue;
    }
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '.' || c == '-'))
      return 0;
    part++;
  }
  return part > 0;
}

const char *bbd_wk_param_type_name(int type) {
  switch (type) {
  case BBD_PARAM_INT:
    return "int";
  case BBD_PARAM_FLOAT:
    return "float";
  case BBD_PARAM_BOOL:
    return "bool";
  case BBD_PARAM_STRING:
    return "string";
  case BBD_PARAM_ENUM:
    return "enum";
  default:
    return NULL;
  }
}

/* The value parsers are the daemon's too (bbd/common/params.c), so a run
 * request it accepts is one the worker accepts. */
int bbd_wk_parse_int(const char *s, int64_t *out) {
  return bbd_param_parse_int(s, out);
}

int bbd_wk_parse_float(const char *s, double *out) {
  return bbd_param_parse_float(s, out);
}

int bbd_wk_parse_bool(const char *s, int *out) {
  return bbd_param_parse_bool(s, out);
}

int bbd_wk_enum_has(const char *choices, const char *value) {
  if (choices == NULL || value == NULL)
    return 0;
  size_t vlen = strnlen(value, BBD_PARAM_VALUE_MAX + 1);
  const char *p = choices;
  const char *end = choices + strnlen(choices, BBD_PARAM_VALUE_MAX + 1);
  while (p < end) {
    const char *comma = memchr(p, ',', (size_t)(end - p));
    size_t len = comma ? (size_t)(comma - p) : (size_t)(end - p);
    if (len == vlen && len > 0 && memcmp(p, value, len) == 0)
      return 1;
    if (comma == NULL)
      break;
    p = comma + 1;
  }
  return 0;
}

/* A choices list is non-empty, bounded, and every entry is non-empty. */
static int choices_ok(const char *choices) {
  if (choices == NULL)
    return 0;
  size_t n = strnlen(choices, BBD_PARAM_VALUE_MAX + 1);
  if (n == 0 || n > BBD_PARAM_VALUE_MAX)
    return 0;
  if (choices[0] == ',' || choices[n - 1] == ',' || strstr(choices, ",,"))
    return 0;
  return 1;
}

int bbd_wk_param_check(const bbd_param_t *d, const char *value, char *err,
                       size_t errlen) {
  if (value == NULL)
    return bbd_errf(BBD_EINVAL, err, errlen, "parameter %s: missing value",
                    d->name);
  size_t n = strnlen(value, BBD_PARAM_VALUE_MAX + 1);
  if (n > BBD_PARAM_VALUE_MAX)
    return bbd_errf(BBD_EINVAL, err, errlen,
                    "parameter %s: value longer than %d bytes", d->name,
                    BBD_PARAM_VALUE_MAX);
  switch (d->type) {
  case BBD_PARAM_INT: {
    int64_t v;
    if (bbd_wk_parse_int(value, &v) != 0)
      return bbd_errf(BBD_EINVAL, err, errlen,
                      "parameter %s: '%.64s' is not an integer", d->name,
                      value);
    if (!(d->min == 0 && d->max == 0) && (v < d->min || v > d->max))
      return bbd_errf(BBD_ERANGE, err, errlen,
                      "parameter %s: %lld is outside [%lld, %lld]", d->name,
                      (long long)v, (long long)d->min, (long long)d->max);
    return 0;
  }
  case BBD_PARAM_FLOAT: {
    double v;
    if (bbd_wk_parse_float(value, &v) != 0)
      return bbd_errf(BBD_EINVAL, err, errlen,
                      "parameter %s: '%.64s' is not a finite number", d->name,
                      value);
    return 0;
  }
  case BBD_PARAM_BOOL: {
    int v;
    if (bbd_wk_parse_bool(value, &v) != 0)
      return bbd_errf(BBD_EINVAL, err, errlen,
                      "parameter %s: '%.64s' is not a boolean "
                      "(true/false/1/0/yes/no)",
                      d->name, value);
    return 0;
  }
  case BBD_PARAM_STRING:
    return 0;
  case BBD_PARAM_ENUM:
    if (!bbd_wk_enum_has(d->choices, value))
      return bbd_errf(BBD_EINVAL, err, errlen,
                      "parameter %s: '%.64s' is not one of %.200s", d->name,
                      value, d->choices ? d->choices : "");
    return 0;
  default:
    return bbd_errf(BBD_EINVAL, err, errlen, "parameter %s: unknown type %d",
                    d->name, (int)d->type);
  }
}

int bbd_wk_validate_param(const bbd_param_t *d, char *err, size_t errlen) {
  if (!bbd_wk_valid_ident(d->name, BBD_PARAM_NAME_MAX))
    return bbd_errf(BBD_EPLUGIN, err, errlen,
                    "parameter name '%.64s' is not [a-z0-9_]{1,%d}",
                    d->name ? d->name : "(null)", BBD_PARAM_NAME_MAX);
  if (bbd_wk_param_type_name((int)d->type) == NULL)
    return bbd_errf(BBD_EPLUGIN, err, errlen, "parameter %s: unknown type %d",
                    d->name, (int)d->type);
  if (d->summary != NULL) {
    size_t n = strnlen(d->summary, BBD_BENCH_SUMMARY_MAX + 1);
    if (n > BBD_BENCH_SUMMARY_MAX || memchr(d->summary, '\n', n))
      return bbd_errf(BBD_EPLUGIN, err, errlen,
                      "parameter %s: summary is not one line of at most %d "
                      "bytes",
                      d->name, BBD_BENCH_SUMMARY_MAX);
  }
  if (d->type == BBD_PARAM_INT && d->min > d->max)
    return bbd_errf(BBD_EPLUGIN, err, errlen, "parameter %s: min > max",
                    d->name);
  if (d->type == BBD_PARAM_ENUM && !choices_ok(d->choices))
    return bbd_errf(BBD_EPLUGIN, err, errlen,
                    "parameter %s: enum needs a non-empty choices list",
                    d->name);
  if (d->default_value == NULL)
    return bbd_errf(BBD_EPLUGIN, err, errlen, "parameter %s: no default",
                    d->name);
  char why[256];
  if (bbd_wk_param_check(d, d->default_value, why, sizeof why) != 0)
    return bbd_errf(BBD_EPLUGIN, err, errlen, "invalid default: %s", why);
  return 0;
}

static int one_line(const char *s, size_t max) {
  size_t n = strnlen(s, max + 1);
  return n <= max && memchr(s, '\n', n) == NULL && memchr(s, '\r', n) == NULL;
}

static int cmp_str_ptr(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int validate_bench(const bbd_benchmark_t *b, size_t i, char *err,
                          size_t errlen) {
  if (b->size < BBD_WK_BENCH_MIN_SIZE)
    return bbd_errf(BBD_EPLUGIN, err, errlen,
                    "benchmark #%zu: size %u is smaller than the ABI 1.0 "
                    "struct (%zu)",
                    i, b->size, BBD_WK_BENCH_MIN_SIZE);
  if (!bbd_wk_valid_bench_name(b->name))
    return bbd_errf(BBD_EPLUGIN, err, errlen,
                    "benchmark #%zu: name '%.128s' is not group/name[/param] "
                    "of [a-z0-9_.-] parts (at most %d bytes)",
                    i, b->name ? b->name : "(null)", BBD_BENCH_NAME_MAX);
  if (b->summary != NULL && !one_line(b->summary, BBD_BENCH_SUMMARY_MAX))
    return bbd_errf(BBD_EPLUGIN, err, errlen,
                    "benchmark %s: summary is not one line of at most %d "
                    "bytes",
                    b->name, BBD_BENCH_SUMMARY_MAX);
  if (b->run == NULL)
    return bbd_errf(BBD_EPLUGIN, err, errlen,
                    "benchmark %s: required callback run is NULL", b->name);
  if (b->params == NULL)
    return 0;
  const char *names[BBD_PARAM_MAX];
  size_t np = 0;
  for (; b->params[np].name != NULL; np++) {
    if (np >= BBD_PARAM_MAX)
      return bbd_errf(BBD_EPLUGIN, err, errlen,
                      "benchmark %s: more than %d parameters", b->name,
                      BBD_PARAM_MAX);
    char why[384];
    if (bbd_wk_validate_param(&b->params[np], why, sizeof why) != 0)
      return bbd_errf(BBD_EPLUGIN, err, errlen, "benchmark %s: %s", b->name,
                      why);
    names[np] = b->params[np].name;
  }
  qsort(names, np, sizeof names[0], cmp_str_ptr);
  for (size_t k = 1; k < np; k++)
    if (strcmp(names[k - 1], names[k]) == 0)
      return bbd_errf(BBD_EPLUGIN, err, errlen,
                      "benchmark %s: parameter %s declared twice", b->name,
                      names[k]);
  return 0;
}

int bbd_wk_validate_plugin(const bbd_plugin_t *p, const char *stem,
                           size_t *nbench, char *err, size_t errlen) {
  if (p == NULL)
    return bbd_errf(BBD_EPLUGIN, err, errlen,
                    "bbd_plugin_init returned no descriptor");
  if (p->abi_major != BBD_PLUGIN_ABI_MAJOR)
    return bbd_errf(BBD_EABI, err, errlen, "plugin ABI %u.%u, worker ABI %d.%d",
                    (unsigned)p->abi_major, (unsigned)p->abi_minor,
                    BBD_PLUGIN_ABI_MAJOR, BBD_PLUGIN_ABI_MINOR);
  if (p->size < BBD_WK_PLUGIN_MIN_SIZE)
    return bbd_errf(BBD_EPLUGIN, err, errlen,
                    "descriptor size %u is smaller than the ABI 1.0 struct "
                    "(%zu)",
                    p->size, BBD_WK_PLUGIN_MIN_SIZE);
  if (!bbd_wk_valid_ident(p->name, BBD_PLUGIN_NAME_MAX))
    return bbd_errf(BBD_EPLUGIN, err, errlen,
                    "plugin name '%.64s' is not [a-z0-9_]{1,%d}",
                    p->name ? p->name : "(null)", BBD_PLUGIN_NAME_MAX);
  if (stem != NULL && strcmp(stem, p->name) != 0)
    return bbd_errf(BBD_EPLUGIN, err, errlen,
                    "plugin name '%s' does not match the file name '%.64s'",
                    p->name, stem);
  if (p->version == NULL || !one_line(p->version, BBD_PLUGIN_NAME_MAX) ||
      p->version[0] == '\0')
    return bbd_errf(BBD_EPLUGIN, err, errlen,
                    "plugin %s: version missing or not one line of at most "
                    "%d bytes",
                    p->name, BBD_PLUGIN_NAME_MAX);
  if (p->summary != NULL && !one_line(p->summary, BBD_BENCH_SUMMARY_MAX))
    return bbd_errf(BBD_EPLUGIN, err, errlen,
                    "plugin %s: summary is not one line of at most %d bytes",
                    p->name, BBD_BENCH_SUMMARY_MAX);
  if (p->benchmarks == NULL || p->benchmarks[0] == NULL)
    return bbd_errf(BBD_EPLUGIN, err, errlen,
                    "plugin %s declares no benchmarks", p->name);
  size_t n = 0;
  while (p->benchmarks[n] != NULL) {
    if (n >= BBD_BENCH_MAX)
      return bbd_errf(BBD_EPLUGIN, err, errlen,
                      "plugin %s: more than %d benchmarks", p->name,
                      BBD_BENCH_MAX);
    int rc = validate_bench(p->benchmarks[n], n, err, errlen);
    if (rc != 0)
      return rc;
    n++;
  }
  const char **names = malloc(n * sizeof *names);
  if (names == NULL)
    return bbd_errf(BBD_ENOMEM, err, errlen, "out of memory");
  for (size_t i = 0; i < n; i++)
    names[i] = p->benchmarks[i]->name;
  qsort(names, n, sizeof *names, cmp_str_ptr);
  int rc = 0;
  for (size_t i = 1; i < n && rc == 0; i++)
    if (strcmp(names[i - 1], names[i]) == 0)
      rc = bbd_errf(BBD_EPLUGIN, err, errlen,
                    "plugin %s: benchmark name %s declared twice", p->name,
                    names[i]);
  free(names);
  if (rc == 0 && nbench != NULL)
    *nbench = n;
  return rc;
}
