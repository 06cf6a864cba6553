/*
 * bebytes_writer: a bounded cursor that writes into caller storage, or into
 * a bebytes_buf that grows on demand.
 *
 * Same rules as the reader: the space is checked before anything is
 * written, a failed call changes nothing (cursor, length and bytes already
 * written stay as they were), the first error is latched with its offset
 * and the expected/actual byte counts and is sticky until
 * bebytes_writer_rollback() or bebytes_writer_clear_error().
 *
 * Fixed storage that is too small gives BEBYTES_EFULL. A buf-backed writer
 * grows the buf (BEBYTES_ENOMEM, or BEBYTES_EFULL past the buf's max) and
 * keeps buf->len equal to the writer's length in whole bytes.
 *
 * Bit-level puts (MSB-first *_be, LSB-first *_le) reject values that do not
 * fit the width with BEBYTES_EBITFIELD; they never spill into neighbouring
 * bits. A partly written byte is not counted in the length until it is
 * complete; byte-level puts need the cursor on a byte boundary.
 */
#ifndef BEBYTES_WRITER_H
#define BEBYTES_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "endian.h"
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct bebytes_writer {
  uint8_t *data;
  size_t cap;
  size_t len;        /* whole bytes written */
  unsigned bit;      /* bits already written in data[len] (0..7) */
  bebytes_buf *grow; /* non-NULL for a buf-backed writer */
  bebytes_error err;
} bebytes_writer;

typedef struct bebytes_wmark {
  size_t len;
  unsigned bit;
  uint8_t partial; /* the partly written byte at the time of the mark */
} bebytes_wmark;

/* Writes into data[0..cap). data may be NULL only when cap is 0. A NULL w
 * is ignored. Inline like bebytes_reader_init (writer.c emits the exported
 * definitions). */
inline void bebytes_writer_init(bebytes_writer *w, uint8_t *data, size_t cap) {
  if (w == NULL)
    return;
  w->data = data;
  w->cap = data ? cap : 0;
  w->len = 0;
  w->bit = 0;
  w->grow = NULL;
  BEBYTES__ERROR_CLEAR(&w->err);
}
/* Appends to buf (after its current len), growing it as needed. A NULL
 * buf, or one with len > cap, latches BEBYTES_EINVAL (every put fails). */
inline void bebytes_writer_init_buf(bebytes_writer *w, bebytes_buf *buf) {
  if (w == NULL)
    return;
  bebytes_writer_init(w, NULL, 0);
  if (buf == NULL || buf->len > buf->cap) {
    w->err.code = BEBYTES_EINVAL; /* latched: every put fails */
    return;
  }
  w->grow = buf;
  w->data = buf->data;
  w->cap = buf->cap;
  w->len = buf->len;
}
int bebytes_writer_error(const bebytes_writer *w, bebytes_error *out);
void bebytes_writer_clear_error(bebytes_writer *w);
bebytes_wmark bebytes_writer_mark(const bebytes_writer *w);
/*
 * Truncates back to a mark taken earlier on this writer and clears any
 * latched error. BEBYTES_EINVAL if the mark lies after the cursor.
 */
int bebytes_writer_rollback(bebytes_writer *w, bebytes_wmark m);
int bebytes_put_bits_be(bebytes_writer *w, unsigned nbits, uint64_t v);
int bebytes_put_bits_le(bebytes_writer *w, unsigned nbits, uint64_t v);
/* Slow path of the space check: grows a buf-backed writer or fails. */
int bebytes__writer_need(bebytes_writer *w, size_t n);
BEBYTES__COLD void bebytes__writer_latch(bebytes_writer *w, int code,
                                         size_t expected);
/* Latches (first error only) and returns code, visibly non-zero. */
static inline int bebytes__writer_fail(bebytes_writer *w, int code,
                                       size_t expected) {
  bebytes__writer_latch(w, code, expected);
  return code;
}

static inline size_t bebytes_writer_len(const bebytes_writer *w) {
  return w ? w->len : 0;
}

