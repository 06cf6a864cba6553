/* The error table's strings and the failure helpers used by inline code. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "bebytes/error.h"

const char *bebytes_strerror(int code) {
  switch (code) {
#define BEBYTES__ERR_MSG(c, name, msg)                                         \
  case c:                                                                      \
    return msg;
    BEBYTES_ERRORS(BEBYTES__ERR_MSG)
#undef BEBYTES__ERR_MSG
  default:
    return "unknown error";
  }
}

const char *bebytes_err_name(int code) {
  switch (code) {
#define BEBYTES__ERR_NAME(c, name, msg)                                        \
  case c:                                                                      \
    return "BEBYTES_E" #name;
    BEBYTES_ERRORS(BEBYTES__ERR_NAME)
#undef BEBYTES__ERR_NAME
  default:
    return "BEBYTES_EUNKNOWN";
  }
}

int bebytes_error_format(const bebytes_error *e, char *buf, size_t len) {
  if (e == NULL)
    return -1;
  if (buf == NULL)
    len = 0;
  const char *msg = bebytes_strerror(e->code);
  const char *field = e->field ? e->field : "?";
  const char *type = e->type_name ? e->type_name : "?";
  switch (e->code) {
  case BEBYTES_EINSUFFICIENT:
  case BEBYTES_EFULL:
    return snprintf(buf, len, "%s: expected %zu, got %zu at offset %zu", msg,
                    e->expected, e->actual, e->offset);
  case BEBYTES_EDISCRIMINANT:
    return snprintf(buf, len, "%s %" PRIu64 " for type %s", msg, e->value,
                    type);
  case BEBYTES_EBITFIELD:
    return snprintf(buf, len,
                    "%s: value %" PRIu64 " exceeds maximum %" PRIu64
                    " for field %s",
                    msg, e->value, e->max, field);
  case BEBYTES_EUTF8:
    return snprintf(buf, len, "%s in field '%s'", msg, field);
  case BEBYTES_EMARKER:
    return snprintf(buf, len, "%s: marker 0x%02X in field '%s'", msg, e->marker,
                    field);
  case BEBYTES_ECHAR:
    return snprintf(buf, len, "%s: 0x%08" PRIX64, msg, e->value);
  case BEBYTES_ESIZE:
    return snprintf(buf, len, "%s: field '%s' expects %zu bytes/items, has %zu",
                    msg, field, e->expected, e->actual);
  case BEBYTES_EINVAL:
  case BEBYTES_EEXPR:
    return snprintf(buf, len, "%s: %s (%s)", msg, field, type);
  default:
    return snprintf(buf, len, "%s", msg);
  }
}

void bebytes__set_error(bebytes_error *e, int code, size_t offset,
                        size_t expected, size_t actual) {
  if (e) {
    memset(e, 0, sizeof *e);
    e->code = code;
    e->offset = offset;
    e->expected = expected;
    e->actual = actual;
  }
}

void bebytes__set_value_error(bebytes_error *e, int code, uint64_t value,
                              uint64_t max, const char *field,
                              const char *type_name) {
  if (e) {
    memset(e, 0, sizeof *e);
    e->code = code;
    e->value = value;
    e->max = max;
    e->field = field;
    e->type_name = type_name;
  }
}

void bebytes__set_marker_error(bebytes_error *e, uint8_t marker,
                               const char *field) {
  if (e) {
    memset(e, 0, sizeof *e);
    e->code = BEBYTES_EMARKER;
    e->marker = marker;
    e->field = field;
  }
}
