/*
 * Declarative structs: the C counterpart of BeBytes' #[derive(BeBytes)].
 *
 * A struct is declared ONCE as an X-macro field list:
 *
 *   #define MY_HDR(X)                                 \
 *     X(BITS, version, U8, 4)                         \
 *     X(BITS, ihl, U8, 4)                             \
 *     X(U16, total_length)                            \
 *     X(BYTES, options, FIELD, opt_len)               \
 *     X(U32, checksum)
 *   BEBYTES_STRUCT(my_hdr, MY_HDR)          // or BEBYTES_FIXED_STRUCT
 *
 * and that one declaration yields, as static inline code in the including
 * translation unit (no run-time schema interpretation):
 *   typedef struct my_hdr {...} my_hdr;       the C struct
 *   my_hdr_MIN_SIZE (and my_hdr_SIZE for fixed structs)
 *   int my_hdr_encoded_size(const my_hdr *, size_t *, bebytes_error *)
 *   for each byte order (be / le):
 *     int my_hdr_to_be_bytes(s, uint8_t **out, size_t *len, e)  one malloc
 *     int my_hdr_encode_be_to(s, bebytes_buf *, e)   appends, reuse by clear
 *     int my_hdr_encode_be_into(s, uint8_t *out, size_t cap, size_t *n, e)
 *     void my_hdr_encode_be_raw(s, uint8_t out[my_hdr_SIZE])  fixed only
 *     int my_hdr_decode_be(my_hdr *, const uint8_t *, size_t, size_t *used, e)
 *   const bebytes_struct_meta *my_hdr_meta(void)   names, kinds, widths
 *
 * Field kinds: X(KIND, name, args...). See libbebytes/README.md for the
 * wire format of each one.
 *   U8 U16 U32 U64 I8 I16 I32 I64 (U128 I128 with __int128)  integers
 *   BOOL (0/1 only)  F32 F64 (IEEE bit patterns)  CHAR (bebytes_char,
 *   4 bytes, Unicode scalar)
 *   BITS, name, T, w        bit field of w bits, T in U8..U64, I8..I64, CHAR
 *   ARRAY, name, N          uint8_t name[N]
 *   STRUCT, name, T         nested struct T (declared before)
 *   STRUCT_ARRAY, name, T, N                 T name[N]
 *   STRUCT_VEC, name, T, max, FIELD, path    element count from a field
 *   STRUCT_VEC, name, T, max, EXPR, "expr"   element count from an expression
 *   STRUCT_VEC_REST, name, T, max            elements until the input ends
 *   ENUM, name, E           E declared with BEBYTES_ENUM
 *   FLAGS, name, F          F declared with BEBYTES_FLAGS
 *   OPT, name, KIND         Option of a scalar kind (U8..F64, BOOL, CHAR)
 *   OPT_ARRAY, name, N      Option of uint8_t[N]
 *   BYTES, name, MODE, arg / STR, name, MODE, arg  byte vector / UTF-8
 *       MODE: FIXED n | FIELD path (byte count, dotted path allowed) |
 *             EXPR "expr" | UNTIL marker | AFTER marker (last only)
 *   BYTES_REST, name / STR_REST, name   unbounded, last field only
 *   SEGS, name, max, FIXED, n, marker / SEGS, name, max, FIELD, path, marker
 *       vector of byte vectors, each ended by the marker byte
 *   BE, KIND, name, args... / LE, KIND, name, args...  byte-order override
 */
#ifndef BEBYTES_STRUCT_H
#define BEBYTES_STRUCT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bits.h"
#include "enum.h"
#include "buf.h"
#include "endian.h"
#include "error.h"
#include "types.h"

/* ------------------------------------------------------------------ */
/* Dispatch: X(KIND, ...) -> kind tuple (CLASS, name, params...) -> phase */

#define BEBYTES__FIRST(a, ...) a
#define BEBYTES__CALLO(pfx, o, ...) BEBYTES__CALLO_I(pfx, o, __VA_ARGS__)
#define BEBYTES__CALLO_I(pfx, o, cls, ...) pfx##cls(o, __VA_ARGS__)
/* A second copy, for the ORDER wrapper (a macro cannot re-enter itself). */
#define BEBYTES__CALLO_J(pfx, o, cls, ...) pfx##cls(o, __VA_ARGS__)

/* Scalar tuples: C type, wire bytes, codec. */
#define BEBYTES__SCT_U8 uint8_t, 1, UINT
#define BEBYTES__SCT_U16 uint16_t, 2, UINT
#define BEBYTES__SCT_U32 uint32_t, 4, UINT
#define BEBYTES__SCT_U64 uint64_t, 8, UINT
#define BEBYTES__SCT_I8 int8_t, 1, SINT
#define BEBYTES__SCT_I16 int16_t, 2, SINT
#define BEBYTES__SCT_I32 int32_t, 4, SINT
#define BEBYTES__SCT_I64 int64_t, 8, SINT
#define BEBYTES__SCT_U128 bebytes_u128, 16, UINT
#define BEBYTES__SCT_I128 bebytes_i128, 16, SINT
#define BEBYTES__SCT_BOOL bool, 1, BOOL
#define BEBYTES__SCT_F32 float, 4, F32
#define BEBYTES__SCT_F64 double, 8, F64
#define BEBYTES__SCT_CHAR bebytes_char, 4, CHAR

#define BEBYTES__K_U8(n) SCALAR, n, BEBYTES__SCT_U8
#define BEBYTES__K_U16(n) SCALAR, n, BEBYTES__SCT_U16
#define BEBYTES__K_U32(n) SCALAR, n, BEBYTES__SCT_U32
#define BEBYTES__K_U64(n) SCALAR, n, BEBYTES__SCT_U64
#define BEBYTES__K_I8(n) SCALAR, n, BEBYTES__SCT_I8
#define BEBYTES__K_I16(n) SCALAR, n, BEBYTES__SCT_I16
#define BEBYTES__K_I32(n) SCALAR, n, BEBYTES__SCT_I32
#define BEBYTES__K_I64(n) SCALAR, n, BEBYTES__SCT_I64
#define BEBYTES__K_U128(n) SCALAR, n, BEBYTES__SCT_U128
#define BEBYTES__K_I128(n) SCALAR, n, BEBYTES__SCT_I128
#define BEBYTES__K_BOOL(n) SCALAR, n, BEBYTES__SCT_BOOL
#define BEBYTES__K_F32(n) SCALAR, n, BEBYTES__SCT_F32
#define BEBYTES__K_F64(n) SCALAR, n, BEBYTES__SCT_F64
#define BEBYTES__K_CHAR(n) SCALAR, n, BEBYTES__SCT_CHAR
#define BEBYTES__K_BITS(n, t, w) BITS, n, w, BEBYTES__SCT_##t
#define BEBYTES__K_ARRAY(n, N) ARRAY, n, N
#define BEBYTES__K_STRUCT(n, T) STRUCT, n, T
#define BEBYTES__K_STRUCT_ARRAY(n, T, N) STRUCT_ARRAY, n, T, N
#define BEBYTES__K_STRUCT_VEC(n, T, max, mode, arg)                            \
  STRUCT_VEC, n, T, max, mode, arg
#define BEBYTES__K_STRUCT_VEC_REST(n, T, max) STRUCT_VEC, n, T, max, REST, 0
#define BEBYTES__K_ENUM(n, E) ENUM, n, E
#define BEBYTES__K_FLAGS(n, F) FLAGS, n, F
#define BEBYTES__K_OPT(n, k) OPT, n, BEBYTES__SCT_##k
#define BEBYTES__K_OPT_ARRAY(n, N) OPT_ARRAY, n, N
#define BEBYTES__K_BYTES(n, mode, arg) VBYTES, n, mode, arg, 0
#define BEBYTES__K_BYTES_REST(n) VBYTES, n, REST, 0, 0
#define BEBYTES__K_STR(n, mode, arg) VBYTES, n, mode, arg, 1
#define BEBYTES__K_STR_REST(n) VBYTES, n, REST, 0, 1
#define BEBYTES__K_SEGS(n, max, mode, arg, marker)                             \
  SEGS, n, max, mode, arg, marker
#define BEBYTES__K_BE(k, ...)                                                  \
  ORDER, BEBYTES__FIRST(__VA_ARGS__, ~), BE, BEBYTES__K_##k(__VA_ARGS__)
#define BEBYTES__K_LE(k, ...)                                                  \
  ORDER, BEBYTES__FIRST(__VA_ARGS__, ~), LE, BEBYTES__K_##k(__VA_ARGS__)

