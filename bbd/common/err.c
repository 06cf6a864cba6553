#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct bbd_err_row {
  int code;
  const char *name;
  const char *msg;
};

static const struct bbd_err_row bbd_err_rows[] = {
#define BBD_ERR_ROW_(code, name, msg) {(code), #name, (msg)},
    BBD_ERRORS(BBD_ERR_ROW_)
#undef BBD_ERR_ROW_
};

static const struct bbd_err_row *bbd_err_find(int code) {
  for (size_t i = 0; i < sizeof bbd_err_rows / sizeof bbd_err_rows[0]; i++) {
    if (bbd_err_rows[i].code == code)
      return &bbd_err_rows[i];
  }
  return NULL;
}

const char *bbd_strerror(int code) {
  const struct bbd_err_row *row = bbd_err_find(code);
  return row ? row->msg : "unknown error";
}

const char *bbd_err_name(int code) {
  const struct bbd_err_row *row = bbd_err_find(code);
  return row ? row->name : "EUNKNOWN";
}

int bbd_err_from_name(const char *name) {
  if (name == NULL)
    return 1;
  if (strncmp(name, "BBD_", 4) == 0)
    name += 4;
  for (size_t i = 0; i < sizeof bbd_err_rows / sizeof bbd_err_rows[0]; i++) {
    if (strcmp(bbd_err_rows[i].name, name) == 0)
      return bbd_err_rows[i].code;
  }
  return 1;
}

int bbd_errf(int code, char *err, size_t errlen, const char *fmt, ...) {
  if (err == NULL || errlen == 0)
    return code;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(err, errlen, fmt, ap);
  va_end(ap);
  if (n < 0)
    err[0] = '\0';
  /* vsnprintf always terminates within errlen; a longer message is cut. */
  return code;
}
