/*
 * Parsers of benchmark parameter values, shared by the daemon (which checks
 * the values of a run request against the plugin's declared parameters) and
 * the worker (which parses them before a plugin sees them), so a value the
 * daemon accepts is one the worker accepts and the other way round.
 */
#ifndef BBD_COMMON_PARAMS_H
#define BBD_COMMON_PARAMS_H

#include <stdint.h>

/* A base-10 integer with nothing after it, in int64_t range. 0, or -1 (s
 * NULL or empty, trailing characters, overflow; *out is left as it was). */
int bbd_param_parse_int(const char *s, int64_t *out);

/* A finite number (strtod syntax) with nothing after it. 0 or -1. */
int bbd_param_parse_float(const char *s, double *out);

/* true/1/yes -> 1, false/0/no -> 0 (exact, case-sensitive). 0 or -1. */
int bbd_param_parse_bool(const char *s, int *out);

#endif
