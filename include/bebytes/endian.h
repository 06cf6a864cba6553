/*
 * Endian leaf helpers: load and store 8/16/24/32/40/48/56/64-bit unsigned
 * values and f32/f64 bit patterns at an unaligned byte pointer, big- or
 * little-endian. They never check lengths (the reader/writer and the
 * generated codecs do that once, up front).
 *
 * Every helper is memcpy + an optional byte swap, never `*(uint32_t *)p`
 * pointer punning (undefined behaviour on unaligned or aliased memory). With
 * optimisation on, gcc and clang turn each one into a single load or store
 * (plus a bswap/movbe on the opposite-endian host).
 */
#ifndef BEBYTES_ENDIAN_H
#define BEBYTES_ENDIAN_H

#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define BEBYTES_INLINE static inline __attribute__((always_inline))
#else
#define BEBYTES_INLINE static inline
#endif

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define BEBYTES__HOST_BE 1
#else
#define BEBYTES__HOST_BE 0
#endif

#if defined(__SIZEOF_INT128__)
#define BEBYTES_HAVE_INT128 1
typedef unsigned __int128 bebytes_u128;
typedef __int128 bebytes_i128;
#else
#define BEBYTES_HAVE_INT128 0
#endif

BEBYTES_INLINE uint16_t bebytes_bswap16(uint16_t v) {
  return __builtin_bswap16(v);
}
BEBYTES_INLINE uint32_t bebytes_bswap32(uint32_t v) {
  return __builtin_bswap32(v);
}
BEBYTES_INLINE uint64_t bebytes_bswap64(uint64_t v) {
  return __builtin_bswap64(v);
}

/* Native loads/stores through memcpy (the compiler emits one mov). */
BEBYTES_INLINE uint16_t bebytes__ld16(const uint8_t *p) {
  uint16_t v;
  memcpy(&v, p, sizeof v);
  return v;
}
BEBYTES_INLINE uint32_t bebytes__ld32(const uint8_t *p) {
  uint32_t v;
  memcpy(&v, p, sizeof v);
  return v;
}
BEBYTES_INLINE uint64_t bebytes__ld64(const uint8_t *p) {
  uint64_t v;
  memcpy(&v, p, sizeof v);
  return v;
}
BEBYTES_INLINE void bebytes__st16(uint8_t *p, uint16_t v) {
  memcpy(p, &v, sizeof v);
}
BEBYTES_INLINE void bebytes__st32(uint8_t *p, uint32_t v) {
  memcpy(p, &v, sizeof v);
}
BEBYTES_INLINE void bebytes__st64(uint8_t *p, uint64_t v) {
  memcpy(p, &v, sizeof v);
}

#if BEBYTES__HOST_BE
#define BEBYTES__TO_BE16(v) (v)
#define BEBYTES__TO_BE32(v) (v)
#define BEBYTES__TO_BE64(v) (v)
#define BEBYTES__TO_LE16(v) bebytes_bswap16(v)
#define BEBYTES__TO_LE32(v) bebytes_bswap32(v)
#define BEBYTES__TO_LE64(v) bebytes_bswap64(v)
#else
#define BEBYTES__TO_BE16(v) bebytes_bswap16(v)
#define BEBYTES__TO_BE32(v) bebytes_bswap32(v)
#define BEBYTES__TO_BE64(v) bebytes_bswap64(v)
#define BEBYTES__TO_LE16(v) (v)
#define BEBYTES__TO_LE32(v) (v)
#define BEBYTES__TO_LE64(v) (v)
#endif

/* ---- 8 bit ---- */
BEBYTES_INLINE uint8_t bebytes_load_u8(const uint8_t *p) {
  return p[0];
}
BEBYTES_INLINE void bebytes_store_u8(uint8_t *p, uint8_t v) {
  p[0] = v;
}

