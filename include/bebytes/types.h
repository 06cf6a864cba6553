/*
 * Value types shared by the declarative layer: byte and string views, the
 * char type, field metadata, and the out-of-line helpers the generated code
 * calls (UTF-8 and char validation, size expressions).
 */
#ifndef BEBYTES_TYPES_H
#define BEBYTES_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * A run of bytes that the struct does not own. Decoding points it into the
 * input (zero copy): it is valid as long as the input buffer is. For
 * encoding, the caller points it at its data.
 */
typedef struct bebytes_slice {
  const uint8_t *ptr;
  size_t len;
} bebytes_slice;

/* Same as bebytes_slice, for UTF-8 text (not NUL-terminated). */
typedef struct bebytes_str {
  const char *ptr;
  size_t len;
} bebytes_str;

/* A Unicode scalar value (0..0x10FFFF minus the surrogates). */
typedef uint32_t bebytes_char;

/* True if v is a Unicode scalar value. */
static inline bool bebytes_char_valid(uint32_t v) {
  return v <= 0x10FFFFu && (v < 0xD800u || v > 0xDFFFu);
}
/* True if p[0..n) is well-formed UTF-8 (RFC 3629: no overlongs, surrogates
 * or code points past U+10FFFF). p may be NULL only when n is 0. */
bool bebytes_utf8_valid(const uint8_t *p, size_t n);

typedef struct bebytes_struct_meta bebytes_struct_meta;

/* Field metadata, one per declared field, in declaration order. */
typedef struct bebytes_field_meta {
  const char *name;     /* C member name */
  const char *kind;     /* "u16", "bits", "bytes", "string", "struct", ... */
  unsigned bits;        /* fixed wire width in bits (bit width for bit
                           fields); 0 for variable-length fields */
  size_t offset;        /* offsetof() in the C struct */
  size_t csize;         /* sizeof the C member */
  uint8_t is_int;       /* integer value (usable in size expressions) */
  uint8_t is_signed;    /* for is_int fields */
  char order;           /* 'B' / 'L' for a per-field override, else 0 */
  const char *sizing;   /* "fixed", "field", "expr", "until", "after",
                           "rest" for variable fields, else NULL */
  const char *size_arg; /* the size, path or expression as written */
  const bebytes_struct_meta *(*nested)(void); /* struct fields */
} bebytes_field_meta;

struct bebytes_struct_meta {
  const char *name;
  const bebytes_field_meta *fields;
  size_t nfields;
  size_t min_size; /* bytes of the fixed parts */
  int fixed;       /* 1 if every instance encodes to min_size bytes */
  size_t csize;    /* sizeof the C struct */
};

/* Field by name (NULL if absent or arguments are NULL). */
const bebytes_field_meta *bebytes_meta_field(const bebytes_struct_meta *m,
                                             const char *name, size_t len);
/*
 * Reads the integer field at a dotted path ("hdr.len") of the instance s.
 * BEBYTES_EINVAL if the path names no integer field; BEBYTES_EEXPR for a
 * negative value.
 */
int bebytes_meta_get_uint(const bebytes_struct_meta *m, const void *s,
                          const char *path, size_t len, uint64_t *out);
/*
 * Evaluates a size expression (+ - * / % and parentheses over non-negative
 * integer literals and dotted paths of earlier integer fields) for field
 * `field` of s. Division or modulo by zero, overflow, underflow and syntax
 * errors give BEBYTES_EEXPR with a reason in type_name; nothing is undefined.
 */
int bebytes_expr_eval(const char *expr, const bebytes_struct_meta *m,
                      const void *s, const char *field, uint64_t *out,
                      bebytes_error *e);
/*
 * Definition-time check of a declared struct (recursively): every size
 * expression parses, names only fields declared earlier, and divides by no
 * literal zero. Run it once (tests do, for every struct) because C cannot
 * parse a string at compile time.
 */
int bebytes_struct_check(const bebytes_struct_meta *m, bebytes_error *e);

#ifdef __cplusplus
}
#endif
#endif /* BEBYTES_TYPES_H */
