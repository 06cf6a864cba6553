/*
 * Test schemas covering every field kind, shared by the unit tests and the
 * fuzz targets (tests/fuzz/bebytes_*).
 */
#ifndef BEBYTES_TEST_STRUCTS_H
#define BEBYTES_TEST_STRUCTS_H

#include "bebytes/bebytes.h"
#include "bebytes/bench_structs.h"

/* ---- NOTES §5 / BeBytes bit-order vectors ---- */
#define TS_B44(X) X(BITS, a, U8, 4) X(BITS, b, U8, 4)
BEBYTES_FIXED_STRUCT(ts_b44, TS_B44)
#define TS_B35(X) X(BITS, a, U8, 3) X(BITS, b, U8, 5)
BEBYTES_FIXED_STRUCT(ts_b35, TS_B35)
#define TS_B1220(X) X(BITS, a, U16, 12) X(BITS, b, U32, 20)
BEBYTES_FIXED_STRUCT(ts_b1220, TS_B1220)
#define TS_B121073(X)                                                          \
  X(BITS, a, U16, 12) X(BITS, b, U16, 10) X(BITS, c, U8, 7) X(BITS, d, U8, 3)
BEBYTES_FIXED_STRUCT(ts_b121073, TS_B121073)
#define TS_B763(X) X(BITS, a, U8, 7) X(BITS, b, U8, 6) X(BITS, c, U8, 3)
BEBYTES_FIXED_STRUCT(ts_b763, TS_B763)
#define TS_B168(X) X(BITS, a, U16, 16) X(BITS, b, U8, 8)
BEBYTES_FIXED_STRUCT(ts_b168, TS_B168)
#define TS_B1141(X) X(BITS, a, U8, 1) X(BITS, b, U16, 14) X(BITS, c, U8, 1)
BEBYTES_FIXED_STRUCT(ts_b1141, TS_B1141)
#define TS_BCHAR(X) X(BITS, c, CHAR, 16) X(BITS, v, U16, 16)
BEBYTES_FIXED_STRUCT(ts_bchar, TS_BCHAR)
/* A 64-bit field at phase 4 spans 9 bytes. */
#define TS_BWIDE(X) X(BITS, a, U8, 4) X(BITS, b, U64, 64) X(BITS, c, U8, 4)
BEBYTES_FIXED_STRUCT(ts_bwide, TS_BWIDE)
/* Signed bit fields sign-extend on decode. */
#define TS_BSIGNED(X) X(BITS, a, I8, 4) X(BITS, b, I16, 12) X(BITS, c, I64, 64)
BEBYTES_FIXED_STRUCT(ts_bsigned, TS_BSIGNED)
/* A bit run after a variable part (whole bytes): {n, FromField, 4, 4}. */
#define TS_BAFTERVAR(X)                                                        \
  X(U8, n) X(BYTES, v, FIELD, n) X(BITS, a, U8, 4) X(BITS, b, U8, 4)
BEBYTES_STRUCT(ts_bafter, TS_BAFTERVAR)

/* ---- scalars ---- */
#define TS_SCALARS(X)                                                          \
  X(U8, a)                                                                     \
  X(U16, b)                                                                    \
  X(U32, c)                                                                    \
  X(U64, d)                                                                    \
  X(I8, e)                                                                     \
  X(I16, f)                                                                    \
  X(I32, g)                                                                    \
  X(I64, h)                                                                    \
  X(BOOL, i)                                                                   \
  X(F32, j)                                                                    \
  X(F64, k)                                                                    \
  X(CHAR, l)                                                                   \
  X(U128, m)                                                                   \
  X(I128, n)
BEBYTES_FIXED_STRUCT(ts_scalars, TS_SCALARS)

/* ---- Option ---- */
#define TS_OPTS(X) X(OPT, a, U16) X(OPT_ARRAY, b, 2) X(OPT, c, BOOL)
BEBYTES_FIXED_STRUCT(ts_opts, TS_OPTS)

/* ---- enums and flags ---- */
#define TS_COLOR(V) V(TS_RED, 1) V(TS_GREEN, 2) V(TS_BIG, 300)
BEBYTES_ENUM(ts_color, TS_COLOR)
#define TS_SMALL(V) V(TS_S0, 0) V(TS_S5, 5) V(TS_S2, 2)
BEBYTES_ENUM(ts_small, TS_SMALL)
#define TS_PERM(V)                                                             \
  V(TS_PERM_NONE, 0) V(TS_PERM_R, 1) V(TS_PERM_W, 2) V(TS_PERM_X, 4)