/* ---- 16 bit ---- */
BEBYTES_INLINE uint16_t bebytes_load_be16(const uint8_t *p) {
  return BEBYTES__TO_BE16(bebytes__ld16(p));
}
BEBYTES_INLINE uint16_t bebytes_load_le16(const uint8_t *p) {
  return BEBYTES__TO_LE16(bebytes__ld16(p));
}
BEBYTES_INLINE void bebytes_store_be16(uint8_t *p, uint16_t v) {
  bebytes__st16(p, BEBYTES__TO_BE16(v));
}
BEBYTES_INLINE void bebytes_store_le16(uint8_t *p, uint16_t v) {
  bebytes__st16(p, BEBYTES__TO_LE16(v));
}

/* ---- 32 bit ---- */
BEBYTES_INLINE uint32_t bebytes_load_be32(const uint8_t *p) {
  return BEBYTES__TO_BE32(bebytes__ld32(p));
}
BEBYTES_INLINE uint32_t bebytes_load_le32(const uint8_t *p) {
  return BEBYTES__TO_LE32(bebytes__ld32(p));
}
BEBYTES_INLINE void bebytes_store_be32(uint8_t *p, uint32_t v) {
  bebytes__st32(p, BEBYTES__TO_BE32(v));
}
BEBYTES_INLINE void bebytes_store_le32(uint8_t *p, uint32_t v) {
  bebytes__st32(p, BEBYTES__TO_LE32(v));
}

/* ---- 64 bit ---- */
BEBYTES_INLINE uint64_t bebytes_load_be64(const uint8_t *p) {
  return BEBYTES__TO_BE64(bebytes__ld64(p));
}
BEBYTES_INLINE uint64_t bebytes_load_le64(const uint8_t *p) {
  return BEBYTES__TO_LE64(bebytes__ld64(p));
}
BEBYTES_INLINE void bebytes_store_be64(uint8_t *p, uint64_t v) {
  bebytes__st64(p, BEBYTES__TO_BE64(v));
}
BEBYTES_INLINE void bebytes_store_le64(uint8_t *p, uint64_t v) {
  bebytes__st64(p, BEBYTES__TO_LE64(v));
}

/* ---- 24 bit: a 16-bit and an 8-bit access (no over-read) ---- */
BEBYTES_INLINE uint32_t bebytes_load_be24(const uint8_t *p) {
  return ((uint32_t)bebytes_load_be16(p) << 8) | p[2];
}
BEBYTES_INLINE uint32_t bebytes_load_le24(const uint8_t *p) {
  return (uint32_t)bebytes_load_le16(p) | ((uint32_t)p[2] << 16);
}
BEBYTES_INLINE void bebytes_store_be24(uint8_t *p, uint32_t v) {
  bebytes_store_be16(p, (uint16_t)(v >> 8));
  p[2] = (uint8_t)v;
}
BEBYTES_INLINE void bebytes_store_le24(uint8_t *p, uint32_t v) {
  bebytes_store_le16(p, (uint16_t)v);
  p[2] = (uint8_t)(v >> 16);
}

/* ---- 40 bit: 32 + 8 ---- */
BEBYTES_INLINE uint64_t bebytes_load_be40(const uint8_t *p) {
  return ((uint64_t)bebytes_load_be32(p) << 8) | p[4];
}
BEBYTES_INLINE uint64_t bebytes_load_le40(const uint8_t *p) {
  return (uint64_t)bebytes_load_le32(p) | ((uint64_t)p[4] << 32);
}
BEBYTES_INLINE void bebytes_store_be40(uint8_t *p, uint64_t v) {
  bebytes_store_be32(p, (uint32_t)(v >> 8));
  p[4] = (uint8_t)v;
}
BEBYTES_INLINE void bebytes_store_le40(uint8_t *p, uint64_t v) {
  bebytes_store_le32(p, (uint32_t)v);
  p[4] = (uint8_t)(v >> 32);
}

