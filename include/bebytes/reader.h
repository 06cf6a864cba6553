/*
 * bebytes_reader: a bounded cursor over caller bytes (c-ares ares_buf and
 * nanopb style).
 *
 * Rules every function follows:
 *   - the remaining length is checked before anything is read;
 *   - on failure the cursor does not move and *out is not written;
 *   - the first error is latched in the reader with its offset and the
 *     expected/actual byte counts, and every later call returns that same
 *     code without doing anything ("sticky"), so a sequence of gets can be
 *     checked once at the end. bebytes_reader_rollback() and
 *     bebytes_reader_clear_error() un-latch it.
 *   - byte-level calls need the cursor on a byte boundary; after bit-level
 *     reads that ended mid-byte they fail with BEBYTES_EINVAL.
 * Passing NULL for the reader or an output pointer returns BEBYTES_EINVAL
 * (and latches it when the reader is not NULL).
 *
 * Bit order: *_bits_be reads MSB-first (bit 0 of a byte is 0x80; a run of
 * fields behaves like one big-endian integer, the RFC diagram order);
 * *_bits_le reads LSB-first (bit 0 is 0x01; the run is one little-endian
 * integer). See libbebytes/README.md for diagrams.
 */
#ifndef BEBYTES_READER_H
#define BEBYTES_READER_H

#include <stddef.h>
#include <stdint.h>

#include "endian.h"
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct bebytes_reader {
  const uint8_t *data;
  size_t len;
  size_t pos;   /* byte index of the cursor */
  unsigned bit; /* bits already consumed in data[pos] (0..7) */
  bebytes_error err;
} bebytes_reader;

/* A saved cursor position for bebytes_reader_rollback(). */
typedef struct bebytes_rmark {
  size_t pos;
  unsigned bit;
} bebytes_rmark;

/* data may be NULL only when len is 0. A NULL r is ignored.
 * Inline (one reader per header layer is common, so the setup must cost a
 * few stores, not a call); reader.c emits the exported definition. */
inline void bebytes_reader_init(bebytes_reader *r, const uint8_t *data,
                                size_t len) {
  if (r == NULL)
    return;
  r->data = data;
  r->len = data ? len : 0;
  r->pos = 0;
  r->bit = 0;
  BEBYTES__ERROR_CLEAR(&r->err);
}
/* The latched error code (0 if none); copies the detail when out != NULL. */
int bebytes_reader_error(const bebytes_reader *r, bebytes_error *out);
void bebytes_reader_clear_error(bebytes_reader *r);
/* Returns the current position. */
bebytes_rmark bebytes_reader_mark(const bebytes_reader *r);
/*
 * Moves back to a mark taken earlier on this reader and clears any latched
 * error. BEBYTES_EINVAL if the mark lies after the current position or
 * outside the data (the reader is left unchanged).
 */
int bebytes_reader_rollback(bebytes_reader *r, bebytes_rmark m);
/* Out-of-line helpers (bit loops and the failure path). */
int bebytes_get_bits_be(bebytes_reader *r, unsigned nbits, uint64_t *out);
int bebytes_get_bits_le(bebytes_reader *r, unsigned nbits, uint64_t *out);
BEBYTES__COLD void bebytes__reader_latch(bebytes_reader *r, int code,
                                         size_t expected);
/* Latches (first error only) and returns code, visibly non-zero. */
static inline int bebytes__reader_fail(bebytes_reader *r, int code,
                                       size_t expected) {
  bebytes__reader_latch(r, code, expected);
  return code;
}

/* Bytes left from the cursor (a partly read byte counts as left). */
static inline size_t bebytes_reader_remaining(const bebytes_reader *r) {
  return r ? r->len - r->pos : 0;
}
/* Byte offset of the cursor. */
static inline size_t bebytes_reader_offset(const bebytes_reader *r) {
  return r ? r->pos : 0;
}

/* Common prologue: sticky error, alignment, length. */
static inline int bebytes__rcheck(bebytes_reader *r, const void *out,
                                  size_t n) {
  if (r == NULL)
    return BEBYTES_EINVAL;
  if (r->err.code)
    return r->err.code;
  if (out == NULL || r->bit)
    return bebytes__reader_fail(r, BEBYTES_EINVAL, n);
  if (r->len - r->pos < n)
    return bebytes__reader_fail(r, BEBYTES_EINSUFFICIENT, n);
  return 0;
}

#define BEBYTES__GET(fname, type, n, load)                                     \
  static inline int fname(bebytes_reader *r, type *out) {                      \
    int rc_ = bebytes__rcheck(r, out, n);                                      \
    if (rc_)                                                                   \
      return rc_;                                                              \
    *out = (type)load(r->data + r->pos);                                       \
    r->pos += n;                                                               \
    return 0;                                                                  \
  }
BEBYTES__GET(bebytes_get_u8, uint8_t, 1, bebytes_load_u8)
BEBYTES__GET(bebytes_get_be16, uint16_t, 2, bebytes_load_be16)
BEBYTES__GET(bebytes_get_le16, uint16_t, 2, bebytes_load_le16)
BEBYTES__GET(bebytes_get_be24, uint32_t, 3, bebytes_load_be24)
BEBYTES__GET(bebytes_get_le24, uint32_t, 3, bebytes_load_le24)
BEBYTES__GET(bebytes_get_be32, uint32_t, 4, bebytes_load_be32)
BEBYTES__GET(bebytes_get_le32, uint32_t, 4, bebytes_load_le32)
BEBYTES__GET(bebytes_get_be48, uint64_t, 6, bebytes_load_be48)
BEBYTES__GET(bebytes_get_le48, uint64_t, 6, bebytes_load_le48)
BEBYTES__GET(bebytes_get_be64, uint64_t, 8, bebytes_load_be64)
BEBYTES__GET(bebytes_get_le64, uint64_t, 8, bebytes_load_le64)
BEBYTES__GET(bebytes_get_bef32, float, 4, bebytes_load_bef32)
BEBYTES__GET(bebytes_get_lef32, float, 4, bebytes_load_lef32)
BEBYTES__GET(bebytes_get_bef64, double, 8, bebytes_load_bef64)
BEBYTES__GET(bebytes_get_lef64, double, 8, bebytes_load_lef64)
#undef BEBYTES__GET

/* Copies n bytes into dst (dst may be NULL only when n == 0). */
static inline int bebytes_get_bytes(bebytes_reader *r, void *dst, size_t n) {
  int rc = bebytes__rcheck(r, n ? dst : (const void *)r, n);
  if (rc)
    return rc;
  if (n)
    memcpy(dst, r->data + r->pos, n);
  r->pos += n;
  return 0;
}
/* Zero-copy: *view points into the reader's data (valid as long as it is). */
static inline int bebytes_get_view(bebytes_reader *r, size_t n,
                                   const uint8_t **view) {
  int rc = bebytes__rcheck(r, view, n);
  if (rc)
    return rc;
  *view = r->data + r->pos;
  r->pos += n;
  return 0;
}
static inline int bebytes_skip(bebytes_reader *r, size_t n) {
  int rc = bebytes__rcheck(r, r, n);
  if (rc)
    return rc;
  r->pos += n;
  return 0;
}

#ifdef __cplusplus
}
#endif
#endif /* BEBYTES_READER_H */
