/*
 * libbebytes error model: an int code (0 = success, negative = failure) plus
 * a detail record that says where and why. libbebytes is a standalone
 * library, so it has its own table instead of bbd's.
 *
 * Every fallible function returns the code and, when the caller passes a
 * non-NULL bebytes_error *, fills the detail. Nothing in the library aborts.
 */
#ifndef BEBYTES_ERROR_H
#define BEBYTES_ERROR_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The one error table: X(code, NAME, message). The detail fields that each
 * code fills are listed in the comment on bebytes_error below.
 */
#define BEBYTES_ERRORS(X)                                                      \
  X(0, OK, "success")                                                          \
  X(-1, EMPTY, "no bytes provided")                                            \
  X(-2, INSUFFICIENT, "not enough bytes")                                      \
  X(-3, DISCRIMINANT, "invalid discriminant")                                  \
  X(-4, BITFIELD, "value exceeds bit-field range")                             \
  X(-5, UTF8, "invalid UTF-8 sequence")                                        \
  X(-6, MARKER, "marker byte not found")                                       \
  X(-7, CHAR, "invalid Unicode scalar value")                                  \
  X(-8, FULL, "output buffer full")                                            \
  X(-9, INVAL, "invalid argument")                                             \
  X(-10, NOMEM, "out of memory")                                               \
  X(-11, SIZE, "length disagrees with its size field or expression")           \
  X(-12, EXPR, "size expression error")

enum {
#define BEBYTES__ERR_ENUM(code, name, msg) BEBYTES_E##name = (code),
  BEBYTES_ERRORS(BEBYTES__ERR_ENUM)
#undef BEBYTES__ERR_ENUM
};

/*
 * Detail of the first failure. Fields not used by a code are zero / NULL.
 *   EMPTY         offset
 *   INSUFFICIENT  offset (where the read or write started), expected, actual
 *                 (bytes needed and bytes available from offset)
 *   DISCRIMINANT  value, type_name ("bool", "Option", the enum's name...)
 *   BITFIELD      value (as two's complement for signed), max, field
 *   UTF8          offset, field
 *   MARKER        marker, field
 *   CHAR          value (the code point), field
 *   FULL          offset, expected, actual (bytes needed / space left)
 *   INVAL         field (or the function's argument name), type_name = why
 *   SIZE          field, expected (from the size field/expression), actual
 *   EXPR          field, type_name = why ("division by zero", ...)
 */
typedef struct bebytes_error {
  int code;
  size_t offset;
  size_t expected;
  size_t actual;
  uint64_t value;
  uint64_t max;
  const char *field;     /* static string owned by the library / schema */
  const char *type_name; /* static string */
  uint8_t marker;
} bebytes_error;

/*
 * Empties an error record member by member. A macro, not a function, so the
 * inline reader/writer setup can use it (an extern inline function may not
 * call a static one); member stores instead of memset/a compound literal,
 * which gcc turns into `rep stos` with a start-up cost larger than the
 * whole setup.
 */
#define BEBYTES__ERROR_CLEAR(e)                                                \
  do {                                                                         \
    (e)->code = 0;                                                             \
    (e)->offset = 0;                                                           \
    (e)->expected = 0;                                                         \
    (e)->actual = 0;                                                           \
    (e)->value = 0;                                                            \
    (e)->max = 0;                                                              \
    (e)->field = NULL;                                                         \
    (e)->type_name = NULL;                                                     \
    (e)->marker = 0;                                                           \
  } while (0)

/* Constant message for a code ("unknown error" for codes not in the table). */
const char *bebytes_strerror(int code);
/* "EINSUFFICIENT", ...; "EUNKNOWN" for codes not in the table. */
const char *bebytes_err_name(int code);
/*
 * Formats "message: detail" into buf (always NUL-terminated when len > 0,
 * truncated if needed). Returns the length snprintf would have produced, or
 * -1 (BEBYTES_EINVAL semantics) when e is NULL.
 */
int bebytes_error_format(const bebytes_error *e, char *buf, size_t len);

/*
 * Internal helpers used by the inline codecs. The out-of-line setters fill
 * *e when e is not NULL; they are cold (they run only on failure). The
 * inline wrappers return the code, so call sites stay one line and the
 * compiler sees a non-zero constant (no spurious -Wmaybe-uninitialized in
 * callers on the error paths).
 */
#if defined(__GNUC__)
#define BEBYTES__COLD __attribute__((cold, noinline))
#else
#define BEBYTES__COLD
#endif
BEBYTES__COLD void bebytes__set_error(bebytes_error *e, int code, size_t offset,
                                      size_t expected, size_t actual);
BEBYTES__COLD void bebytes__set_value_error(bebytes_error *e, int code,
                                            uint64_t value, uint64_t max,
                                            const char *field,
                                            const char *type_name);
BEBYTES__COLD void bebytes__set_marker_error(bebytes_error *e, uint8_t marker,
                                             const char *field);
static inline int bebytes__fail(bebytes_error *e, int code, size_t offset,
                                size_t expected, size_t actual) {
  bebytes__set_error(e, code, offset, expected, actual);
  return code;
}
static inline int bebytes__fail_value(bebytes_error *e, int code,
                                      uint64_t value, uint64_t max,
                                      const char *field,
                                      const char *type_name) {
  bebytes__set_value_error(e, code, value, max, field, type_name);
  return code;
}
static inline int bebytes__fail_marker(bebytes_error *e, uint8_t marker,
                                       const char *field) {
  bebytes__set_marker_error(e, marker, field);
  return BEBYTES_EMARKER;
}

#ifdef __cplusplus
}
#endif
#endif /* BEBYTES_ERROR_H */