/* ---- 48 bit: 32 + 16 ---- */
BEBYTES_INLINE uint64_t bebytes_load_be48(const uint8_t *p) {
  return ((uint64_t)bebytes_load_be32(p) << 16) | bebytes_load_be16(p + 4);
}
BEBYTES_INLINE uint64_t bebytes_load_le48(const uint8_t *p) {
  return (uint64_t)bebytes_load_le32(p) |
         ((uint64_t)bebytes_load_le16(p + 4) << 32);
}
BEBYTES_INLINE void bebytes_store_be48(uint8_t *p, uint64_t v) {
  bebytes_store_be32(p, (uint32_t)(v >> 16));
  bebytes_store_be16(p + 4, (uint16_t)v);
}
BEBYTES_INLINE void bebytes_store_le48(uint8_t *p, uint64_t v) {
  bebytes_store_le32(p, (uint32_t)v);
  bebytes_store_le16(p + 4, (uint16_t)(v >> 32));
}

/* ---- 56 bit: 32 + 24 ---- */
BEBYTES_INLINE uint64_t bebytes_load_be56(const uint8_t *p) {
  return ((uint64_t)bebytes_load_be32(p) << 24) | bebytes_load_be24(p + 4);
}
BEBYTES_INLINE uint64_t bebytes_load_le56(const uint8_t *p) {
  return (uint64_t)bebytes_load_le32(p) |
         ((uint64_t)bebytes_load_le24(p + 4) << 32);
}
BEBYTES_INLINE void bebytes_store_be56(uint8_t *p, uint64_t v) {
  bebytes_store_be32(p, (uint32_t)(v >> 24));
  bebytes_store_be24(p + 4, (uint32_t)v & 0xFFFFFFu);
}
BEBYTES_INLINE void bebytes_store_le56(uint8_t *p, uint64_t v) {
  bebytes_store_le32(p, (uint32_t)v);
  bebytes_store_le24(p + 4, (uint32_t)(v >> 32));
}

/*
 * n-byte (1..8) access. With a constant n (as in the generated codecs) the
 * switch folds away to one of the helpers above.
 */
BEBYTES_INLINE uint64_t bebytes_load_be_n(const uint8_t *p, unsigned n) {
  switch (n) {
  case 1:
    return p[0];
  case 2:
    return bebytes_load_be16(p);
  case 3:
    return bebytes_load_be24(p);
  case 4:
    return bebytes_load_be32(p);
  case 5:
    return bebytes_load_be40(p);
  case 6:
    return bebytes_load_be48(p);
  case 7:
    return bebytes_load_be56(p);
  case 8:
    return bebytes_load_be64(p);
  default:
    return 0;
  }
}
BEBYTES_INLINE uint64_t bebytes_load_le_n(const uint8_t *p, unsigned n) {
  switch (n) {
  case 1:
    return p[0];
  case 2:
    return bebytes_load_le16(p);
  case 3:
    return bebytes_load_le24(p);
  case 4:
    return bebytes_load_le32(p);
  case 5:
    return bebytes_load_le40(p);
  case 6:
    return bebytes_load_le48(p);
  case 7:
    return bebytes_load_le56(p);
  case 8:
    return bebytes_load_le64(p);
  default:
    return 0;
  }
}
BEBYTES_INLINE void bebytes_store_be_n(uint8_t *p, uint64_t v, unsigned n) {
  switch (n) {
  case 1:
    p[0] = (uint8_t)v;
    break;
  case 2:
    bebytes_store_be16(p, (uint16_t)v);
    break;
  case 3:
    bebytes_store_be24(p, (uint32_t)v);
    break;
  case 4:
    bebytes_store_be32(p, (uint32_t)v);
    break;
  case 5:
    bebytes_store_be40(p, v);
    break;
  case 6:
    bebytes_store_be48(p, v);
    break;
  case 7:
    bebytes_store_be56(p, v);
    break;
  case 8:
    bebytes_store_be64(p, v);
    break;
  default:
    break;
  }
}
BEBYTES_INLINE void bebytes_store_le_n(uint8_t *p, uint64_t v, unsigned n) {
  switch (n) {
  case 1:
    p[0] = (uint8_t)v;
    break;
  case 2:
    bebytes_store_le16(p, (uint16_t)v);
    break;
  case 3:
    bebytes_store_le24(p, (uint32_t)v);
    break;
  case 4:
    bebytes_store_le32(p, (uint32_t)v);
    break;
  case 5:
    bebytes_store_le40(p, v);
    break;
  case 6:
    bebytes_store_le48(p, v);
    break;
  case 7:
    bebytes_store_le56(p, v);
    break;
  case 8:
    bebytes_store_le64(p, v);
    break;
  default:
    break;
  }
}

