/*
 * Enums and flag sets for the declarative layer: BEBYTES_ENUM and
 * BEBYTES_FLAGS declare the C type plus validation, names and (for flags)
 * contains / from_bits / decompose helpers; fields use them with
 * X(ENUM, name, E) and X(FLAGS, name, F) (see struct.h).
 */
#ifndef BEBYTES_ENUM_H
#define BEBYTES_ENUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define BEBYTES__EN_DECL(N, v) N = (v),
#define BEBYTES__EN_OR(N, v) | (v)
#define BEBYTES__EN_CNT(N, v) +1
#define BEBYTES__EN_CASE(N, v) case (v):
#define BEBYTES__EN_NAME(N, v)                                                 \
  case (v):                                                                    \
    return #N;
#define BEBYTES__EN_CHK(N, v)                                                  \
  _Static_assert((v) >= 0, "libbebytes: enum value " #N " is negative");
#define BEBYTES__FL_CHK(N, v)                                                  \
  _Static_assert((v) >= 0 && ((v) & ((v)-1)) == 0,                             \
                 "libbebytes: flag " #N " is not a power of two (or 0)");
#define BEBYTES__FL_DECOMP(N, v)                                               \
  if ((v) != 0 && (bits & (uint64_t)(v)) == (uint64_t)(v)) {                   \
    if (n < max)                                                               \
      out[n] = (uint64_t)(v);                                                  \
    n++;                                                                       \
  }
#define BEBYTES__WIRE_OF(x) ((x) <= 0xFF ? 1 : (x) <= 0xFFFF ? 2 : 4)

/*
 * Enum with explicit values: LIST(V) is V(NAME, value) V(NAME, value)...
 * Encoded as an unsigned integer in the smallest of 1/2/4 bytes that holds
 * the largest value (C enum constants are ints); unknown values are a
 * decode (and encode) error. Duplicate values do not compile.
 */
#define BEBYTES_ENUM(E, LIST)                                                  \
  typedef enum E { LIST(BEBYTES__EN_DECL) } E;                                 \
  enum {                                                                       \
    E##__OR = 0 LIST(BEBYTES__EN_OR),                                          \
    E##__WIRE = BEBYTES__WIRE_OF(E##__OR),                                     \
    E##__COUNT = 0 LIST(BEBYTES__EN_CNT)                                       \
  };                                                                           \
  static inline void E##__checks(void) {                                       \
    LIST(BEBYTES__EN_CHK)                                                      \
  }                                                                            \
  static inline bool E##_valid(uint64_t v) {                                   \
    switch (v) {                                                               \
      LIST(BEBYTES__EN_CASE)                                                   \
      return true;                                                             \
    default:                                                                   \
      return false;                                                            \
    }                                                                          \
  }                                                                            \
  static inline const char *E##_name(uint64_t v) {                             \
    switch (v) {                                                               \
      LIST(BEBYTES__EN_NAME)                                                   \
    default:                                                                   \
      return NULL;                                                             \
    }                                                                          \
  }

/*
 * Flag set: LIST(V) is V(NAME, bit) with each bit a power of two (or 0),
 * up to 1 << 30. The field type F is a uint32_t holding any combination;
 * the wire width is the smallest of 1/2/4 bytes that holds all flags, and a
 * value with an unknown bit is rejected.
 */
#define BEBYTES_FLAGS(F, LIST)                                                 \
  enum { LIST(BEBYTES__EN_DECL) };                                             \
  typedef uint32_t F;                                                          \
  enum {                                                                       \
    F##__ALL = 0 LIST(BEBYTES__EN_OR),                                         \
    F##__WIRE = BEBYTES__WIRE_OF(F##__ALL),                                    \
    F##__COUNT = 0 LIST(BEBYTES__EN_CNT)                                       \
  };                                                                           \
  static inline void F##__checks(void) {                                       \
    LIST(BEBYTES__FL_CHK)                                                      \
  }                                                                            \
  /* True when every bit of flag is set in set. */                             \
  static inline bool F##_contains(uint64_t set, uint64_t flag) {               \
    return (set & flag) == flag;                                               \
  }                                                                            \
  static inline bool F##_valid(uint64_t bits) {                                \
    return (bits & ~(uint64_t)F##__ALL) == 0;                                  \
  }                                                                            \
  /* BEBYTES_EDISCRIMINANT if bits has a bit that is no known flag. */         \
  static inline int F##_from_bits(uint64_t bits, F *out, bebytes_error *e) {   \
    if (out == NULL)                                                           \
      return bebytes__fail_value(e, BEBYTES_EINVAL, 0, 0, #F, "NULL out");     \
    if (!F##_valid(bits))                                                      \
      return bebytes__fail_value(e, BEBYTES_EDISCRIMINANT, bits,               \
                                 (uint64_t)F##__ALL, #F, #F);                  \
    *out = (F)bits;                                                            \
    return 0;                                                                  \
  }                                                                            \
  /* Writes the set flags (declaration order, 0-valued flags skipped) into     \
   * out[0..max) and returns how many are set (may exceed max). */             \
  static inline size_t F##_decompose(uint64_t bits, uint64_t *out,             \
                                     size_t max) {                             \
    size_t n = 0;                                                              \
    if (out == NULL)                                                           \
      max = 0;                                                                 \
    LIST(BEBYTES__FL_DECOMP)                                                   \
    return n;                                                                  \
  }                                                                            \
  static inline const char *F##_name(uint64_t v) {                             \
    switch (v) {                                                               \
      LIST(BEBYTES__EN_NAME)                                                   \
    default:                                                                   \
      return NULL;                                                             \
    }                                                                          \
  }

#endif /* BEBYTES_ENUM_H */
