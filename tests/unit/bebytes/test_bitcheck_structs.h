/* Structs of the bit-field range-check tests (declared in a header so that
 * clang does not flag the generated codecs a test leaves unused). */
#ifndef BEBYTES_TEST_BITCHECK_STRUCTS_H
#define BEBYTES_TEST_BITCHECK_STRUCTS_H

#include "bebytes/bench_structs.h"
#include "bebytes/struct.h"

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

#endif