/* ---- IEEE-754 bit patterns (memcpy, so NaN payloads survive) ---- */
BEBYTES_INLINE uint32_t bebytes_f32_bits(float f) {
  uint32_t v;
  memcpy(&v, &f, sizeof v);
  return v;
}
BEBYTES_INLINE float bebytes_f32_from_bits(uint32_t v) {
  float f;
  memcpy(&f, &v, sizeof f);
  return f;
}
BEBYTES_INLINE uint64_t bebytes_f64_bits(double f) {
  uint64_t v;
  memcpy(&v, &f, sizeof v);
  return v;
}
BEBYTES_INLINE double bebytes_f64_from_bits(uint64_t v) {
  double f;
  memcpy(&f, &v, sizeof f);
  return f;
}
BEBYTES_INLINE float bebytes_load_bef32(const uint8_t *p) {
  return bebytes_f32_from_bits(bebytes_load_be32(p));
}
BEBYTES_INLINE float bebytes_load_lef32(const uint8_t *p) {
  return bebytes_f32_from_bits(bebytes_load_le32(p));
}
BEBYTES_INLINE double bebytes_load_bef64(const uint8_t *p) {
  return bebytes_f64_from_bits(bebytes_load_be64(p));
}
BEBYTES_INLINE double bebytes_load_lef64(const uint8_t *p) {
  return bebytes_f64_from_bits(bebytes_load_le64(p));
}
BEBYTES_INLINE void bebytes_store_bef32(uint8_t *p, float f) {
  bebytes_store_be32(p, bebytes_f32_bits(f));
}
BEBYTES_INLINE void bebytes_store_lef32(uint8_t *p, float f) {
  bebytes_store_le32(p, bebytes_f32_bits(f));
}
BEBYTES_INLINE void bebytes_store_bef64(uint8_t *p, double f) {
  bebytes_store_be64(p, bebytes_f64_bits(f));
}
BEBYTES_INLINE void bebytes_store_lef64(uint8_t *p, double f) {
  bebytes_store_le64(p, bebytes_f64_bits(f));
}

#if BEBYTES_HAVE_INT128
/* ---- 128 bit (where the compiler has __int128) ---- */
BEBYTES_INLINE bebytes_u128 bebytes_load_be128(const uint8_t *p) {
  return ((bebytes_u128)bebytes_load_be64(p) << 64) | bebytes_load_be64(p + 8);
}
BEBYTES_INLINE bebytes_u128 bebytes_load_le128(const uint8_t *p) {
  return ((bebytes_u128)bebytes_load_le64(p + 8) << 64) | bebytes_load_le64(p);
}
BEBYTES_INLINE void bebytes_store_be128(uint8_t *p, bebytes_u128 v) {
  bebytes_store_be64(p, (uint64_t)(v >> 64));
  bebytes_store_be64(p + 8, (uint64_t)v);
}
BEBYTES_INLINE void bebytes_store_le128(uint8_t *p, bebytes_u128 v) {
  bebytes_store_le64(p, (uint64_t)v);
  bebytes_store_le64(p + 8, (uint64_t)(v >> 64));
}
#endif

#ifdef __cplusplus
}
#endif
#endif /* BEBYTES_ENDIAN_H */
