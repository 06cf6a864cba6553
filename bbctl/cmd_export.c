/* bbctl export RUN --format json|csv|markdown [-o FILE]. */
#include "cmds.h"

#include "api.h"
#include "export_fmt.h"
#include "http.h"
#include "jsonx.h"
#include "output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { O_FORMAT = BBCTL_OPT_FIRST_LOCAL, O_OUTPUT, O_NO_SAMPLES };

struct exp_opts {
  const char *format, *output;
  int no_samples;
};

static int local(bbctl_t *c, int opt, const char *arg, void *user) {
  struct exp_opts *o = user;
  switch (opt) {
  case 'f':
  case O_FORMAT:
    if (strcmp(arg, "json") && strcmp(arg, "csv") && strcmp(arg, "markdown") &&
        strcmp(arg, "md"))
      return bbctl_usage_error(
          c, "export", "--format: json, csv or markdown, not '%s'", arg);
    o->format = strcmp(arg, "md") == 0 ? "markdown" : arg;
    return 0;
  case 'o':
  case O_OUTPUT:
    o->output = arg;
    return 0;
  case O_NO_SAMPLES:
    o->no_samples = 1;
    return 0;
  default:
    return bbctl_usage_error(c, "export", "unknown option");
  }
}

/* The comparability keys of the daemon's environment, from /status (the
 * run object carries only an env id). Same key names as bbd/stats. */
static cJSON *environment(bbctl_t *c, char *version, size_t vlen) {
  bbctl_resp_t r;
  cJSON *env = NULL;
  if (bbctl_http(c, "GET", "/api/v1/status", NULL, &r) == 0) {
    env = cJSON_CreateObject();
    const char *v;
    if ((v = bbctl_jstr(r.json, "machine.cpu_model")))
      cJSON_AddStringToObject(env, "cpu_model", v);
    if ((v = bbctl_jstr(r.json, "machine.kernel")))
      cJSON_AddStringToObject(env, "kernel", v);
    if ((v = bbctl_jstr(r.json, "machine.arch")))
      cJSON_AddStringToObject(env, "arch", v);
    if ((v = bbctl_jstr(r.json, "capabilities.counter_mode")))
      cJSON_AddStringToObject(env, "counter_mode", v);
    if ((v = bbctl_jstr(r.json, "machine.hostname")))
      cJSON_AddStringToObject(env, "hostname", v);
    if ((v = bbctl_jstr(r.json, "version")))
      snprintf(version, vlen, "%s", v);
  }
  bbctl_resp_free(&r);
  return env;
}

/* Attaches {"iters":[..],"ns":[..]} to every result that has samples. */
static int attach_samples(bbctl_t *c, cJSON *run, long long id) {
  cJSON *res;
  cJSON_ArrayForEach(res, cJSON_GetObjectItemCaseSensitive(run, "results")) {
    long long rid = bbctl_jint(res, "id");
    if (rid < 0)
      continue;
    char path[128];
    snprintf(path, sizeof path, "/api/v1/runs/%lld/results/%lld/samples", id,
             rid);
    bbctl_resp_t r;
    int rc = bbctl_http(c, "GET", path, NULL, &r);
    if (rc == BBCTL_EXIT_NOTFOUND) {
      bbctl_resp_free(&r);
      continue; /* a failed result may have none */
    }
    if (rc) {
      rc = bbctl_fail(c, rc, "samples of result %lld: %s", rid, r.msg);
      bbctl_resp_free(&r);
      return rc;
    }
    cJSON *s = cJSON_CreateObject();
    cJSON *it = cJSON_DetachItemFromObject(r.json, "iters");
    cJSON *ns = cJSON_DetachItemFromObject(r.json, "ns");
    if (cJSON_IsArray(it) && cJSON_IsArray(ns)) {
      cJSON_AddItemToObject(s, "iters", it);
      cJSON_AddItemToObject(s, "ns", ns);
      cJSON_AddItemToObject(res, "samples", s);
    } else {
      cJSON_Delete(it);
      cJSON_Delete(ns);
      cJSON_Delete(s);
    }
    bbctl_resp_free(&r);
  }
  return 0;
}

