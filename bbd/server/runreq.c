#include "runreq.h"
#include "compare.h"
#include "jsonnum.h"

#include "err.h"
#include "params.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int bbd_name_ok(const char *s, size_t max) {
  size_t n = strlen(s);
  if (n == 0 || n > max)
    return 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
      return 0;
  }
  return 1;
}

static int param_name_ok(const char *s) {
  size_t n = strlen(s);
  if (n == 0 || n > 64)
    return 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
      return 0;
  }
  return 1;
}

int bbd_runreq_param_check(const cJSON *decl, const char *value, char *err,
                           size_t errlen) {
  const char *name =
      cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(decl, "name"));
  const char *type =
      cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(decl, "type"));
  if (name == NULL)
    name = "?";
  if (type == NULL || value == NULL)
    return 0; /* nothing known to check against: the worker decides */
  if (strcmp(type, "int") == 0) {
    int64_t v;
    if (bbd_param_parse_int(value, &v) != 0)
      return bbd_errf(BBD_EINVAL, err, errlen,
                      "parameter %.64s: '%.64s' is not an integer", name,
                      value);
    const cJSON *lo = cJSON_GetObjectItemCaseSensitive(decl, "min");
    const cJSON *hi = cJSON_GetObjectItemCaseSensitive(decl, "max");
    /* Bounds travel as JSON numbers (doubles): compare as doubles, exact
     * for every bound a plugin is likely to declare (|x| < 2^53). */
    if (cJSON_IsNumber(lo) && cJSON_IsNumber(hi) &&
        ((double)v < lo->valuedouble || (double)v > hi->valuedouble))
      return bbd_errf(BBD_ERANGE, err, errlen,
                      "parameter %.64s: %lld is outside [%.0f, %.0f]", name,
                      (long long)v, lo->valuedouble, hi->valuedouble);
    return 0;
  }
  if (strcmp(type, "float") == 0) {
    double v;
    if (bbd_param_parse_float(value, &v) != 0)
      return bbd_errf(BBD_EINVAL, err, errlen,
                      "parameter %.64s: '%.64s' is not a finite number", name,
                      value);
    return 0;
  }
  if (strcmp(type, "bool") == 0) {
    int v;
    if (bbd_param_parse_bool(value, &v) != 0)
      return bbd_errf(BBD_EINVAL, err, errlen,
                      "parameter %.64s: '%.64s' is not a boolean "
                      "(true/false/1/0/yes/no)",
                      name, value);
    return 0;
  }
  if (strcmp(type, "enum") == 0) {
    const cJSON *choices = cJSON_GetObjectItemCaseSensitive(decl, "choices");
    if (!cJSON_IsArray(choices))
      return 0;
    char list[256] = "";
    size_t used = 0;
    const cJSON *ch;
    cJSON_ArrayForEach(ch, choices) {
      if (cJSON_IsString(ch) && strcmp(ch->valuestring, value) == 0)
        return 0;
      if (cJSON_IsString(ch) && used < sizeof list) {
        int w = snprintf(list + used, sizeof list - used, "%s%s",
                         used ? "," : "", ch->valuestring);
        used = w < 0 ? sizeof list : used + (size_t)w;
      }
    }
    return bbd_errf(BBD_EINVAL, err, errlen,
                    "parameter %.64s: '%.64s' is not one of %.200s", name,
                    value, list);
  }
  return 0; /* string (bounded by the request validation) or a newer type */
}

#define FAIL(c, f, ...)                                                        \
  do {                                                                         \
    *code = (c);                                                               \
    snprintf(field, fieldlen, "%s", (f));                                      \
    snprintf(err, errlen, __VA_ARGS__);                                        \
    cJSON_Delete(out);                                                         \
    return NULL;                                                               \
  } while (0)

typedef struct numspec {
  const char *name;
  double lo, hi;
  int integer;
} numspec_t;

static const numspec_t settings_nums[] = {
    {"samples", 2, 10000, 1},
    {"warmup_s", 0.001, 600, 0},
    {"measure_s", 0.001, 3600, 0},
    {"timeout_s", 1, 86400, 1},
    {"seed", 0, 9007199254740992.0, 1},
    {"cpu", -1, 4095, 1},
    {"mem_limit", 0, 9007199254740992.0, 1},
};

static const numspec_t stats_nums[] = {
    {"threshold", 0, 1, 0},
    {"alpha", 1e-9, 0.5, 0},
    {"resamples", 100, 10000000, 1},
};

