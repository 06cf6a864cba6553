/* Error messages of the protocol codecs. */
#include "proto.h"

const char *proto_strerror(int code) {
  switch (code) {
#define PROTO__ERR_CASE(c, name, msg)                                          \
  case c:                                                                      \
    return msg;
    PROTO_ERRORS(PROTO__ERR_CASE)
#undef PROTO__ERR_CASE
  default:
    return bebytes_strerror(code);
  }
}