int bbctl_cmd_export(bbctl_t *c, bbctl_conn_opts_t *co, int argc, char **argv) {
  static const struct option longopts[] = {
      BBCTL_COMMON_LONGOPTS,
      {"format", required_argument, NULL, O_FORMAT},
      {"output", required_argument, NULL, O_OUTPUT},
      {"no-samples", no_argument, NULL, O_NO_SAMPLES},
      {NULL, 0, NULL, 0},
  };
  struct exp_opts o = {.format = NULL};
  int first;
  int rc = bbctl_parse_opts(c, co, bbctl_find_cmd("export"), argc, argv,
                            ":hf:o:", longopts, local, &o, &first);
  if (rc)
    return rc;
  if (argc - first != 1)
    return bbctl_usage_error(c, "export", "expected exactly one RUN");
  if (o.format == NULL)
    o.format = c->json ? "json" : "markdown";
  if ((rc = bbctl_connect(c, co)) != 0)
    return rc;
  long long id;
  if ((rc = bbctl_resolve_run(c, argv[first], &id)) != 0)
    return rc;
  bbctl_resp_t r;
  if ((rc = bbctl_get_run(c, id, &r)) != 0) {
    bbctl_resp_free(&r);
    return rc;
  }
  FILE *out = c->out;
  if (o.output && strcmp(o.output, "-") != 0) {
    out = fopen(o.output, "we");
    if (out == NULL) {
      bbctl_resp_free(&r);
      return bbctl_fail(c, BBCTL_EXIT_USAGE, "cannot write %s: %s", o.output,
                        strerror(errno));
    }
  }
  if (strcmp(o.format, "json") == 0) {
    char version[64] = "";
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "kind", "bbd-run-export");
    char now[32];
    time_t tt = time(NULL);
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
    cJSON_AddStringToObject(doc, "exported_at", now);
    cJSON_AddStringToObject(doc, "source", c->url);
    cJSON *env = environment(c, version, sizeof version);
    if (version[0])
      cJSON_AddStringToObject(doc, "bbd_version", version);
    cJSON_AddItemToObject(doc, "environment", env ? env : cJSON_CreateNull());
    if (!o.no_samples && (rc = attach_samples(c, r.json, id)) != 0) {
      cJSON_Delete(doc);
      bbctl_resp_free(&r);
      if (out != c->out)
        fclose(out);
      return rc;
    }
    cJSON_AddItemToObject(doc, "run", r.json);
    r.json = NULL;
    FILE *saved = c->out;
    c->out = out;
    rc = bbctl_emit_json(c, doc);
    c->out = saved;
    if (out != saved) {
      /* The export went to a file: stdout still owes --json its document. */
      c->json_emitted = 0;
      if (c->json) {
        cJSON *d = cJSON_CreateObject();
        cJSON_AddStringToObject(d, "format", "json");
        cJSON_AddStringToObject(d, "output", o.output);
        bbctl_emit_json(c, d);
      }
    }
  } else {
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (mem == NULL) {
      bbctl_resp_free(&r);
      return bbctl_fail(c, BBCTL_EXIT_DAEMON, "out of memory");
    }
    if (strcmp(o.format, "csv") == 0)
      bbctl_export_csv(mem, r.json);
    else
      bbctl_export_markdown(mem, r.json, c->url);
    fclose(mem);
    if (out != c->out || !c->json)
      fwrite(buf, 1, len, out);
    if (c->json) {
      cJSON *d = cJSON_CreateObject();
      cJSON_AddStringToObject(d, "format", o.format);
      if (out != c->out)
        cJSON_AddStringToObject(d, "output", o.output);
      else
        cJSON_AddStringToObject(d, "content", buf ? buf : "");
      rc = bbctl_emit_json(c, d);
    }
    free(buf);
  }
  bbctl_resp_free(&r);
  if (out != c->out && fclose(out) != 0 && rc == 0)
    rc = bbctl_fail(c, BBCTL_EXIT_USAGE, "cannot write %s: %s", o.output,
                    strerror(errno));
  return rc;
}
