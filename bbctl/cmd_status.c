/* bbctl status: daemon version, queue, machine, counter capabilities. */
#include "cmds.h"

#include "http.h"
#include "jsonx.h"
#include "output.h"
#include "units.h"

#include <math.h>
#include <string.h>

/* Prints scalars of `o` as "key: value" lines, nested objects with dotted
 * keys, so fields this bbctl does not know yet still show. */
static void flat(FILE *out, const cJSON *o, const char *prefix, int depth) {
  const cJSON *it;
  cJSON_ArrayForEach(it, o) {
    char key[256];
    int kn = snprintf(key, sizeof key, "%s%s%s", prefix, prefix[0] ? "." : "",
                      it->string ? it->string : "?");
    if (kn < 0 || (size_t)kn >= sizeof key)
      continue; /* absurdly deep/long keys are not worth a line */
    if (cJSON_IsObject(it) && depth < 4) {
      flat(out, it, key, depth + 1);
    } else if (cJSON_IsString(it)) {
      fprintf(out, "  %-28s %s\n", key, it->valuestring);
    } else if (cJSON_IsNumber(it)) {
      fprintf(out, "  %-28s %.15g\n", key, it->valuedouble);
    } else if (cJSON_IsBool(it)) {
      fprintf(out, "  %-28s %s\n", key, cJSON_IsTrue(it) ? "yes" : "no");
    } else if (cJSON_IsArray(it)) {
      int n = cJSON_GetArraySize(it);
      int scalars = 1;
      const cJSON *e;
      cJSON_ArrayForEach(e, it) scalars &= cJSON_IsString(e);
      if (scalars && n > 0 && n <= 16) {
        fprintf(out, "  %-28s", key);
        cJSON_ArrayForEach(e, it) fprintf(out, " %s", e->valuestring);
        fputc('\n', out);
      } else {
        fprintf(out, "  %-28s [%d items]\n", key, n);
      }
    }
  }
}

/* The counters part: {"name": "ok"|{"status":..}} or [{"name","status"}]. */
static void counters(bbctl_t *c, const cJSON *caps) {
  bbctl_table_t t;
  static const char *const head[] = {"COUNTER", "STATUS", "DETAIL"};
  if (bbctl_table_init(&t, 3, head) != 0)
    return;
  const cJSON *it;
  cJSON_ArrayForEach(it, caps) {
    const char *name = it->string ? it->string : bbctl_jstr(it, "name");
    const char *st =
        cJSON_IsString(it) ? it->valuestring : bbctl_jstr(it, "status");
    const char *why = bbctl_jstr_any(
        it, (const char *const[]){"reason", "error", "detail", NULL});
    if (name == NULL)
      continue;
    long r = bbctl_table_add_row(&t);
    if (r < 0)
      break;
    bbctl_table_set(&t, (size_t)r, 0, name, BBCTL_C_NONE);
    bbctl_table_set(&t, (size_t)r, 1, st ? st : "?",
                    st && strcmp(st, "ok") == 0 ? BBCTL_C_GREEN
                                                : BBCTL_C_YELLOW);
    bbctl_table_set(&t, (size_t)r, 2, why ? why : "", BBCTL_C_NONE);
  }
  if (t.nrows) {
    fputs("\n", c->out);
    bbctl_table_print(&t, c->out, c->color);
  }
  bbctl_table_free(&t);
}

int bbctl_cmd_status(bbctl_t *c, bbctl_conn_opts_t *co, int argc, char **argv) {
  static const struct option longopts[] = {BBCTL_COMMON_LONGOPTS,
                                           {NULL, 0, NULL, 0}};
  int first;
  int rc = bbctl_parse_opts(c, co, bbctl_find_cmd("status"), argc, argv, ":h",
                            longopts, NULL, NULL, &first);
  if (rc)
    return rc;
  if (first < argc)
    return bbctl_usage_error(c, "status", "unexpected argument '%s'",
                             argv[first]);
  if ((rc = bbctl_connect(c, co)) != 0)
    return rc;
  bbctl_resp_t r;
  rc = bbctl_http_or_fail(c, "status", "GET", "/api/v1/status", NULL, &r);
  if (rc == 0 && !cJSON_IsObject(r.json))
    rc = bbctl_fail(c, BBCTL_EXIT_DAEMON,
                    "status: daemon answered without a JSON object");
  if (rc) {
    bbctl_resp_free(&r);
    return rc;
  }
  if (c->json) {
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "url", c->url);
    cJSON_AddItemToObject(doc, "status", r.json);
    r.json = NULL;
    bbctl_resp_free(&r);
    return bbctl_emit_json(c, doc);
  }
  const cJSON *s = r.json;
  const char *ver = bbctl_jstr(s, "version");
  fprintf(c->out, "bbd %s at %s\n", ver ? ver : "(unknown version)", c->url);
  double up =
      bbctl_jnum_any(s, (const char *const[]){"uptime_s", "uptime", NULL});
  if (!isnan(up)) {
    char b[32];
    fprintf(c->out, "  %-28s %s\n", "uptime",
            bbctl_fmt_ns(up * 1e9, b, sizeof b));
  }
  /* Everything else generically, except the counter table below. */
  cJSON *copy = cJSON_Duplicate(s, 1);
  const cJSON *caps = NULL;
  if (copy) {
    cJSON_DeleteItemFromObjectCaseSensitive(copy, "version");
    cJSON_DeleteItemFromObjectCaseSensitive(copy, "uptime_s");
    cJSON_DeleteItemFromObjectCaseSensitive(copy, "uptime");
    caps = bbctl_jget(s, "capabilities.counters");
    if (caps == NULL)
      caps = bbctl_jget(s, "counters");
    if (caps) {
      cJSON *cap = cJSON_GetObjectItemCaseSensitive(copy, "capabilities");
      cJSON_DeleteItemFromObjectCaseSensitive(cap, "counters");
      cJSON_DeleteItemFromObjectCaseSensitive(copy, "counters");
    }
    flat(c->out, copy, "", 0);
    cJSON_Delete(copy);
  }
  if (caps)
    counters(c, caps);
  bbctl_resp_free(&r);
  return 0;
}