static const numspec_t ab_nums[] = {
    {"min_rounds", 6, 100000, 1},   {"max_rounds", 6, 100000, 1},
    {"target_width", 0.0001, 1, 0}, {"budget_s", 1, 86400, 0},
    {"round_ms", 1, 60000, 0},      {"samples_per_round", 1, 1000, 1},
    {"min_s", 0.1, 86400, 0},       {"threshold", 0, 1, 0},
};

/* Checks one number against a spec list; returns 1 if `it` was a known
 * numeric key and valid, 0 if unknown, -1 if invalid. */
static int check_num(const cJSON *it, const numspec_t *spec, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (strcmp(it->string, spec[i].name) != 0)
      continue;
    if (!cJSON_IsNumber(it) || !isfinite(it->valuedouble) ||
        it->valuedouble < spec[i].lo || it->valuedouble > spec[i].hi ||
        (spec[i].integer && it->valuedouble != floor(it->valuedouble)))
      return -1;
    return 1;
  }
  return 0;
}

static int str_in(const char *s, const char *const *set) {
  for (; *set; set++) {
    if (strcmp(s, *set) == 0)
      return 1;
  }
  return 0;
}

cJSON *bbd_runreq_validate(const cJSON *body, int *code, char *field,
                           size_t fieldlen, char *err, size_t errlen) {
  cJSON *out = cJSON_CreateObject();
  const cJSON *it;
  cJSON_ArrayForEach(it, body) {
    static const char *const top[] = {
        "filters", "params",        "settings", "stats", "tags", "compare_to",
        "force",   "save_baseline", "note",     "ab",    NULL};
    if (!str_in(it->string, top))
      FAIL(BBD_EINVAL, it->string, "unknown field '%.64s'", it->string);
  }

  /* filters */
  cJSON *filters = cJSON_AddArrayToObject(out, "filters");
  const cJSON *f = cJSON_GetObjectItemCaseSensitive(body, "filters");
  if (cJSON_IsString(f)) {
    cJSON_AddItemToArray(filters, cJSON_CreateString(f->valuestring));
  } else if (f != NULL && !cJSON_IsNull(f)) {
    if (!cJSON_IsArray(f) || cJSON_GetArraySize(f) > 256)
      FAIL(BBD_EINVAL, "filters", "filters must be an array of <= 256 globs");
    cJSON_ArrayForEach(it, f) {
      if (!cJSON_IsString(it) || strlen(it->valuestring) == 0 ||
          strlen(it->valuestring) > 1024)
        FAIL(BBD_EINVAL, "filters",
             "each filter must be a non-empty string of <= 1024 bytes");
      cJSON_AddItemToArray(filters, cJSON_CreateString(it->valuestring));
    }
  }

  /* params */
  cJSON *params = cJSON_AddObjectToObject(out, "params");
  const cJSON *p = cJSON_GetObjectItemCaseSensitive(body, "params");
  if (p != NULL && !cJSON_IsNull(p)) {
    if (!cJSON_IsObject(p) || cJSON_GetArraySize(p) > 32)
      FAIL(BBD_EINVAL, "params", "params must be an object of <= 32 entries");
    cJSON_ArrayForEach(it, p) {
      if (!param_name_ok(it->string))
        FAIL(BBD_EINVAL, "params",
             "parameter name '%.64s' must match [a-z0-9_]{1,64}", it->string);
      char buf[64];
      const char *v = NULL;
      if (cJSON_IsString(it))
        v = it->valuestring;
      else if (cJSON_IsBool(it))
        v = cJSON_IsTrue(it) ? "true" : "false";
      else if (cJSON_IsNumber(it) && isfinite(it->valuedouble)) {
        snprintf(buf, sizeof buf, "%.17g", it->valuedouble);
        v = buf;
      }
      if (v == NULL || strlen(v) > 4096)
        FAIL(BBD_EINVAL, "params",
             "parameter '%.64s' must be a string, number or boolean (<= 4096 "
             "bytes)",
             it->string);
      cJSON_AddStringToObject(params, it->string, v);
    }
  }

  /* settings */
  cJSON *settings = cJSON_AddObjectToObject(out, "settings");
  const cJSON *s = cJSON_GetObjectItemCaseSensitive(body, "settings");
  if (s != NULL && !cJSON_IsNull(s) && !cJSON_IsObject(s))
    FAIL(BBD_EINVAL, "settings", "settings must be an object");
  cJSON_ArrayForEach(it, s) {
    int r = check_num(it, settings_nums,
                      sizeof settings_nums / sizeof settings_nums[0]);
    if (r < 0)
      FAIL(BBD_EINVAL, "settings", "settings.%s is out of range", it->string);
    if (r == 1) {
      cJSON_AddItemToObject(settings, it->string, cJSON_Duplicate(it, 0));
      continue;
    }
    if (strcmp(it->string, "quick") == 0 || strcmp(it->string, "flat") == 0 ||
        strcmp(it->string, "alloc") == 0) {
      if (!cJSON_IsBool(it))
        FAIL(BBD_EINVAL, "settings", "settings.%s must be a boolean",
             it->string);
      cJSON_AddItemToObject(settings, it->string, cJSON_Duplicate(it, 0));
      continue;
    }
    if (strcmp(it->string, "counters") == 0) {
      if (!cJSON_IsString(it) || strlen(it->valuestring) == 0 ||
          strlen(it->valuestring) > 2048 || it->valuestring[0] == '-')
        FAIL(BBD_EINVAL, "settings",
             "settings.counters must be a comma list of event names");
      cJSON_AddItemToObject(settings, it->string, cJSON_Duplicate(it, 0));
      continue;
    }
    static const char *const modes[] = {"u", "uk", "auto", NULL};
    static const char *const clocks[] = {"monotonic", "tsc", NULL};
    if (strcmp(it->string, "counter_mode") == 0 ||
        strcmp(it->string, "clock") == 0) {
      const char *const *set =
          strcmp(it->string, "clock") == 0 ? clocks : modes;
      if (!cJSON_IsString(it) || !str_in(it->valuestring, set))
        FAIL(BBD_EINVAL, "settings", "settings.%s has an unknown value",
             it->string);
      cJSON_AddItemToObject(settings, it->string, cJSON_Duplicate(it, 0));
      continue;
    }
    FAIL(BBD_EINVAL, "settings", "unknown setting '%.64s'", it->string);
  }

  /* stats */
  cJSON *stats = cJSON_AddObjectToObject(out, "stats");
  const cJSON *st = cJSON_GetObjectItemCaseSensitive(body, "stats");
  if (st != NULL && !cJSON_IsNull(st) && !cJSON_IsObject(st))
    FAIL(BBD_EINVAL, "stats", "stats must be an object");
  cJSON_ArrayForEach(it, st) {
    int r = check_num(it, stats_nums, sizeof stats_nums / sizeof stats_nums[0]);
    if (r < 0)
      FAIL(BBD_EINVAL, "stats", "stats.%s is out of range", it->string);
    if (r == 1) {
      cJSON_AddItemToObject(stats, it->string, cJSON_Duplicate(it, 0));
      continue;
    }
    static const char *const mults[] = {"holm", "bh", "none", NULL};
    if (strcmp(it->string, "multiplicity") == 0 && cJSON_IsString(it) &&
        str_in(it->valuestring, mults)) {
      cJSON_AddItemToObject(stats, it->string, cJSON_Duplicate(it, 0));
      continue;
    }
    FAIL(BBD_EINVAL, "stats", "unknown or invalid stats field '%.64s'",
         it->string);
  }

  /* tags */
  cJSON *tags = cJSON_AddObjectToObject(out, "tags");
  const cJSON *t = cJSON_GetObjectItemCaseSensitive(body, "tags");
  if (t != NULL && !cJSON_IsNull(t)) {
    if (!cJSON_IsObject(t) || cJSON_GetArraySize(t) > 64)
      FAIL(BBD_EINVAL, "tags", "tags must be an object of <= 64 strings");
    cJSON_ArrayForEach(it, t) {
      if (!bbd_name_ok(it->string, 64))
        FAIL(BBD_EINVAL, "tags",
             "tag key '%.64s' must match [A-Za-z0-9_.-]{1,64}", it->string);
      if (!cJSON_IsString(it) || strlen(it->valuestring) > 4096)
        FAIL(BBD_EINVAL, "tags", "tag '%.64s' must be a string <= 4096 bytes",
             it->string);
      if (cJSON_HasObjectItem(tags, it->string))
        FAIL(BBD_EINVAL, "tags", "duplicate tag '%.64s'", it->string);
      cJSON_AddStringToObject(tags, it->string, it->valuestring);
    }
  }

  /* compare_to */
  const cJSON *ct = cJSON_GetObjectItemCaseSensitive(body, "compare_to");
  if (ct != NULL && !cJSON_IsNull(ct)) {
    const cJSON *b = cJSON_GetObjectItemCaseSensitive(ct, "baseline");
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(ct, "run");
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(ct, "metric");
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(out, "compare_to", o);
    if (!cJSON_IsObject(ct) || cJSON_GetArraySize(ct) != 1 + (m != NULL) ||
        (b == NULL) == (r == NULL))
      FAIL(BBD_EINVAL, "compare_to",
           "compare_to must be {\"baseline\":NAME} or {\"run\":ID}, "
           "optionally with \"metric\":\"wall\"|\"cpu\"");
    if (b != NULL) {
      if (!cJSON_IsString(b) || !bbd_name_ok(b->valuestring, 128))
        FAIL(BBD_EINVAL, "compare_to", "invalid baseline name");
      cJSON_AddStringToObject(o, "baseline", b->valuestring);
    } else {
      int64_t run_id;
      if (!bbd_json_id(r, &run_id))
        FAIL(BBD_EINVAL, "compare_to", "compare_to.run must be a run id");
      cJSON_AddNumberToObject(o, "run", r->valuedouble);
    }
    /* What the comparison at the end of the run compares per iteration:
     * wall time (default) or task-clock CPU time. */
    bbd_cmp_metric_t metric = BBD_CMP_METRIC_WALL;
    if (m != NULL &&
        bbd_cmp_metric_from_name(cJSON_GetStringValue(m), &metric) != 0)
      FAIL(BBD_EINVAL, "compare_to",
           "compare_to.metric must be \"wall\" or \"cpu\"");
    cJSON_AddStringToObject(o, "metric", bbd_cmp_metric_name(metric));
  } else {
    cJSON_AddNullToObject(out, "compare_to");
  }

  const cJSON *force = cJSON_GetObjectItemCaseSensitive(body, "force");
  if (force != NULL && !cJSON_IsBool(force))
    FAIL(BBD_EINVAL, "force", "force must be a boolean");
  cJSON_AddBoolToObject(out, "force", cJSON_IsTrue(force));

  const cJSON *sb = cJSON_GetObjectItemCaseSensitive(body, "save_baseline");
  if (sb != NULL && !cJSON_IsNull(sb)) {
    if (!cJSON_IsString(sb) || !bbd_name_ok(sb->valuestring, 128))
      FAIL(BBD_EINVAL, "save_baseline",
           "save_baseline must match [A-Za-z0-9_.-]{1,128}");
    cJSON_AddStringToObject(out, "save_baseline", sb->valuestring);
  } else {
    cJSON_AddNullToObject(out, "save_baseline");
  }

  const cJSON *note = cJSON_GetObjectItemCaseSensitive(body, "note");
  if (note != NULL && !cJSON_IsNull(note)) {
    if (!cJSON_IsString(note) || strlen(note->valuestring) > 4096)
      FAIL(BBD_EINVAL, "note", "note must be a string <= 4096 bytes");
    cJSON_AddStringToObject(out, "note", note->valuestring);
  } else {
    cJSON_AddNullToObject(out, "note");
  }

  /* ab */
  const cJSON *ab = cJSON_GetObjectItemCaseSensitive(body, "ab");
  if (ab != NULL && !cJSON_IsNull(ab)) {
    if (!cJSON_IsObject(ab))
      FAIL(BBD_EINVAL, "ab", "ab must be an object");
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(out, "ab", o);
    cJSON_ArrayForEach(it, ab) {
      int r = check_num(it, ab_nums, sizeof ab_nums / sizeof ab_nums[0]);
      if (r < 0)
        FAIL(BBD_EINVAL, "ab", "ab.%s is out of range", it->string);
      if (r == 1) {
        cJSON_AddItemToObject(o, it->string, cJSON_Duplicate(it, 0));
        continue;
      }
      static const char *const orders[] = {"abba", "random", "balanced", NULL};
      if (strcmp(it->string, "order") == 0 && cJSON_IsString(it) &&
          str_in(it->valuestring, orders)) {
        cJSON_AddItemToObject(o, it->string, cJSON_Duplicate(it, 0));
        continue;
      }
      if ((strcmp(it->string, "a_dir") == 0 ||
           strcmp(it->string, "b_dir") == 0) &&
          cJSON_IsString(it) && it->valuestring[0] == '/' &&
          strlen(it->valuestring) < 4000) {
        cJSON_AddItemToObject(o, it->string, cJSON_Duplicate(it, 0));
        continue;
      }
      FAIL(BBD_EINVAL, "ab", "unknown or invalid ab field '%.64s'", it->string);
    }
    if (!cJSON_HasObjectItem(o, "a_dir") || !cJSON_HasObjectItem(o, "b_dir"))
      FAIL(BBD_EINVAL, "ab", "ab needs a_dir and b_dir (absolute paths)");
  } else {
    cJSON_AddNullToObject(out, "ab");
  }
  return out;
}
