/* Parameter value parsers (params.h). */
#include "params.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* strtoll's range is int64_t's on every target bbd builds for. */
_Static_assert(sizeof(long long) == sizeof(int64_t), "long long is 64-bit");

int bbd_param_parse_int(const char *s, int64_t *out) {
  if (s == NULL || *s == '\0')
    return -1;
  char *end = NULL;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (errno != 0 || end == s || *end != '\0')
    return -1;
  *out = (int64_t)v;
  return 0;
}

int bbd_param_parse_float(const char *s, double *out) {
  if (s == NULL || *s == '\0')
    return -1;
  char *end = NULL;
  errno = 0;
  double v = strtod(s, &end);
  if (errno != 0 || end == s || *end != '\0' || !isfinite(v))
    return -1;
  *out = v;
  return 0;
}

int bbd_param_parse_bool(const char *s, int *out) {
  if (s == NULL)
    return -1;
  if (!strcmp(s, "true") || !strcmp(s, "1") || !strcmp(s, "yes")) {
    *out = 1;
    return 0;
  }
  if (!strcmp(s, "false") || !strcmp(s, "0") || !strcmp(s, "no")) {
    *out = 0;
    return 0;
  }
  return -1;
}
