/*
 * bebytes_buf: a growable byte buffer (heap). It serves the two encoding
 * styles of the declarative layer:
 *   - "fresh buffer": build, then take the bytes with bebytes_buf_detach();
 *   - "reuse one buffer": bebytes_buf_clear() keeps the capacity, so a loop
 *     that clears and re-encodes allocates only while the buffer grows.
 * A buffer may be given a size limit (max); growth beyond it fails with
 * BEBYTES_EFULL instead of allocating without bound.
 *
 * A zero-initialised bebytes_buf ({0}) is a valid empty buffer with no limit.
 */
#ifndef BEBYTES_BUF_H
#define BEBYTES_BUF_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct bebytes_buf {
  uint8_t *data; /* NULL until the first reservation */
  size_t len;    /* bytes in use */
  size_t cap;    /* bytes allocated */
  size_t max;    /* growth limit in bytes; 0 = no limit */
} bebytes_buf;

/* Empty buffer with an optional growth limit (0 = none). Never fails. */
void bebytes_buf_init(bebytes_buf *b, size_t max);
/*
 * Makes room for at least `extra` more bytes after len. 0 on success;
 * BEBYTES_EINVAL (b NULL), BEBYTES_EFULL (beyond max or size_t overflow),
 * BEBYTES_ENOMEM. On failure the buffer is unchanged.
 */
int bebytes_buf_reserve(bebytes_buf *b, size_t extra, bebytes_error *e);
/* Appends n bytes (src may be NULL only when n == 0). Same errors. */
int bebytes_buf_append(bebytes_buf *b, const void *src, size_t n,
                       bebytes_error *e);
/* Frees the storage and resets to empty (max kept). NULL-safe. */
void bebytes_buf_free(bebytes_buf *b);
/*
 * Hands the storage to the caller (free() it) and resets the buffer.
 * *len receives the byte count (len may be NULL). Returns NULL for an
 * empty buffer that never allocated.
 */
uint8_t *bebytes_buf_detach(bebytes_buf *b, size_t *len);

/* len = 0, capacity kept (the reuse style). NULL-safe. */
static inline void bebytes_buf_clear(bebytes_buf *b) {
  if (b)
    b->len = 0;
}

/* Inline fast check used by the generated encoders. */
static inline int bebytes_buf_ensure(bebytes_buf *b, size_t extra,
                                     bebytes_error *e) {
  if (b->cap - b->len >= extra)
    return 0;
  return bebytes_buf_reserve(b, extra, e);
}

#ifdef __cplusplus
}
#endif
#endif /* BEBYTES_BUF_H */
