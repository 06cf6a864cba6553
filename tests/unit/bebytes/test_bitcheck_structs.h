/* Structs of the bit-field range-check tests (declared in a header so that
 * clang does not flag the generated codecs a test leaves unused), and the
 * reference range check they are compared with (shared by the unit test
 * and the encoder fuzzer). */
#ifndef BEBYTES_TEST_BITCHECK_STRUCTS_H
#define BEBYTES_TEST_BITCHECK_STRUCTS_H

#include "bebytes/bench_structs.h"
#include "bebytes/struct.h"

#include <string.h>

/* Bit fields in several words of the C struct, with padding between the
 * members (offsets 1, 27, 31) and a signed field among unsigned ones. */
#define TC_SPREAD(X)                                                           \
  X(BITS, a, U8, 3)                                                            \
  X(BITS, b, U16, 9)                                                           \
  X(BITS, c, U32, 20)                                                          \
  X(U64, x)                                                                    \
  X(BITS, d, U64, 33)                                                          \
  X(BITS, e, U8, 7)                                                            \
  X(BITS, f, U8, 1)                                                            \
  X(BITS, g, I8, 3)                                                            \
  X(BITS, h, U16, 12)                                                          \
  X(U8, y)
BEBYTES_FIXED_STRUCT(tc_spread, TC_SPREAD)

/* Bit fields on both sides of the last word the combined test covers
 * (a and b in word 15, c and d in word 16: compared one by one). */
#define TC_FAR(X)                                                              \
  X(ARRAY, pad, 126)                                                           \
  X(BITS, a, U8, 5)                                                            \
  X(BITS, b, U8, 3)                                                            \
  X(BITS, c, U16, 12)                                                          \
  X(BITS, d, U8, 4)
BEBYTES_FIXED_STRUCT(tc_far, TC_FAR)

/* Nested structs and an array of them: the outer test covers them all. */
#define TC_OUTER(X)                                                            \
  X(U16, tag)                                                                  \
  X(STRUCT, hdr, bebytes_bench_bitfield)                                       \
  X(STRUCT_ARRAY, more, tc_spread, 2)
BEBYTES_FIXED_STRUCT(tc_outer, TC_OUTER)

static inline uint64_t mask_of(unsigned w) {
  return w >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << w) - 1;
}

/* The first out-of-range bit field in declaration order (depth first), as
 * the library must report it; 0 if all fit. */
typedef struct bad_field {
  const char *name;
  uint64_t value, max;
} bad_field;
static inline int first_bad(const bebytes_struct_meta *m, const void *s,
                            bad_field *out) {
  for (size_t i = 0; i < m->nfields; i++) {
    const bebytes_field_meta *f = &m->fields[i];
    const uint8_t *p = (const uint8_t *)s + f->offset;
    if (f->nested) {
      const bebytes_struct_meta *nm = f->nested();
      for (size_t k = 0; k * nm->csize < f->csize; k++)
        if (first_bad(nm, p + k * nm->csize, out))
          return 1;
      continue;
    }
    if (strcmp(f->kind, "bits") != 0 || f->bits >= 64)
      continue;
    uint64_t v = 0;
    memcpy(&v, p, f->csize);
    if (f->is_signed) {
      unsigned cb = (unsigned)f->csize * 8;
      int64_t sv = cb < 64 && (v >> (cb - 1)) & 1
                       ? (int64_t)(v | ~UINT64_C(0) << cb)
                       : (int64_t)v;
      int64_t lim = (int64_t)1 << (f->bits - 1);
      if (sv < -lim || sv >= lim) {
        *out = (bad_field){f->name, (uint64_t)sv, mask_of(f->bits) >> 1};
        return 1;
      }
    } else if (v > mask_of(f->bits)) {
      *out = (bad_field){f->name, v, mask_of(f->bits)};
      return 1;
    }
  }
  return 0;
}

#endif
