/*
 * Bounded reads of JSON numbers. cJSON stores every number as a double, and
 * a request (or a stored document) can hold 1e999 (infinity), NaN-like
 * overflow or fractions; converting such a double to an integer type is
 * undefined behaviour in C. Every integer taken from JSON goes through here.
 */
#ifndef BBD_SERVER_JSONNUM_H
#define BBD_SERVER_JSONNUM_H

#include <cjson/cJSON.h>
#include <math.h>
#include <stdint.h>

/* Largest integer a double holds exactly (2^53): the bound for ids. */
#define BBD_JSON_ID_MAX 9007199254740992.0

/* Stores v as an integer id (1 .. 2^53) in *out and returns 1, or returns 0
 * (leaving *out alone) if v is not a number, not finite, not whole, or out
 * of that range. */
static inline int bbd_json_id(const cJSON *v, int64_t *out) {
  if (!cJSON_IsNumber(v))
    return 0;
  double d = v->valuedouble;
  if (!isfinite(d) || d < 1 || d > BBD_JSON_ID_MAX || d != floor(d))
    return 0;
  *out = (int64_t)d;
  return 1;
}

#endif
