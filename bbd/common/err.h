/*
 * The one error convention of bbd, bbctl and the worker.
 *
 * Every fallible function returns int: 0 on success, a negative BBD_E* code
 * on failure. Codes come from ONE table, BBD_ERRORS, below. Human detail
 * travels apart, in a caller-supplied buffer (char *err, size_t errlen), so a
 * code can be tested by value while the message names the file, the field or
 * the errno that caused it.
 *
 * To add a code, append a row at the END of the table with the next free
 * number; never renumber (codes are stored in the database and sent to
 * clients by name).
 */
#ifndef BBD_COMMON_ERR_H
#define BBD_COMMON_ERR_H

#include <stddef.h>

/* X(code, NAME, message) */
#define BBD_ERRORS(X)                                                          \
  X(0, OK, "success")                                                          \
  X(-1, EINVAL, "invalid argument")                                            \
  X(-2, ENOMEM, "out of memory")                                               \
  X(-3, EIO, "input/output error")                                             \
  X(-4, ENOTFOUND, "not found")                                                \
  X(-5, EEXIST, "already exists")                                              \
  X(-6, ERANGE, "value out of range")                                          \
  X(-7, EPARSE, "malformed input")                                             \
  X(-8, ETOOBIG, "input too large")                                            \
  X(-9, EPLUGIN, "plugin refused")                                             \
  X(-10, EABI, "plugin ABI version mismatch")                                  \
  X(-11, ETIMEOUT, "timed out")                                                \
  X(-12, ECRASH, "worker crashed")                                             \
  X(-13, EBUSY, "resource busy")                                               \
  X(-14, EPERM, "permission denied")                                           \
  X(-15, EDB, "database error")                                                \
  X(-16, ESTATE, "invalid state for this operation")                           \
  X(-17, EUNSUPPORTED, "not supported")                                        \
  X(-18, EINCOMPARABLE, "environments are not comparable")                     \
  X(-19, ECANCELLED, "cancelled")                                              \
  X(-20, EAUTH, "authentication required")                                     \
  X(-21, ESYS, "system call failed")                                           \
  X(-22, ENOSPC, "no space left on device")                                    \
  X(-23, ECONFLICT, "conflicting request")

enum bbd_err {
#define BBD_ERR_ENUM_(code, name, msg) BBD_##name = (code),
  BBD_ERRORS(BBD_ERR_ENUM_)
#undef BBD_ERR_ENUM_
};

/* The message of a code ("invalid argument"); "unknown error" if unknown. */
const char *bbd_strerror(int code);

/* The name of a code without the BBD_ prefix ("EINVAL"); "EUNKNOWN" if the
 * code is not in the table. */
const char *bbd_err_name(int code);

/* The code whose name is `name` ("EINVAL" or "BBD_EINVAL"); 1 if unknown, so
 * the result can be told apart from every real code. */
int bbd_err_from_name(const char *name);

/*
 * Formats detail into err[errlen] (printf-style) and returns `code`, so a
 * failure path can be one line: `return bbd_errf(BBD_EIO, err, errlen,
 * "open %s: %s", path, strerror(errno));`. Truncates safely; err may be NULL
 * or errlen 0, in which case only the code is returned.
 */
int bbd_errf(int code, char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
