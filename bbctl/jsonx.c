#include "jsonx.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const cJSON *bbctl_jget(const cJSON *o, const char *path) {
  char part[128];
  const char *p = path;
  while (o != NULL && *p) {
    size_t n = strcspn(p, ".");
    if (n == 0 || n >= sizeof part)
      return NULL;
    memcpy(part, p, n);
    part[n] = '\0';
    p += n;
    if (*p == '.')
      p++;
    if (cJSON_IsArray(o)) {
      char *end;
      long idx = strtol(part, &end, 10);
      if (*end != '\0' || idx < 0)
        return NULL;
      o = cJSON_GetArrayItem(o, (int)idx);
    } else if (cJSON_IsObject(o)) {
      o = cJSON_GetObjectItemCaseSensitive(o, part);
    } else {
      return NULL;
    }
  }
  return o;
}

const char *bbctl_jstr(const cJSON *o, const char *path) {
  const cJSON *v = bbctl_jget(o, path);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

double bbctl_jnum(const cJSON *o, const char *path) {
  const cJSON *v = bbctl_jget(o, path);
  if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble))
    return NAN;
  return v->valuedouble;
}

double bbctl_jnum_any(const cJSON *o, const char *const *paths) {
  for (; *paths; paths++) {
    double v = bbctl_jnum(o, *paths);
    if (!isnan(v))
      return v;
  }
  return NAN;
}

const char *bbctl_jstr_any(const cJSON *o, const char *const *paths) {
  for (; *paths; paths++) {
    const char *s = bbctl_jstr(o, *paths);
    if (s)
      return s;
  }
  return NULL;
}

const cJSON *bbctl_jarr_any(const cJSON *o, const char *const *paths) {
  for (; *paths; paths++) {
    const cJSON *a = bbctl_jget(o, *paths);
    if (cJSON_IsArray(a))
      return a;
  }
  return NULL;
}

const char *bbctl_jid(const cJSON *o, const char *path, char *buf, size_t len) {
  const cJSON *v = bbctl_jget(o, path);
  if (cJSON_IsString(v)) {
    snprintf(buf, len, "%s", v->valuestring);
    return buf;
  }
  if (cJSON_IsNumber(v) && isfinite(v->valuedouble) &&
      fabs(v->valuedouble) < 1e15) {
    snprintf(buf, len, "%.0f", v->valuedouble);
    return buf;
  }
  return NULL;
}