/* Phase entry points, passed as the X of a field list. */
#define BEBYTES__P_DECL(k, ...)                                                \
  BEBYTES__CALLO(BEBYTES__D_, _, BEBYTES__K_##k(__VA_ARGS__))
#define BEBYTES__P_LAYOUT(k, ...)                                              \
  BEBYTES__CALLO(BEBYTES__L_, _, BEBYTES__K_##k(__VA_ARGS__))
#define BEBYTES__P_INDEX(k, ...)                                               \
  BEBYTES__CALLO(BEBYTES__I_, _, BEBYTES__K_##k(__VA_ARGS__))
#define BEBYTES__P_VAR(k, ...)                                                 \
  BEBYTES__CALLO(BEBYTES__V_, _, BEBYTES__K_##k(__VA_ARGS__))
#define BEBYTES__P_COUNT(k, ...) +1
#define BEBYTES__P_NEEDSM(k, ...)                                              \
  BEBYTES__CALLO(BEBYTES__N_, _, BEBYTES__K_##k(__VA_ARGS__))
#define BEBYTES__P_CHECK(k, ...)                                               \
  BEBYTES__CALLO(BEBYTES__C_, _, BEBYTES__K_##k(__VA_ARGS__))
#define BEBYTES__P_META(k, ...)                                                \
  BEBYTES__CALLO(BEBYTES__F_, _, BEBYTES__K_##k(__VA_ARGS__))
#define BEBYTES__P_PRELOAD(k, ...)                                             \
  BEBYTES__CALLO(BEBYTES__G_, _, BEBYTES__K_##k(__VA_ARGS__))
#define BEBYTES__P_BITSX(k, ...)                                               \
  BEBYTES__CALLO(BEBYTES__X_, _, BEBYTES__K_##k(__VA_ARGS__))
#define BEBYTES__P_HIMASK(k, ...)                                              \
  BEBYTES__CALLO(BEBYTES__H_, _, BEBYTES__K_##k(__VA_ARGS__))
#define BEBYTES__P_MEASURE(k, ...)                                             \
  BEBYTES__CALLO(BEBYTES__M_, _, BEBYTES__K_##k(__VA_ARGS__))
#define BEBYTES__P_WRITE_BE(k, ...)                                            \
  BEBYTES__CALLO(BEBYTES__W_, BE, BEBYTES__K_##k(__VA_ARGS__))
#define BEBYTES__P_WRITE_LE(k, ...)                                            \
  BEBYTES__CALLO(BEBYTES__W_, LE, BEBYTES__K_##k(__VA_ARGS__))
#define BEBYTES__P_READ_BE(k, ...)                                             \
  BEBYTES__CALLO(BEBYTES__R_, BE, BEBYTES__K_##k(__VA_ARGS__))
#define BEBYTES__P_READ_LE(k, ...)                                             \
  BEBYTES__CALLO(BEBYTES__R_, LE, BEBYTES__K_##k(__VA_ARGS__))

/* ORDER forwards every phase to the wrapped kind with the new order. */
#define BEBYTES__D_ORDER(o, n, no, ...)                                        \
  BEBYTES__CALLO_J(BEBYTES__D_, no, __VA_ARGS__)
#define BEBYTES__L_ORDER(o, n, no, ...)                                        \
  BEBYTES__CALLO_J(BEBYTES__L_, no, __VA_ARGS__)
#define BEBYTES__I_ORDER(o, n, no, ...) char n;
#define BEBYTES__V_ORDER(o, n, no, ...)                                        \
  BEBYTES__CALLO_J(BEBYTES__V_, no, __VA_ARGS__)
#define BEBYTES__N_ORDER(o, n, no, ...)                                        \
  BEBYTES__CALLO_J(BEBYTES__N_, no, __VA_ARGS__)
#define BEBYTES__C_ORDER(o, n, no, cls, ...)                                   \
  _Static_assert(!BEBYTES__ISBITS_##cls,                                       \
                 "libbebytes: byte-order overrides are not allowed on bit "    \
                 "fields (field " #n ")");                                     \
  BEBYTES__CALLO_J(BEBYTES__C_, no, cls, __VA_ARGS__)
#define BEBYTES__F_ORDER(o, n, no, ...)                                        \
  BEBYTES__CALLO_J(BEBYTES__F_, no, __VA_ARGS__)
#define BEBYTES__G_ORDER(o, n, no, ...)                                        \
  BEBYTES__CALLO_J(BEBYTES__G_, no, __VA_ARGS__)
#define BEBYTES__X_ORDER(o, n, no, ...)                                        \
  BEBYTES__CALLO_J(BEBYTES__X_, no, __VA_ARGS__)
#define BEBYTES__H_ORDER(o, n, no, ...)
#define BEBYTES__M_ORDER(o, n, no, ...)                                        \
  BEBYTES__CALLO_J(BEBYTES__M_, no, __VA_ARGS__)
#define BEBYTES__W_ORDER(o, n, no, ...)                                        \
  BEBYTES__CALLO_J(BEBYTES__W_, no, __VA_ARGS__)
#define BEBYTES__R_ORDER(o, n, no, ...)                                        \
  BEBYTES__CALLO_J(BEBYTES__R_, no, __VA_ARGS__)

#define BEBYTES__ISBITS_BITS 1
#define BEBYTES__ISBITS_SCALAR 0
#define BEBYTES__ISBITS_ARRAY 0
#define BEBYTES__ISBITS_STRUCT 0
#define BEBYTES__ISBITS_STRUCT_ARRAY 0
#define BEBYTES__ISBITS_STRUCT_VEC 0
#define BEBYTES__ISBITS_ENUM 0
#define BEBYTES__ISBITS_FLAGS 0
#define BEBYTES__ISBITS_OPT 0
#define BEBYTES__ISBITS_OPT_ARRAY 0
#define BEBYTES__ISBITS_VBYTES 0
#define BEBYTES__ISBITS_SEGS 0
#define BEBYTES__ISBITS_ORDER 0

#define BEBYTES__ORDCH__ 0
#define BEBYTES__ORDCH_BE 'B'
#define BEBYTES__ORDCH_LE 'L'

/* ------------------------------------------------------------------ */
/* Scalar codecs: store/load by order and width, validation. */

#define BEBYTES__ST_BE1(q, v) ((q)[0] = (uint8_t)(v))
#define BEBYTES__ST_LE1(q, v) ((q)[0] = (uint8_t)(v))
#define BEBYTES__ST_BE2(q, v) bebytes_store_be16(q, (uint16_t)(v))
#define BEBYTES__ST_LE2(q, v) bebytes_store_le16(q, (uint16_t)(v))
#define BEBYTES__ST_BE4(q, v) bebytes_store_be32(q, (uint32_t)(v))
#define BEBYTES__ST_LE4(q, v) bebytes_store_le32(q, (uint32_t)(v))
#define BEBYTES__ST_BE8(q, v) bebytes_store_be64(q, (uint64_t)(v))
#define BEBYTES__ST_LE8(q, v) bebytes_store_le64(q, (uint64_t)(v))
#define BEBYTES__ST_BE16(q, v) bebytes_store_be128(q, (bebytes_u128)(v))
#define BEBYTES__ST_LE16(q, v) bebytes_store_le128(q, (bebytes_u128)(v))
#define BEBYTES__LD_BE1(q) ((q)[0])
#define BEBYTES__LD_LE1(q) ((q)[0])
#define BEBYTES__LD_BE2(q) bebytes_load_be16(q)
#define BEBYTES__LD_LE2(q) bebytes_load_le16(q)
#define BEBYTES__LD_BE4(q) bebytes_load_be32(q)
#define BEBYTES__LD_LE4(q) bebytes_load_le32(q)
#define BEBYTES__LD_BE8(q) bebytes_load_be64(q)
#define BEBYTES__LD_LE8(q) bebytes_load_le64(q)
#define BEBYTES__LD_BE16(q) bebytes_load_be128(q)
#define BEBYTES__LD_LE16(q) bebytes_load_le128(q)
#define bebytes__store_n_BE bebytes_store_be_n
#define bebytes__store_n_LE bebytes_store_le_n
#define bebytes__load_n_BE bebytes_load_be_n
#define bebytes__load_n_LE bebytes_load_le_n

/* Write a scalar value v at q. */
#define BEBYTES__SW_UINT(o, q, v, nb) BEBYTES__ST_##o##nb(q, v)
#define BEBYTES__SW_SINT(o, q, v, nb) BEBYTES__ST_##o##nb(q, v)
#define BEBYTES__SW_BOOL(o, q, v, nb) ((q)[0] = (uint8_t)((v) ? 1 : 0))
#define BEBYTES__SW_F32(o, q, v, nb) BEBYTES__ST_##o##4(q, bebytes_f32_bits(v))
#define BEBYTES__SW_F64(o, q, v, nb) BEBYTES__ST_##o##8(q, bebytes_f64_bits(v))
#define BEBYTES__SW_CHAR(o, q, v, nb) BEBYTES__ST_##o##4(q, v)
/* Read a scalar from q into dst, validating; fname names the field. */
#define BEBYTES__SR_UINT(o, q, nb, ctype, dst, fname)                          \
  (dst) = (ctype)BEBYTES__LD_##o##nb(q);
#define BEBYTES__SR_SINT(o, q, nb, ctype, dst, fname)                          \
  (dst) = (ctype)BEBYTES__LD_##o##nb(q);
#define BEBYTES__SR_F32(o, q, nb, ctype, dst, fname)                           \
  (dst) = bebytes_f32_from_bits(BEBYTES__LD_##o##4(q));
#define BEBYTES__SR_F64(o, q, nb, ctype, dst, fname)                           \
  (dst) = bebytes_f64_from_bits(BEBYTES__LD_##o##8(q));
#define BEBYTES__SR_BOOL(o, q, nb, ctype, dst, fname)                          \
  {                                                                            \
    uint8_t b_ = (q)[0];                                                       \
    if (b_ > 1)                                                                \
      return bebytes__fail_value(e_, BEBYTES_EDISCRIMINANT, b_, 1, fname,      \
                                 "bool");                                      \
    (dst) = b_ != 0;                                                           \
  }
#define BEBYTES__SR_CHAR(o, q, nb, ctype, dst, fname)                          \
  {                                                                            \
    uint32_t c_ = BEBYTES__LD_##o##4(q);                                       \
    if (!bebytes_char_valid(c_))                                               \
      return bebytes__fail_value(e_, BEBYTES_ECHAR, c_, 0x10FFFF, fname,       \
                                 "char");                                      \
    (dst) = c_;                                                                \
  }
/* Validate a scalar before encoding. */
#define BEBYTES__SM_UINT(v, fname)
#define BEBYTES__SM_SINT(v, fname)
#define BEBYTES__SM_F32(v, fname)
#define BEBYTES__SM_F64(v, fname)
#define BEBYTES__SM_BOOL(v, fname)
#define BEBYTES__SM_CHAR(v, fname)                                             \
  if (!bebytes_char_valid(v))                                                  \
    return bebytes__fail_value(e_, BEBYTES_ECHAR, (v), 0x10FFFF, fname, "char");
#define BEBYTES__KNAME_UINT(nb) "u" #nb
#define BEBYTES__KN_UINT1 "u8"
#define BEBYTES__KN_UINT2 "u16"
#define BEBYTES__KN_UINT4 "u32"
#define BEBYTES__KN_UINT8 "u64"
#define BEBYTES__KN_UINT16 "u128"
#define BEBYTES__KN_SINT1 "i8"
#define BEBYTES__KN_SINT2 "i16"
#define BEBYTES__KN_SINT4 "i32"
#define BEBYTES__KN_SINT8 "i64"
#define BEBYTES__KN_SINT16 "i128"
#define BEBYTES__KN_BOOL1 "bool"
#define BEBYTES__KN_F324 "f32"
#define BEBYTES__KN_F648 "f64"
#define BEBYTES__KN_CHAR4 "char"
#define BEBYTES__ISINT_UINT 1
#define BEBYTES__ISINT_SINT 1
#define BEBYTES__ISINT_BOOL 0
#define BEBYTES__ISINT_F32 0
#define BEBYTES__ISINT_F64 0
#define BEBYTES__ISINT_CHAR 0
#define BEBYTES__ISSIGNED_UINT 0
#define BEBYTES__ISSIGNED_SINT 1
#define BEBYTES__ISSIGNED_BOOL 0
#define BEBYTES__ISSIGNED_F32 0
#define BEBYTES__ISSIGNED_F64 0
#define BEBYTES__ISSIGNED_CHAR 0
#define BEBYTES__BITSOK_UINT 1
#define BEBYTES__BITSOK_SINT 1
#define BEBYTES__BITSOK_CHAR 1
#define BEBYTES__BITSOK_BOOL 0
#define BEBYTES__BITSOK_F32 0
#define BEBYTES__BITSOK_F64 0

/* Bit phase of field n: fixed bits before it, modulo 8 (compile time). */
#define BEBYTES__PH(n)                                                         \
  ((unsigned)((offsetof(bebytes__L, n) - offsetof(bebytes__I, n)) % 8u))
/* Bit offset of field n among the fixed parts (its absolute offset in a
 * fixed-layout struct). */
#define BEBYTES__OFF(n)                                                        \
  ((unsigned)(offsetof(bebytes__L, n) - offsetof(bebytes__I, n)))
/* In a fixed-layout struct, a bit field that lies inside an aligned 2-, 4-
 * or 8-byte block of the struct is read from that block (see bits.h). */
#define BEBYTES__BLK_OK(n, w)                                                  \
  (bebytes__fixed &&                                                           \
   bebytes__blk(BEBYTES__OFF(n), (w), (unsigned)bebytes__size) != 0)
/* Is field n the last one declared? (compile time) */
#define BEBYTES__ISLAST(n) (offsetof(bebytes__I, n) == (size_t)bebytes__N)

/* Length check in a decoder. Fixed-layout structs check their size once
 * up front, so the per-field checks fold away (bebytes__fixed is 1). */
#define BEBYTES__CHK(nbytes)                                                   \
  if (!bebytes__fixed && len_ - pos_ < (size_t)(nbytes))                       \
    return bebytes__fail(e_, BEBYTES_EINSUFFICIENT, pos_, (size_t)(nbytes),    \
                         len_ - pos_);
/* Checked addition to the measured size (slices can claim any length). */
#define BEBYTES__ADD(x)                                                        \
  if (__builtin_add_overflow(sz_, (size_t)(x), &sz_))                          \
    return bebytes__fail(e_, BEBYTES_EINVAL, 0, SIZE_MAX, 0);

/* ------------------------------------------------------------------ */
/* SCALAR (o, n, ctype, nb, codec) */
#define BEBYTES__D_SCALAR(o, n, ctype, nb, codec) ctype n;
#define BEBYTES__L_SCALAR(o, n, ctype, nb, codec) char n[(nb)*8 + 1];
#define BEBYTES__I_SCALAR(o, n, ...) char n;
#define BEBYTES__V_SCALAR(o, n, ...) +0
#define BEBYTES__N_SCALAR(o, n, ctype, nb, codec) +BEBYTES__NM_##codec
#define BEBYTES__NM_UINT 0
#define BEBYTES__NM_SINT 0
#define BEBYTES__NM_BOOL 0
#define BEBYTES__NM_F32 0
#define BEBYTES__NM_F64 0
#define BEBYTES__NM_CHAR 1
#define BEBYTES__C_SCALAR(o, n, ...) BEBYTES__C_ALIGNED(n)
#define BEBYTES__C_ALIGNED(n)                                                  \
  _Static_assert(BEBYTES__PH(n) == 0,                                          \
                 "libbebytes: field " #n " follows a bit-field run that does " \
                 "not end on a byte boundary");
#define BEBYTES__F_SCALAR(o, n, ctype, nb, codec)                              \
  {#n,                                                                         \
   BEBYTES__KN_##codec##nb,                                                    \
   (nb)*8,                                                                     \
   offsetof(bebytes__S, n),                                                    \
   sizeof(ctype),                                                              \
   BEBYTES__ISINT_##codec,                                                     \
   BEBYTES__ISSIGNED_##codec,                                                  \
   BEBYTES__ORDCH_##o,                                                         \
   NULL,                                                                       \
   NULL,                                                                       \
   NULL},
#define BEBYTES__X_SCALAR(o, n, ...)
#define BEBYTES__H_SCALAR(o, n, ...)
#define BEBYTES__M_SCALAR(o, n, ctype, nb, codec) BEBYTES__SM_##codec(s_->n, #n)
/* Scalars are loaded before the first store (see the writer). */
#define BEBYTES__G_SCALAR(o, n, ctype, nb, codec)                              \
  const ctype bebytes__v_##n = s_->n;
#define BEBYTES__W_SCALAR(o, n, ctype, nb, codec)                              \
  BEBYTES__SW_##codec(o, p_ + pos_, bebytes__v_##n, nb);                       \
  pos_ += (nb);
#define BEBYTES__R_SCALAR(o, n, ctype, nb, codec)                              \
  BEBYTES__CHK(nb)                                                             \
  BEBYTES__SR_##codec(o, in_ + pos_, nb, ctype, s_->n, #n) pos_ += (nb);

/* ------------------------------------------------------------------ */
/* BITS (o, n, w, ctype, nb, codec) */
#define BEBYTES__D_BITS(o, n, w, ctype, nb, codec) ctype n;
#define BEBYTES__L_BITS(o, n, w, ...) char n[(w) + 1];
#define BEBYTES__I_BITS(o, n, ...) char n;
#define BEBYTES__V_BITS(o, n, ...) +0
#define BEBYTES__N_BITS(o, n, w, ctype, nb, codec) +BEBYTES__NM_##codec
#define BEBYTES__C_BITS(o, n, w, ctype, nb, codec)                             \
  _Static_assert(BEBYTES__BITSOK_##codec,                                      \
                 "libbebytes: bit field " #n " must be an integer or CHAR");   \
  _Static_assert((w) >= 1 && (w) <= (nb)*8 && (w) <= 64,                       \
                 "libbebytes: bit field " #n " has a width outside 1..type");
#define BEBYTES__F_BITS(o, n, w, ctype, nb, codec)                             \
  {#n,                                                                         \
   "bits",                                                                     \
   (w),                                                                        \
   offsetof(bebytes__S, n),                                                    \
   sizeof(ctype),                                                              \
   BEBYTES__ISINT_##codec,                                                     \
   BEBYTES__ISSIGNED_##codec,                                                  \
   0,                                                                          \
   NULL,                                                                       \
   NULL,                                                                       \
   NULL},
#define BEBYTES__BM_UINT(v, w, n)                                              \
  if (!bebytes__ufits((uint64_t)(v), w))                                       \
    return bebytes__fail_value(e_, BEBYTES_EBITFIELD, (uint64_t)(v),           \
                               bebytes__mask(w), #n, "bits");
#define BEBYTES__BM_SINT(v, w, n)                                              \
  if (!bebytes__sfits((int64_t)(v), w))                                        \
    return bebytes__fail_value(e_, BEBYTES_EBITFIELD, (uint64_t)(int64_t)(v),  \
                               bebytes__mask(w) >> 1, #n, "bits");
#define BEBYTES__BM_CHAR(v, w, n)                                              \
  BEBYTES__SM_CHAR(v, #n) BEBYTES__BM_UINT(v, w, n)
#define BEBYTES__G_BITS(o, n, ...)
#define BEBYTES__M_BITS(o, n, w, ctype, nb, codec)                             \
  BEBYTES__BM_##codec(s_->n, w, n)
/* Writes a bit field. With chk_ (the checked encoders of fixed structs)
 * every bit-field value has been range-checked before the writer runs
 * (T__bitsbad), so an unsigned value needs no mask. Without chk_ (raw
 * path, or after the T__measure validation pass) the value is masked where
 * its high bits could reach a neighbouring field. */
#define BEBYTES__W_BITS(o, n, w, ctype, nb, codec)                             \
  bebytes__bput_##o(                                                           \
      p_, &pos_, &acc_, BEBYTES__PH(n), (w), (uint64_t)(s_->n),                \
      BEBYTES__BNEED_##codec(chk_, BEBYTES__NEEDMASK_##o(BEBYTES__PH(n), w)));
/* Bits above the width only need clearing where they would land on live
 * bits: in BE they land on the pending bits of earlier fields (phase > 0),
 * in LE on the next field's bits (the field does not end a byte). Elsewhere
 * the byte stores drop them, so the mask is left out, as a hand-written
 * encoder would. Checked unsigned values fit by construction; a checked
 * signed value fits but its sign bits above w still need the mask. */
#define BEBYTES__NEEDMASK_BE(ph, w) ((ph) != 0)
#define BEBYTES__NEEDMASK_LE(ph, w) (((ph) + (w)) % 8 != 0)
#define BEBYTES__BNEED_UINT(chk, need) (!(chk) && (need))
#define BEBYTES__BNEED_CHAR(chk, need) (!(chk) && (need))
#define BEBYTES__BNEED_SINT(chk, need) (need)
/* Is field n range-checked by the combined test? */
#define BEBYTES__SWAROK_UINT(n, nb)                                            \
  bebytes__swar_covered(offsetof(bebytes__S, n), (nb))
#define BEBYTES__SWAROK_CHAR(n, nb)                                            \
  bebytes__swar_covered(offsetof(bebytes__S, n), (nb))
#define BEBYTES__SWAROK_SINT(n, nb) 0
/* Range test of a field the combined test does not cover (non-zero: out
 * of range). */
#define BEBYTES__X_BITS(o, n, w, ctype, nb, codec)                             \
  | (int)(!BEBYTES__SWAROK_##codec(n, nb) && BEBYTES__BBAD_##codec(s_->n, w))
/* Must-be-zero bits of field n in word k_ of the C struct (0 if none). */
#define BEBYTES__H_BITS(o, n, w, ctype, nb, codec)                             \
  | BEBYTES__HB_##codec(n, w, nb)
#define BEBYTES__HB_UINT(n, w, nb)                                             \
  bebytes__hibits(offsetof(bebytes__S, n), (nb), (w), k_)
#define BEBYTES__HB_CHAR(n, w, nb)                                             \
  bebytes__hibits(offsetof(bebytes__S, n), (nb), (w), k_)
#define BEBYTES__HB_SINT(n, w, nb) 0
#define BEBYTES__BBAD_UINT(v, w) bebytes__ubad((uint64_t)(v), w)
#define BEBYTES__BBAD_CHAR(v, w) bebytes__ubad((uint64_t)(v), w)
#define BEBYTES__BBAD_SINT(v, w) bebytes__sbad((int64_t)(v), w)
#define BEBYTES__BR_UINT(dst, v, w, ctype, n) (dst) = (ctype)(v);
#define BEBYTES__BR_SINT(dst, v, w, ctype, n)                                  \
  (dst) = (ctype)bebytes__sext(v, w);
#define BEBYTES__BR_CHAR(dst, v, w, ctype, n)                                  \
  if (!bebytes_char_valid((uint32_t)(v)))                                      \
    return bebytes__fail_value(e_, BEBYTES_ECHAR, (v), 0x10FFFF, #n, "char");  \
  (dst) = (ctype)(v);
#define BEBYTES__R_BITS(o, n, w, ctype, nb, codec)                             \
  {                                                                            \
    BEBYTES__CHK((BEBYTES__PH(n) + (w) + 7) / 8)                               \
    uint64_t v_ = BEBYTES__BLK_OK(n, w)                                        \
                      ? bebytes__bget_blk_##o(in_, BEBYTES__OFF(n), (w),       \
                                              (unsigned)bebytes__size)         \
                      : bebytes__bget_##o(in_ + pos_, BEBYTES__PH(n), (w));    \
    BEBYTES__BR_##codec(s_->n, v_, w, ctype, n) pos_ +=                        \
        (BEBYTES__PH(n) + (w)) / 8;                                            \
  }

/* ------------------------------------------------------------------ */
/* ARRAY (o, n, N): uint8_t[N], byte-order independent */
#define BEBYTES__D_ARRAY(o, n, N) uint8_t n[N];
#define BEBYTES__L_ARRAY(o, n, N) char n[(N)*8 + 1];
#define BEBYTES__I_ARRAY(o, n, N) char n;
#define BEBYTES__V_ARRAY(o, n, N) +0
#define BEBYTES__N_ARRAY(o, n, N) +0
#define BEBYTES__C_ARRAY(o, n, N) BEBYTES__C_ALIGNED(n)
#define BEBYTES__F_ARRAY(o, n, N)                                              \
  {#n, "array", (N)*8, offsetof(bebytes__S, n), (N), 0, 0, 0, NULL, NULL, NULL},
#define BEBYTES__X_ARRAY(o, n, ...)
#define BEBYTES__H_ARRAY(o, n, ...)
#define BEBYTES__G_ARRAY(o, n, ...)
#define BEBYTES__M_ARRAY(o, n, N)
#define BEBYTES__W_ARRAY(o, n, N)                                              \
  memcpy(p_ + pos_, s_->n, (N));                                               \
  pos_ += (N);
#define BEBYTES__R_ARRAY(o, n, N)                                              \
  BEBYTES__CHK(N) memcpy(s_->n, in_ + pos_, (N));                              \
  pos_ += (N);

/* ------------------------------------------------------------------ */
/* STRUCT (o, n, T): nested struct in the same byte order */
#define BEBYTES__D_STRUCT(o, n, T) T n;
#define BEBYTES__L_STRUCT(o, n, T) char n[T##__BITS + 1];
#define BEBYTES__I_STRUCT(o, n, T) char n;
#define BEBYTES__V_STRUCT(o, n, T) +T##__VAR
#define BEBYTES__N_STRUCT(o, n, T) +T##__NEEDSM
#define BEBYTES__C_STRUCT(o, n, T) BEBYTES__C_ALIGNED(n)
#define BEBYTES__F_STRUCT(o, n, T)                                             \
  {#n,                                                                         \
   "struct",                                                                   \
   T##__VAR ? 0 : T##__BITS,                                                   \
   offsetof(bebytes__S, n),                                                    \
   sizeof(T),                                                                  \
   0,                                                                          \
   0,                                                                          \
   BEBYTES__ORDCH_##o,                                                         \
   NULL,                                                                       \
   NULL,                                                                       \
   T##_meta},
#define BEBYTES__H_STRUCT(o, n, ...)
#define BEBYTES__X_STRUCT(o, n, T) | T##__bitsbad(&s_->n)
#define BEBYTES__G_STRUCT(o, n, ...)
#define BEBYTES__M_STRUCT(o, n, T)                                             \
  {                                                                            \
    size_t n_ = 0;                                                             \
    int rc_ = T##__measure(&s_->n, &n_, e_);                                   \
    if (rc_)                                                                   \
      return rc_;                                                              \
    BEBYTES__ADD(n_ - (size_t)T##_MIN_SIZE)                                    \
  }
#define BEBYTES__W_NESTED(o, T, src)                                           \
  { pos_ += T##__write_##o(src, p_ + pos_, chk_); }
#define BEBYTES__W_STRUCT(o, n, T) BEBYTES__W_NESTED(o, T, &s_->n)
#define BEBYTES__R_NESTED(o, T, dst)                                           \
  {                                                                            \
    size_t u_ = 0;                                                             \
    int rc_ = T##__read_##o(dst, in_ + pos_, len_ - pos_, &u_, e_);            \
    if (rc_) {                                                                 \
      if (e_)                                                                  \
        e_->offset += pos_;                                                    \
      return rc_;                                                              \
    }                                                                          \
    pos_ += u_;                                                                \
  }
#define BEBYTES__R_STRUCT(o, n, T) BEBYTES__R_NESTED(o, T, &s_->n)

/* STRUCT_ARRAY (o, n, T, N) */
#define BEBYTES__D_STRUCT_ARRAY(o, n, T, N) T n[N];
#define BEBYTES__L_STRUCT_ARRAY(o, n, T, N) char n[(N)*T##__BITS + 1];
#define BEBYTES__I_STRUCT_ARRAY(o, n, T, N) char n;
#define BEBYTES__V_STRUCT_ARRAY(o, n, T, N) +T##__VAR
#define BEBYTES__N_STRUCT_ARRAY(o, n, T, N) +T##__NEEDSM
#define BEBYTES__C_STRUCT_ARRAY(o, n, T, N) BEBYTES__C_ALIGNED(n)
#define BEBYTES__F_STRUCT_ARRAY(o, n, T, N)                                    \
  {#n,                                                                         \
   "struct_array",                                                             \
   T##__VAR ? 0 : (N)*T##__BITS,                                               \
   offsetof(bebytes__S, n),                                                    \
   sizeof(T) * (N),                                                            \
   0,                                                                          \
   0,                                                                          \
   BEBYTES__ORDCH_##o,                                                         \
   "fixed",                                                                    \
   #N,                                                                         \
   T##_meta},
#define BEBYTES__H_STRUCT_ARRAY(o, n, ...)
#define BEBYTES__X_STRUCT_ARRAY(o, n, T, N) | T##__bitsbad_n(s_->n, (N))
#define BEBYTES__G_STRUCT_ARRAY(o, n, ...)
#define BEBYTES__M_STRUCT_ARRAY(o, n, T, N)                                    \
  for (size_t i_ = 0; i_ < (size_t)(N); i_++) {                                \
    size_t n_ = 0;                                                             \
    int rc_ = T##__measure(&s_->n[i_], &n_, e_);                               \
    if (rc_)                                                                   \
      return rc_;                                                              \
    BEBYTES__ADD(n_ - (size_t)T##_MIN_SIZE)                                    \
  }
#define BEBYTES__W_STRUCT_ARRAY(o, n, T, N)                                    \
  for (size_t i_ = 0; i_ < (size_t)(N); i_++)                                  \
  BEBYTES__W_NESTED(o, T, &s_->n[i_])
#define BEBYTES__R_STRUCT_ARRAY(o, n, T, N)                                    \
  for (size_t i_ = 0; i_ < (size_t)(N); i_++)                                  \
  BEBYTES__R_NESTED(o, T, &s_->n[i_])

/* ------------------------------------------------------------------ */
/* Sizes of variable parts: FIXED n | FIELD path | EXPR "e" | REST */
#define BEBYTES__SZ_FIXED(arg, n) ((uint64_t)(arg))
#define BEBYTES__SZ_FIELD(arg, n) ((uint64_t)(s_->arg))
/* Evaluated into cnt_ by the caller for EXPR. */
#define BEBYTES__SIZEOF_MODE(mode, arg, n, dst)                                \
  BEBYTES__SIZEOF_##mode(arg, n, dst)
#define BEBYTES__SIZEOF_FIXED(arg, n, dst) (dst) = (uint64_t)(arg);
#define BEBYTES__SIZEOF_FIELD(arg, n, dst) (dst) = (uint64_t)(s_->arg);
#define BEBYTES__SIZEOF_EXPR(arg, n, dst)                                      \
  {                                                                            \
    int rc_ = bebytes_expr_eval(arg, m_, s_, #n, &(dst), e_);                  \
    if (rc_)                                                                   \
      return rc_;                                                              \
  }
#define BEBYTES__SIZEOF_UNTIL(arg, n, dst)
#define BEBYTES__SIZEOF_AFTER(arg, n, dst)
#define BEBYTES__SIZEOF_REST(arg, n, dst)
#define BEBYTES__HASSIZE_FIXED 1
#define BEBYTES__HASSIZE_FIELD 1
#define BEBYTES__HASSIZE_EXPR 1
#define BEBYTES__HASSIZE_UNTIL 0
#define BEBYTES__HASSIZE_AFTER 0
#define BEBYTES__HASSIZE_REST 0
#define BEBYTES__MUSTLAST_FIXED 0
#define BEBYTES__MUSTLAST_FIELD 0
#define BEBYTES__MUSTLAST_EXPR 0
#define BEBYTES__MUSTLAST_UNTIL 0
#define BEBYTES__MUSTLAST_AFTER 1
#define BEBYTES__MUSTLAST_REST 1
#define BEBYTES__MODENAME_FIXED "fixed"
#define BEBYTES__MODENAME_FIELD "field"
#define BEBYTES__MODENAME_EXPR "expr"
#define BEBYTES__MODENAME_UNTIL "until"
#define BEBYTES__MODENAME_AFTER "after"
#define BEBYTES__MODENAME_REST "rest"
#define BEBYTES__MODEARG_FIXED(arg) #arg
#define BEBYTES__MODEARG_FIELD(arg) #arg
#define BEBYTES__MODEARG_EXPR(arg) arg
#define BEBYTES__MODEARG_UNTIL(arg) #arg
#define BEBYTES__MODEARG_AFTER(arg) #arg
#define BEBYTES__MODEARG_REST(arg) NULL
#define BEBYTES__MARKER_FIXED(arg) 0
#define BEBYTES__MARKER_FIELD(arg) 0
#define BEBYTES__MARKER_EXPR(arg) 0
#define BEBYTES__MARKER_UNTIL(arg) (arg)
#define BEBYTES__MARKER_AFTER(arg) (arg)
#define BEBYTES__MARKER_REST(arg) 0
#define BEBYTES__C_MODE(mode, arg, n)                                          \
  _Static_assert(!BEBYTES__MUSTLAST_##mode || BEBYTES__ISLAST(n),              \
                 "libbebytes: unbounded / after-marker field " #n              \
                 " must be the last field");                                   \
  _Static_assert(BEBYTES__MARKER_##mode(arg) >= 0 &&                           \
                     BEBYTES__MARKER_##mode(arg) <= 255,                       \
                 "libbebytes: marker of " #n " must be a byte");

/* STRUCT_VEC (o, n, T, max, mode, arg): element count */
#define BEBYTES__D_STRUCT_VEC(o, n, T, max, mode, arg)                         \
  struct {                                                                     \
    T items[max];                                                              \
    size_t count;                                                              \
  } n;
#define BEBYTES__L_STRUCT_VEC(o, n, ...) char n[1];
#define BEBYTES__I_STRUCT_VEC(o, n, ...) char n;
#define BEBYTES__V_STRUCT_VEC(o, n, ...) +1
#define BEBYTES__N_STRUCT_VEC(o, n, ...) +1
#define BEBYTES__C_STRUCT_VEC(o, n, T, max, mode, arg)                         \
  BEBYTES__C_ALIGNED(n)                                                        \
  BEBYTES__C_MODE(mode, arg, n)                                                \
  _Static_assert(BEBYTES__MARKER_##mode(arg) == 0,                             \
                 "libbebytes: struct vectors take FIELD, EXPR or REST");
#define BEBYTES__F_STRUCT_VEC(o, n, T, max, mode, arg)                         \
  {#n,                                                                         \
   "struct_vec",                                                               \
   0,                                                                          \
   offsetof(bebytes__S, n),                                                    \
   sizeof(((bebytes__S *)0)->n),                                               \
   0,                                                                          \
   0,                                                                          \
   BEBYTES__ORDCH_##o,                                                         \
   BEBYTES__MODENAME_##mode,                                                   \
   BEBYTES__MODEARG_##mode(arg),                                               \
   T##_meta},
#define BEBYTES__X_STRUCT_VEC(o, n, ...)
#define BEBYTES__H_STRUCT_VEC(o, n, ...)
#define BEBYTES__G_STRUCT_VEC(o, n, ...)
#define BEBYTES__M_STRUCT_VEC(o, n, T, max, mode, arg)                         \
  {                                                                            \
    if (s_->n.count > (size_t)(max))                                           \
      return bebytes__fail_value(e_, BEBYTES_ESIZE, s_->n.count, (max), #n,    \
                                 "count");                                     \
    if (BEBYTES__HASSIZE_##mode) {                                             \
      uint64_t want_ = 0;                                                      \
      BEBYTES__SIZEOF_MODE(mode, arg, n, want_)                                \
      if (want_ != (uint64_t)s_->n.count) {                                    \
        bebytes__fail(e_, BEBYTES_ESIZE, 0, (size_t)want_, s_->n.count);       \
        if (e_)                                                                \
          e_->field = #n;                                                      \
        return BEBYTES_ESIZE;                                                  \
      }                                                                        \
    }                                                                          \
    for (size_t i_ = 0; i_ < s_->n.count; i_++) {                              \
      size_t n_ = 0;                                                           \
      int rc_ = T##__measure(&s_->n.items[i_], &n_, e_);                       \
      if (rc_)                                                                 \
        return rc_;                                                            \
      BEBYTES__ADD(n_)                                                         \
    }                                                                          \
  }
#define BEBYTES__W_STRUCT_VEC(o, n, T, max, mode, arg)                         \
  for (size_t i_ = 0; i_ < s_->n.count; i_++)                                  \
  BEBYTES__W_NESTED(o, T, &s_->n.items[i_])
#define BEBYTES__R_STRUCT_VEC(o, n, T, max, mode, arg)                         \
  BEBYTES__RV_##mode(o, n, T, max, arg)
#define BEBYTES__RV_FIELD(o, n, T, max, arg)                                   \
  BEBYTES__RV_COUNTED(o, n, T, max, FIELD, arg)
#define BEBYTES__RV_EXPR(o, n, T, max, arg)                                    \
  BEBYTES__RV_COUNTED(o, n, T, max, EXPR, arg)
#define BEBYTES__RV_COUNTED(o, n, T, max, mode, arg)                           \
  {                                                                            \
    uint64_t cnt_ = 0;                                                         \
    BEBYTES__SIZEOF_MODE(mode, arg, n, cnt_)                                   \
    if (cnt_ > (uint64_t)(max)) {                                              \
      bebytes__fail_value(e_, BEBYTES_ESIZE, cnt_, (max), #n, "count");        \
      if (e_)                                                                  \
        e_->offset = pos_;                                                     \
      return BEBYTES_ESIZE;                                                    \
    }                                                                          \
    s_->n.count = 0;                                                           \
    for (size_t i_ = 0; i_ < (size_t)cnt_; i_++) {                             \
      BEBYTES__R_NESTED(o, T, &s_->n.items[i_])                                \
      s_->n.count = i_ + 1;                                                    \
    }                                                                          \
  }
/* Unbounded: elements until the input ends, the capacity is reached or an
 * element does not parse (BeBytes stops silently there too). */
#define BEBYTES__RV_REST(o, n, T, max, arg)                                    \
  s_->n.count = 0;                                                             \
  while (pos_ < len_ && s_->n.count < (size_t)(max)) {                         \
    size_t u_ = 0;                                                             \
    if (T##__read_##o(&s_->n.items[s_->n.count], in_ + pos_, len_ - pos_, &u_, \
                      NULL) != 0 ||                                            \
        u_ == 0)                                                               \
      break;                                                                   \
    s_->n.count++;                                                             \
    pos_ += u_;                                                                \
  }

/* ------------------------------------------------------------------ */
/* ENUM (o, n, E): enums and flag sets, E##__WIRE bytes */
#define BEBYTES__D_ENUM(o, n, E) E n;
#define BEBYTES__L_ENUM(o, n, E) char n[E##__WIRE * 8 + 1];
#define BEBYTES__I_ENUM(o, n, E) char n;
#define BEBYTES__V_ENUM(o, n, E) +0
#define BEBYTES__N_ENUM(o, n, E) +1
#define BEBYTES__C_ENUM(o, n, E) BEBYTES__C_ALIGNED(n)
#define BEBYTES__F_ENUM(o, n, E)                                               \
  {#n,                                                                         \
   "enum",                                                                     \
   E##__WIRE * 8,                                                              \
   offsetof(bebytes__S, n),                                                    \
   sizeof(E),                                                                  \
   0,                                                                          \
   0,                                                                          \
   BEBYTES__ORDCH_##o,                                                         \
   NULL,                                                                       \
   NULL,                                                                       \
   NULL},
#define BEBYTES__X_ENUM(o, n, ...)
#define BEBYTES__H_ENUM(o, n, ...)
#define BEBYTES__G_ENUM(o, n, ...)
#define BEBYTES__M_ENUM(o, n, E)                                               \
  if (!E##_valid((uint64_t)s_->n))                                             \
    return bebytes__fail_value(e_, BEBYTES_EDISCRIMINANT, (uint64_t)s_->n, 0,  \
                               #n, #E);
#define BEBYTES__W_ENUM(o, n, E)                                               \
  bebytes__store_n_##o(p_ + pos_, (uint64_t)s_->n, E##__WIRE);                 \
  pos_ += E##__WIRE;
#define BEBYTES__R_ENUM(o, n, E)                                               \
  {                                                                            \
    BEBYTES__CHK(E##__WIRE)                                                    \
    uint64_t v_ = bebytes__load_n_##o(in_ + pos_, E##__WIRE);                  \
    if (!E##_valid(v_)) {                                                      \
      bebytes__fail_value(e_, BEBYTES_EDISCRIMINANT, v_, 0, #n, #E);           \
      if (e_)                                                                  \
        e_->offset = pos_;                                                     \
      return BEBYTES_EDISCRIMINANT;                                            \
    }                                                                          \
    s_->n = (E)v_;                                                             \
    pos_ += E##__WIRE;                                                         \
  }

/* FLAGS: the ENUM codec, with "flags" as the metadata kind. */
#define BEBYTES__D_FLAGS BEBYTES__D_ENUM
#define BEBYTES__L_FLAGS BEBYTES__L_ENUM
#define BEBYTES__I_FLAGS BEBYTES__I_ENUM
#define BEBYTES__V_FLAGS BEBYTES__V_ENUM
#define BEBYTES__N_FLAGS BEBYTES__N_ENUM
#define BEBYTES__C_FLAGS BEBYTES__C_ENUM
#define BEBYTES__X_FLAGS BEBYTES__X_ENUM
#define BEBYTES__H_FLAGS BEBYTES__H_ENUM
#define BEBYTES__G_FLAGS BEBYTES__G_ENUM
#define BEBYTES__M_FLAGS BEBYTES__M_ENUM
#define BEBYTES__W_FLAGS BEBYTES__W_ENUM
#define BEBYTES__R_FLAGS BEBYTES__R_ENUM
#define BEBYTES__F_FLAGS(o, n, E)                                              \
  {#n,                                                                         \
   "flags",                                                                    \
   E##__WIRE * 8,                                                              \
   offsetof(bebytes__S, n),                                                    \
   sizeof(E),                                                                  \
   0,                                                                          \
   0,                                                                          \
   BEBYTES__ORDCH_##o,                                                         \
   NULL,                                                                       \
   NULL,                                                                       \
   NULL},

/* ------------------------------------------------------------------ */
/* OPT (o, n, ctype, nb, codec): tag byte 0/1 + value (zeros for none) */
#define BEBYTES__D_OPT(o, n, ctype, nb, codec)                                 \
  struct {                                                                     \
    bool present;                                                              \
    ctype value;                                                               \
  } n;
#define BEBYTES__L_OPT(o, n, ctype, nb, codec) char n[(nb)*8 + 9];
#define BEBYTES__I_OPT(o, n, ...) char n;
#define BEBYTES__V_OPT(o, n, ...) +0
#define BEBYTES__N_OPT(o, n, ctype, nb, codec) +BEBYTES__NM_##codec
#define BEBYTES__C_OPT(o, n, ...) BEBYTES__C_ALIGNED(n)
#define BEBYTES__F_OPT(o, n, ctype, nb, codec)                                 \
  {#n,                                                                         \
   "option<" BEBYTES__KN_##codec##nb ">",                                      \
   (nb)*8 + 8,                                                                 \
   offsetof(bebytes__S, n),                                                    \
   sizeof(((bebytes__S *)0)->n),                                               \
   0,                                                                          \
   0,                                                                          \
   BEBYTES__ORDCH_##o,                                                         \
   NULL,                                                                       \
   NULL,                                                                       \
   NULL},
#define BEBYTES__X_OPT(o, n, ...)
#define BEBYTES__H_OPT(o, n, ...)
#define BEBYTES__G_OPT(o, n, ...)
#define BEBYTES__M_OPT(o, n, ctype, nb, codec)                                 \
  if (s_->n.present) {                                                         \
    BEBYTES__SM_##codec(s_->n.value, #n)                                       \
  }
#define BEBYTES__W_OPT(o, n, ctype, nb, codec)                                 \
  if (s_->n.present) {                                                         \
    p_[pos_] = 1;                                                              \
    BEBYTES__SW_##codec(o, p_ + pos_ + 1, s_->n.value, nb);                    \
  } else {                                                                     \
    memset(p_ + pos_, 0, (nb) + 1);                                            \
  }                                                                            \
  pos_ += (nb) + 1;
#define BEBYTES__R_OPT(o, n, ctype, nb, codec)                                 \
  BEBYTES__CHK((nb) + 1)                                                       \
  if (in_[pos_] == 1) {                                                        \
    s_->n.present = true;                                                      \
    BEBYTES__SR_##codec(o, in_ + pos_ + 1, nb, ctype, s_->n.value, #n)         \
  } else if (in_[pos_] == 0) {                                                 \
    s_->n.present = false;                                                     \
    memset(&s_->n.value, 0, sizeof s_->n.value);                               \
  } else {                                                                     \
    bebytes__fail_value(e_, BEBYTES_EDISCRIMINANT, in_[pos_], 1, #n,           \
                        "Option");                                             \
    if (e_)                                                                    \
      e_->offset = pos_;                                                       \
    return BEBYTES_EDISCRIMINANT;                                              \
  }                                                                            \
  pos_ += (nb) + 1;

/* OPT_ARRAY (o, n, N) */
#define BEBYTES__D_OPT_ARRAY(o, n, N)                                          \
  struct {                                                                     \
    bool present;                                                              \
    uint8_t value[N];                                                          \
  } n;
#define BEBYTES__L_OPT_ARRAY(o, n, N) char n[(N)*8 + 9];
#define BEBYTES__I_OPT_ARRAY(o, n, N) char n;
#define BEBYTES__V_OPT_ARRAY(o, n, N) +0
#define BEBYTES__N_OPT_ARRAY(o, n, N) +0
#define BEBYTES__C_OPT_ARRAY(o, n, N) BEBYTES__C_ALIGNED(n)
#define BEBYTES__F_OPT_ARRAY(o, n, N)                                          \
  {#n,                                                                         \
   "option<array>",                                                            \
   (N)*8 + 8,                                                                  \
   offsetof(bebytes__S, n),                                                    \
   sizeof(((bebytes__S *)0)->n),                                               \
   0,                                                                          \
   0,                                                                          \
   0,                                                                          \
   NULL,                                                                       \
   NULL,                                                                       \
   NULL},
#define BEBYTES__X_OPT_ARRAY(o, n, ...)
#define BEBYTES__H_OPT_ARRAY(o, n, ...)
#define BEBYTES__G_OPT_ARRAY(o, n, ...)
#define BEBYTES__M_OPT_ARRAY(o, n, N)
#define BEBYTES__W_OPT_ARRAY(o, n, N)                                          \
  p_[pos_] = s_->n.present ? 1 : 0;                                            \
  if (s_->n.present)                                                           \
    memcpy(p_ + pos_ + 1, s_->n.value, (N));                                   \
  else                                                                         \
    memset(p_ + pos_ + 1, 0, (N));                                             \
  pos_ += (N) + 1;
#define BEBYTES__R_OPT_ARRAY(o, n, N)                                          \
  BEBYTES__CHK((N) + 1)                                                        \
  if (in_[pos_] > 1) {                                                         \
    bebytes__fail_value(e_, BEBYTES_EDISCRIMINANT, in_[pos_], 1, #n,           \
                        "Option");                                             \
    if (e_)                                                                    \
      e_->offset = pos_;                                                       \
    return BEBYTES_EDISCRIMINANT;                                              \
  }                                                                            \
  s_->n.present = in_[pos_] == 1;                                              \
  if (s_->n.present)                                                           \
    memcpy(s_->n.value, in_ + pos_ + 1, (N));                                  \
  else                                                                         \
    memset(s_->n.value, 0, (N));                                               \
  pos_ += (N) + 1;

/* ------------------------------------------------------------------ */
/* VBYTES (o, n, mode, arg, isstr): byte vector or UTF-8 string */
#define BEBYTES__VT_0 bebytes_slice
#define BEBYTES__VT_1 bebytes_str
#define BEBYTES__VP_0 const uint8_t *
#define BEBYTES__VP_1 const char *
#define BEBYTES__VK_0 "bytes"
#define BEBYTES__VK_1 "string"
#define BEBYTES__D_VBYTES(o, n, mode, arg, isstr) BEBYTES__VT_##isstr n;
#define BEBYTES__L_VBYTES(o, n, ...) char n[1];
#define BEBYTES__I_VBYTES(o, n, ...) char n;
#define BEBYTES__V_VBYTES(o, n, ...) +1
#define BEBYTES__N_VBYTES(o, n, ...) +1
#define BEBYTES__C_VBYTES(o, n, mode, arg, isstr)                              \
  BEBYTES__C_ALIGNED(n) BEBYTES__C_MODE(mode, arg, n)
#define BEBYTES__F_VBYTES(o, n, mode, arg, isstr)                              \
  {#n,                                                                         \
   BEBYTES__VK_##isstr,                                                        \
   0,                                                                          \
   offsetof(bebytes__S, n),                                                    \
   sizeof(((bebytes__S *)0)->n),                                               \
   0,                                                                          \
   0,                                                                          \
   0,                                                                          \
   BEBYTES__MODENAME_##mode,                                                   \
   BEBYTES__MODEARG_##mode(arg),                                               \
   NULL},
#define BEBYTES__UTF8_0(ptr, len, n)
#define BEBYTES__UTF8_1(ptr, len, n)                                           \
  if (!bebytes_utf8_valid((const uint8_t *)(ptr), (len)))                      \
    return bebytes__fail_value(e_, BEBYTES_EUTF8, 0, 0, #n, "string");
#define BEBYTES__X_VBYTES(o, n, ...)
#define BEBYTES__H_VBYTES(o, n, ...)
#define BEBYTES__G_VBYTES(o, n, ...)
#define BEBYTES__M_VBYTES(o, n, mode, arg, isstr)                              \
  {                                                                            \
    if (s_->n.ptr == NULL && s_->n.len)                                        \
      return bebytes__fail_value(e_, BEBYTES_EINVAL, 0, 0, #n,                 \
                                 "NULL data with a non-zero length");          \
    if (BEBYTES__HASSIZE_##mode) {                                             \
      uint64_t want_ = 0;                                                      \
      BEBYTES__SIZEOF_MODE(mode, arg, n, want_)                                \
      if (want_ != (uint64_t)s_->n.len) {                                      \
        bebytes__fail(e_, BEBYTES_ESIZE, 0, (size_t)want_, s_->n.len);         \
        if (e_)                                                                \
          e_->field = #n;                                                      \
        return BEBYTES_ESIZE;                                                  \
      }                                                                        \
    }                                                                          \
    BEBYTES__MV_##mode(n, arg) BEBYTES__UTF8_##isstr(s_->n.ptr, s_->n.len, n)  \
        BEBYTES__ADD(s_->n.len)                                                \
  }
#define BEBYTES__MV_FIXED(n, arg)
#define BEBYTES__MV_FIELD(n, arg)
#define BEBYTES__MV_EXPR(n, arg)
#define BEBYTES__MV_REST(n, arg)
/* Data that contains the end marker would not decode to itself. */
#define BEBYTES__MV_UNTIL(n, arg)                                              \
  if (s_->n.len && memchr(s_->n.ptr, (arg), s_->n.len))                        \
    return bebytes__fail_value(e_, BEBYTES_EINVAL, (arg), 0, #n,               \
                               "data contains the end marker");                \
  BEBYTES__ADD(1)
#define BEBYTES__MV_AFTER(n, arg) BEBYTES__ADD(1)
#define BEBYTES__W_VBYTES(o, n, mode, arg, isstr)                              \
  BEBYTES__WV_PRE_##mode(arg) if (s_->n.len)                                   \
      memcpy(p_ + pos_, s_->n.ptr, s_->n.len);                                 \
  pos_ += s_->n.len;                                                           \
  BEBYTES__WV_POST_##mode(arg)
#define BEBYTES__WV_PRE_FIXED(arg)
#define BEBYTES__WV_PRE_FIELD(arg)
#define BEBYTES__WV_PRE_EXPR(arg)
#define BEBYTES__WV_PRE_REST(arg)
#define BEBYTES__WV_PRE_UNTIL(arg)
#define BEBYTES__WV_PRE_AFTER(arg) p_[pos_++] = (uint8_t)(arg);
#define BEBYTES__WV_POST_FIXED(arg)
#define BEBYTES__WV_POST_FIELD(arg)
#define BEBYTES__WV_POST_EXPR(arg)
#define BEBYTES__WV_POST_REST(arg)
#define BEBYTES__WV_POST_UNTIL(arg) p_[pos_++] = (uint8_t)(arg);
#define BEBYTES__WV_POST_AFTER(arg)
#define BEBYTES__R_VBYTES(o, n, mode, arg, isstr)                              \
  {                                                                            \
    size_t at_ = pos_;                                                         \
    (void)at_;                                                                 \
    BEBYTES__RV_BYTES_##mode(n, arg, isstr) BEBYTES__RV_UTF8_##isstr(n, at_)   \
  }
#define BEBYTES__RV_UTF8_0(n, at)
#define BEBYTES__RV_UTF8_1(n, at)                                              \
  if (!bebytes_utf8_valid((const uint8_t *)s_->n.ptr, s_->n.len)) {            \
    bebytes__fail_value(e_, BEBYTES_EUTF8, 0, 0, #n, "string");                \
    if (e_)                                                                    \
      e_->offset = (at);                                                       \
    return BEBYTES_EUTF8;                                                      \
  }
#define BEBYTES__RV_SIZED(n, arg, isstr, mode)                                 \
  {                                                                            \
    uint64_t cnt_ = 0;                                                         \
    BEBYTES__SIZEOF_MODE(mode, arg, n, cnt_)                                   \
    if (cnt_ > (uint64_t)(len_ - pos_))                                        \
      return bebytes__fail(e_, BEBYTES_EINSUFFICIENT, pos_,                    \
                           cnt_ > SIZE_MAX ? SIZE_MAX : (size_t)cnt_,          \
                           len_ - pos_);                                       \
    s_->n.ptr = (BEBYTES__VP_##isstr)(in_ + pos_);                             \
    s_->n.len = (size_t)cnt_;                                                  \
    pos_ += (size_t)cnt_;                                                      \
  }
#define BEBYTES__RV_BYTES_FIXED(n, arg, isstr)                                 \
  BEBYTES__RV_SIZED(n, arg, isstr, FIXED)
#define BEBYTES__RV_BYTES_FIELD(n, arg, isstr)                                 \
  BEBYTES__RV_SIZED(n, arg, isstr, FIELD)
#define BEBYTES__RV_BYTES_EXPR(n, arg, isstr)                                  \
  BEBYTES__RV_SIZED(n, arg, isstr, EXPR)
#define BEBYTES__RV_BYTES_REST(n, arg, isstr)                                  \
  s_->n.ptr = (BEBYTES__VP_##isstr)(in_ + pos_);                               \
  s_->n.len = len_ - pos_;                                                     \
  pos_ = len_;
/* Until: the marker is consumed, not stored. A missing marker is an error,
 * except on the last field, which then takes the rest (as BeBytes). */
#define BEBYTES__RV_BYTES_UNTIL(n, arg, isstr)                                 \
  {                                                                            \
    const uint8_t *mk_ =                                                       \
        len_ > pos_ ? memchr(in_ + pos_, (arg), len_ - pos_) : NULL;           \
    s_->n.ptr = (BEBYTES__VP_##isstr)(in_ + pos_);                             \
    if (mk_) {                                                                 \
      s_->n.len = (size_t)(mk_ - (in_ + pos_));                                \
      pos_ += s_->n.len + 1;                                                   \
    } else if (BEBYTES__ISLAST(n)) {                                           \
      s_->n.len = len_ - pos_;                                                 \
      pos_ = len_;                                                             \
    } else {                                                                   \
      bebytes__fail_marker(e_, (uint8_t)(arg), #n);                            \
      if (e_)                                                                  \
        e_->offset = pos_;                                                     \
      return BEBYTES_EMARKER;                                                  \
    }                                                                          \
  }
/* After: skip to the first marker, take everything after it. No marker:
 * empty field, nothing consumed (as BeBytes). */
#define BEBYTES__RV_BYTES_AFTER(n, arg, isstr)                                 \
  {                                                                            \
    const uint8_t *mk_ =                                                       \
        len_ > pos_ ? memchr(in_ + pos_, (arg), len_ - pos_) : NULL;           \
    if (mk_) {                                                                 \
      s_->n.ptr = (BEBYTES__VP_##isstr)(mk_ + 1);                              \
      s_->n.len = (size_t)(in_ + len_ - (mk_ + 1));                            \
      pos_ = len_;                                                             \
    } else {                                                                   \
      s_->n.ptr = (BEBYTES__VP_##isstr)(in_ + pos_);                           \
      s_->n.len = 0;                                                           \
    }                                                                          \
  }

/* ------------------------------------------------------------------ */
/* SEGS (o, n, max, mode, arg, marker): byte vectors each ended by marker */
#define BEBYTES__D_SEGS(o, n, max, mode, arg, marker)                          \
  struct {                                                                     \
    bebytes_slice items[max];                                                  \
    size_t count;                                                              \
  } n;
#define BEBYTES__L_SEGS(o, n, ...) char n[1];
#define BEBYTES__I_SEGS(o, n, ...) char n;
#define BEBYTES__V_SEGS(o, n, ...) +1
#define BEBYTES__N_SEGS(o, n, ...) +1
#define BEBYTES__C_SEGS(o, n, max, mode, arg, marker)                          \
  BEBYTES__C_ALIGNED(n)                                                        \
  _Static_assert(BEBYTES__HASSIZE_##mode,                                      \
                 "libbebytes: segments take a FIXED or FIELD count");          \
  _Static_assert((marker) >= 0 && (marker) <= 255,                             \
                 "libbebytes: marker of " #n " must be a byte");
#define BEBYTES__F_SEGS(o, n, max, mode, arg, marker)                          \
  {#n,  "segments", 0, offsetof(bebytes__S, n),  sizeof(((bebytes__S *)0)->n), \
   0,   0,          0, BEBYTES__MODENAME_##mode, BEBYTES__MODEARG_##mode(arg), \
   NULL},
#define BEBYTES__X_SEGS(o, n, ...)
#define BEBYTES__H_SEGS(o, n, ...)
#define BEBYTES__G_SEGS(o, n, ...)
#define BEBYTES__M_SEGS(o, n, max, mode, arg, marker)                          \
  {                                                                            \
    uint64_t want_ = 0;                                                        \
    if (s_->n.count > (size_t)(max))                                           \
      return bebytes__fail_value(e_, BEBYTES_ESIZE, s_->n.count, (max), #n,    \
                                 "count");                                     \
    BEBYTES__SIZEOF_MODE(mode, arg, n, want_)                                  \
    if (want_ != (uint64_t)s_->n.count) {                                      \
      bebytes__fail(e_, BEBYTES_ESIZE, 0, (size_t)want_, s_->n.count);         \
      if (e_)                                                                  \
        e_->field = #n;                                                        \
      return BEBYTES_ESIZE;                                                    \
    }                                                                          \
    for (size_t i_ = 0; i_ < s_->n.count; i_++) {                              \
      const bebytes_slice *g_ = &s_->n.items[i_];                              \
      if (g_->ptr == NULL && g_->len)                                          \
        return bebytes__fail_value(e_, BEBYTES_EINVAL, 0, 0, #n,               \
                                   "NULL data with a non-zero length");        \
      if (g_->len && memchr(g_->ptr, (marker), g_->len))                       \
        return bebytes__fail_value(e_, BEBYTES_EINVAL, (marker), 0, #n,        \
                                   "data contains the end marker");            \
      BEBYTES__ADD(g_->len)                                                    \
      BEBYTES__ADD(1)                                                          \
    }                                                                          \
  }
#define BEBYTES__W_SEGS(o, n, max, mode, arg, marker)                          \
  for (size_t i_ = 0; i_ < s_->n.count; i_++) {                                \
    const bebytes_slice *g_ = &s_->n.items[i_];                                \
    if (g_->len)                                                               \
      memcpy(p_ + pos_, g_->ptr, g_->len);                                     \
    pos_ += g_->len;                                                           \
    p_[pos_++] = (uint8_t)(marker);                                            \
  }
#define BEBYTES__R_SEGS(o, n, max, mode, arg, marker)                          \
  {                                                                            \
    uint64_t cnt_ = 0;                                                         \
    BEBYTES__SIZEOF_MODE(mode, arg, n, cnt_)                                   \
    if (cnt_ > (uint64_t)(max)) {                                              \
      bebytes__fail_value(e_, BEBYTES_ESIZE, cnt_, (max), #n, "count");        \
      if (e_)                                                                  \
        e_->offset = pos_;                                                     \
      return BEBYTES_ESIZE;                                                    \
    }                                                                          \
    s_->n.count = 0;                                                           \
    for (size_t i_ = 0; i_ < (size_t)cnt_; i_++) {                             \
      const uint8_t *mk_ =                                                     \
          len_ > pos_ ? memchr(in_ + pos_, (marker), len_ - pos_) : NULL;      \
      if (mk_ == NULL) {                                                       \
        bebytes__fail_marker(e_, (uint8_t)(marker), #n);                       \
        if (e_)                                                                \
          e_->offset = pos_;                                                   \
        return BEBYTES_EMARKER;                                                \
      }                                                                        \
      s_->n.items[i_].ptr = in_ + pos_;                                        \
      s_->n.items[i_].len = (size_t)(mk_ - (in_ + pos_));                      \
      pos_ += s_->n.items[i_].len + 1;                                         \
      s_->n.count = i_ + 1;                                                    \
    }                                                                          \
  }

/* ------------------------------------------------------------------ */
/* The struct generator. */

#define BEBYTES__TYPEDEFS(T)                                                   \
  typedef T bebytes__S;                                                        \
  typedef struct T##__layout bebytes__L;                                       \
  typedef struct T##__index bebytes__I;                                        \
  enum {                                                                       \
    bebytes__N = T##__NFIELDS,                                                 \
    bebytes__fixed = !T##__VAR,                                                \
    bebytes__size = T##_MIN_SIZE                                               \
  };                                                                           \
  (void)sizeof(bebytes__S);                                                    \
  (void)sizeof(bebytes__L);                                                    \
  (void)sizeof(bebytes__I)

/* Word k of the combined bit-field range test (see bits.h); folds away
 * for words without unsigned bit fields. */
#define BEBYTES__SWARW(T, k)                                                   \
  if (T##__hibits(k) != 0 && (k)*8 < sizeof(T))                                \
  bad_ |= bebytes__objword(s_, sizeof(T), (k)) & T##__hibits(k)
#define BEBYTES__SWAR16(T)                                                     \
  BEBYTES__SWARW(T, 0);                                                        \
  BEBYTES__SWARW(T, 1);                                                        \
  BEBYTES__SWARW(T, 2);                                                        \
  BEBYTES__SWARW(T, 3);                                                        \
  BEBYTES__SWARW(T, 4);                                                        \
  BEBYTES__SWARW(T, 5);                                                        \
  BEBYTES__SWARW(T, 6);                                                        \
  BEBYTES__SWARW(T, 7);                                                        \
  BEBYTES__SWARW(T, 8);                                                        \
  BEBYTES__SWARW(T, 9);                                                        \
  BEBYTES__SWARW(T, 10);                                                       \
  BEBYTES__SWARW(T, 11);                                                       \
  BEBYTES__SWARW(T, 12);                                                       \
  BEBYTES__SWARW(T, 13);                                                       \
  BEBYTES__SWARW(T, 14);                                                       \
  BEBYTES__SWARW(T, 15)
_Static_assert(BEBYTES__SWAR_WORDS == 16,
               "libbebytes: BEBYTES__SWAR16 unrolls BEBYTES__SWAR_WORDS words");

/* Validates s before anything is written or allocated. Fixed structs whose
 * only validation is bit-field ranges (T__FASTV) take the combined range
 * test and compute the detailed error only when it fails; the others run
 * the full T__measure pass (which also sizes variable structs into n). */
#define BEBYTES__VALIDATE(T, s, n, e)                                          \
  if (T##__FASTV) {                                                            \
    if (__builtin_expect(T##__bitsbad(s), 0))                                  \
      return T##__invalid(s, e);                                               \
  } else {                                                                     \
    int rc_ = T##__measure(s, &(n), e);                                        \
    if (rc_)                                                                   \
      return rc_;                                                              \
  }

#define BEBYTES__GEN_ORDER(T, LIST, O, o)                                      \
  /* Straight-line writer; returns the bytes written. chk_ (a constant at      \
   * every call): the caller has range-checked every bit field (T__bitsbad),   \
   * so unsigned values need no masking. It never fails. */                    \
  BEBYTES_INLINE size_t T##__write_##O(const T *restrict s_,                   \
                                       uint8_t *restrict p_, int chk_) {       \
    BEBYTES__TYPEDEFS(T);                                                      \
    size_t pos_ = 0;                                                           \
    uint64_t acc_ = 0;                                                         \
    (void)acc_;                                                                \
    (void)s_;                                                                  \
    (void)p_;                                                                  \
    (void)chk_;                                                                \
    LIST(BEBYTES__P_PRELOAD)                                                   \
    LIST(BEBYTES__P_WRITE_##O)                                                 \
    return pos_;                                                               \
  }                                                                            \
  /* restrict: the output struct never overlaps the input, so the              \
   * compiler may keep input bytes in registers across member stores. */       \
  BEBYTES_INLINE int T##__read_##O(T *restrict s_,                             \
                                   const uint8_t *restrict in_, size_t len_,   \
                                   size_t *used_, bebytes_error *e_) {         \
    BEBYTES__TYPEDEFS(T);                                                      \
    const bebytes_struct_meta *m_ = T##_meta();                                \
    size_t pos_ = 0;                                                           \
    (void)m_;                                                                  \
    if (bebytes__short(len_, T##_MIN_SIZE))                                    \
      return bebytes__fail(e_, BEBYTES_EINSUFFICIENT, 0, T##_MIN_SIZE, len_);  \
    LIST(BEBYTES__P_READ_##O)                                                  \
    *used_ = pos_;                                                             \
    return 0;                                                                  \
  }                                                                            \
  /* Encodes into a fresh malloc'd buffer: exactly one allocation. */          \
  BEBYTES_INLINE int T##_to_##o##_bytes(const T *s, uint8_t **out,             \
                                        size_t *outlen, bebytes_error *e) {    \
    size_t n_ = T##_MIN_SIZE;                                                  \
    if (s == NULL || out == NULL || outlen == NULL)                            \
      return bebytes__fail_value(e, BEBYTES_EINVAL, 0, 0, #T,                  \
                                 "NULL argument");                             \
    BEBYTES__VALIDATE(T, s, n_, e)                                             \
    uint8_t *p_ = (uint8_t *)malloc(n_ ? n_ : 1);                              \
    if (p_ == NULL)                                                            \
      return bebytes__fail(e, BEBYTES_ENOMEM, 0, n_, 0);                       \
    *outlen = T##__write_##O(s, p_, T##__FASTV);                               \
    *out = p_;                                                                 \
    return 0;                                                                  \
  }                                                                            \
  /* Appends to a caller buffer (clear it to reuse its storage). */            \
  BEBYTES_INLINE int T##_encode_##o##_to(const T *s, bebytes_buf *b,           \
                                         bebytes_error *e) {                   \
    size_t n_ = T##_MIN_SIZE;                                                  \
    if (s == NULL || b == NULL)                                                \
      return bebytes__fail_value(e, BEBYTES_EINVAL, 0, 0, #T,                  \
                                 "NULL argument");                             \
    BEBYTES__VALIDATE(T, s, n_, e)                                             \
    /* len + n > cap also sends a corrupt len > cap to reserve (EINVAL). */    \
    if (b->len + n_ > b->cap) {                                                \
      int rc_ = bebytes_buf_reserve(b, n_, e);                                 \
      if (rc_)                                                                 \
        return rc_;                                                            \
    }                                                                          \
    b->len += T##__write_##O(s, b->data + b->len, T##__FASTV);                 \
    return 0;                                                                  \
  }                                                                            \
  /* Encodes into out[0..cap); BEBYTES_EFULL if it does not fit. On an         \
   * error nothing is written. */                                              \
  BEBYTES_INLINE int T##_encode_##o##_into(const T *s, uint8_t *out,           \
                                           size_t cap, size_t *written,        \
                                           bebytes_error *e) {                 \
    size_t n_ = T##_MIN_SIZE;                                                  \
    if (s == NULL || (out == NULL && cap))                                     \
      return bebytes__fail_value(e, BEBYTES_EINVAL, 0, 0, #T,                  \
                                 "NULL argument");                             \
    BEBYTES__VALIDATE(T, s, n_, e)                                             \
    if (cap < n_)                                                              \
      return bebytes__fail(e, BEBYTES_EFULL, 0, n_, cap);                      \
    size_t w_ = T##__write_##O(s, out, T##__FASTV);                            \
    if (written)                                                               \
      *written = w_;                                                           \
    return 0;                                                                  \
  }                                                                            \
  /* Decodes with bounds checks; *used = bytes consumed (may be NULL). */      \
  BEBYTES_INLINE int T##_decode_##o(T *s, const uint8_t *in, size_t len,       \
                                    size_t *used, bebytes_error *e) {          \
    size_t u_ = 0;                                                             \
    if (s == NULL || (in == NULL && len))                                      \
      return bebytes__fail_value(e, BEBYTES_EINVAL, 0, 0, #T,                  \
                                 "NULL argument");                             \
    if (len == 0)                                                              \
      return bebytes__fail(e, BEBYTES_EEMPTY, 0, 0, 0);                        \
    /* Variable structs start from zero so sizes read back from earlier        \
     * fields are always defined (fixed ones overwrite every member). */       \
    if (T##__VAR)                                                              \
      memset(s, 0, sizeof *s);                                                 \
    int rc_ = T##__read_##O(s, in, len, &u_, e);                               \
    if (rc_ == 0 && used)                                                      \
      *used = u_;                                                              \
    return rc_;                                                                \
  }

/* Declares a struct, its codecs and metadata (see the top of this file). */
#define BEBYTES_STRUCT(T, LIST)                                                \
  typedef struct T {                                                           \
    LIST(BEBYTES__P_DECL)                                                      \
  } T;                                                                         \
  struct T##__layout {                                                         \
    char bebytes__first;                                                       \
    LIST(BEBYTES__P_LAYOUT)                                                    \
  };                                                                           \
  struct T##__index {                                                          \
    char bebytes__first;                                                       \
    LIST(BEBYTES__P_INDEX)                                                     \
  };                                                                           \
  enum {                                                                       \
    T##__NFIELDS = 0 LIST(BEBYTES__P_COUNT),                                   \
    T##__VAR = 0 LIST(BEBYTES__P_VAR),                                         \
    T##__NEEDSM =                                                              \
        0 LIST(BEBYTES__P_NEEDSM), /* Fixed and only bit ranges to check:      \
                                      validate while writing. */               \
    T##__FASTV = !T##__VAR && !T##__NEEDSM,                                    \
    T##__BITS = (int)(sizeof(struct T##__layout) - sizeof(struct T##__index)), \
    T##_MIN_SIZE = T##__BITS / 8                                               \
  };                                                                           \
  static inline void T##__checks(void) {                                       \
    BEBYTES__TYPEDEFS(T);                                                      \
    LIST(BEBYTES__P_CHECK)                                                     \
    _Static_assert(T##__BITS % 8 == 0,                                         \
                   "libbebytes: " #T " ends inside a bit-field run (the "      \
                   "run must end on a byte boundary)");                        \
  }                                                                            \
  static inline const bebytes_struct_meta *T##_meta(void) {                    \
    typedef T bebytes__S;                                                      \
    static const bebytes_field_meta f_[] = {LIST(BEBYTES__P_META)};            \
    static const bebytes_struct_meta m_ = {                                    \
        #T, f_, sizeof f_ / sizeof f_[0], T##_MIN_SIZE, !T##__VAR, sizeof(T)}; \
    return &m_;                                                                \
  }                                                                            \
  /* Validates the instance and computes its encoded size. */                  \
  static inline int T##__measure(const T *s_, size_t *out_,                    \
                                 bebytes_error *e_) {                          \
    BEBYTES__TYPEDEFS(T);                                                      \
    const bebytes_struct_meta *m_ = T##_meta();                                \
    size_t sz_ = T##_MIN_SIZE;                                                 \
    (void)m_;                                                                  \
    (void)e_;                                                                  \
    (void)s_;                                                                  \
    LIST(BEBYTES__P_MEASURE)                                                   \
    *out_ = sz_;                                                               \
    return 0;                                                                  \
  }                                                                            \
  /* Cold path of a failed fused check: finds and reports the field. */        \
  static inline int T##__invalid(const T *s, bebytes_error *e) {               \
    size_t n_ = 0;                                                             \
    int rc_ = T##__measure(s, &n_, e);                                         \
    return rc_ ? rc_                                                           \
               : bebytes__fail_value(e, BEBYTES_EINVAL, 0, 0, #T,              \
                                     "inconsistent validation");               \
  }                                                                            \
  static inline int T##_encoded_size(const T *s, size_t *out,                  \
                                     bebytes_error *e) {                       \
    if (s == NULL || out == NULL)                                              \
      return bebytes__fail_value(e, BEBYTES_EINVAL, 0, 0, #T,                  \
                                 "NULL argument");                             \
    return T##__measure(s, out, e);                                            \
  }                                                                            \
  /* Must-be-zero bits of the unsigned bit fields in word k_ of the C          \
   * struct (a constant at every call). */                                     \
  BEBYTES_INLINE uint64_t T##__hibits(size_t k_) {                             \
    typedef T bebytes__S;                                                      \
    (void)sizeof(bebytes__S);                                                  \
    (void)k_;                                                                  \
    return 0 LIST(BEBYTES__P_HIMASK);                                          \
  }                                                                            \
  /* Non-zero if a bit field of s_ (nested structs included) is out of         \
   * range: one combined test per word for the unsigned ones (see bits.h),     \
   * a compare for the others. */                                              \
  BEBYTES_INLINE int T##__bitsbad(const T *s_) {                               \
    typedef T bebytes__S;                                                      \
    uint64_t bad_ = 0;                                                         \
    (void)sizeof(bebytes__S);                                                  \
    BEBYTES__SWAR16(T);                                                        \
    return (int)(bad_ != 0) LIST(BEBYTES__P_BITSX);                            \
  }                                                                            \
  static inline int T##__bitsbad_n(const T *a_, size_t n_) {                   \
    int bad_ = 0;                                                              \
    for (size_t i_ = 0; i_ < n_; i_++)                                         \
      bad_ |= T##__bitsbad(&a_[i_]);                                           \
    return bad_;                                                               \
  }                                                                            \
  BEBYTES__GEN_ORDER(T, LIST, BE, be)                                          \
  BEBYTES__GEN_ORDER(T, LIST, LE, le)

/*
 * A struct whose every field has a fixed size. Adds T_SIZE and the raw fast
 * path T_encode_{be,le}_raw(s, out): plain stores into out[T_SIZE], no
 * checks (bit-field values are masked to their width, so an out-of-range
 * value can never touch a neighbour; enum and char values are written as
 * they are). The compile fails if a field is variable-length.
 */
#define BEBYTES_FIXED_STRUCT(T, LIST)                                          \
  BEBYTES_STRUCT(T, LIST)                                                      \
  enum { T##_SIZE = T##_MIN_SIZE };                                            \
  static inline void T##__fixed_checks(void) {                                 \
    _Static_assert(T##__VAR == 0, "libbebytes: " #T " has variable-length "    \
                                  "fields; declare it with BEBYTES_STRUCT");   \
  }                                                                            \
  BEBYTES_INLINE void T##_encode_be_raw(const T *s, uint8_t *out) {            \
    (void)T##__write_BE(s, out, 0);                                            \
  }                                                                            \
  BEBYTES_INLINE void T##_encode_le_raw(const T *s, uint8_t *out) {            \
    (void)T##__write_LE(s, out, 0);                                            \
  }

#endif /* BEBYTES_STRUCT_H */
