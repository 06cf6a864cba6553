/*
 * Defensive accessors over cJSON trees from the daemon or an export file.
 * A daemon may be older, newer or broken: every accessor tolerates a
 * missing key or a wrong type and returns NULL / NAN instead.
 */
#ifndef BBCTL_JSONX_H
#define BBCTL_JSONX_H

#include <cjson/cJSON.h>

/* Follows a dot-separated path ("estimates.mean.point"); numeric parts
 * index arrays. NULL if any step is missing. */
const cJSON *bbctl_jget(const cJSON *o, const char *path);

/* The string at `path`, or NULL. */
const char *bbctl_jstr(const cJSON *o, const char *path);

/* The number at `path`, or NAN (also for null). */
double bbctl_jnum(const cJSON *o, const char *path);

/* The first of several paths that holds a number, or NAN: lets one reader
 * accept "mean_ns" and "estimates.mean.point". */
double bbctl_jnum_any(const cJSON *o, const char *const *paths);

/* The first of several paths that holds a string, or NULL. */
const char *bbctl_jstr_any(const cJSON *o, const char *const *paths);

/* The array at `path` or the first of `paths` that is an array, or NULL. */
const cJSON *bbctl_jarr_any(const cJSON *o, const char *const *paths);

/* A number or a numeric string as a string ("42" for 42, "r1" for "r1"):
 * run ids may be either. Writes into buf, returns buf or NULL. */
const char *bbctl_jid(const cJSON *o, const char *path, char *buf, size_t len);

#endif
