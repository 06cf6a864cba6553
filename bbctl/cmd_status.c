/* bbctl status: daemon version, queue, machine, counter capabilities. */
#include "cmds.h"

#include "http.h"
#include "jsonx.h"
#include "output.h"
#include "units.h"

#include <math.h>
#include <string.h>

/* The counters part: {"name": "ok"|{"status":..}} or [{"name","status"}].
 * The detail column only appears when some counter has a detail. */
static const char *counter_detail(const cJSON *it) {
  return bbctl_jstr_any(
      it, (const char *const[]){"reason", "error", "detail", NULL});
}

static void counters(bbctl_t *c, const cJSON *caps) {
  const cJSON *it;
  int any_detail = 0;
  cJSON_ArrayForEach(it, caps) any_detail |= counter_detail(it) != NULL;
  bbctl_table_t t;
  static const char *const head[] = {"COUNTER", "STATUS", "DETAIL"};
  if (bbctl_table_init(&t, any_detail ? 3 : 2, head) != 0)
    return;
  cJSON_ArrayForEach(it, caps) {
    const char *name = it->string ? it->string : bbctl_jstr(it, "name");
    const char *st =
        cJSON_IsString(it) ? it->valuestring : bbctl_jstr(it, "status");
    if (name == NULL)
      continue;
    long r = bbctl_table_add_row(&t);
    if (r < 0)
      break;
    bbctl_table_set(&t, (size_t)r, 0, name, BBCTL_C_NONE);
    bbctl_table_set(&t, (size_t)r, 1, st ? st : "?",
                    st && strcmp(st, "ok") == 0 ? BBCTL_C_GREEN
                                                : BBCTL_C_YELLOW);
    if (any_detail) {
      const char *why = counter_detail(it);
      bbctl_table_set(&t, (size_t)r, 2, why ? why : "", BBCTL_C_NONE);
    }
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
  char b1[32], b2[32];
  fprintf(c->out, "bbd %s at %s", ver ? ver : "(unknown version)", c->url);
  double pid = bbctl_jnum(s, "pid"), up = bbctl_jnum(s, "uptime_s");
  if (!isnan(pid))
    fprintf(c->out, " (pid %.0f", pid);
  if (!isnan(up))
    fprintf(c->out, "%sup %s", isnan(pid) ? " (" : ", ",
            bbctl_fmt_ns(up * 1e9, b1, sizeof b1));
  fputs(!isnan(pid) || !isnan(up) ? ")\n" : "\n", c->out);
  const char *v;
  if ((v = bbctl_jstr(s, "data_dir")))
    fprintf(c->out, "  %-10s %s\n", "data dir", v);
  const cJSON *auth = bbctl_jget(s, "auth");
  if (auth)
    fprintf(c->out, "  %-10s %s\n", "auth",
            cJSON_IsTrue(auth) ? "token required for changes" : "off");
  const cJSON *q = bbctl_jget(s, "queue");
  if (q) {
    fprintf(c->out, "  %-10s ", "queue");
    const cJSON *cur = bbctl_jget(q, "current");
    if (cJSON_IsObject(cur)) {
      const char *b = bbctl_jstr(cur, "benchmark");
      fprintf(c->out, "running run %s",
              bbctl_jid(cur, "run", b1, sizeof b1) ? b1 : "?");
      if (b)
        fprintf(c->out, " (%s, %.0f/%.0f)", b, bbctl_jnum(cur, "index") + 1,
                bbctl_jnum(cur, "total"));
    } else {
      fputs("idle", c->out);
    }
    double nq = bbctl_jnum(q, "queued");
    fprintf(c->out, ", %.0f queued\n", isnan(nq) ? 0 : nq);
  }
  const cJSON *runs = bbctl_jget(s, "runs");
  if (cJSON_IsObject(runs)) {
    fprintf(c->out, "  %-10s", "runs");
    const cJSON *it;
    int lead = 1;
    cJSON_ArrayForEach(it, runs) {
      if (cJSON_IsNumber(it)) {
        fprintf(c->out, "%s %s %.0f", lead ? "" : ",", it->string,
                it->valuedouble);
        lead = 0;
      }
    }
    fputc('\n', c->out);
  }
  const cJSON *pl = bbctl_jget(s, "plugins");
  if (pl) {
    char ok[24], br[24], nb[24];
    fprintf(c->out, "  %-10s %s ok, %s broken, %s benchmarks\n", "plugins",
            bbctl_jid(pl, "ok", ok, sizeof ok) ? ok : "?",
            bbctl_jid(pl, "broken", br, sizeof br) ? br : "?",
            bbctl_jid(pl, "benchmarks", nb, sizeof nb) ? nb : "?");
  }
  const cJSON *m = bbctl_jget(s, "machine");
  if (m) {
    const char *host = bbctl_jstr(m, "hostname");
    const char *cpu = bbctl_jstr(m, "cpu_model");
    const char *arch = bbctl_jstr(m, "arch");
    const char *kern = bbctl_jstr(m, "kernel");
    double ncpu = bbctl_jnum(m, "cpus");
    fprintf(c->out, "  %-10s %s: %s, %.0f CPUs, %s, kernel %s\n", "machine",
            host ? host : "?", cpu ? cpu : "?", isnan(ncpu) ? 0 : ncpu,
            arch ? arch : "?", kern ? kern : "?");
  }
  const cJSON *cap = bbctl_jget(s, "capabilities");
  if (cap) {
    const char *w = bbctl_jstr(cap, "worker");
    fprintf(c->out, "  %-10s %s (%s)\n", "worker", w ? w : "?",
            cJSON_IsTrue(bbctl_jget(cap, "worker_ok")) ? "ok" : "NOT WORKING");
    const char *mode = bbctl_jstr(cap, "counter_mode");
    double par = bbctl_jnum(cap, "perf_event_paranoid");
    const char *alloc = bbctl_jstr(cap, "alloc_tracking");
    fprintf(c->out,
            "  %-10s counter mode %s, perf_event_paranoid %s, "
            "allocation tracking %s, A/B %s\n",
            "measuring", mode ? mode : "?",
            isnan(par) ? "?" : bbctl_fmt_count(par, b2, sizeof b2),
            alloc ? alloc : "?",
            cJSON_IsTrue(bbctl_jget(cap, "ab")) ? "yes" : "no");
  }
  const cJSON *caps = bbctl_jget(s, "capabilities.counters");
  if (cJSON_IsObject(caps) && caps->child)
    counters(c, caps);
  else if (cap) {
    /* The daemon probes them at start-up (bbd-worker env). */
    const char *probe = bbctl_jstr(cap, "probe");
    const char *perr = bbctl_jstr(cap, "probe_error");
    if (probe != NULL && strcmp(probe, "running") == 0)
      fputs("  counters   being probed (the daemon just started)\n", c->out);
    else if (probe != NULL && strcmp(probe, "failed") == 0)
      fprintf(c->out, "  counters   unknown: the probe failed: %s\n",
              perr ? perr : "?");
    else
      fputs("  counters   not probed yet (no run since the daemon started)\n",
            c->out);
  }
  bbctl_resp_free(&r);
  return 0;
}
