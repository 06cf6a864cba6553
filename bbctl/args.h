/*
 * Validation of command-line values. Each parser returns 0 on success or
 * BBD_EINVAL/BBD_ERANGE with a one-line reason in err[errlen] that names
 * the option, so the caller can print it and exit 2.
 */
#ifndef BBCTL_ARGS_H
#define BBCTL_ARGS_H

#include <stddef.h>

/* A whole decimal number in [min, max]; no sign, no trailing junk. */
int bbctl_parse_long(const char *opt, const char *s, long min, long max,
                     long *out, char *err, size_t errlen);

/* A finite number of seconds (e.g. "0.5", "3", "2s", "500ms") in
 * [min, max]. */
int bbctl_parse_seconds(const char *opt, const char *s, double min, double max,
                        double *out, char *err, size_t errlen);

/* A percentage "5", "5%", "2.5" in (0, 1000]. */
int bbctl_parse_percent(const char *opt, const char *s, double *out, char *err,
                        size_t errlen);

/* Splits "key=value" in place: *key points at s, *value after the '='. The
 * key must match [A-Za-z0-9_.-]{1,64}; the value may be empty but not
 * longer than 1024 bytes. */
int bbctl_parse_kv(const char *opt, char *s, char **key, char **value,
                   char *err, size_t errlen);

/* A run id ("42", "r-abc", a UUID), a baseline name or "latest": 1..128
 * bytes of [A-Za-z0-9_.:@/-]. */
int bbctl_check_ref(const char *what, const char *s, char *err, size_t errlen);

/* A baseline name as the daemon accepts it: [A-Za-z0-9_.-]{1,128}. */
int bbctl_check_baseline_name(const char *what, const char *s, char *err,
                              size_t errlen);

/* A benchmark filter glob: 1..256 printable ASCII bytes. */
int bbctl_check_filter(const char *s, char *err, size_t errlen);

/*
 * Shell-style glob over a full benchmark id, with fnmatch() semantics minus
 * FNM_PATHNAME: `*` also matches `/`, so "serialization/ *tiny*" (without
 * the space) selects every tiny benchmark of that plugin. A filter without
 * any glob character also matches as a prefix of whole path components:
 * "serialization" selects everything in the plugin, "serialization/methods"
 * that group. Returns 1 on match.
 */
int bbctl_glob_match(const char *pattern, const char *id);

/* 1 if `id` matches any of the n filters, or n == 0 (no filter = all). */
int bbctl_filters_match(char *const *filters, size_t n, const char *id);

#endif
