#include "commands.h"

#include "err.h"
#include "loader.h"
#include "spawn.h"
#include "wjson.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef struct describe_arg {
  const char *path;
  uint64_t seed;
} describe_arg_t;

static int describe_child(void *varg, int fd) {
  describe_arg_t *a = varg;
  bbd_wk_plugin_t pl;
  char err[1024];
  int rc = bbd_wk_plugin_load(&pl, a->path, a->seed, err, sizeof err);
  cJSON *doc;
  if (rc == 0) {
    doc = bbd_wk_describe_json(&pl);
  } else {
    doc = bbd_wk_error_json(rc, a->path, err);
    cJSON *d = bbd_wk_error_detail(doc);
    char v[32];
    if (pl.abi_major >= 0) {
      snprintf(v, sizeof v, "%d.%d", pl.abi_major, pl.abi_minor);
      cJSON_AddStringToObject(d, "plugin_abi", v);
    }
    snprintf(v, sizeof v, "%d.%d", BBD_PLUGIN_ABI_MAJOR, BBD_PLUGIN_ABI_MINOR);
    cJSON_AddStringToObject(d, "worker_abi", v);
  }
  int w = bbd_wk_json_write(fd, doc);
  cJSON_Delete(doc);
  return w == 0 && rc == 0 ? 0 : 1;
}

static void keep_line(void *arg, char *line, size_t len) {
  cJSON **doc = arg;
  if (*doc == NULL)
    *doc = cJSON_ParseWithLength(line, len);
}

cJSON *bbd_wk_describe_spawn(const char *path, double timeout_s,
                             uint64_t seed) {
  describe_arg_t a = {path, seed};
  cJSON *doc = NULL;
  bbd_wk_child_status_t st;
  char err[256];
  if (bbd_wk_spawn(describe_child, &a, timeout_s, keep_line, &doc, &st, err,
                   sizeof err) != 0)
    return bbd_wk_error_json(BBD_ESYS, path, err);
  if (doc != NULL && !st.timed_out)
    return doc;
  cJSON_Delete(doc);
  char why[128], reason[256];
  bbd_wk_child_reason(&st, timeout_s, why, sizeof why);
  snprintf(reason, sizeof reason, "plugin failed while being described: %s",
           why);
  cJSON *e =
      bbd_wk_error_json(st.timed_out ? BBD_ETIMEOUT : BBD_ECRASH, path, reason);
  if (st.signaled)
    cJSON_AddStringToObject(bbd_wk_error_detail(e), "signal", why);
  return e;
}

int bbd_wk_cmd_describe(const bbd_wk_opts_t *o) {
  double timeout = o->timeout_s < 60 ? o->timeout_s : 60;
  cJSON *doc = bbd_wk_describe_spawn(o->plugin, timeout, o->seed);
  int failed = cJSON_GetObjectItemCaseSensitive(doc, "error") != NULL;
  int fd = o->out_fd >= 0 ? o->out_fd : STDOUT_FILENO;
  fflush(stdout);
  int w = bbd_wk_json_write(fd, doc);
  if (failed) {
    cJSON *d = bbd_wk_error_detail(doc);
    cJSON *r = cJSON_GetObjectItemCaseSensitive(d, "reason");
    fprintf(stderr, "bbd-worker: %s: %s\n", o->plugin,
            cJSON_IsString(r) ? r->valuestring : "refused");
  }
  cJSON_Delete(doc);
  return failed || w != 0 ? 1 : 0;
}
