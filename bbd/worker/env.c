#include "env.h"

#include "pfm.h"
#include "wjson.h"

#include <bbd/plugin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#ifndef BBD_VERSION
#define BBD_VERSION "0.0.0"
#endif

/* First line of a small text file, trimmed; 0 or -1. */
static int read_line(const char *path, char *buf, size_t len) {
  FILE *f = fopen(path, "r");
  if (f == NULL)
    return -1;
  char *r = fgets(buf, (int)len, f);
  fclose(f);
  if (r == NULL)
    return -1;
  buf[strcspn(buf, "\n")] = '\0';
  return 0;
}

static int cpuinfo_field(const char *key, char *out, size_t len) {
  FILE *f = fopen("/proc/cpuinfo", "r");
  if (f == NULL)
    return -1;
  char line[1024];
  int rc = -1;
  size_t klen = strlen(key);
  while (fgets(line, sizeof line, f)) {
    if (strncmp(line, key, klen) == 0) {
      const char *c = strchr(line, ':');
      if (c) {
        c++;
        while (*c == ' ' || *c == '\t')
          c++;
        snprintf(out, len, "%s", c);
        out[strcspn(out, "\n")] = '\0';
        rc = 0;
      }
      break;
    }
  }
  fclose(f);
  return rc;
}

double bbd_wk_cpuinfo_mhz(void) {
  char buf[64];
  if (cpuinfo_field("cpu MHz", buf, sizeof buf) != 0)
    return 0;
  return atof(buf);
}

cJSON *bbd_wk_env_json(const bbd_wk_env_in_t *in) {
  cJSON *e = cJSON_CreateObject();
  char buf[512];
  cJSON_AddStringToObject(e, "worker_version", BBD_VERSION);
  cJSON *abi = cJSON_AddObjectToObject(e, "abi");
  cJSON_AddNumberToObject(abi, "major", BBD_PLUGIN_ABI_MAJOR);
  cJSON_AddNumberToObject(abi, "minor", BBD_PLUGIN_ABI_MINOR);
  struct utsname u;
  if (uname(&u) == 0) {
    cJSON_AddStringToObject(e, "kernel", u.release);
    cJSON_AddStringToObject(e, "machine", u.machine);
    cJSON_AddStringToObject(e, "hostname", u.nodename);
  }
  cJSON *cpu = cJSON_AddObjectToObject(e, "cpu");
  if (cpuinfo_field("model name", buf, sizeof buf) == 0)
    cJSON_AddStringToObject(cpu, "model", buf);
  else
    cJSON_AddNullToObject(cpu, "model");
  cJSON_AddNumberToObject(cpu, "online", (double)sysconf(_SC_NPROCESSORS_ONLN));
  cJSON_AddNumberToObject(cpu, "pinned", in->cpu);
  int gcpu = in->cpu >= 0 ? in->cpu : 0;
  char path[128];
  snprintf(path, sizeof path,
           "/sys/devices/system/cpu/cpu%d/cpufreq/scaling_governor", gcpu);
  if (read_line(path, buf, sizeof buf) == 0)
    cJSON_AddStringToObject(cpu, "governor", buf);
  else
    cJSON_AddNullToObject(cpu, "governor");
  double mhz = bbd_wk_cpuinfo_mhz();
  if (mhz > 0)
    cJSON_AddNumberToObject(cpu, "mhz", mhz);
  else
    cJSON_AddNullToObject(cpu, "mhz");
  /* The clock cycles-per-iteration estimates use when no cycles counter
   * works: measured with dependent multiplies, so turbo is accounted for. */
  if (in->core_mhz > 0)
    cJSON_AddNumberToObject(cpu, "measured_mhz", in->core_mhz);
  else
    cJSON_AddNullToObject(cpu, "measured_mhz");

  cJSON *clk = cJSON_AddObjectToObject(e, "clock");
  cJSON_AddStringToObject(clk, "source", in->use_tsc ? "tsc" : "monotonic");
  if (read_line("/sys/devices/system/clocksource/clocksource0/"
                "current_clocksource",
                buf, sizeof buf) == 0)
    cJSON_AddStringToObject(clk, "clocksource", buf);
  else
    cJSON_AddNullToObject(clk, "clocksource");
  cJSON *tsc = cJSON_AddObjectToObject(clk, "tsc");
  cJSON_AddBoolToObject(tsc, "constant", in->tsc && in->tsc->constant);
  cJSON_AddBoolToObject(tsc, "nonstop", in->tsc && in->tsc->nonstop);
  if (in->tsc && in->tsc->mhz > 0)
    cJSON_AddNumberToObject(tsc, "mhz", in->tsc->mhz);
  else
    cJSON_AddNullToObject(tsc, "mhz");

  double load[3];
  cJSON *la = cJSON_AddArrayToObject(e, "load");
  if (getloadavg(load, 3) == 3)
    for (int i = 0; i < 3; i++)
      cJSON_AddItemToArray(la, cJSON_CreateNumber(load[i]));

  int par = bbd_wk_perf_paranoid();
  if (par != INT32_MIN)
    cJSON_AddNumberToObject(e, "perf_event_paranoid", par);
  else
    cJSON_AddNullToObject(e, "perf_event_paranoid");
  cJSON_AddStringToObject(e, "counter_mode",
                          in->ctrs && in->ctrs->mode == BBD_CTR_MODE_UK ? "uk"
                                                                        : "u");
  /* Whether threads the plugin starts are counted (inherit=1). */
  cJSON_AddBoolToObject(e, "counter_inherit", in->ctrs && in->ctrs->inherit);
  cJSON *pfm = cJSON_AddObjectToObject(e, "libpfm");
  cJSON_AddBoolToObject(pfm, "initialized", bbd_wk_pfm_init() == 0);
  bbd_wk_pfm_version(buf, sizeof buf);
  cJSON_AddStringToObject(pfm, "version", buf);
  char names[64][32];
  size_t n = bbd_wk_pfm_pmus(names, 64);
  cJSON *pa = cJSON_AddArrayToObject(pfm, "pmus");
  for (size_t i = 0; i < n; i++)
    cJSON_AddItemToArray(pa, cJSON_CreateString(names[i]));
  if (in->ctrs)
    cJSON_AddItemToObject(e, "counters", bbd_wk_counters_status_json(in->ctrs));
  else
    cJSON_AddObjectToObject(e, "counters");
  cJSON_AddStringToObject(
      e, "alloc_tracking",
      in->alloc == NULL || in->alloc->status == BBD_ALLOC_OFF ? "off"
      : in->alloc->status == BBD_ALLOC_ON                     ? "on"
                                                              : "unavailable");
  return e;
}
