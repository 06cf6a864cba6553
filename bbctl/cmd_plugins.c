/* bbctl plugins [-l] [FILTER...]: the catalog, benchmarks and load errors. */
#include "cmds.h"

#include "args.h"
#include "http.h"
#include "jsonx.h"
#include "output.h"

#include <string.h>

enum { O_LONG = BBCTL_OPT_FIRST_LOCAL, O_RESCAN };

struct plug_opts {
  int list, rescan;
};

static int local(bbctl_t *c, int opt, const char *arg, void *user) {
  struct plug_opts *o = user;
  if (opt == 'l' || opt == O_LONG) {
    o->list = 1;
    return 0;
  }
  if (opt == O_RESCAN) {
    o->rescan = 1;
    return 0;
  }
  return bbctl_usage_error(c, "plugins", "unknown option");
}

static void param_text(const cJSON *b, char *buf, size_t len) {
  size_t o = 0;
  buf[0] = '\0';
  const cJSON *p;
  cJSON_ArrayForEach(p, bbctl_jget(b, "params")) {
    const char *n = bbctl_jstr(p, "name");
    const char *d = bbctl_jstr(p, "default");
    if (n == NULL || o >= len)
      continue;
    int k = snprintf(buf + o, len - o, "%s%s=%s", o ? " " : "", n, d ? d : "?");
    if (k < 0)
      break;
    o += (size_t)k;
  }
}

