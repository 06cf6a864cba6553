/*
 * `bbd-worker env`: the environment fingerprint alone, without a plugin.
 *
 *   bbd-worker env [--counters LIST|default|none] [--counter-mode auto|u|uk]
 *                  [--cpu N] [--clock monotonic|tsc] [--no-alloc]
 *                  [--out-fd N]
 *
 * Prints one JSON line {"event":"env","schema_version":1,"env":{...}}, the
 * same object the env event of `run` carries (every counter trial-opened,
 * allocation tracking tried), on stdout or on fd N. The daemon runs it at
 * start-up, so GET /api/v1/status can say what this machine measures
 * (counter statuses, counter mode, allocation tracking) before the first
 * run. Exit status 0, or 2 on a usage error (with an error line).
 */
#include "commands.h"

#include "alloc.h"
#include "counters.h"
#include "env.h"
#include "err.h"
#include "options.h"
#include "wjson.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct env_opts {
  const char *counters;
  bbd_wk_ctr_mode_t mode;
  int cpu;
  int use_tsc;
  int no_alloc;
  int out_fd;
} env_opts_t;

static int parse_int_arg(const char *v, long lo, long hi, long *out) {
  if (v == NULL || *v == '\0')
    return -1;
  char *end = NULL;
  long x = strtol(v, &end, 10);
  if (*end != '\0' || x < lo || x > hi)
    return -1;
  *out = x;
  return 0;
}

static int parse(int argc, char **argv, env_opts_t *o, char *err,
                 size_t errlen) {
  o->counters = "default";
  o->mode = BBD_CTR_MODE_AUTO;
  o->cpu = -1;
  o->use_tsc = 0;
  o->no_alloc = 0;
  o->out_fd = STDOUT_FILENO;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--no-alloc")) {
      o->no_alloc = 1;
      continue;
    }
    if (!strcmp(a, "--json"))
      continue; /* the output is always JSON */
    if (strcmp(a, "--counters") && strcmp(a, "--counter-mode") &&
        strcmp(a, "--cpu") && strcmp(a, "--clock") && strcmp(a, "--out-fd"))
      return bbd_errf(BBD_EINVAL, err, errlen, "unknown option '%.40s'", a);
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (v == NULL)
      return bbd_errf(BBD_EINVAL, err, errlen, "%.40s needs a value", a);
    i++;
    long x = 0;
    if (!strcmp(a, "--counters")) {
      o->counters = v;
    } else if (!strcmp(a, "--counter-mode")) {
      int rc = bbd_wk_parse_ctr_mode(v, &o->mode, err, errlen);
      if (rc != 0)
        return rc;
    } else if (!strcmp(a, "--cpu")) {
      if (parse_int_arg(v, -1, 4095, &x) != 0)
        return bbd_errf(BBD_EINVAL, err, errlen, "--cpu needs -1..4095");
      o->cpu = (int)x;
    } else if (!strcmp(a, "--clock")) {
      int rc = bbd_wk_parse_clock(v, &o->use_tsc, err, errlen);
      if (rc != 0)
        return rc;
    } else { /* --out-fd */
      if (parse_int_arg(v, 0, 65535, &x) != 0)
        return bbd_errf(BBD_EINVAL, err, errlen, "--out-fd needs 0..65535");
      o->out_fd = (int)x;
    }
  }
  return 0;
}

int bbd_wk_cmd_env(int argc, char **argv) {
  env_opts_t o;
  char err[256];
  if (parse(argc, argv, &o, err, sizeof err) != 0) {
    fprintf(stderr, "bbd-worker: env: %s\n", err);
    cJSON *e = bbd_wk_error_json(BBD_EINVAL, NULL, err);
    bbd_wk_json_write(STDOUT_FILENO, e);
    cJSON_Delete(e);
    return 2;
  }
  /* Allocation tracking is reported as a run would see it: the interposer
   * is preloaded by re-executing, exactly as for `run`. */
  if (!o.no_alloc)
    bbd_wk_alloc_reexec(argv);
  bbd_wk_tsc_info_t tsc;
  bbd_wk_tsc_probe(&tsc, 25);
  bbd_wk_counters_t ctrs;
  int have_ctrs =
      bbd_wk_counters_open(&ctrs, o.counters, o.mode, err, sizeof err) == 0;
  if (!have_ctrs)
    fprintf(stderr, "bbd-worker: env: counters: %s\n", err);
  bbd_wk_alloc_t alloc;
  bbd_wk_alloc_init(&alloc, !o.no_alloc);
  double mhz = bbd_wk_core_mhz();
  if (mhz <= 0)
    mhz = bbd_wk_cpuinfo_mhz();
  bbd_wk_clock_t probe;
  int tsc_used =
      bbd_wk_clock_init(&probe, o.use_tsc, &tsc) == 0 && probe.use_tsc;
  bbd_wk_env_in_t ein = {
      have_ctrs ? &ctrs : NULL, &tsc, tsc_used, o.cpu, &alloc, mhz};
  cJSON *env = bbd_wk_env_json(&ein);
  if (have_ctrs)
    bbd_wk_counters_close(&ctrs);
  cJSON *ev = cJSON_CreateObject();
  cJSON_AddStringToObject(ev, "event", "env");
  cJSON_AddNumberToObject(ev, "schema_version", BBD_WK_SCHEMA_VERSION);
  cJSON_AddItemToObject(ev, "env", env);
  int rc = bbd_wk_json_write(o.out_fd, ev);
  cJSON_Delete(ev);
  return rc == 0 ? 0 : 1;
}
