/* bbctl run and bbctl ab: queue a run, follow it, print its results. */
#include "cmds.h"

#include "api.h"
#include "http.h"
#include "interrupt.h"
#include "jsonx.h"
#include "output.h"
#include "render.h"
#include "runreq.h"
#include "wait.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* How long `run` waits for a plugin scan the daemon is busy with before
 * giving up on a request whose filters matched nothing yet. */
#define SCAN_WAIT_MS 60000

/* A 400 whose detail names the filters means "nothing matched": that is
 * "not found" (7) in the exit-code contract, not a usage error. */
static int post_failed(bbctl_t *c, int rc, bbctl_resp_t *r) {
  if (r->status == 0)
    return bbctl_fail(c, rc, "%s", r->msg);
  const cJSON *d = bbctl_jget(r->json, "error.detail");
  if (rc == BBCTL_EXIT_USAGE && bbctl_jget(d, "filters") != NULL)
    return bbctl_fail(c, BBCTL_EXIT_NOTFOUND, "%s", r->msg);
  return bbctl_fail(c, rc, "run refused: %s", r->msg);
}

/* A 400 for filters that matched nothing while the daemon was still
 * describing plugin files (detail.scanning): a plugin dropped in just now
 * may be among them. */
static int refused_while_scanning(int rc, const bbctl_resp_t *r) {
  const cJSON *d = bbctl_jget(r->json, "error.detail");
  return rc == BBCTL_EXIT_USAGE && bbctl_jget(d, "filters") != NULL &&
         cJSON_IsTrue(bbctl_jget(d, "scanning"));
}

/* Polls /status until the plugin scan is over (bounded). 1 if it is. */
static int wait_scan(bbctl_t *c) {
  if (!c->quiet)
    fprintf(c->err, "bbctl: the daemon is still scanning its plugin dirs; "
                    "waiting for the scan to finish\n");
  for (long waited = 0; waited < SCAN_WAIT_MS; waited += 200) {
    bbctl_resp_t r;
    int rc = bbctl_http(c, "GET", "/api/v1/status", NULL, &r);
    int scanning =
        rc != 0 || cJSON_IsTrue(bbctl_jget(r.json, "plugins.scanning"));
    bbctl_resp_free(&r);
    if (rc != 0)
      return 0;
    if (!scanning)
      return 1;
    struct timespec ts = {0, 200 * 1000000L};
    nanosleep(&ts, NULL);
  }
  return 0;
}

