/*
 * Bit-field leaf helpers for the generated codecs. The bit phase (bits
 * already used in the current byte) and the width are compile-time
 * constants at every call site, so each call folds into a few shifts, masks
 * and one load or store; nothing here loops.
 *
 * Encoding keeps the pending, not yet complete bits of a run in an
 * accumulator (acc) and stores whole bytes as soon as they are complete.
 * The value passed in must not have bits above w that would land on live
 * bits (the generated code masks exactly where that can happen):
 *   BE (MSB-first): acc = acc << w | v; complete bytes leave from the top.
 *   LE (LSB-first): acc |= v << phase; complete bytes leave from the bottom.
 * This is the NOTES §5 rule: a run is one big-endian integer
 * G = sum v_i << (W - p_i - w_i) (BE), or one little-endian integer
 * G = sum v_i << p_i (LE).
 */
#ifndef BEBYTES_BITS_H
#define BEBYTES_BITS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "endian.h"

#ifdef __cplusplus
extern "C" {
#endif

BEBYTES_INLINE uint64_t bebytes__mask(unsigned w) {
  return w >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << w) - 1;
}
/* len < need, as a function so a constant 0 raises no -Wtype-limits. */
BEBYTES_INLINE int bebytes__short(size_t len, size_t need) {
  return len < need;
}
/* Two's-complement sign extension of the low w bits. */
BEBYTES_INLINE int64_t bebytes__sext(uint64_t v, unsigned w) {
  if (w >= 64)
    return (int64_t)v;
  uint64_t sign = UINT64_C(1) << (w - 1);
  return (int64_t)((v ^ sign) - sign);
}
/* Range checks as functions so constant widths raise no -Wtype-limits. */
BEBYTES_INLINE int bebytes__ufits(uint64_t v, unsigned w) {
  return w >= 64 || (v >> w) == 0;
}
/* Branch-free "does not fit" flags for the fused checks: non-zero when v
 * needs more than w bits (unsigned) or lies outside [-2^(w-1), 2^(w-1))
 * (signed: shifting by 2^(w-1) maps the valid range onto [0, 2^w)). */
BEBYTES_INLINE int bebytes__ubad(uint64_t v, unsigned w) {
  return w < 64 && v > bebytes__mask(w); /* one compare with an immediate */
}
BEBYTES_INLINE int bebytes__sbad(int64_t v, unsigned w) {
  return w < 64 && (uint64_t)v + (UINT64_C(1) << (w - 1)) > bebytes__mask(w);
}
BEBYTES_INLINE int bebytes__sfits(int64_t v, unsigned w) {
  if (w >= 64)
    return 1;
  int64_t lim = (int64_t)(UINT64_C(1) << (w - 1));
  return v >= -lim && v < lim;
}

/*
 * Combined range check of the unsigned bit fields of a struct (the checked
 * encoders). A w-bit field held in an unsigned C member of sz bytes is in
 * range exactly when the member's bits above w are all zero, so every such
 * field of an 8-byte word of the C struct is tested at once: load the word
 * (memcpy of the object representation, which is defined for any object),
 * AND it with the OR of the fields' high-bit masks, test for zero. Padding
 * and other members fall outside the mask. The masks are compile-time
 * constants, so a 4-field header costs one load, one AND/test and one
 * never-taken branch instead of a compare and a branch per field. Only a
 * failure then looks for the field to report (the *__measure pass).
 *
 * Words covered: the first BEBYTES__SWAR_WORDS of the struct; a member
 * outside them or straddling a word (never with natural alignment) keeps
 * its own compare (bebytes__swar_covered() says which).
 */
#define BEBYTES__SWAR_WORDS 16
BEBYTES_INLINE int bebytes__swar_covered(size_t off, size_t sz) {
  return off / 8 < BEBYTES__SWAR_WORDS && off % 8 + sz <= 8;
}
/* Must-be-zero bits of a w-bit field in an sz-byte member at byte offset
 * off, as they sit in word k loaded by bebytes__objword (host order). */
BEBYTES_INLINE uint64_t bebytes__hibits(size_t off, size_t sz, unsigned w,
                                        size_t k) {
  if (off / 8 != k || !bebytes__swar_covered(off, sz) || w >= sz * 8)
    return 0;
  uint64_t m = bebytes__mask((unsigned)sz * 8) & ~bebytes__mask(w);
  return m << (BEBYTES__HOST_BE ? (8 - off % 8 - sz) * 8 : (off % 8) * 8);
}
/* Bytes [8k, min(8k + 8, size)) of an object, in host order, missing bytes
 * zero (never reads past the object). */
BEBYTES_INLINE uint64_t bebytes__objword(const void *obj, size_t size,
                                         size_t k) {
  const unsigned char *q = (const unsigned char *)obj + 8 * k;
  uint64_t x = 0;
  size_t n = size - 8 * k;
#if defined(__GNUC__)
  /* Hide where the word comes from: otherwise clang extracts the fields to
   * encode from this word (a shift and a mask per field) instead of loading
   * each one, which costs more. Emits no instruction. */
  __asm__("" : "+r"(q));
#endif
  memcpy(&x, q, n < 8 ? n : 8);
  return x;
}

