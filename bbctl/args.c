#include "args.h"

#include "err.h"

#include <errno.h>
#include <fnmatch.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int bbctl_parse_long(const char *opt, const char *s, long min, long max,
                     long *out, char *err, size_t errlen) {
  if (s == NULL || *s < '0' || *s > '9')
    return bbd_errf(BBD_EINVAL, err, errlen, "%s: expected a number, got '%s'",
                    opt, s ? s : "");
  errno = 0;
  char *end;
  long v = strtol(s, &end, 10);
  if (*end != '\0')
    return bbd_errf(BBD_EINVAL, err, errlen, "%s: expected a number, got '%s'",
                    opt, s);
  if (errno == ERANGE || v < min || v > max)
    return bbd_errf(BBD_ERANGE, err, errlen, "%s: %s is out of range %ld..%ld",
                    opt, s, min, max);
  *out = v;
  return 0;
}

int bbctl_parse_seconds(const char *opt, const char *s, double min, double max,
                        double *out, char *err, size_t errlen) {
  if (s == NULL || *s == '\0' || !(*s == '.' || (*s >= '0' && *s <= '9')))
    return bbd_errf(BBD_EINVAL, err, errlen,
                    "%s: expected seconds (e.g. 3, 0.5, 500ms), got '%s'", opt,
                    s ? s : "");
  char *end;
  double v = strtod(s, &end);
  if (end == s)
    return bbd_errf(BBD_EINVAL, err, errlen,
                    "%s: expected seconds (e.g. 3, 0.5, 500ms), got '%s'", opt,
                    s);
  if (strcmp(end, "ms") == 0)
    v /= 1000.0;
  else if (*end != '\0' && strcmp(end, "s") != 0)
    return bbd_errf(BBD_EINVAL, err, errlen,
                    "%s: unknown unit '%s' (use s or ms)", opt, end);
  if (!isfinite(v) || v < min || v > max)
    return bbd_errf(BBD_ERANGE, err, errlen, "%s: %s is out of range %g..%g s",
                    opt, s, min, max);
  *out = v;
  return 0;
}

int bbctl_parse_percent(const char *opt, const char *s, double *out, char *err,
                        size_t errlen) {
  if (s == NULL || *s == '\0' || !(*s == '.' || (*s >= '0' && *s <= '9')))
    return bbd_errf(BBD_EINVAL, err, errlen,
                    "%s: expected a percentage (e.g. 5 or 2.5%%), got '%s'",
                    opt, s ? s : "");
  char *end;
  double v = strtod(s, &end);
  if (end == s || (*end != '\0' && strcmp(end, "%") != 0))
    return bbd_errf(BBD_EINVAL, err, errlen,
                    "%s: expected a percentage (e.g. 5 or 2.5%%), got '%s'",
                    opt, s);
  if (!isfinite(v) || v <= 0 || v > 1000)
    return bbd_errf(BBD_ERANGE, err, errlen, "%s: %s is out of range (0, 1000]",
                    opt, s);
  *out = v;
  return 0;
}

static int key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

int bbctl_parse_kv(const char *opt, char *s, char **key, char **value,
                   char *err, size_t errlen) {
  char *eq = s ? strchr(s, '=') : NULL;
  if (eq == NULL || eq == s)
    return bbd_errf(BBD_EINVAL, err, errlen, "%s: expected key=value, got '%s'",
                    opt, s ? s : "");
  size_t klen = (size_t)(eq - s);
  if (klen > 64)
    return bbd_errf(BBD_ERANGE, err, errlen, "%s: key longer than 64 bytes",
                    opt);
  for (size_t i = 0; i < klen; i++)
    if (!key_char(s[i]))
      return bbd_errf(BBD_EINVAL, err, errlen,
                      "%s: key '%.*s' may only hold letters, digits, _ . -",
                      opt, (int)klen, s);
  if (strlen(eq + 1) > 1024)
    return bbd_errf(BBD_ERANGE, err, errlen, "%s: value longer than 1024 bytes",
                    opt);
  *eq = '\0';
  *key = s;
  *value = eq + 1;
  return 0;
}

int bbctl_check_ref(const char *what, const char *s, char *err, size_t errlen) {
  size_t n = s ? strlen(s) : 0;
  if (n == 0 || n > 128)
    return bbd_errf(BBD_EINVAL, err, errlen,
                    "%s: expected 1..128 characters, got %zu", what, n);
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (!(key_char(c) || c == ':' || c == '@' || c == '/'))
      return bbd_errf(BBD_EINVAL, err, errlen,
                      "%s: '%s' holds a character other than "
                      "letters, digits and _ . - : @ /",
                      what, s);
  }
  return 0;
}

int bbctl_check_baseline_name(const char *what, const char *s, char *err,
                              size_t errlen) {
  size_t n = s ? strlen(s) : 0;
  if (n == 0 || n > 128)
    return bbd_errf(BBD_EINVAL, err, errlen,
                    "%s: a baseline name has 1..128 characters", what);
  for (size_t i = 0; i < n; i++)
    if (!key_char(s[i]))
      return bbd_errf(BBD_EINVAL, err, errlen,
                      "%s: baseline name '%s' may only hold letters, digits "
                      "and _ . -",
                      what, s);
  if (strcmp(s, "latest") == 0)
    return bbd_errf(BBD_EINVAL, err, errlen,
                    "%s: 'latest' is reserved for the newest run", what);
  return 0;
}

int bbctl_check_filter(const char *s, char *err, size_t errlen) {
  size_t n = s ? strlen(s) : 0;
  if (n == 0 || n > 256)
    return bbd_errf(BBD_EINVAL, err, errlen,
                    "filter: expected 1..256 characters, got %zu", n);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c <= 0x20 || c >= 0x7f)
      return bbd_errf(BBD_EINVAL, err, errlen,
                      "filter '%s': only printable ASCII without spaces", s);
  }
  return 0;
}

int bbctl_glob_match(const char *pattern, const char *id) {
  /* No FNM_PATHNAME: '*' crosses '/' as the CLI contract says. */
  if (fnmatch(pattern, id, 0) == 0)
    return 1;
  if (strpbrk(pattern, "*?[") == NULL) {
    size_t n = strlen(pattern);
    while (n > 0 && pattern[n - 1] == '/')
      n--;
    if (n > 0 && strncmp(pattern, id, n) == 0 && id[n] == '/')
      return 1;
  }
  return 0;
}

int bbctl_filters_match(char *const *filters, size_t n, const char *id) {
  if (n == 0)
    return 1;
  for (size_t i = 0; i < n; i++)
    if (bbctl_glob_match(filters[i], id))
      return 1;
  return 0;
}