int bbctl_cmd_plugins(bbctl_t *c, bbctl_conn_opts_t *co, int argc,
                      char **argv) {
  static const struct option longopts[] = {
      BBCTL_COMMON_LONGOPTS,
      {"long", no_argument, NULL, O_LONG},
      {"benchmarks", no_argument, NULL, O_LONG},
      {"rescan", no_argument, NULL, O_RESCAN},
      {NULL, 0, NULL, 0},
  };
  struct plug_opts o = {0};
  int first;
  int rc = bbctl_parse_opts(c, co, bbctl_find_cmd("plugins"), argc, argv, ":hl",
                            longopts, local, &o, &first);
  if (rc)
    return rc;
  char err[256];
  for (int i = first; i < argc; i++)
    if (bbctl_check_filter(argv[i], err, sizeof err))
      return bbctl_usage_error(c, "plugins", "%s", err);
  char *const *filters = argv + first;
  size_t nf = (size_t)(argc - first);
  if (nf)
    o.list = 1;
  if ((rc = bbctl_connect(c, co)) != 0)
    return rc;
  bbctl_resp_t r, rb = {0};
  if (o.rescan) {
    rc = bbctl_http_or_fail(c, "rescan", "POST", "/api/v1/plugins/rescan", NULL,
                            &r);
    bbctl_resp_free(&r);
    if (rc)
      return rc;
  }
  rc = bbctl_http_or_fail(c, "plugins", "GET", "/api/v1/plugins", NULL, &r);
  if (rc == 0 && !cJSON_IsArray(bbctl_jget(r.json, "plugins")))
    rc = bbctl_fail(c, BBCTL_EXIT_DAEMON,
                    "plugins: daemon answer has no \"plugins\" list");
  if (rc == 0 && (o.list || c->json)) {
    rc = bbctl_http_or_fail(c, "benchmarks", "GET", "/api/v1/benchmarks", NULL,
                            &rb);
    if (rc == 0 && !cJSON_IsArray(bbctl_jget(rb.json, "benchmarks")))
      rc = bbctl_fail(c, BBCTL_EXIT_DAEMON,
                      "benchmarks: daemon answer has no \"benchmarks\" list");
  }
  if (rc) {
    bbctl_resp_free(&r);
    bbctl_resp_free(&rb);
    return rc;
  }
  /* Keep only the benchmarks the filters select (client side: the same
   * glob rules as `bbctl run`). */
  cJSON *benches =
      rb.json ? cJSON_GetObjectItemCaseSensitive(rb.json, "benchmarks") : NULL;
  if (benches && nf) {
    cJSON *b = benches->child;
    while (b) {
      cJSON *next = b->next;
      const char *id = bbctl_jstr(b, "id");
      if (id == NULL || !bbctl_filters_match(filters, nf, id))
        cJSON_Delete(cJSON_DetachItemViaPointer(benches, b));
      b = next;
    }
    if (cJSON_GetArraySize(benches) == 0) {
      bbctl_resp_free(&r);
      bbctl_resp_free(&rb);
      return bbctl_fail(c, BBCTL_EXIT_NOTFOUND,
                        "no benchmark matches the filters");
    }
  }
  if (c->json) {
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddItemToObject(doc, "plugins",
                          cJSON_DetachItemFromObject(r.json, "plugins"));
    cJSON *broken = cJSON_DetachItemFromObject(r.json, "broken");
    cJSON_AddItemToObject(doc, "broken", broken ? broken : cJSON_CreateArray());
    cJSON_AddItemToObject(doc, "benchmarks",
                          cJSON_DetachItemViaPointer(rb.json, benches));
    bbctl_resp_free(&r);
    bbctl_resp_free(&rb);
    return bbctl_emit_json(c, doc);
  }
  if (!o.list) {
    bbctl_table_t t;
    static const char *const head[] = {"PLUGIN", "VERSION", "ABI",
                                       ">BENCHMARKS", "PATH"};
    bbctl_table_init(&t, 5, head);
    const cJSON *p;
    cJSON_ArrayForEach(p, bbctl_jget(r.json, "plugins")) {
      long row = bbctl_table_add_row(&t);
      if (row < 0)
        break;
      char n[32];
      bbctl_table_set(&t, (size_t)row, 0, bbctl_jstr(p, "name"), BBCTL_C_NONE);
      bbctl_table_set(&t, (size_t)row, 1, bbctl_jstr(p, "version"),
                      BBCTL_C_NONE);
      char ma[24], mi[24];
      if (bbctl_jid(p, "abi.major", ma, sizeof ma) &&
          bbctl_jid(p, "abi.minor", mi, sizeof mi))
        bbctl_table_setf(&t, (size_t)row, 2, BBCTL_C_NONE, "%s.%s", ma, mi);
      else
        bbctl_table_set(&t, (size_t)row, 2, "-", BBCTL_C_NONE);
      bbctl_table_set(&t, (size_t)row, 3,
                      bbctl_jid(p, "benchmark_count", n, sizeof n),
                      BBCTL_C_NONE);
      bbctl_table_set(&t, (size_t)row, 4, bbctl_jstr(p, "path"), BBCTL_C_NONE);
    }
    if (t.nrows)
      bbctl_table_print(&t, c->out, c->color);
    else
      fputs("no plugins loaded\n", c->out);
    bbctl_table_free(&t);
  } else {
    bbctl_table_t t;
    static const char *const head[] = {"BENCHMARK", "PARAMETERS", "SUMMARY"};
    bbctl_table_init(&t, 3, head);
    const cJSON *b;
    cJSON_ArrayForEach(b, benches) {
      long row = bbctl_table_add_row(&t);
      if (row < 0)
        break;
      char params[256];
      param_text(b, params, sizeof params);
      bbctl_table_set(&t, (size_t)row, 0, bbctl_jstr(b, "id"), BBCTL_C_NONE);
      bbctl_table_set(&t, (size_t)row, 1, params, BBCTL_C_NONE);
      const char *s = bbctl_jstr(b, "summary");
      bbctl_table_set(&t, (size_t)row, 2, s ? s : "", BBCTL_C_NONE);
    }
    if (t.nrows)
      bbctl_table_print(&t, c->out, c->color);
    else
      fputs("no benchmarks\n", c->out);
    bbctl_table_free(&t);
  }
  /* Plugin directories that do not exist or were refused explain an empty
   * catalog better than anything else. */
  const cJSON *d;
  cJSON_ArrayForEach(d, bbctl_jget(r.json, "dirs")) {
    const char *path = bbctl_jstr(d, "path");
    const char *refused = bbctl_jstr(d, "refused");
    if (refused)
      fprintf(c->out, "plugin dir %s refused: %s\n", path ? path : "?",
              refused);
    else if (cJSON_IsFalse(bbctl_jget(d, "exists")))
      fprintf(c->out, "plugin dir %s does not exist\n", path ? path : "?");
  }
  const cJSON *broken = bbctl_jget(r.json, "broken");
  if (cJSON_GetArraySize(broken) > 0) {
    fprintf(c->out, "\n%d plugin file%s could not be loaded:\n",
            cJSON_GetArraySize(broken),
            cJSON_GetArraySize(broken) == 1 ? "" : "s");
    bbctl_table_t t;
    static const char *const head[] = {"FILE", "STATUS", "CODE", "REASON"};
    bbctl_table_init(&t, 4, head);
    const cJSON *p;
    cJSON_ArrayForEach(p, broken) {
      long row = bbctl_table_add_row(&t);
      if (row < 0)
        break;
      const char *path = bbctl_jstr(p, "path");
      bbctl_table_set(&t, (size_t)row, 0, path ? path : bbctl_jstr(p, "file"),
                      BBCTL_C_NONE);
      bbctl_table_set(&t, (size_t)row, 1, bbctl_jstr(p, "status"), BBCTL_C_RED);
      bbctl_table_set(&t, (size_t)row, 2, bbctl_jstr(p, "code"), BBCTL_C_NONE);
      bbctl_table_set(&t, (size_t)row, 3, bbctl_jstr(p, "reason"),
                      BBCTL_C_NONE);
    }
    bbctl_table_print(&t, c->out, c->color);
    bbctl_table_free(&t);
  }
  bbctl_resp_free(&r);
  bbctl_resp_free(&rb);
  return 0;
}