static int execute(bbctl_t *c, bbctl_conn_opts_t *co, int ab, int argc,
                   char **argv) {
  bbctl_run_opts_t o;
  int rc = bbctl_run_parse(c, co, ab, argc, argv, &o);
  if (rc)
    return rc;
  char a_abs[PATH_MAX], b_abs[PATH_MAX];
  const char *pa = NULL, *pb = NULL;
  if (ab) {
    /* The daemon resolves nothing relative to our cwd: send absolute
     * paths. A directory that does not exist here is passed as given (the
     * daemon may run elsewhere) and the daemon judges it. */
    pa = realpath(o.a_dir, a_abs) ? a_abs : NULL;
    pb = realpath(o.b_dir, b_abs) ? b_abs : NULL;
  }
  if ((rc = bbctl_connect(c, co)) != 0)
    return rc;
  /* An unknown --baseline is refused by the daemon when the run is
   * requested (404 ENOTFOUND, exit 7), before any time is spent measuring;
   * the same name in --save-baseline is accepted (the first run of a job
   * that compares with and then moves a baseline). */
  cJSON *req = bbctl_run_request(&o, pa, pb);
  if (req == NULL)
    return bbctl_fail(c, BBCTL_EXIT_DAEMON, "out of memory");
  bbctl_resp_t r;
  rc = bbctl_http(c, "POST", "/api/v1/runs", req, &r);
  if (rc && refused_while_scanning(rc, &r) && wait_scan(c)) {
    /* Once: the catalog now says whether the filters match. */
    bbctl_resp_free(&r);
    rc = bbctl_http(c, "POST", "/api/v1/runs", req, &r);
  }
  cJSON_Delete(req);
  if (rc) {
    rc = post_failed(c, rc, &r);
    bbctl_resp_free(&r);
    return rc;
  }
  long long id = bbctl_jint(r.json, "id");
  double pos = bbctl_jnum(r.json, "position");
  bbctl_resp_free(&r);
  if (id < 0)
    return bbctl_fail(c, BBCTL_EXIT_DAEMON,
                      "daemon accepted the run but sent no run id");
  /* From here on Ctrl-C means "stop following", never "die silently with
   * the run id unknown to the user". */
  if (!o.detach)
    bbctl_interrupt_arm();
  if (o.detach) {
    if (c->json) {
      cJSON *doc = cJSON_CreateObject();
      cJSON_AddNumberToObject(doc, "id", (double)id);
      cJSON_AddStringToObject(doc, "state", "queued");
      if (pos == pos)
        cJSON_AddNumberToObject(doc, "position", pos);
      return bbctl_emit_json(c, doc);
    }
    fprintf(c->out, "%lld\n", id);
    if (pos > 0)
      fprintf(c->err, "run %lld queued at position %.0f\n", id, pos);
    return 0;
  }
  int style = c->quiet     ? BBCTL_PROGRESS_NONE
              : c->err_tty ? BBCTL_PROGRESS_BAR
                           : BBCTL_PROGRESS_LINES;
  if (style == BBCTL_PROGRESS_LINES)
    fprintf(c->err, "run %lld queued%s\n", id,
            pos > 0 ? " behind other runs" : "");
  char state[16];
  rc = bbctl_wait_run(c, id, style, state, sizeof state);
  if (rc)
    return rc;
  rc = bbctl_get_run(c, id, &r);
  if (rc) {
    bbctl_resp_free(&r);
    return rc;
  }
  bbctl_verdict_opts_t vo = {.fail_on_inconclusive = o.fail_on_inconclusive};
  bbctl_tally_t t;
  int vrc;
  int state_rc = bbctl_run_state_exit(state);
  if (c->json) {
    vrc = bbctl_results_exit(r.json, &vo, &t);
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddItemToObject(doc, "run", r.json);
    r.json = NULL;
    cJSON *sum = cJSON_AddObjectToObject(doc, "summary");
    cJSON_AddNumberToObject(sum, "results", t.results);
    cJSON_AddNumberToObject(sum, "failed", t.failed);
    cJSON_AddNumberToObject(sum, "regressed", t.regressed);
    cJSON_AddNumberToObject(sum, "improved", t.improved);
    cJSON_AddNumberToObject(sum, "unchanged", t.unchanged);
    cJSON_AddNumberToObject(sum, "inconclusive", t.inconclusive);
    cJSON_AddNumberToObject(sum, "incomparable", t.incomparable);
    rc = bbctl_exit_worst(vrc, state_rc);
    cJSON_AddNumberToObject(doc, "exit_code", rc);
    int erc = bbctl_emit_json(c, doc);
    bbctl_resp_free(&r);
    return erc ? erc : rc;
  }
  bbctl_render_run_header(c, r.json);
  vrc = bbctl_render_results(c, r.json, &vo, &t);
  if (state_rc) {
    const char *err = bbctl_jstr(r.json, "error");
    bbctl_fail(c, state_rc, "run %lld ended %s%s%s", id, state, err ? ": " : "",
               err ? err : "");
  }
  if (o.save_baseline && strcmp(state, "done") == 0)
    fprintf(c->out, "baseline %s -> run %lld\n", o.save_baseline, id);
  bbctl_resp_free(&r);
  return bbctl_exit_worst(vrc, state_rc);
}

int bbctl_cmd_run(bbctl_t *c, bbctl_conn_opts_t *co, int argc, char **argv) {
  return execute(c, co, 0, argc, argv);
}

int bbctl_cmd_ab(bbctl_t *c, bbctl_conn_opts_t *co, int argc, char **argv) {
  return execute(c, co, 1, argc, argv);
}