static inline int bebytes__wcheck(bebytes_writer *w, size_t n) {
  if (w == NULL)
    return BEBYTES_EINVAL;
  if (w->err.code)
    return w->err.code;
  if (w->bit)
    return bebytes__writer_fail(w, BEBYTES_EINVAL, n);
  if (w->cap - w->len < n)
    return bebytes__writer_need(w, n);
  return 0;
}
static inline void bebytes__wadvance(bebytes_writer *w, size_t n) {
  w->len += n;
  if (w->grow)
    w->grow->len = w->len;
}

#define BEBYTES__PUT(fname, type, n, store)                                    \
  static inline int fname(bebytes_writer *w, type v) {                         \
    int rc_ = bebytes__wcheck(w, n);                                           \
    if (rc_)                                                                   \
      return rc_;                                                              \
    store(w->data + w->len, v);                                                \
    bebytes__wadvance(w, n);                                                   \
    return 0;                                                                  \
  }
BEBYTES__PUT(bebytes_put_u8, uint8_t, 1, bebytes_store_u8)
BEBYTES__PUT(bebytes_put_be16, uint16_t, 2, bebytes_store_be16)
BEBYTES__PUT(bebytes_put_le16, uint16_t, 2, bebytes_store_le16)
BEBYTES__PUT(bebytes_put_be32, uint32_t, 4, bebytes_store_be32)
BEBYTES__PUT(bebytes_put_le32, uint32_t, 4, bebytes_store_le32)
BEBYTES__PUT(bebytes_put_be64, uint64_t, 8, bebytes_store_be64)
BEBYTES__PUT(bebytes_put_le64, uint64_t, 8, bebytes_store_le64)
BEBYTES__PUT(bebytes_put_bef32, float, 4, bebytes_store_bef32)
BEBYTES__PUT(bebytes_put_lef32, float, 4, bebytes_store_lef32)
BEBYTES__PUT(bebytes_put_bef64, double, 8, bebytes_store_bef64)
BEBYTES__PUT(bebytes_put_lef64, double, 8, bebytes_store_lef64)
#undef BEBYTES__PUT

/* 24- and 48-bit puts also reject values wider than the field. */
#define BEBYTES__PUTW(fname, type, n, bits, store)                             \
  static inline int fname(bebytes_writer *w, type v) {                         \
    if (w && !w->err.code && (v >> bits) != 0)                                 \
      return bebytes__writer_fail(w, BEBYTES_EBITFIELD, n);                    \
    int rc_ = bebytes__wcheck(w, n);                                           \
    if (rc_)                                                                   \
      return rc_;                                                              \
    store(w->data + w->len, v);                                                \
    bebytes__wadvance(w, n);                                                   \
    return 0;                                                                  \
  }
BEBYTES__PUTW(bebytes_put_be24, uint32_t, 3, 24, bebytes_store_be24)
BEBYTES__PUTW(bebytes_put_le24, uint32_t, 3, 24, bebytes_store_le24)
BEBYTES__PUTW(bebytes_put_be48, uint64_t, 6, 48, bebytes_store_be48)
BEBYTES__PUTW(bebytes_put_le48, uint64_t, 6, 48, bebytes_store_le48)
#undef BEBYTES__PUTW

/* Copies n bytes from src (src may be NULL only when n == 0). */
static inline int bebytes_put_bytes(bebytes_writer *w, const void *src,
                                    size_t n) {
  if (w && !w->err.code && n && src == NULL)
    return bebytes__writer_fail(w, BEBYTES_EINVAL, n);
  int rc = bebytes__wcheck(w, n);
  if (rc)
    return rc;
  if (n)
    memcpy(w->data + w->len, src, n);
  bebytes__wadvance(w, n);
  return 0;
}
/*
 * Zero-copy: reserves n bytes at the cursor and returns where to fill them.
 * The pointer is valid until the next call that may grow a buf-backed
 * writer.
 */
static inline int bebytes_put_view(bebytes_writer *w, size_t n,
                                   uint8_t **view) {
  if (w && !w->err.code && view == NULL)
    return bebytes__writer_fail(w, BEBYTES_EINVAL, n);
  int rc = bebytes__wcheck(w, n);
  if (rc)
    return rc;
  *view = w->data + w->len;
  bebytes__wadvance(w, n);
  return 0;
}

#ifdef __cplusplus
}
#endif
#endif /* BEBYTES_WRITER_H */
