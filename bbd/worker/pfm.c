#include "pfm.h"

#include <perfmon/pfmlib_perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int bbd_wk_pfm_init(void) {
  int rc = pfm_initialize();
  return rc == PFM_SUCCESS ? 0 : rc;
}

int bbd_wk_pfm_encode(const char *event, bbd_wk_encoding_t *out, char *fstr,
                      size_t fstrlen, char *err, size_t errlen) {
  struct perf_event_attr attr;
  pfm_perf_encode_arg_t arg;
  char *fs = NULL;
  memset(&attr, 0, sizeof attr);
  memset(&arg, 0, sizeof arg);
  attr.size = sizeof attr;
  arg.attr = &attr;
  arg.fstr = &fs;
  arg.size = sizeof arg;
  int rc = bbd_wk_pfm_init();
  if (rc == 0)
    rc = pfm_get_os_event_encoding(event, PFM_PLM3 | PFM_PLM0,
                                   PFM_OS_PERF_EVENT, &arg);
  if (rc != PFM_SUCCESS) {
    if (err && errlen)
      snprintf(err, errlen, "libpfm4: %s", pfm_strerror(rc));
    free(fs);
    return rc < 0 ? rc : -1;
  }
  out->type = attr.type;
  out->config = attr.config;
  out->config1 = attr.config1;
  out->config2 = attr.config2;
  if (fstr && fstrlen)
    snprintf(fstr, fstrlen, "%s", fs ? fs : event);
  free(fs);
  return 0;
}

size_t bbd_wk_pfm_pmus(char (*names)[32], size_t max) {
  size_t n = 0;
  if (bbd_wk_pfm_init() != 0)
    return 0;
  pfm_pmu_t p;
  pfm_for_all_pmus(p) {
    pfm_pmu_info_t info;
    memset(&info, 0, sizeof info);
    info.size = sizeof info;
    if (pfm_get_pmu_info(p, &info) != PFM_SUCCESS || !info.is_present)
      continue;
    if (n < max)
      snprintf(names[n++], 32, "%s", info.name);
  }
  return n;
}

void bbd_wk_pfm_version(char *buf, size_t len) {
  int v = pfm_get_version();
  snprintf(buf, len, "%d.%d", PFM_MAJ_VERSION(v), PFM_MIN_VERSION(v));
}