BEBYTES_FLAGS(ts_perm, TS_PERM)
#define TS_WIDEFL(V) V(TS_WF_A, 1) V(TS_WF_B, 0x100) V(TS_WF_C, 0x10000)
BEBYTES_FLAGS(ts_widefl, TS_WIDEFL)
#define TS_ENUMS(X)                                                            \
  X(ENUM, color, ts_color)                                                     \
  X(ENUM, small, ts_small) X(FLAGS, perm, ts_perm) X(FLAGS, wide, ts_widefl)
BEBYTES_FIXED_STRUCT(ts_enums, TS_ENUMS)

/* ---- nested structs, dotted paths, struct arrays and vectors ---- */
#define TS_INNER(X) X(U8, tag) X(U16, len)
BEBYTES_FIXED_STRUCT(ts_inner, TS_INNER)
#define TS_MIDDLE(X) X(STRUCT, inner, ts_inner) X(U8, count)
BEBYTES_FIXED_STRUCT(ts_middle, TS_MIDDLE)
#define TS_NESTED(X)                                                           \
  X(STRUCT, hdr, ts_inner)                                                     \
  X(BYTES, payload, FIELD, hdr.len)                                            \
  X(STRUCT, mid, ts_middle)                                                    \
  X(STRUCT_VEC, items, ts_inner, 4, FIELD, mid.count)                          \
  X(STRUCT_ARRAY, pair, ts_inner, 2) X(U8, tail)
BEBYTES_STRUCT(ts_nested, TS_NESTED)
#define TS_VECREST(X) X(U8, n) X(STRUCT_VEC_REST, items, ts_inner, 3)
BEBYTES_STRUCT(ts_vecrest, TS_VECREST)

/* ---- size expressions ---- */
#define TS_EXPR(X)                                                             \
  X(U8, rows)                                                                  \
  X(U8, cols)                                                                  \
  X(BYTES, data, EXPR, "rows * cols + 1")                                      \
  X(STR, name, EXPR, "(rows + cols) / 2")                                      \
  X(STRUCT_VEC, cells, ts_inner, 4, EXPR, "rows % 3")
BEBYTES_STRUCT(ts_expr, TS_EXPR)
#define TS_EXPRDIV(X) X(U8, a) X(U8, b) X(BYTES, data, EXPR, "a / b")
BEBYTES_STRUCT(ts_exprdiv, TS_EXPRDIV)
#define TS_EXPRPATH(X) X(STRUCT, h, ts_inner) X(BYTES, d, EXPR, "h.len - 1")
BEBYTES_STRUCT(ts_exprpath, TS_EXPRPATH)
/* Definition errors found by bebytes_struct_check(). */
#define TS_BADEXPR1(X) X(U8, a) X(BYTES, d, EXPR, "a / 0")
BEBYTES_STRUCT(ts_badexpr1, TS_BADEXPR1)
#define TS_BADEXPR2(X) X(BYTES, d, EXPR, "later + 1") X(U8, later)
BEBYTES_STRUCT(ts_badexpr2, TS_BADEXPR2)
#define TS_BADEXPR3(X) X(U8, a) X(BYTES, d, EXPR, "(a + ")
BEBYTES_STRUCT(ts_badexpr3, TS_BADEXPR3)

/* ---- markers, strings, unbounded ---- */
#define TS_MARKERS(X)                                                          \
  X(U8, x)                                                                     \
  X(BYTES, a, UNTIL, 0x00) X(U8, y) X(BYTES, b, AFTER, 0xFF)
BEBYTES_STRUCT(ts_markers, TS_MARKERS)
#define TS_UNTILLAST(X) X(U8, x) X(BYTES, line, UNTIL, '\n')
BEBYTES_STRUCT(ts_untillast, TS_UNTILLAST)
#define TS_STRS(X)                                                             \
  X(STR, fixed, FIXED, 5)                                                      \
  X(U16, n) X(STR, named, FIELD, n) X(STR, line, UNTIL, ';') X(STR_REST, rest)
BEBYTES_STRUCT(ts_strs, TS_STRS)
#define TS_REST(X) X(U16, id) X(BYTES_REST, rest)
BEBYTES_STRUCT(ts_rest, TS_REST)

/* ---- vectors of byte vectors ---- */
#define TS_SEGS(X) X(U8, n) X(SEGS, s, 4, FIELD, n, 0x00)
BEBYTES_STRUCT(ts_segs, TS_SEGS)
#define TS_SEGS3(X) X(SEGS, s, 3, FIXED, 3, '|') X(U8, end)
BEBYTES_STRUCT(ts_segs3, TS_SEGS3)

/* ---- per-field byte-order overrides ---- */
#define TS_ORDER(X)                                                            \
  X(LE, U16, a)                                                                \
  X(U16, b)                                                                    \
  X(BE, U32, c) X(LE, STRUCT, in, ts_inner) X(BE, ENUM, color, ts_color)
BEBYTES_FIXED_STRUCT(ts_order, TS_ORDER)

#endif
