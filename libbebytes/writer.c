/* Out-of-line parts of the bounded writer: setup, growth, marks, bits. */
#include <string.h>

#include "bebytes/writer.h"

/* The exported definitions of the inline setup in writer.h (C99 inline:
 * callers inline the header's bodies, these are the external copies). */
extern inline void bebytes_writer_init(bebytes_writer *w, uint8_t *data,
                                       size_t cap);
extern inline void bebytes_writer_init_buf(bebytes_writer *w, bebytes_buf *buf);

int bebytes_writer_error(const bebytes_writer *w, bebytes_error *out) {
  if (w == NULL)
    return BEBYTES_EINVAL;
  if (out)
    *out = w->err;
  return w->err.code;
}

void bebytes_writer_clear_error(bebytes_writer *w) {
  if (w)
    memset(&w->err, 0, sizeof w->err);
}

bebytes_wmark bebytes_writer_mark(const bebytes_writer *w) {
  bebytes_wmark m = {0, 0, 0};
  if (w) {
    m.len = w->len;
    m.bit = w->bit;
    m.partial = w->bit ? w->data[w->len] : 0;
  }
  return m;
}

int bebytes_writer_rollback(bebytes_writer *w, bebytes_wmark m) {
  if (w == NULL)
    return BEBYTES_EINVAL;
  if (m.bit > 7 || m.len > w->len || (m.len == w->len && m.bit > w->bit) ||
      (m.bit && m.len >= w->cap))
    return BEBYTES_EINVAL;
  w->len = m.len;
  w->bit = m.bit;
  if (m.bit)
    w->data[m.len] = m.partial;
  if (w->grow)
    w->grow->len = w->len;
  memset(&w->err, 0, sizeof w->err);
  return 0;
}

void bebytes__writer_latch(bebytes_writer *w, int code, size_t expected) {
  if (w->err.code == 0) {
    w->err.code = code;
    w->err.offset = w->len;
    w->err.expected = expected;
    w->err.actual = w->cap - w->len;
  }
}

int bebytes__writer_need(bebytes_writer *w, size_t n) {
  if (w->grow == NULL)
    return bebytes__writer_fail(w, BEBYTES_EFULL, n);
  bebytes_error e;
  /* The buf's len may trail a partly written byte: reserve from w->len. */
  w->grow->len = w->len;
  int rc = bebytes_buf_reserve(w->grow, n, &e);
  if (rc)
    return bebytes__writer_fail(w, rc, n);
  w->data = w->grow->data;
  w->cap = w->grow->cap;
  return 0;
}

static int bits_check(bebytes_writer *w, unsigned nbits, uint64_t v) {
  if (w == NULL)
    return BEBYTES_EINVAL;
  if (w->err.code)
    return w->err.code;
  if (nbits == 0 || nbits > 64)
    return bebytes__writer_fail(w, BEBYTES_EINVAL, 0);
  if (nbits < 64 && (v >> nbits) != 0) {
    bebytes__writer_fail(w, BEBYTES_EBITFIELD, 0);
    w->err.value = v;
    w->err.max = (UINT64_C(1) << nbits) - 1;
    return BEBYTES_EBITFIELD;
  }
  size_t need = (w->bit + nbits + 7) / 8;
  if (w->cap - w->len < need)
    return bebytes__writer_need(w, need);
  return 0;
}

int bebytes_put_bits_be(bebytes_writer *w, unsigned nbits, uint64_t v) {
  int rc = bits_check(w, nbits, v);
  if (rc)
    return rc;
  unsigned left = nbits, bit = w->bit;
  size_t len = w->len;
  while (left) {
    unsigned avail = 8 - bit;
    unsigned take = left < avail ? left : avail;
    unsigned chunk = (unsigned)(v >> (left - take)) & ((1u << take) - 1u);
    uint8_t cur = bit ? w->data[len] : 0;
    w->data[len] = (uint8_t)(cur | (chunk << (avail - take)));
    left -= take;
    bit += take;
    if (bit == 8) {
      bit = 0;
      len++;
    }
  }
  w->bit = bit;
  w->len = len;
  if (w->grow)
    w->grow->len = len;
  return 0;
}

int bebytes_put_bits_le(bebytes_writer *w, unsigned nbits, uint64_t v) {
  int rc = bits_check(w, nbits, v);
  if (rc)
    return rc;
  unsigned left = nbits, bit = w->bit;
  size_t len = w->len;
  while (left) {
    unsigned avail = 8 - bit;
    unsigned take = left < avail ? left : avail;
    unsigned chunk = (unsigned)v & ((1u << take) - 1u);
    uint8_t cur = bit ? w->data[len] : 0;
    w->data[len] = (uint8_t)(cur | (chunk << bit));
    v = take == 64 ? 0 : v >> take;
    left -= take;
    bit += take;
    if (bit == 8) {
      bit = 0;
      len++;
    }
  }
  w->bit = bit;
  w->len = len;
  if (w->grow)
    w->grow->len = len;
  return 0;
}
