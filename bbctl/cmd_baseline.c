/* bbctl baseline save NAME [RUN] | list | rm NAME. */
#include "cmds.h"

#include "api.h"
#include "args.h"
#include "http.h"
#include "jsonx.h"
#include "output.h"

#include <string.h>

enum { O_NOTE = BBCTL_OPT_FIRST_LOCAL };

static int local(bbctl_t *c, int opt, const char *arg, void *user) {
  if (opt == O_NOTE) {
    if (strlen(arg) > 1000)
      return bbctl_usage_error(c, "baseline", "--note longer than 1000 bytes");
    *(const char **)user = arg;
    return 0;
  }
  return bbctl_usage_error(c, "baseline", "unknown option");
}

static int list(bbctl_t *c) {
  bbctl_resp_t r;
  int rc =
      bbctl_http_or_fail(c, "baselines", "GET", "/api/v1/baselines", NULL, &r);
  if (rc == 0 && !cJSON_IsArray(bbctl_jget(r.json, "baselines")))
    rc = bbctl_fail(c, BBCTL_EXIT_DAEMON,
                    "baselines: daemon answer has no \"baselines\" list");
  if (rc) {
    bbctl_resp_free(&r);
    return rc;
  }
  if (c->json) {
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddItemToObject(doc, "baselines",
                          cJSON_DetachItemFromObject(r.json, "baselines"));
    bbctl_resp_free(&r);
    return bbctl_emit_json(c, doc);
  }
  bbctl_table_t t;
  static const char *const head[] = {"NAME", ">RUN", "SET", "NOTE"};
  bbctl_table_init(&t, 4, head);
  const cJSON *b;
  cJSON_ArrayForEach(b, bbctl_jget(r.json, "baselines")) {
    long row = bbctl_table_add_row(&t);
    if (row < 0)
      break;
    char id[32];
    bbctl_table_set(&t, (size_t)row, 0, bbctl_jstr(b, "name"), BBCTL_C_NONE);
    bbctl_table_set(&t, (size_t)row, 1, bbctl_jid(b, "run_id", id, sizeof id),
                    BBCTL_C_NONE);
    bbctl_table_set(&t, (size_t)row, 2, bbctl_jstr(b, "set_at"), BBCTL_C_NONE);
    const char *note = bbctl_jstr(b, "note");
    bbctl_table_set(&t, (size_t)row, 3, note ? note : "", BBCTL_C_NONE);
  }
  if (t.nrows)
    bbctl_table_print(&t, c->out, c->color);
  else
    fputs("no baselines (set one with `bbctl baseline save NAME [RUN]`)\n",
          c->out);
  bbctl_table_free(&t);
  bbctl_resp_free(&r);
  return 0;
}

static int save(bbctl_t *c, const char *name, const char *ref,
                const char *note) {
  long long id;
  int rc = bbctl_resolve_run(c, ref ? ref : "latest", &id);
  if (rc)
    return rc;
  char path[512];
  snprintf(path, sizeof path, "/api/v1/baselines/%s", name);
  cJSON *body = cJSON_CreateObject();
  cJSON_AddNumberToObject(body, "run", (double)id);
  if (note)
    cJSON_AddStringToObject(body, "note", note);
  bbctl_resp_t r;
  rc = bbctl_http(c, "PUT", path, body, &r);
  cJSON_Delete(body);
  if (rc == BBCTL_EXIT_NOTFOUND)
    rc = bbctl_fail(c, rc, "run %lld not found", id);
  else if (rc)
    rc = bbctl_fail(c, rc, "baseline save %s: %s", name, r.msg);
  if (rc == 0) {
    if (c->json) {
      cJSON *doc = cJSON_CreateObject();
      cJSON_AddItemToObject(doc, "baseline", r.json);
      r.json = NULL;
      rc = bbctl_emit_json(c, doc);
    } else {
      fprintf(c->out, "baseline %s -> run %lld\n", name, id);
    }
  }
  bbctl_resp_free(&r);
  return rc;
}

static int rm(bbctl_t *c, const char *name) {
  char path[512];
  snprintf(path, sizeof path, "/api/v1/baselines/%s", name);
  bbctl_resp_t r;
  int rc = bbctl_http(c, "DELETE", path, NULL, &r);
  if (rc == BBCTL_EXIT_NOTFOUND)
    rc = bbctl_fail(c, rc, "no baseline named '%s'", name);
  else if (rc)
    rc = bbctl_fail(c, rc, "baseline rm %s: %s", name, r.msg);
  bbctl_resp_free(&r);
  if (rc)
    return rc;
  if (c->json) {
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "deleted", name);
    return bbctl_emit_json(c, doc);
  }
  fprintf(c->out, "baseline %s deleted\n", name);
  return 0;
}

int bbctl_cmd_baseline(bbctl_t *c, bbctl_conn_opts_t *co, int argc,
                       char **argv) {
  static const struct option longopts[] = {
      BBCTL_COMMON_LONGOPTS,
      {"note", required_argument, NULL, O_NOTE},
      {NULL, 0, NULL, 0},
  };
  const char *note = NULL;
  int first;
  int rc = bbctl_parse_opts(c, co, bbctl_find_cmd("baseline"), argc, argv, ":h",
                            longopts, local, &note, &first);
  if (rc)
    return rc;
  int n = argc - first;
  if (n < 1)
    return bbctl_usage_error(c, "baseline", "expected save, list or rm");
  const char *sub = argv[first];
  char err[256];
  if (strcmp(sub, "list") == 0 || strcmp(sub, "ls") == 0) {
    if (n != 1)
      return bbctl_usage_error(c, "baseline", "list takes no arguments");
    if ((rc = bbctl_connect(c, co)) != 0)
      return rc;
    return list(c);
  }
  if (strcmp(sub, "save") == 0 || strcmp(sub, "set") == 0) {
    if (n < 2 || n > 3)
      return bbctl_usage_error(c, "baseline",
                               "usage: baseline save NAME [RUN]");
    if (bbctl_check_baseline_name("NAME", argv[first + 1], err, sizeof err))
      return bbctl_usage_error(c, "baseline", "%s", err);
    if ((rc = bbctl_connect(c, co)) != 0)
      return rc;
    return save(c, argv[first + 1], n == 3 ? argv[first + 2] : NULL, note);
  }
  if (strcmp(sub, "rm") == 0 || strcmp(sub, "delete") == 0) {
    if (n != 2)
      return bbctl_usage_error(c, "baseline", "usage: baseline rm NAME");
    if (bbctl_check_baseline_name("NAME", argv[first + 1], err, sizeof err))
      return bbctl_usage_error(c, "baseline", "%s", err);
    if ((rc = bbctl_connect(c, co)) != 0)
      return rc;
    return rm(c, argv[first + 1]);
  }
  return bbctl_usage_error(c, "baseline",
                           "unknown subcommand '%s' (save, list, rm)", sub);
}
