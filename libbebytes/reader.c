/* Out-of-line parts of the bounded reader: setup, marks, bit-level reads. */
#include <string.h>

#include "bebytes/reader.h"

/* The exported definition of the inline setup in reader.h (C99 inline:
 * callers inline the header's body, this is the one external copy). */
extern inline void bebytes_reader_init(bebytes_reader *r, const uint8_t *data,
                                       size_t len);

int bebytes_reader_error(const bebytes_reader *r, bebytes_error *out) {
  if (r == NULL)
    return BEBYTES_EINVAL;
  if (out)
    *out = r->err;
  return r->err.code;
}

void bebytes_reader_clear_error(bebytes_reader *r) {
  if (r)
    memset(&r->err, 0, sizeof r->err);
}

bebytes_rmark bebytes_reader_mark(const bebytes_reader *r) {
  bebytes_rmark m = {0, 0};
  if (r) {
    m.pos = r->pos;
    m.bit = r->bit;
  }
  return m;
}

int bebytes_reader_rollback(bebytes_reader *r, bebytes_rmark m) {
  if (r == NULL)
    return BEBYTES_EINVAL;
  if (m.bit > 7 || m.pos > r->len || m.pos > r->pos ||
      (m.pos == r->pos && m.bit > r->bit))
    return BEBYTES_EINVAL; /* not latched: the reader is left unchanged */
  r->pos = m.pos;
  r->bit = m.bit;
  memset(&r->err, 0, sizeof r->err);
  return 0;
}

void bebytes__reader_latch(bebytes_reader *r, int code, size_t expected) {
  if (r->err.code == 0) {
    r->err.code = code;
    r->err.offset = r->pos;
    r->err.expected = expected;
    r->err.actual = r->len - r->pos;
  }
}

/* Checks shared by both bit orders; returns 0 when nbits can be read. */
static int bits_check(bebytes_reader *r, unsigned nbits, const uint64_t *out) {
  if (r == NULL)
    return BEBYTES_EINVAL;
  if (r->err.code)
    return r->err.code;
  if (out == NULL || nbits == 0 || nbits > 64)
    return bebytes__reader_fail(r, BEBYTES_EINVAL, 0);
  size_t need = (r->bit + nbits + 7) / 8;
  if (r->len - r->pos < need)
    return bebytes__reader_fail(r, BEBYTES_EINSUFFICIENT, need);
  return 0;
}

/* MSB-first: the field's top bit is the first unread bit of the stream. */
int bebytes_get_bits_be(bebytes_reader *r, unsigned nbits, uint64_t *out) {
  int rc = bits_check(r, nbits, out);
  if (rc)
    return rc;
  uint64_t v = 0;
  unsigned left = nbits, bit = r->bit;
  size_t pos = r->pos;
  while (left) {
    unsigned avail = 8 - bit;
    unsigned take = left < avail ? left : avail;
    unsigned chunk = (r->data[pos] >> (avail - take)) & ((1u << take) - 1u);
    v = (take == 64 ? 0 : v << take) | chunk;
    left -= take;
    bit += take;
    if (bit == 8) {
      bit = 0;
      pos++;
    }
  }
  r->pos = pos;
  r->bit = bit;
  *out = v;
  return 0;
}

/* LSB-first: the field's low bit is the lowest unread bit of the byte. */
int bebytes_get_bits_le(bebytes_reader *r, unsigned nbits, uint64_t *out) {
  int rc = bits_check(r, nbits, out);
  if (rc)
    return rc;
  uint64_t v = 0;
  unsigned done = 0, bit = r->bit;
  size_t pos = r->pos;
  while (done < nbits) {
    unsigned avail = 8 - bit;
    unsigned left = nbits - done;
    unsigned take = left < avail ? left : avail;
    uint64_t chunk = (r->data[pos] >> bit) & ((1u << take) - 1u);
    v |= chunk << done;
    done += take;
    bit += take;
    if (bit == 8) {
      bit = 0;
      pos++;
    }
  }
  r->pos = pos;
  r->bit = bit;
  *out = v;
  return 0;
}