/* ph + w <= 64. */
BEBYTES_INLINE void bebytes__bput1_BE(uint8_t *p, size_t *pos, uint64_t *acc,
                                      unsigned ph, unsigned w, uint64_t v) {
  /* At phase 0 nothing is pending: acc holds only stale high bits. */
  uint64_t a = (ph == 0 || w >= 64) ? v : ((*acc << w) | v);
  unsigned nbits = ph + w, full = nbits / 8, rem = nbits % 8;
  if (full) {
    bebytes_store_be_n(p + *pos, rem ? a >> rem : a, full);
    *pos += full;
  }
  /* Bits above the pending ones are never stored again (later stores
   * take only low bytes), so they need no clearing. */
  *acc = a;
}
BEBYTES_INLINE void bebytes__bput1_LE(uint8_t *p, size_t *pos, uint64_t *acc,
                                      unsigned ph, unsigned w, uint64_t v,
                                      int need) {
  uint64_t a = *acc | (v << ph);
  unsigned nbits = ph + w, full = nbits / 8, rem = nbits % 8;
  if (full) {
    bebytes_store_le_n(p + *pos, a, full);
    *pos += full;
  }
  /* A field that ends a byte leaves nothing pending (and any bits above
   * its width, which the stores dropped, must not survive in acc). Bits of
   * v above w can only land above the rem pending bits, so with `need` the
   * pending remainder is masked instead of v: after the shift the mask is
   * narrower, as in hand-written code ((len >> 8) & 0xF, not
   * (len & 0xFFF) >> 8). */
  *acc = rem == 0 ? 0
         : need   ? (a >> (full * 8)) & bebytes__mask(rem)
                  : a >> (full * 8);
}
/* Puts the w-bit value v at phase ph. need: v may have bits above w that
 * would land on live bits, so they must be cleared (see struct.h). */
BEBYTES_INLINE void bebytes__bput_BE(uint8_t *p, size_t *pos, uint64_t *acc,
                                     unsigned ph, unsigned w, uint64_t v,
                                     int need) {
  if (need)
    v &= bebytes__mask(w);
  if (ph + w > 64) {
    bebytes__bput1_BE(p, pos, acc, ph, w - 32, v >> 32);
    bebytes__bput1_BE(p, pos, acc, (ph + w - 32) % 8, 32, v & 0xFFFFFFFFu);
  } else {
    bebytes__bput1_BE(p, pos, acc, ph, w, v);
  }
}
BEBYTES_INLINE void bebytes__bput_LE(uint8_t *p, size_t *pos, uint64_t *acc,
                                     unsigned ph, unsigned w, uint64_t v,
                                     int need) {
  if (ph + w > 64) {
    bebytes__bput1_LE(p, pos, acc, ph, 32, v & 0xFFFFFFFFu, 0);
    bebytes__bput1_LE(p, pos, acc, (ph + 32) % 8, w - 32, v >> 32, need);
  } else {
    bebytes__bput1_LE(p, pos, acc, ph, w, v, need);
  }
}

/* Reads w bits at phase ph of q[0]; needs (ph + w + 7) / 8 bytes. */
BEBYTES_INLINE uint64_t bebytes__bget_BE(const uint8_t *q, unsigned ph,
                                         unsigned w) {
  unsigned nb = (ph + w + 7) / 8;
  if (nb <= 8) {
    uint64_t x = bebytes_load_be_n(q, nb);
    return (x >> (nb * 8 - ph - w)) & bebytes__mask(w);
  }
  unsigned r = 72 - ph - w; /* 1..7: unused low bits of q[8] */
  uint64_t hi = bebytes_load_be64(q);
  return ((hi << (8 - r)) | (uint64_t)(q[8] >> r)) & bebytes__mask(w);
}
BEBYTES_INLINE uint64_t bebytes__bget_LE(const uint8_t *q, unsigned ph,
                                         unsigned w) {
  unsigned nb = (ph + w + 7) / 8;
  if (nb <= 8)
    return (bebytes_load_le_n(q, nb) >> ph) & bebytes__mask(w);
  uint64_t hi = bebytes_load_le64(q);
  return ((hi >> ph) | ((uint64_t)q[8] << (64 - ph))) & bebytes__mask(w);
}

/* Width in bits of the smallest aligned block (16, 32 or 64 bits, counted
 * from the start of a fixed-layout struct of `size` bytes) that holds bits
 * [off, off + w), or 0 if none does. Constant-folded at every call site. */
BEBYTES_INLINE unsigned bebytes__blk(unsigned off, unsigned w, unsigned size) {
  unsigned last = off + w - 1;
  return off / 16 == last / 16 && (off / 16 + 1) * 2 <= size   ? 16
         : off / 32 == last / 32 && (off / 32 + 1) * 4 <= size ? 32
         : off / 64 == last / 64 && (off / 64 + 1) * 8 <= size ? 64
                                                               : 0;
}
/* Reads w bits at stream bit offset off from that block. All the fields of
 * a header word then share one load and are extracted from a register, as
 * in hand-written code; the block never extends past the struct. */
BEBYTES_INLINE uint64_t bebytes__bget_blk_BE(const uint8_t *in, unsigned off,
                                             unsigned w, unsigned size) {
  unsigned b = bebytes__blk(off, w, size);
  const uint8_t *q = in + off / b * (b / 8);
  uint64_t x = b == 16   ? bebytes_load_be16(q)
               : b == 32 ? bebytes_load_be32(q)
                         : bebytes_load_be64(q);
  return (x >> (b - off % b - w)) & bebytes__mask(w);
}
BEBYTES_INLINE uint64_t bebytes__bget_blk_LE(const uint8_t *in, unsigned off,
                                             unsigned w, unsigned size) {
  unsigned b = bebytes__blk(off, w, size);
  const uint8_t *q = in + off / b * (b / 8);
  uint64_t x = b == 16   ? bebytes_load_le16(q)
               : b == 32 ? bebytes_load_le32(q)
                         : bebytes_load_le64(q);
  return (x >> (off % b)) & bebytes__mask(w);
}

#ifdef __cplusplus
}
#endif
#endif /* BEBYTES_BITS_H */
