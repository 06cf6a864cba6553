/* Parameter and error helpers of the workload plugins (wl_common.h). */
#include "wl_common.h"

#include <stdio.h>
#include <string.h>

const bbd_param_t wl_params_order[] = {
    WL_PARAM_ORDER,
    WL_PARAM_END,
};

int wl_arg_le(const bbd_host_t *host, const bbd_args_t *args) {
  const char *v = NULL;
  if (host == NULL || host->arg_str == NULL ||
      host->arg_str(host, args, "order", &v) != 0 || v == NULL)
    return 0;
  return strcmp(v, "le") == 0;
}

int64_t wl_arg_int(const bbd_host_t *host, const bbd_args_t *args,
                   const char *name, int64_t dflt) {
  int64_t v = dflt;
  if (host == NULL || host->arg_int == NULL ||
      host->arg_int(host, args, name, &v) != 0)
    return dflt;
  return v;
}

int wl_fail(char *err, size_t errlen, const char *what, int rc,
            const bebytes_error *e) {
  snprintf(err, errlen, "%s: %s (libbebytes error %d at offset %zu)", what,
           bebytes_strerror(rc), rc, e != NULL ? e->offset : (size_t)0);
  return -1;
}
