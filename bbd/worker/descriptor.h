/*
 * Validation of a plugin's descriptor (bbd_plugin_t) and of textual
 * parameter values against their declarations. Pure functions over memory
 * the plugin owns: every string is read with a bound, so a malformed
 * descriptor is refused with a reason instead of being trusted.
 */
#ifndef BBD_WORKER_DESCRIPTOR_H
#define BBD_WORKER_DESCRIPTOR_H

#include <bbd/plugin.h>
#include <stddef.h>

/* The smallest struct sizes a plugin may declare: the ABI 1.0 layouts. */
#define BBD_WK_PLUGIN_MIN_SIZE sizeof(bbd_plugin_t)
#define BBD_WK_BENCH_MIN_SIZE sizeof(bbd_benchmark_t)

/* True if s is non-empty, at most max bytes and only [a-z0-9_]. */
int bbd_wk_valid_ident(const char *s, size_t max);

/* True if s is `part(/part)*`, parts [a-z0-9_.-]+, at most
 * BBD_BENCH_NAME_MAX bytes. */
int bbd_wk_valid_bench_name(const char *s);

/* The name of a parameter type ("int", ...) or NULL if unknown. */
const char *bbd_wk_param_type_name(int type);

/*
 * Checks the whole descriptor. `stem` is the file name without directory and
 * ".so" (NULL skips the name-equals-file check). Returns 0, BBD_EABI (major
 * differs) or BBD_EPLUGIN, with the reason in err. On success *nbench is the
 * number of benchmarks.
 */
int bbd_wk_validate_plugin(const bbd_plugin_t *p, const char *stem,
                           size_t *nbench, char *err, size_t errlen);

/* Checks one declaration (name, type, default, bounds, choices). */
int bbd_wk_validate_param(const bbd_param_t *decl, char *err, size_t errlen);

/* Checks a textual value against a declaration: 0 or BBD_EINVAL/BBD_ERANGE
 * with a reason naming the parameter. */
int bbd_wk_param_check(const bbd_param_t *decl, const char *value, char *err,
                       size_t errlen);

/* Parsers shared by arg_* and the checks. Return 0 on success. */
int bbd_wk_parse_int(const char *s, int64_t *out);
int bbd_wk_parse_float(const char *s, double *out);
int bbd_wk_parse_bool(const char *s, int *out);
/* True if `value` is one of the comma-separated `choices`. */
int bbd_wk_enum_has(const char *choices, const char *value);

#endif
